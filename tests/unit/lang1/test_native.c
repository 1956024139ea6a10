/* test_native.c - the bun.lock, Package.resolved, Podfile.lock and conan.lock
 * catalogers: package sets, purls and direct/indirect against trivy's integration
 * goldens, plus the parser testdata of trivy and syft (v1/v2 formats, bad input). */
#include "../lang_util.h"
#include "util/json_in.h"

#include <stdlib.h>
#include <string.h>

#define TRIVY_IT "trivy/integration/testdata/"
#define TP       "trivy/pkg/dependency/parser/"

/* The golden's Packages (non-dev ones of fn's reading of fixture) must be the same
 * name@version set, with the same purl and, where trivy says, the same relationship. */
static void check_golden(const char *golden, const char *fixture, ward_cataloger_fn fn)
{
    struct ward_error *err = NULL;
    char gp[2048];
    size_t glen;
    snprintf(gp, sizeof(gp), "%s/" TRIVY_IT "%s", harness_testdata(), golden);
    ward_autofree char *gdata = harness_slurp(gp, &glen);
    CHECK_MSG(gdata, "missing %s", gp);
    ward_autojson doc = NULL;
    CHECK_OK(ward_json_parse(&doc, gdata, glen, 0, &err), err);
    json_t *pkgs = ward_jarr(json_array_get(ward_jarr(doc, "Results"), 0), "Packages");
    CHECK_MSG(pkgs, "%s: no Packages", golden);

    ward_autoptr(ward_pkglist) all = ward_pkglist_new();
    CHECK_OK(lang_parse(fn, all, fixture, true, &err), err);
    ward_purl_fill(all, NULL);
    ward_autoptr(ward_pkglist) got = ward_pkglist_new();
    for (size_t k = 0; k < all->n; k++)
        if (!all->items[k].dev)
            *ward_pkglist_add(got) = all->items[k];

    size_t nw = json_array_size(pkgs), i;
    char **want = ward_xcalloc(nw + 1, sizeof(char *));
    json_t *p;
    json_array_foreach(pkgs, i, p)
    {
        const char *name = ward_jstr(p, "Name"), *ver = ward_jstr(p, "Version");
        want[i] = ward_xasprintf("%s@%s", name, ver);
        const struct ward_pkg *w = NULL;
        for (size_t k = 0; k < got->n && !w; k++)
            if (!strcmp(got->items[k].name, name) && !strcmp(got->items[k].version, ver))
                w = &got->items[k];
        if (!w)
            continue; /* reported by the set comparison */
        const char *purl = ward_jstr(ward_jobj(p, "Identifier"), "PURL");
        if (purl && (!w->purl || strcmp(w->purl, purl) != 0))
            harness_fail(__FILE__, __LINE__, "%s %s: purl %s, trivy %s", golden, want[i],
                         w->purl ? w->purl : "(null)", purl);
        const char *rel = ward_jstr(p, "Relationship");
        if (rel && (!strcmp(rel, "direct") || !strcmp(rel, "indirect")) &&
            w->indirect != !strcmp(rel, "indirect"))
            harness_fail(__FILE__, __LINE__, "%s %s: indirect %d, trivy %s", golden, want[i],
                         w->indirect, rel);
    }
    char *d = lang_diff(got, (const char *const *)want, nw);
    for (size_t k = 0; k < nw; k++)
        free(want[k]);
    free(want);
    if (d) {
        harness_fail(__FILE__, __LINE__, "%s: package set differs: %s", golden, d);
        free(d);
        return;
    }
    printf("# %s: %zu packages, as trivy\n", golden, got->n);
}

TEST(lang1_native_golden, bun)
{
    check_golden("bun.json.golden", TRIVY_IT "fixtures/repo/bun/bun.lock", ward_bun_lock_parse);
}

TEST(lang1_native_golden, swift)
{
    check_golden("swift.json.golden", TRIVY_IT "fixtures/repo/swift/Package.resolved",
                 ward_swift_resolved_parse);
}

TEST(lang1_native_golden, cocoapods)
{
    check_golden("cocoapods.json.golden", TRIVY_IT "fixtures/repo/cocoapods/Podfile.lock",
                 ward_podfile_lock_parse);
}

TEST(lang1_native_golden, conan)
{
    check_golden("conan.json.golden", TRIVY_IT "fixtures/repo/conan/conan.lock",
                 ward_conan_lock_parse);
}

TEST(lang1_native, bun_dev_and_workspaces)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_bun_lock_parse, l, TRIVY_IT "fixtures/repo/bun/bun.lock", true, &err),
             err);
    /* every registry entry, dev-only ones flagged (@types/bun is a devDependency,
     * bun-types, @types/node and undici-types are reached only through it) */
    static const char *const all[] = {"@types/bun@1.2.14", "@types/node@22.15.21",
                                      "bun-types@1.2.14",  "jquery@3.3.1",
                                      "typescript@5.8.3",  "undici-types@6.21.0"};
    CHECK_SET(l, all);
    CHECK(lang_find(l, "@types/bun")->dev);
    CHECK(!lang_find(l, "@types/bun")->indirect);
    CHECK(lang_find(l, "undici-types")->dev);
    CHECK(lang_find(l, "undici-types")->indirect);
    CHECK(!lang_find(l, "jquery")->dev);
    ward_purl_fill(l, NULL);
    CHECK_STR(lang_find(l, "@types/node")->purl, "pkg:npm/%40types/node@22.15.21");

    /* workspace members ("my-app@workspace:my-app") are not packages; their
     * dependencies are direct */
    ward_autoptr(ward_pkglist) w = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_bun_lock_parse, w, TP "nodejs/bun/testdata/bun_multiple_ws.lock", true,
                        &err),
             err);
    static const char *const ws[] = {"chalk@5.0.1", "lodash@4.17.21"};
    CHECK_SET(w, ws);
    CHECK(!lang_find(w, "lodash")->indirect && !lang_find(w, "lodash")->dev);

    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK_EQ_INT(
        lang_parse(ward_bun_lock_parse, b, TP "nodejs/bun/testdata/bun_invalid.lock", true, &err),
        WARD_EFORMAT);
    ward_error_free(err);
}

TEST(lang1_native, bun_jsonc)
{
    /* comments, trailing commas, a comment marker inside a string */
    static const char doc[] = "{ // lockfile\n \"lockfileVersion\": 1, /* c */\n"
                              " \"workspaces\": {\"\": {\"dependencies\": {\"a\": \"1\",},},},\n"
                              " \"packages\": {\"a\": [\"a@1.0.0\", \"http://x//y\", {},],\n"
                              "  \"b\": [\"b@github:u/b#1\", {}],},\n}\n";
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(ward_bun_lock_parse(l, "/bun.lock", doc, sizeof(doc) - 1, &err), err);
    static const char *const want[] = {"a@1.0.0"};
    CHECK_SET(l, want);
    ward_autoptr(ward_pkglist) u = ward_pkglist_new();
    static const char bad[] = "{\"packages\": {\"a\": [\"a@1\"]} /* open";
    CHECK_EQ_INT(ward_bun_lock_parse(u, "/bun.lock", bad, sizeof(bad) - 1, &err), WARD_EFORMAT);
    ward_error_free(err);
}

TEST(lang1_native, swift_resolved_versions)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) v1 = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_swift_resolved_parse, v1,
                        TP "swift/swift/testdata/happy-v1-Package.resolved", true, &err),
             err);
    static const char *const w1[] = {"github.com/Quick/Nimble@9.2.1",
                                     "github.com/ReactiveCocoa/ReactiveSwift@7.1.1"};
    CHECK_SET(v1, w1);
    ward_autoptr(ward_pkglist) v2 = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_swift_resolved_parse, v2,
                        TP "swift/swift/testdata/happy-v2-Package.resolved", true, &err),
             err);
    /* swift-ogg is pinned to a revision only: no version, not listed */
    static const char *const w2[] = {
        "github.com/mattgallagher/CwlCatchException@2.1.2",
        "github.com/mattgallagher/CwlPreconditionTesting@2.1.2", "github.com/Quick/Nimble@9.2.1",
        "github.com/Quick/Quick@7.2.0", "github.com/ReactiveCocoa/ReactiveSwift@7.1.1"};
    CHECK_SET(v2, w2);
    ward_purl_fill(v2, NULL);
    CHECK_STR(lang_find(v2, "github.com/Quick/Quick")->purl,
              "pkg:swift/github.com/Quick/Quick@7.2.0");
    ward_autoptr(ward_pkglist) e = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_swift_resolved_parse, e,
                        TP "swift/swift/testdata/empty-Package.resolved", true, &err),
             err);
    CHECK_EQ_INT(e->n, 0);
}

TEST(lang1_native, podfile_lock)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_podfile_lock_parse, l, TP "swift/cocoapods/testdata/happy.lock", true,
                        &err),
             err);
    static const char *const want[] = {"AppCenter@4.2.0", "AppCenter/Analytics@4.2.0",
                                       "AppCenter/Core@4.2.0", "AppCenter/Crashes@4.2.0",
                                       "KeychainAccess@4.2.1"};
    CHECK_SET(l, want);
    ward_purl_fill(l, NULL);
    CHECK_STR(lang_find(l, "KeychainAccess")->purl, "pkg:cocoapods/KeychainAccess@4.2.1");
    /* "- AppCenter = 4.2.0" is no "Name (version)" entry */
    ward_autoptr(ward_pkglist) s = ward_pkglist_new();
    CHECK_OK(
        lang_parse(ward_podfile_lock_parse, s, TP "swift/cocoapods/testdata/sad.lock", true, &err),
        err);
    CHECK_EQ_INT(s->n, 0);
}

TEST(lang1_native, conan_lock_versions)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) a = ward_pkglist_new();
    CHECK_OK(
        lang_parse(ward_conan_lock_parse, a, TP "c/conan/testdata/happy_v1_case1.lock", true, &err),
        err);
    static const char *const wa[] = {"pkga@0.0.1", "pkgb@system", "pkgc@0.1.1"};
    CHECK_SET(a, wa);
    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK_OK(
        lang_parse(ward_conan_lock_parse, b, TP "c/conan/testdata/happy_v1_case2.lock", true, &err),
        err);
    static const char *const wb[] = {"openssl@3.0.3", "zlib@1.2.12"};
    CHECK_SET(b, wb);
    ward_autoptr(ward_pkglist) c = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_conan_lock_parse, c, TP "c/conan/testdata/happy_v2.lock", true, &err),
             err);
    static const char *const wc[] = {"matrix@1.3", "sound32@1.0"};
    CHECK_SET(c, wc);
    ward_purl_fill(c, NULL);
    CHECK_STR(lang_find(c, "matrix")->purl, "pkg:conan/matrix@1.3");
    ward_autoptr(ward_pkglist) s = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_conan_lock_parse, s, TP "c/conan/testdata/sad_v1.lock", true, &err),
             err);
    CHECK_EQ_INT(s->n, 0);
}

TEST(lang1_native, routes_paths)
{
    static const struct {
        const char *path, *cataloger;
    } cases[] = {
        {"/app/bun.lock", "bun-lock"},
        {"/app/Package.resolved", "swift-package-resolved"},
        {"/app/Podfile.lock", "cocoapods-podfile-lock"},
        {"/app/conan.lock", "conan-lock"},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        const struct ward_cataloger *c = ward_cataloger_for_path(cases[i].path, true);
        CHECK_MSG(c && !strcmp(c->name, cases[i].cataloger), "%s -> %s", cases[i].path,
                  c ? c->name : "(none)");
    }
}
