/* test_cond.c - the watch condition language: operators, lists, macros,
 * precedence, absent fields, limits, glob, and every parse error path. */
#include "harness.h"
#include "watch/watch.h"

static struct ward_wruleset *rs_with(const char *yaml)
{
    struct ward_wruleset *rs = NULL;
    struct ward_error *err = NULL;
    ward_wruleset_new(&rs);
    if (yaml && ward_wrules_load(rs, yaml, strlen(yaml), "t.yaml", &err) < 0) {
        fprintf(stderr, "# load: %s\n", err->msg);
        ward_error_free(err);
    }
    return rs;
}

static void ev_init(struct ward_wevent *ev)
{
    *ev = (struct ward_wevent){.f = {[WF_EVT_TYPE] = "execve",
                                     [WF_PROC_NAME] = "sh",
                                     [WF_PROC_CMDLINE] = "sh -c cat /etc/shadow",
                                     [WF_PROC_EXEPATH] = "/tmp/x/xmrig",
                                     [WF_PROC_PID] = "4242",
                                     [WF_PROC_VPID] = "7",
                                     [WF_USER_UID] = "0",
                                     [WF_CONTAINER_ID] = "0123456789ab",
                                     [WF_CONTAINER_IMAGE] = "alpine:3.10"}};
}

/* -1: compile error; 0/1: evaluation result */
static int run(struct ward_wruleset *rs, const char *cond, const struct ward_wevent *ev,
               enum ward_code *code)
{
    struct ward_wnode *n = NULL;
    struct ward_error *err = NULL;
    if (ward_wcond_compile(rs, cond, strlen(cond), &n, &err) < 0) {
        if (code)
            *code = err->code;
        ward_error_free(err);
        return -1;
    }
    return ward_wcond_eval(n, ev) ? 1 : 0;
}

TEST(watch_cond, operators)
{
    ward_autoptr(ward_wruleset) rs = rs_with(NULL);
    struct ward_wevent ev;
    ev_init(&ev);
    static const struct {
        const char *c;
        int want;
    } cases[] = {
        {"proc.name = sh", 1},
        {"proc.name == sh", 1},
        {"proc.name=sh", 1},
        {"proc.name = bash", 0},
        {"proc.name != bash", 1},
        {"proc.name != sh", 0},
        {"proc.name in (bash, sh, zsh)", 1},
        {"proc.name in (bash, zsh)", 0},
        {"proc.name in ()", 0},
        {"proc.cmdline startswith 'sh -c'", 1},
        {"proc.cmdline startswith cat", 0},
        {"proc.cmdline endswith shadow", 1},
        {"proc.cmdline contains /etc/shadow", 1},
        {"proc.cmdline contains (/etc/passwd, /etc/shadow)", 1},
        {"proc.cmdline contains /etc/passwd", 0},
        {"proc.cmdline icontains '/ETC/SHADOW'", 1},
        {"proc.exepath glob '/tmp/*/xm?ig'", 1},
        {"proc.exepath glob '/tmp/*/xm[a-r]ig'", 1},
        {"proc.exepath glob '/tmp/*/xm[!r]ig'", 0},
        {"proc.exepath glob '/var/*'", 0},
        {"proc.exepath pmatch (/tmp)", 1},
        {"proc.exepath pmatch (/tmp/)", 1},
        {"proc.exepath pmatch (/tm)", 0},
        {"proc.exepath pmatch (/)", 1},
        {"proc.pid > 4000", 1},
        {"proc.pid >= 4242", 1},
        {"proc.pid < 4242", 0},
        {"proc.pid <= 4242", 1},
        {"proc.vpid = 7", 1},
        {"user.uid = 0 and proc.name = sh", 1},
        {"user.uid = 1 or proc.name = sh", 1},
        {"user.uid = 1 or proc.name = bash", 0},
        {"not proc.name = sh", 0},
        {"not not proc.name = sh", 1},
        {"proc.name = bash or proc.name = sh and user.uid = 0", 1},
        {"(proc.name = bash or proc.name = sh) and user.uid = 1", 0},
        {"proc.name = bash or (proc.name = sh and user.uid = 1)", 0},
        {"container.image = \"alpine:3.10\"", 1},
        {"proc.cmdline = \"sh -c cat /etc/shadow\"", 1},
        {"proc.cmdline = 'sh -c cat /etc/shadow'", 1},
        /* absent fields: comparisons are false, exists tests presence */
        {"fd.name exists", 0},
        {"proc.name exists", 1},
        {"fd.name = x", 0},
        {"fd.name != x", 0},
        {"not fd.name in (x)", 1},
        /* a number op on a non-number is false */
        {"proc.name > 3", 0},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        int got = run(rs, cases[i].c, &ev, NULL);
        CHECK_MSG(got == cases[i].want, "'%s' gave %d, want %d", cases[i].c, got, cases[i].want);
    }
}

TEST(watch_cond, lists_and_macros)
{
    ward_autoptr(ward_wruleset) rs =
        rs_with("- list: shells\n  items: [bash, sh]\n"
                "- list: more\n  items: [shells, zsh]\n"
                "- macro: is_shell\n  condition: proc.name in (shells)\n"
                "- macro: root\n  condition: user.uid = 0\n"
                "- macro: both\n  condition: is_shell and root\n");
    struct ward_wevent ev;
    ev_init(&ev);
    CHECK_EQ_INT(run(rs, "proc.name in (shells)", &ev, NULL), 1);
    CHECK_EQ_INT(run(rs, "proc.name in shells", &ev, NULL), 1);
    CHECK_EQ_INT(run(rs, "proc.name in (more)", &ev, NULL), 1);
    /* a quoted value is never a list name */
    CHECK_EQ_INT(run(rs, "proc.name in ('shells')", &ev, NULL), 0);
    CHECK_EQ_INT(run(rs, "both", &ev, NULL), 1);
    CHECK_EQ_INT(run(rs, "both and not is_shell", &ev, NULL), 0);
    ev.f[WF_USER_UID] = "1000";
    CHECK_EQ_INT(run(rs, "both", &ev, NULL), 0);
    ev.f[WF_PROC_NAME] = "zsh";
    CHECK_EQ_INT(run(rs, "proc.name in (more)", &ev, NULL), 1);
    CHECK_EQ_INT(run(rs, "is_shell", &ev, NULL), 0);
}

TEST(watch_cond, errors)
{
    ward_autoptr(ward_wruleset) rs =
        rs_with("- macro: a\n  condition: b\n- macro: b\n  condition: a\n"
                "- macro: self\n  condition: self or proc.name = x\n");
    struct ward_wevent ev;
    ev_init(&ev);
    static const char *const bad[] = {
        "",
        "proc.name",
        "proc.name =",
        "proc.nam = sh",
        "nosuchmacro",
        "proc.name = sh and",
        "and proc.name = sh",
        "(proc.name = sh",
        "proc.name = sh)",
        "proc.name in (a, b",
        "proc.name in (a b)",
        "proc.name = 'unterminated",
        "proc.pid > abc",
        "proc.pid > 99999999999999999999",
        "proc.name ~ sh",
        "a",
        "self",
        "not",
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        enum ward_code code = WARD_OK;
        int got = run(rs, bad[i], &ev, &code);
        CHECK_MSG(got == -1, "'%s' compiled (gave %d)", bad[i], got);
        CHECK_MSG(code == WARD_EFORMAT, "'%s': code %d", bad[i], (int)code);
    }
}

TEST(watch_cond, limits)
{
    ward_autoptr(ward_wruleset) rs = rs_with(NULL);
    struct ward_wevent ev;
    ev_init(&ev);
    /* nesting */
    struct ward_buf b = WARD_BUF_INIT(1u << 20);
    for (int i = 0; i < 1000; i++)
        ward_buf_adds(&b, "(");
    ward_buf_adds(&b, "proc.name = sh");
    for (int i = 0; i < 1000; i++)
        ward_buf_adds(&b, ")");
    enum ward_code code = WARD_OK;
    CHECK_EQ_INT(run(rs, b.ptr, &ev, &code), -1);
    CHECK_EQ_INT(code, WARD_ELIMIT);
    /* a long flat chain is fine (n-ary and/or, no deep tree) */
    ward_buf_reset(&b);
    for (int i = 0; i < 3000; i++)
        ward_buf_addf(&b, "proc.name = x%d or ", i);
    ward_buf_adds(&b, "proc.name = sh");
    CHECK_EQ_INT(run(rs, b.ptr, &ev, NULL), 1);
    ward_buf_dispose(&b);

    /* macros doubling at each level explode in cost: refused, not evaluated */
    ward_autoptr(ward_wruleset) rs2 = NULL;
    ward_wruleset_new(&rs2);
    struct ward_buf y = WARD_BUF_INIT(1u << 20);
    ward_buf_adds(&y, "- macro: m0\n  condition: proc.name = sh\n");
    for (int i = 1; i < 40; i++)
        ward_buf_addf(&y, "- macro: m%d\n  condition: m%d or m%d\n", i, i - 1, i - 1);
    struct ward_error *err = NULL;
    CHECK_OK(ward_wrules_load(rs2, y.ptr, y.len, "y", &err), err);
    ward_buf_dispose(&y);
    CHECK_EQ_INT(run(rs2, "m10", &ev, NULL), 1);
    code = WARD_OK;
    CHECK_EQ_INT(run(rs2, "m39", &ev, &code), -1);
    CHECK_EQ_INT(code, WARD_ELIMIT);
}

TEST(watch_cond, glob)
{
    static const struct {
        const char *p, *s;
        bool want;
    } g[] = {
        {"*", "", true},
        {"*", "abc", true},
        {"a*c", "abc", true},
        {"a*c", "abd", false},
        {"a?c", "abc", true},
        {"a?c", "ac", false},
        {"*.sh", "/x/y.sh", true},
        {"[abc]x", "bx", true},
        {"[!abc]x", "bx", false},
        {"[a-c]*", "c", true},
        {"[", "[", true},
        {"a**b", "ab", true},
        {"*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(g); i++)
        CHECK_MSG(ward_wglob(g[i].p, strlen(g[i].p), g[i].s, strlen(g[i].s)) == g[i].want,
                  "glob '%s' on '%s'", g[i].p, g[i].s);
}

TEST(watch_cond, proc_parsers)
{
    char id[65];
    static const char v1[] = "12:memory:/docker/"
                             "3f1c2b9f0e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b\n"
                             "0::/\n";
    CHECK(ward_watch_cgroup_container(v1, sizeof(v1) - 1, id));
    CHECK_STR(id, "3f1c2b9f0e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b");
    static const char v2[] = "0::/system.slice/docker-"
                             "aa1c2b9f0e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b"
                             ".scope\n";
    CHECK(ward_watch_cgroup_container(v2, sizeof(v2) - 1, id));
    CHECK_STR(id, "aa1c2b9f0e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b");
    static const char host[] = "12:memory:/user.slice\n0::/user.slice/user-0.slice\n";
    CHECK(!ward_watch_cgroup_container(host, sizeof(host) - 1, id));
    static const char shortid[] = "0::/docker/3f1c2b9f\n";
    CHECK(!ward_watch_cgroup_container(shortid, sizeof(shortid) - 1, id));

    struct ward_proc_status st;
    static const char status[] = "Name:\tsu\nPPid:\t77\nUid:\t1000\t0\t0\t0\n"
                                 "Gid:\t1000\t1000\t1000\t1000\nNSpid:\t4242\t9\n";
    ward_watch_parse_status(status, sizeof(status) - 1, &st);
    CHECK_EQ_INT(st.ppid, 77);
    CHECK_EQ_INT(st.uid, 1000);
    CHECK_EQ_INT(st.euid, 0);
    CHECK_EQ_INT(st.gid, 1000);
    CHECK_EQ_INT(st.egid, 1000);
    CHECK_EQ_INT(st.vpid, 9);
    /* comm with spaces and parentheses: fields counted after the last ')' */
    static const char stat[] = "4242 (a) b (c)) S 77 4242 4242 34816 4242 4194560";
    CHECK_EQ_INT(ward_watch_parse_stat_tty(stat, sizeof(stat) - 1), 34816);
    CHECK_EQ_INT(ward_watch_parse_stat_tty("4242 (x", 7), -1);

    struct ward_arena a;
    ward_arena_init(&a);
    char *exe, *args, *cmd;
    static const char cl[] = "sh\0-c\0cat /etc/shadow\0";
    ward_watch_parse_cmdline(&a, cl, sizeof(cl) - 1, 4096, &exe, &args, &cmd);
    CHECK_STR(exe, "sh");
    CHECK_STR(args, "-c cat /etc/shadow");
    CHECK_STR(cmd, "sh -c cat /etc/shadow");
    ward_watch_parse_cmdline(&a, cl, sizeof(cl) - 1, 5, &exe, &args, &cmd);
    CHECK_STR(cmd, "sh -c");
    ward_watch_parse_cmdline(&a, "", 0, 4096, &exe, &args, &cmd);
    CHECK_STR(cmd, "");
    CHECK_STR(args, "");
    ward_arena_dispose(&a);
}
