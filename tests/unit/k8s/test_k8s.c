/* test_k8s.c - Kubernetes manifest checks: one failing and one passing
 * manifest per rule (tests/data/k8s/<RULE>/{bad,good}.yaml, the expected line
 * marked "# <- RULE" in the bad file), Helm multi-document output, List kinds,
 * inline ignores, anchors/merge keys, and hostile YAML (errors, bombs). */
#include "harness.h"
#include "misconf/k8s.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static struct ward_lint_result *lint_text(const char *text, size_t len,
                                          const struct ward_lint_opts *o, size_t *objects,
                                          struct ward_error **err)
{
    struct ward_lint_result *r = NULL;
    if (ward_lint_k8s(&r, text, len, o, objects, err) < 0)
        return NULL;
    return r;
}

static struct ward_lint_result *lint_file(const char *rel, size_t *objects)
{
    ward_autofree char *path = ward_xasprintf("%s/tests/data/k8s/%s", harness_srcdir(), rel);
    size_t len = 0;
    ward_autofree char *text = harness_slurp(path, &len);
    if (!text) {
        printf("# cannot read %s\n", path);
        return NULL;
    }
    struct ward_error *err = NULL;
    struct ward_lint_result *r = lint_text(text, len, NULL, objects, &err);
    if (!r) {
        printf("# %s: %s\n", path, err ? err->msg : "?");
        ward_error_free(err);
    }
    return r;
}

static size_t count(const struct ward_lint_result *r, const char *rule, size_t *first_line)
{
    size_t n = 0;
    for (size_t i = 0; r && i < r->n; i++)
        if (!strcmp(r->items[i].rule, rule)) {
            if (n++ == 0 && first_line)
                *first_line = r->items[i].line;
        }
    return n;
}

/* The 1-based line holding "# <- RULE" in the file. */
static size_t marked_line(const char *rel, const char *rule)
{
    ward_autofree char *path = ward_xasprintf("%s/tests/data/k8s/%s", harness_srcdir(), rel);
    ward_autofree char *text = harness_slurp(path, NULL);
    ward_autofree char *mark = ward_xasprintf("  # <- %s", rule);
    size_t ln = 1;
    for (const char *p = text; p && *p; p++) {
        if (!strncmp(p, mark, strlen(mark)))
            return ln;
        ln += *p == '\n';
    }
    return 0;
}

TEST(k8s, every_rule_has_a_failing_and_a_passing_manifest)
{
    size_t n;
    const struct ward_lint_rule *rules = ward_k8s_rules(&n);
    CHECK(n >= 21);
    for (size_t i = 0; i < n; i++) {
        const char *id = rules[i].id;
        ward_autofree char *bad = ward_xasprintf("%s/bad.yaml", id);
        ward_autofree char *good = ward_xasprintf("%s/good.yaml", id);
        size_t line = 0, want = marked_line(bad, id), objs = 0;
        ward_autoptr(ward_lint_result) rb = lint_file(bad, &objs);
        ward_autoptr(ward_lint_result) rg = lint_file(good, NULL);
        CHECK_MSG(rb && rg, "%s: a manifest did not parse", id);
        CHECK_MSG(objs == 1, "%s: bad.yaml holds %zu objects", id, objs);
        CHECK_MSG(count(rb, id, &line) >= 1, "%s does not fire on bad.yaml", id);
        CHECK_MSG(want > 0 && line == want, "%s: reported on line %zu, marked line %zu", id, line,
                  want);
        CHECK_MSG(count(rg, id, NULL) == 0, "%s fires on good.yaml", id);
        /* good manifests are clean for every rule (K8S-004's uses a harmless hostPath) */
        size_t other = rg ? rg->n - count(rg, "K8S-003", NULL) : 1;
        CHECK_MSG(other == 0, "%s/good.yaml has %zu other findings (first: %s)", id, other,
                  rg && rg->n ? rg->items[0].msg : "-");
        /* --ignore drops it */
        ward_autofree char *path = ward_xasprintf("%s/tests/data/k8s/%s", harness_srcdir(), bad);
        size_t len = 0;
        ward_autofree char *text = harness_slurp(path, &len);
        const char *ign[] = {id};
        struct ward_lint_opts o = {.ignore = ign, .n_ignore = 1};
        struct ward_error *err = NULL;
        ward_autoptr(ward_lint_result) ri = lint_text(text, len, &o, NULL, &err);
        CHECK(ri != NULL);
        CHECK_MSG(count(ri, id, NULL) == 0, "%s: --ignore did not drop it", id);
        ward_error_free(err);
    }
}

TEST(k8s, helm_rendered_multi_document)
{
    size_t objs = 0, line = 0;
    ward_autoptr(ward_lint_result) r = lint_file("misc/helm-rendered.yaml", &objs);
    CHECK(r != NULL);
    CHECK_EQ_SIZE(objs, 4); /* ServiceAccount, Service, Deployment, Pod */
    CHECK_EQ_SIZE(count(r, "K8S-001", &line), 1);
    CHECK_EQ_SIZE(line, 40);
    CHECK_EQ_SIZE(count(r, "K8S-005", &line), 1);
    CHECK_EQ_SIZE(line, 54);
    CHECK_EQ_SIZE(count(r, "K8S-015", &line), 1); /* "busybox" has no tag */
    CHECK_EQ_SIZE(line, 57);
    bool src_deploy = false, src_test = false;
    for (size_t i = 0; r && i < r->n; i++) {
        if (!strcmp(r->items[i].rule, "K8S-001"))
            src_deploy = strstr(r->items[i].msg, "Source: shop/templates/deployment.yaml") != NULL;
        if (!strcmp(r->items[i].rule, "K8S-005"))
            src_test = strstr(r->items[i].msg, "tests/test-connection.yaml") != NULL;
    }
    CHECK_MSG(src_deploy && src_test, "Helm # Source: not attached to the right documents");
}

TEST(k8s, list_kind_items_are_checked)
{
    size_t objs = 0, line = 0;
    ward_autoptr(ward_lint_result) r = lint_file("misc/list.yaml", &objs);
    CHECK(r != NULL);
    CHECK_EQ_SIZE(objs, 3);
    CHECK_EQ_SIZE(count(r, "K8S-006", &line), 1);
    CHECK_EQ_SIZE(line, 9);
    CHECK_EQ_SIZE(count(r, "K8S-007", &line), 1);
    CHECK_EQ_SIZE(line, 20);
}

TEST(k8s, inline_ignores)
{
    ward_autoptr(ward_lint_result) r = lint_file("misc/ignores.yaml", NULL);
    CHECK(r != NULL);
    /* "quiet" hides 005 and 016 (annotation), 006 (comment above), 007 (trailing),
     * 017 (comment above the document); "loud" keeps them all */
    static const char *const ids[] = {"K8S-005", "K8S-006", "K8S-007", "K8S-016", "K8S-017"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(ids); i++) {
        size_t line = 0;
        CHECK_MSG(count(r, ids[i], &line) == 1, "%s: %zu findings", ids[i], count(r, ids[i], NULL));
        CHECK_MSG(line > 20, "%s reported in the quiet document (line %zu)", ids[i], line);
    }
    CHECK_EQ_SIZE(count(r, "K8S-001", NULL), 1); /* not ignored in quiet */
    /* --no-inline-ignores restores them */
    ward_autofree char *path =
        ward_xasprintf("%s/tests/data/k8s/misc/ignores.yaml", harness_srcdir());
    size_t len = 0;
    ward_autofree char *text = harness_slurp(path, &len);
    struct ward_lint_opts o = {.no_inline_ignores = true};
    struct ward_error *err = NULL;
    ward_autoptr(ward_lint_result) all = lint_text(text, len, &o, NULL, &err);
    CHECK(all != NULL);
    for (size_t i = 0; i < WARD_ARRAY_LEN(ids); i++)
        CHECK_EQ_SIZE(count(all, ids[i], NULL), 2);
}

TEST(k8s, anchors_and_merge_keys)
{
    ward_autoptr(ward_lint_result) r = lint_file("misc/anchors.yaml", NULL);
    CHECK(r != NULL);
    /* one, two (merged from one) and three (aliased securityContext) are privileged */
    CHECK_EQ_SIZE(count(r, "K8S-001", NULL), 3);
}

TEST(k8s, malformed_yaml_is_an_error_with_a_line)
{
    size_t objs = 0;
    ward_autofree char *path =
        ward_xasprintf("%s/tests/data/k8s/misc/malformed.yaml", harness_srcdir());
    size_t len = 0;
    ward_autofree char *text = harness_slurp(path, &len);
    struct ward_error *err = NULL;
    struct ward_lint_result *r = lint_text(text, len, NULL, &objs, &err);
    CHECK(r == NULL);
    CHECK(err != NULL);
    if (err) {
        CHECK_EQ_INT(err->code, WARD_EFORMAT);
        CHECK_MSG(strstr(err->msg, "line 9") != NULL, "message: %s", err->msg);
    }
    ward_error_free(err);
    static const char *const bad[] = {"a: [", "a: *nope\n", "a: &x [*x]\n", "\t- x\n",
                                      "{a: b, a: }c"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        err = NULL;
        r = lint_text(bad[i], strlen(bad[i]), NULL, NULL, &err);
        CHECK_MSG(r == NULL && err && err->code == WARD_EFORMAT, "input %zu accepted", i);
        ward_lint_result_free(r);
        ward_error_free(err);
    }
}

TEST(k8s, billion_laughs_and_deep_nesting_are_bounded)
{
    /* 9 levels of 9 aliases: 9^9 nodes if expanded; shared here */
    struct ward_buf b = WARD_BUF_INIT(0);
    ward_buf_adds(
        &b, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n"
            "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 10; i++)
        ward_buf_addf(&b, "a%d: &a%d [*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d]\n", i, i, i - 1,
                      i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    struct ward_error *err = NULL;
    clock_t t0 = clock();
    ward_autoptr(ward_lint_result) r = lint_text(b.ptr, b.len, NULL, NULL, &err);
    CHECK_MSG(r != NULL, "laughs: %s", err ? err->msg : "");
    CHECK((clock() - t0) / CLOCKS_PER_SEC < 2);
    ward_error_free(err);
    err = NULL;
    /* too many aliases */
    ward_buf_reset(&b);
    ward_buf_adds(&b, "a: &a x\nb: [");
    for (int i = 0; i < 2000; i++)
        ward_buf_adds(&b, "*a,");
    ward_buf_adds(&b, "*a]\n");
    struct ward_lint_result *r2 = lint_text(b.ptr, b.len, NULL, NULL, &err);
    CHECK(r2 == NULL && err && err->code == WARD_ELIMIT);
    ward_lint_result_free(r2);
    ward_error_free(err);
    err = NULL;
    /* nesting */
    ward_buf_reset(&b);
    for (int i = 0; i < 5000; i++)
        ward_buf_addc(&b, '[');
    for (int i = 0; i < 5000; i++)
        ward_buf_addc(&b, ']');
    r2 = lint_text(b.ptr, b.len, NULL, NULL, &err);
    CHECK(r2 == NULL && err && err->code == WARD_ELIMIT);
    ward_lint_result_free(r2);
    ward_error_free(err);
    ward_buf_dispose(&b);
}

TEST(k8s, sniff)
{
    static const char yes[] = "# Source: x\n---\napiVersion: v1\nkind: Pod\n";
    static const char no1[] = "FROM debian:12\nRUN true\n";
    static const char no2[] = "name: build\non: [push]\n";
    CHECK(ward_k8s_sniff(yes, sizeof(yes) - 1));
    CHECK(!ward_k8s_sniff(no1, sizeof(no1) - 1));
    CHECK(!ward_k8s_sniff(no2, sizeof(no2) - 1));
    CHECK(ward_k8s_rule_find("k8s-001") != NULL);
    CHECK(ward_k8s_rule_find("K8S-999") == NULL);
}
