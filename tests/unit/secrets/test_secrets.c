/* test_secrets.c - secret scanner: the planted corpus is found exactly (path,
 * line, rule) and never echoed raw; the look-alike corpus gives nothing; rule
 * files, allow rules, config strings, path filter, redaction. */
#include "harness.h"
#include "secrets/secrets.h"

#include <dirent.h>
#include <sys/stat.h>

struct expect {
    char *path, *rule, *secret;
    unsigned line;
    bool seen;
};

static size_t load_expect(struct expect *e, size_t max)
{
    ward_autofree char *p = ward_xasprintf("%s/tests/data/secrets/planted.tsv", harness_srcdir());
    size_t len;
    ward_autofree char *t = harness_slurp(p, &len);
    struct ward_span in = {t, len}, line;
    size_t n = 0;
    while (ward_span_line(&in, &line) && n < max) {
        if (!line.len || line.ptr[0] == '#')
            continue;
        struct ward_span f[4], rest = line;
        for (int i = 0; i < 3; i++)
            ward_span_cut(rest, '\t', &f[i], &rest);
        f[3] = rest;
        uint64_t ln = 0;
        ward_span_u64(f[1], &ln);
        e[n++] = (struct expect){ward_span_dup(f[0]), ward_span_dup(f[2]), ward_span_dup(f[3]),
                                 (unsigned)ln, false};
    }
    return n;
}

static void free_expect(struct expect *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].path);
        free(e[i].rule);
        free(e[i].secret);
    }
}

/* Scan every file under dir as if it were at "/" + its relative path. */
static void scan_tree(const struct ward_secrets *s, const char *root, const char *rel,
                      struct ward_secret_findings *out)
{
    ward_autofree char *dir = ward_xasprintf("%s%s", root, rel);
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        ward_autofree char *r = ward_xasprintf("%s/%s", rel, de->d_name);
        ward_autofree char *full = ward_xasprintf("%s%s", root, r);
        struct stat st;
        if (lstat(full, &st) < 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            scan_tree(s, root, r, out);
        } else if (S_ISREG(st.st_mode) && ward_secrets_wants(s, r, (uint64_t)st.st_size)) {
            size_t len;
            ward_autofree char *data = harness_slurp(full, &len);
            struct ward_error *err = NULL;
            if (ward_secrets_scan_buf(s, r, NULL, -1, data, len, out, &err) < 0)
                ward_error_free(err);
        }
    }
    closedir(d);
}

static bool leaks(const struct ward_secret_finding *f, const char *secret)
{
    const char *fields[] = {f->rule_id, f->category, f->title, f->path, f->layer, f->match};
    for (size_t i = 0; i < WARD_ARRAY_LEN(fields); i++)
        if (fields[i] && strstr(fields[i], secret))
            return true;
    return false;
}

TEST(secrets, planted_corpus_found_exactly)
{
    struct expect e[64];
    size_t ne = load_expect(e, 64);
    CHECK(ne >= 20);
    struct ward_error *err = NULL;
    ward_autoptr(ward_secrets) s = NULL;
    CHECK_OK(ward_secrets_new(&s, NULL, &err), err);
    struct ward_secret_findings f = {0};
    ward_autofree char *root = ward_xasprintf("%s/tests/data/secrets/planted", harness_srcdir());
    scan_tree(s, root, "", &f);
    ward_secret_findings_sort(&f);
    size_t extra = 0, leaked = 0;
    for (size_t i = 0; i < f.n; i++) {
        bool matched = false;
        for (size_t k = 0; k < ne; k++) {
            if (leaks(&f.items[i], e[k].secret))
                leaked++;
            if (!e[k].seen && strcmp(e[k].path, f.items[i].path) == 0 &&
                strcmp(e[k].rule, f.items[i].rule_id) == 0 && e[k].line == f.items[i].line) {
                e[k].seen = matched = true;
                /* the redaction keeps at most the first 4 characters */
                size_t keep = strlen(e[k].secret) >= 16 ? 4 : 2;
                ward_autofree char *red = ward_xasprintf("%.*s****", (int)keep, e[k].secret);
                if (!strstr(f.items[i].match, red))
                    harness_fail(__FILE__, __LINE__, "%s: match \"%s\" lacks \"%s\"", e[k].path,
                                 f.items[i].match, red);
            }
        }
        if (!matched) {
            extra++;
            fprintf(stderr, "# unexpected: %s:%u %s %s\n", f.items[i].path, f.items[i].line,
                    f.items[i].rule_id, f.items[i].match);
        }
    }
    size_t missed = 0;
    for (size_t k = 0; k < ne; k++)
        if (!e[k].seen) {
            missed++;
            fprintf(stderr, "# missed: %s:%u %s\n", e[k].path, e[k].line, e[k].rule);
        }
    ward_secret_findings_dispose(&f);
    free_expect(e, ne);
    CHECK_EQ_SIZE(missed, 0);
    CHECK_EQ_SIZE(extra, 0);
    CHECK_EQ_SIZE(leaked, 0);
}

TEST(secrets, lookalike_corpus_is_silent)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_secrets) s = NULL;
    CHECK_OK(ward_secrets_new(&s, NULL, &err), err);
    struct ward_secret_findings f = {0};
    ward_autofree char *root = ward_xasprintf("%s/tests/data/secrets/lookalike", harness_srcdir());
    scan_tree(s, root, "", &f);
    for (size_t i = 0; i < f.n; i++)
        fprintf(stderr, "# false positive: %s:%u %s %s\n", f.items[i].path, f.items[i].line,
                f.items[i].rule_id, f.items[i].match);
    size_t n = f.n;
    ward_secret_findings_dispose(&f);
    CHECK_EQ_SIZE(n, 0);
}

TEST(secrets, redaction)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    ward_secrets_redact(&b, "ghp_abcdefghijklmnopqrstuvwxyz0123456789", 40);
    CHECK_STR(b.ptr, "ghp_****");
    ward_buf_reset(&b);
    ward_secrets_redact(&b, "hunter22", 8);
    CHECK_STR(b.ptr, "hu****");
    ward_buf_reset(&b);
    ward_secrets_redact(&b, "abc", 3);
    CHECK_STR(b.ptr, "****");
    ward_buf_reset(&b);
    ward_secrets_redact(&b, "a\nbcdefghijklmnopq", 18);
    CHECK_STR(b.ptr, "a bc****");
    ward_buf_dispose(&b);
    CHECK(ward_secrets_entropy("aaaa", 4) == 0);
    CHECK(ward_secrets_entropy("abcd", 4) == 2);
}

TEST(secrets, path_filter)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_secrets) s = NULL;
    CHECK_OK(ward_secrets_new(&s, NULL, &err), err);
    CHECK(ward_secrets_wants(s, "/app/.env", 100));
    CHECK(ward_secrets_wants(s, "/root/.docker/config.json", 100));
    CHECK(ward_secrets_wants(s, "/usr/local/bin/deploy", 100));
    CHECK(!ward_secrets_wants(s, "/usr/share/doc/bash/README", 100));
    CHECK(!ward_secrets_wants(s, "/usr/share/man/man1/ls.1.gz", 100));
    CHECK(!ward_secrets_wants(s, "/app/logo.PNG", 100));
    CHECK(!ward_secrets_wants(s, "/lib/x86_64-linux-gnu/libc.so.6", 100));
    CHECK(!ward_secrets_wants(s, "/var/lib/dpkg/status", 100));
    CHECK(!ward_secrets_wants(s, "/app/node_modules/x/test/fixture.js", 100));
    CHECK(!ward_secrets_wants(s, "/app/big.txt", 11ull << 20));
    CHECK(ward_secrets_keep(s, "/app/.env", S_IFREG | 0644, 10) == WARD_KEEP_RAW);
    CHECK(ward_secrets_keep(s, "/app/.env", S_IFLNK | 0777, 10) == WARD_KEEP_NO);
    /* large distro executables are ELF in practice; elsewhere they are read */
    CHECK(ward_secrets_keep(s, "/usr/bin/ls", S_IFREG | 0755, 140000) == WARD_KEEP_NO);
    CHECK(ward_secrets_keep(s, "/usr/sbin/adduser", S_IFREG | 0755, 9000) == WARD_KEEP_RAW);
    CHECK(ward_secrets_keep(s, "/usr/local/bin/deploy", S_IFREG | 0755, 140000) == WARD_KEEP_RAW);
    CHECK(ward_secrets_keep(s, "/app/run.sh", S_IFREG | 0755, 140000) == WARD_KEEP_RAW);
    /* a rule file can switch a built-in allow rule off */
    ward_autoptr(ward_secrets) s2 = NULL;
    struct ward_secrets_opts o = {.rule_text = "disable = allow-tests\n", .rule_text_len = 22};
    CHECK_OK(ward_secrets_new(&s2, &o, &err), err);
    CHECK(ward_secrets_wants(s2, "/app/node_modules/x/test/fixture.js", 100));
    CHECK_EQ_SIZE(strlen(ward_secrets_fingerprint(s)), 16);
    CHECK(strcmp(ward_secrets_fingerprint(s), ward_secrets_fingerprint(s2)) != 0);
}

TEST(secrets, binary_skipped_and_caseless_keywords)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_secrets) s = NULL;
    CHECK_OK(ward_secrets_new(&s, NULL, &err), err);
    char bin[64] = "\x7f"
                   "ELF\0\0 ghp_Zq8mN3xT5vB7kL2pR9sW4yH6jD1fG0cVaEuI tail";
    struct ward_secret_findings f = {0};
    CHECK_OK(ward_secrets_scan_buf(s, "/bin/x", NULL, -1, bin, sizeof(bin), &f, &err), err);
    CHECK_EQ_SIZE(f.n, 0);
    /* keyword "aws" in upper case still triggers the rule */
    const char *t = "export AWS_SECRET_ACCESS_KEY='Zq8mN3xT5vB7kL2pR9sW4yH6jD1fG0cVaEuI/+Ab'\n";
    CHECK_OK(ward_secrets_scan_buf(s, "/x.sh", "sha256:ab", 2, t, strlen(t), &f, &err), err);
    CHECK_EQ_SIZE(f.n, 1);
    CHECK_STR(f.items[0].rule_id, "aws-secret-access-key");
    CHECK_STR(f.items[0].layer, "sha256:ab");
    CHECK_EQ_INT(f.items[0].layer_index, 2);
    CHECK_EQ_INT(f.items[0].line, 1);
    CHECK(strstr(f.items[0].match, "Zq8m****") != NULL);
    CHECK(strstr(f.items[0].match, "Zq8mN") == NULL);
    ward_secret_findings_dispose(&f);
}

TEST(secrets, one_finding_per_secret)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_secrets) s = NULL;
    CHECK_OK(ward_secrets_new(&s, NULL, &err), err);
    /* a token that is also a URL password is reported once, by the specific rule */
    const char *t = "url=https://ci:ghp_Zq8mN3xT5vB7kL2pR9sW4yH6jD1fG0cVaEuI@github.com/o/r\n";
    struct ward_secret_findings f = {0};
    CHECK_OK(ward_secrets_scan_buf(s, "/x", NULL, -1, t, strlen(t), &f, &err), err);
    CHECK_EQ_SIZE(f.n, 1);
    CHECK_STR(f.items[0].rule_id, "github-pat");
    ward_secret_findings_dispose(&f);
}

TEST(secrets, image_config_strings)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_secrets) s = NULL;
    CHECK_OK(ward_secrets_new(&s, NULL, &err), err);
    const char *cfg =
        "{\"config\":{\"Env\":[\"PATH=/usr/bin\",\"API_TOKEN=Zq8mN3xT5vB7kL2p\"],"
        "\"Labels\":{\"ci.token\":\"glpat-Ab3dEf6hIj9kLm2oPq5s\"}},"
        "\"history\":[{\"created_by\":\"/bin/sh -c #(nop) ENV X=1\"},"
        "{\"created_by\":\"RUN echo npm_Zq8mN3xT5vB7kL2pR9sW4yH6jD1fG0cVaEuI > ~/.npmrc\"}]}";
    json_error_t je;
    json_t *j = json_loads(cfg, 0, &je);
    CHECK(j != NULL);
    struct ward_secret_findings f = {0};
    int rc = ward_secrets_scan_config(s, j, &f, &err);
    json_decref(j);
    CHECK_OK(rc, err);
    ward_secret_findings_sort(&f);
    CHECK_EQ_SIZE(f.n, 3);
    CHECK_STR(f.items[0].path, "config:/config/Env/1");
    CHECK_STR(f.items[0].rule_id, "dotenv-secret");
    CHECK_STR(f.items[1].path, "config:/config/Labels/ci.token");
    CHECK_STR(f.items[1].rule_id, "gitlab-pat");
    CHECK_STR(f.items[2].path, "config:/history/1/created_by");
    CHECK_STR(f.items[2].rule_id, "npm-token");
    for (size_t i = 0; i < f.n; i++)
        CHECK(!strstr(f.items[i].match, "Zq8mN3") && !strstr(f.items[i].match, "Ab3dEf"));
    ward_secret_findings_dispose(&f);
}

TEST(secrets, user_rules_and_allows)
{
    const char *rules = "# custom\n"
                        "disable = generic-secret\n"
                        "[rule corp-token]\n"
                        "category = Corp\n"
                        "title = Corp service token\n"
                        "severity = critical\n"
                        "keywords = CTK_\n"
                        "regex = ctk_(?<secret>[a-z0-9]{24})\n"
                        "entropy = 3.0\n"
                        "\n"
                        "[allow corp-fixtures]\n"
                        "path = ^/srv/fixtures/\n"
                        "[allow known-github]\n"
                        "rule = github-pat\n"
                        "regex = ^ghp_Zq8m\n";
    struct ward_secrets_opts o = {.rule_text = rules, .rule_text_len = strlen(rules)};
    struct ward_error *err = NULL;
    ward_autoptr(ward_secrets) s = NULL;
    CHECK_OK(ward_secrets_new(&s, &o, &err), err);
    const char *t = "a\nb ctk_q8m3x5b7k2r9s4h6d1g0vaeu\nkey = \"Zq8mN3xT5vB7kL2pR9sW4yH6\"\n"
                    "ghp_Zq8mN3xT5vB7kL2pR9sW4yH6jD1fG0cVaEuI\n";
    struct ward_secret_findings f = {0};
    CHECK_OK(ward_secrets_scan_buf(s, "/etc/corp.conf", NULL, -1, t, strlen(t), &f, &err), err);
    CHECK_EQ_SIZE(f.n, 1);
    CHECK_STR(f.items[0].rule_id, "corp-token");
    CHECK_STR(f.items[0].category, "Corp");
    CHECK_EQ_INT(f.items[0].severity, WARD_SECRET_CRITICAL);
    CHECK_EQ_INT(f.items[0].line, 2);
    CHECK_STR(f.items[0].match, "ctk_q8m3****");
    ward_secret_findings_dispose(&f);
    CHECK_OK(ward_secrets_scan_buf(s, "/srv/fixtures/a", NULL, -1, t, strlen(t), &f, &err), err);
    CHECK_EQ_SIZE(f.n, 0);
    CHECK(!ward_secrets_wants(s, "/srv/fixtures/a", 10));
}

static void bad_rules(const char *text, const char *needle)
{
    struct ward_secrets_opts o = {.rule_text = text, .rule_text_len = strlen(text)};
    struct ward_error *err = NULL;
    struct ward_secrets *s = NULL;
    int rc = ward_secrets_new(&s, &o, &err);
    ward_secrets_free(s);
    if (rc >= 0) {
        harness_fail(__FILE__, __LINE__, "accepted: %s", text);
        return;
    }
    if (!strstr(err->msg, needle))
        harness_fail(__FILE__, __LINE__, "\"%s\" lacks \"%s\"", err->msg, needle);
    ward_error_free(err);
}

TEST(secrets, rule_file_errors)
{
    bad_rules("[rule a]\nregex = (unclosed\n", "rules:1");
    bad_rules("[rule a]\nregex = x\nbogus = 1\n", "rules:3: unknown key");
    bad_rules("[rule a]\nregex = x\n[rule a]\nregex = y\n", "already defined");
    bad_rules("[rule github-pat]\nregex = y\n", "already defined");
    bad_rules("disable = no-such-rule\n", "no-such-rule");
    bad_rules("regex = x\n", "before a section");
    bad_rules("[rule a]\n", "no regex");
    bad_rules("[allow a]\n", "needs a path");
    bad_rules("[allow a]\npath = x\nseverity = high\n", "allow sections");
    bad_rules("[rule a b]\nregex = x\n", "expected");
    bad_rules("[rule a]\nregex = x\nentropy = 9\n", "bad entropy");
    bad_rules("[rule a]\nregex = x\nseverity = dire\n", "bad severity");
    bad_rules("[rule a]\nregex = x\nregex = y\n", "twice");
}
