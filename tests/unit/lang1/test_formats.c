/* test_formats.c - each lockfile/manifest parser on the peers' fixtures
 * (trivy pkg/dependency/parser/..., osv-scalibr, syft). Where the expected set
 * is not shipped in a machine-readable form it is transcribed here from the
 * fixture and the peer's documented behaviour (noted per test); several tests
 * instead cross-check fixtures the peers use for the same tree in different
 * lockfile generations, which needs no transcription at all. */
#include "../lang_util.h"

#include <string.h>

#define TP      "trivy/pkg/dependency/parser/"
#define SCALIBR "osv-scalibr/extractor/filesystem/language/"

/* Parse two fixtures with fn; their name@version sets must be equal and non-empty. */
static void same_set(ward_cataloger_fn fn, const char *a, const char *b, size_t want_n)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) la = ward_pkglist_new();
    ward_autoptr(ward_pkglist) lb = ward_pkglist_new();
    CHECK_OK(lang_parse(fn, la, a, true, &err), err);
    CHECK_OK(lang_parse(fn, lb, b, true, &err), err);
    CHECK_EQ_SIZE(la->n, want_n);
    const char **keys = ward_xcalloc(la->n + 1, sizeof(char *));
    for (size_t i = 0; i < la->n; i++)
        keys[i] = ward_xasprintf("%s@%s", la->items[i].name, la->items[i].version);
    char *d = lang_diff(lb, keys, la->n);
    for (size_t i = 0; i < la->n; i++)
        free((char *)keys[i]);
    free(keys);
    if (d) {
        harness_fail(__FILE__, __LINE__, "%s vs %s: %s", a, b, d);
        free(d);
    }
}

/* ------------------------------------------------------------------- Python */

/* trivy python/packaging fixtures; licence order as trivy/syft: License-Expression,
 * then a short License field (not UNKNOWN), then "License ::" classifiers. */
TEST(lang1_python, metadata_and_pkg_info)
{
    static const struct {
        const char *file, *name, *version, *lic;
    } cases[] = {
        {"asyncssh-2.14.2.METADATA", "asyncssh", "2.14.2", "Eclipse Public License v2.0"},
        {"distlib-0.3.1.METADATA", "distlib", "0.3.1", "Python license"},
        {"distlib-0.3.1-py3.9.egg-info", "distlib", "0.3.1", "Python license"},
        {"iniconfig-2.0.0.METADATA", "iniconfig", "2.0.0", "MIT"},
        {"networkx-3.0.METADATA", "networkx", "3.0", NULL},
        {"pyphen-0.14.0.METADATA", "pyphen", "0.14.0",
         "GNU General Public License v2 or later (GPLv2+); GNU Lesser General Public License v2 "
         "or later (LGPLv2+); Mozilla Public License 1.1 (MPL 1.1)"},
        {"simple-0.1.0.METADATA", "simple", "0.1.0", NULL},
        {"zipp-3.12.1.METADATA", "zipp", "3.12.1", "MIT License"},
        /* blank lines inside the folded Description, classifiers after it */
        {"setuptools-51.3.3-py3.8.egg-info.PKG-INFO", "setuptools", "51.3.3", "MIT License"},
        {"unidecode-egg-info.PKG-INFO", "Unidecode", "0.4.1", NULL},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        char rel[512];
        snprintf(rel, sizeof(rel), TP "python/packaging/testdata/%s", cases[i].file);
        struct ward_error *err = NULL;
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        CHECK_OK(lang_parse(ward_python_metadata_parse, l, rel, true, &err), err);
        CHECK_EQ_SIZE(l->n, 1);
        CHECK_STR(l->items[0].name, cases[i].name);
        CHECK_STR(l->items[0].version, cases[i].version);
        CHECK_STR(l->items[0].ecosystem, "PyPI");
        if (cases[i].lic)
            CHECK_STR(l->items[0].licenses, cases[i].lic);
        else
            CHECK_MSG(!l->items[0].licenses, "%s: licence %s", cases[i].file, l->items[0].licenses);
    }
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) bad = ward_pkglist_new();
    CHECK_EQ_INT(lang_parse(ward_python_metadata_parse, bad,
                            TP "python/packaging/testdata/invalid.json", true, &err),
                 WARD_EFORMAT);
    ward_error_free(err);
}

/* PEP 503 names in the purl: Unidecode -> unidecode, Foo_Bar.baz -> foo-bar-baz */
TEST(lang1_python, purl_pep503)
{
    static const char meta[] = "Metadata-Version: 2.1\nName: Foo_Bar.baz\nVersion: 1.0\n";
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(ward_python_metadata_parse(l, "/x.dist-info/METADATA", meta, sizeof(meta) - 1, &err),
             err);
    ward_purl_fill(l, NULL);
    CHECK_STR(l->items[0].purl, "pkg:pypi/foo-bar-baz@1.0");
    CHECK_STR(l->items[0].cataloger, "python-dist-info");
}

/* trivy python/pip fixtures (pinned "==" requirements only, as trivy) */
TEST(lang1_python, requirements)
{
    static const struct {
        const char *file;
        const char *want[8];
    } cases[] = {
        {"requirements_flask.txt",
         {"click@8.0.0", "Flask@2.0.0", "itsdangerous@2.0.0", "Jinja2@3.0.0", "MarkupSafe@2.0.0",
          "Werkzeug@2.0.0"}},
        {"requirements_comments.txt",
         {"click@8.0.0", "Flask@2.0.0", "Jinja2@3.0.0", "MarkupSafe@2.0.0"}},
        {"requirements_hash.txt", {"FooProject@1.2", "Jinja2@3.0.0"}},
        {"requirements_hyphens.txt", {"oauth2-client@4.0.0", "python-gitlab@2.0.0"}},
        {"requirements_operator.txt", {"Django@2.3.4", "SomeProject@5.4"}},
        {"requirement_exstras.txt", {"pyjwt@2.1.0", "celery@4.4.7"}},
        {"requirements_utf16le.txt", {"attrs@20.3.0"}},
        {"requirements_no_version.txt", {"Flask@2.0.0"}},
        {"requirements_compatible.txt", {NULL}},
        {"requirements_with_templating_engine.txt", {NULL}},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        char rel[512];
        snprintf(rel, sizeof(rel), TP "python/pip/testdata/%s", cases[i].file);
        struct ward_error *err = NULL;
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        CHECK_OK(lang_parse(ward_python_requirements_parse, l, rel, true, &err), err);
        size_t n = 0;
        while (n < 8 && cases[i].want[n])
            n++;
        char *d = lang_diff(l, cases[i].want, n);
        if (d) {
            harness_fail(__FILE__, __LINE__, "%s: %s", cases[i].file, d);
            free(d);
            return;
        }
    }
}

/* poetry.lock v1 and v2 of the same flask project list the same 15 packages */
TEST(lang1_python, poetry_v1_v2_agree)
{
    same_set(ward_poetry_lock_parse, TP "python/poetry/testdata/poetry_flask.lock",
             TP "python/poetry/testdata/poetry_v2_flask.lock", 15);
}

/* trivy python/pipenv Pipfile_normal.lock */
TEST(lang1_python, pipfile_lock)
{
    static const char *const want[] = {"certifi@2019.3.9", "chardet@3.0.4",   "idna@2.8",
                                       "pyyaml@5.1",       "requests@2.21.0", "urllib3@1.24.2"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_pipfile_lock_parse, l, TP "python/pipenv/testdata/Pipfile_normal.lock",
                        true, &err),
             err);
    CHECK_SET(l, want);
}

/* uv.lock: the project itself (source = { editable/virtual }) is not a dependency */
TEST(lang1_python, uv_lock_skips_project)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_uv_lock_parse, l, TP "python/uv/testdata/uv_normal.lock", true, &err),
             err);
    CHECK(l->n > 0);
    CHECK(!lang_find(l, "normal"));
    CHECK_STR(l->items[0].cataloger, "python-uv-lock");
}

/* --------------------------------------------------------------------- Node */

/* package-lock v1, v2 and v3 of the same project: one tree, three encodings */
TEST(lang1_node, npm_lock_v1_v2_v3_agree)
{
    same_set(ward_npm_lock_parse, TP "nodejs/npm/testdata/package-lock_v1.json",
             TP "nodejs/npm/testdata/package-lock_v2.json", 31);
    same_set(ward_npm_lock_parse, TP "nodejs/npm/testdata/package-lock_v1.json",
             TP "nodejs/npm/testdata/package-lock_v3.json", 31);
}

/* licences in v3 "packages" entries, legacy array and object forms (trivy fixture) */
TEST(lang1_node, npm_lock_licenses)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_npm_lock_parse, l,
                        TP "nodejs/npm/testdata/package-lock_v3_with_legacy_licenses.json", true,
                        &err),
             err);
    static const char *const want[] = {"mustache@2.3.2", "pause-stream@0.0.11", "tv4@1.3.0"};
    CHECK_SET(l, want);
    CHECK_STR(lang_find(l, "tv4")->licenses, "Public Domain; MIT");
    CHECK_STR(lang_find(l, "pause-stream")->licenses, "MIT; Apache2");
}

/* dev only when every copy is dev (trivy "same dev and non-dev" fixture) */
TEST(lang1_node, npm_lock_dev_flags)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_npm_lock_parse, l,
                        TP "nodejs/npm/testdata/package-lock_v3_with-same-dev-and-non-dev.json",
                        true, &err),
             err);
    CHECK_EQ_SIZE(l->n, 4);
    CHECK(!lang_find(l, "minimist")->dev);
    CHECK(lang_find(l, "mkdirp")->dev);
}

/* workspaces: linked members resolved to their folder's version */
TEST(lang1_node, npm_lock_workspace)
{
    static const char *const want[] = {"debug@2.5.2", "debug@2.6.9", "ms@0.7.2", "ms@2.0.0",
                                       "nested_func@1.0.0"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_npm_lock_parse, l,
                        TP "nodejs/npm/testdata/package-lock_v3_with_workspace.json", true, &err),
             err);
    CHECK_SET(l, want);
}

/* scoped names: pkg:npm/%40scope/name */
TEST(lang1_node, scoped_purl)
{
    static const char lock[] =
        "{\"lockfileVersion\":3,\"packages\":{\"\":{\"dependencies\":{\"@babel/core\":\"7\"}},"
        "\"node_modules/@babel/core\":{\"version\":\"7.1.0\",\"license\":\"MIT\"}}}";
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(ward_npm_lock_parse(l, "/p/package-lock.json", lock, sizeof(lock) - 1, &err), err);
    ward_purl_fill(l, NULL);
    CHECK_EQ_SIZE(l->n, 1);
    CHECK_STR(l->items[0].purl, "pkg:npm/%40babel/core@7.1.0");
    CHECK(!l->items[0].indirect);
}

/* trivy nodejs/packagejson fixtures */
TEST(lang1_node, package_json)
{
    static const struct {
        const char *file, *key, *lic;
    } cases[] = {
        {"package.json", "bootstrap@5.0.2", "MIT"},
        {"legacy_package.json", "angular@4.1.2", "ISC"},
        {"legacy_array_package.json", "tv4@1.3.0", "Public Domain; MIT"},
        {"invalid_name.json", NULL, NULL},
        {"without_name_and_version_package.json", NULL, NULL},
        {"without_version_package.json", NULL, NULL},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        char rel[512];
        snprintf(rel, sizeof(rel), TP "nodejs/packagejson/testdata/%s", cases[i].file);
        struct ward_error *err = NULL;
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        CHECK_OK(lang_parse(ward_npm_package_json_parse, l, rel, true, &err), err);
        if (!cases[i].key) {
            CHECK_MSG(l->n == 0, "%s: %zu packages", cases[i].file, l->n);
            continue;
        }
        const char *const want[] = {cases[i].key};
        CHECK_SET(l, want);
        CHECK_STR(l->items[0].licenses, cases[i].lic);
    }
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) bad = ward_pkglist_new();
    CHECK_EQ_INT(lang_parse(ward_npm_package_json_parse, bad,
                            TP "nodejs/packagejson/testdata/invalid_package.json", true, &err),
                 WARD_EFORMAT);
    ward_error_free(err);
}

/* yarn.lock: registry entries only; aliases resolve to the real package
 * (trivy nodejs/yarn fixtures: git and local sources carry no registry package) */
TEST(lang1_node, yarn)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) git = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_yarn_lock_parse, git, TP "nodejs/yarn/testdata/yarn_with_git.lock",
                        true, &err),
             err);
    CHECK_EQ_SIZE(git->n, 0);
    ward_autoptr(ward_pkglist) happy = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_yarn_lock_parse, happy, TP "nodejs/yarn/testdata/yarn_v2_happy.lock",
                        true, &err),
             err);
    CHECK(happy->n > 10);
    for (size_t i = 0; i < happy->n; i++)
        CHECK_MSG(strchr(happy->items[i].version, ':') == NULL, "%s@%s", happy->items[i].name,
                  happy->items[i].version);
}

/* yarn.lock dev and direct from the package.json beside it, the rule trivy's
 * yarn analyzer applies (its integration golden is checked in test_peers.c):
 * production = reachable from dependencies/optionalDependencies/peerDependencies
 * through the entries' dependency lists (berry patches reach what they patch,
 * aliases resolve); everything else is dev. The same tree written as v1 and as
 * berry must come out alike. */
static const char yarn_v1[] = "# yarn lockfile v1\n\n\n"
                              "a@^1.0.0:\n  version \"1.2.0\"\n  dependencies:\n    c \"^3.0.0\"\n\n"
                              "b@^2.0.0:\n  version \"2.1.0\"\n  dependencies:\n"
                              "    c \"^3.1.0\"\n    d \"~4.0.0\"\n\n"
                              "c@^3.0.0, c@^3.1.0:\n  version \"3.1.5\"\n\n"
                              "d@~4.0.0:\n  version \"4.0.2\"\n  optionalDependencies:\n"
                              "    e \"^5.0.0\"\n\n"
                              "e@^5.0.0:\n  version \"5.0.0\"\n\n"
                              "f@^6.0.0:\n  version \"6.0.0\"\n\n"
                              "\"@s/g@^7.0.0\":\n  version \"7.0.1\"\n  dependencies:\n"
                              "    h \"npm:real-h@^8.0.0\"\n\n"
                              "\"h@npm:real-h@^8.0.0\":\n  version \"8.0.3\"\n";
static const char yarn_berry[] =
    "__metadata:\n  version: 6\n  cacheKey: 8\n\n"
    "\"a@npm:^1.0.0\":\n  version: 1.2.0\n  resolution: \"a@npm:1.2.0\"\n  dependencies:\n"
    "    c: ^3.0.0\n  languageName: node\n  linkType: hard\n\n"
    "\"b@npm:^2.0.0\":\n  version: 2.1.0\n  resolution: \"b@npm:2.1.0\"\n  dependencies:\n"
    "    c: ^3.1.0\n    d: ~4.0.0\n  languageName: node\n  linkType: hard\n\n"
    "\"c@npm:^3.0.0, c@npm:^3.1.0\":\n  version: 3.1.5\n  resolution: \"c@npm:3.1.5\"\n\n"
    "\"d@npm:~4.0.0\":\n  version: 4.0.2\n  resolution: \"d@npm:4.0.2\"\n  dependencies:\n"
    "    e: \"patch:e@npm%3A^5.0.0#~builtin<compat/e>\"\n\n"
    "\"e@npm:^5.0.0\":\n  version: 5.0.0\n  resolution: \"e@npm:5.0.0\"\n\n"
    "\"e@patch:e@npm%3A^5.0.0#~builtin<compat/e>\":\n  version: 5.0.0\n"
    "  resolution: \"e@patch:e@npm%3A5.0.0#~builtin<compat/e>::version=5.0.0&hash=1\"\n\n"
    "\"f@npm:^6.0.0\":\n  version: 6.0.0\n  resolution: \"f@npm:6.0.0\"\n\n"
    "\"@s/g@npm:^7.0.0\":\n  version: 7.0.1\n  resolution: \"@s/g@npm:7.0.1\"\n"
    "  dependencies:\n    h: \"npm:real-h@^8.0.0\"\n  peerDependencies:\n    f: ^6.0.0\n\n"
    "\"h@npm:real-h@^8.0.0\":\n  version: 8.0.3\n  resolution: \"real-h@npm:8.0.3\"\n\n"
    "\"proj@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"proj@workspace:.\"\n"
    "  dependencies:\n    \"@s/g\": ^7.0.0\n    a: ^1.0.0\n    b: ^2.0.0\n"
    "  languageName: unknown\n  linkType: soft\n";

struct yarn_want {
    const char *name;
    bool dev, indirect;
};

static void yarn_check(const char *what, const char *lock, size_t lock_len, const char *manifest,
                       const struct yarn_want *want, size_t n)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(ward_yarn_lock_parse_manifest(l, "/p/yarn.lock", lock, lock_len, manifest,
                                           manifest ? strlen(manifest) : 0, &err),
             err);
    CHECK_MSG(l->n == n, "%s: %zu packages, want %zu", what, l->n, n);
    for (size_t i = 0; i < n; i++) {
        const struct ward_pkg *p = lang_find(l, want[i].name);
        CHECK_MSG(p, "%s: %s missing", what, want[i].name);
        CHECK_MSG(p->dev == want[i].dev && p->indirect == want[i].indirect,
                  "%s: %s dev %d indirect %d, want %d %d", what, want[i].name, p->dev,
                  p->indirect, want[i].dev, want[i].indirect);
    }
}

TEST(lang1_node, yarn_dev_from_package_json)
{
    static const char manifest[] = "{\"name\": \"proj\", \"version\": \"1.0.0\","
                                   " \"dependencies\": {\"a\": \"^1.0.0\"},"
                                   " \"optionalDependencies\": {\"@s/g\": \"^7.0.0\"},"
                                   " \"devDependencies\": {\"b\": \"^2.0.0\"}}";
    static const struct yarn_want want[] = {
        {"a", false, false},     {"c", false, true}, /* from a (and from b) */
        {"@s/g", false, false},  {"real-h", false, true}, /* alias h -> real-h */
        {"b", true, false},      {"d", true, true},
        {"e", true, true}, /* v1: optionalDependencies of d; berry: d's patch of e */
        {"f", true, true}, /* named by nothing (berry: a peer of @s/g, not installed by it) */
    };
    yarn_check("v1", yarn_v1, sizeof(yarn_v1) - 1, manifest, want, WARD_ARRAY_LEN(want));
    yarn_check("berry", yarn_berry, sizeof(yarn_berry) - 1, manifest, want, WARD_ARRAY_LEN(want));
    /* package.json edited since the lock: a range the lockfile lacks still
     * finds the package by name; peerDependencies are production roots */
    static const char edited[] = "{\"dependencies\": {\"a\": \"^1.1.0\"},"
                                 " \"peerDependencies\": {\"f\": \"6\"},"
                                 " \"devDependencies\": {\"b\": \"^2.0.0\", \"@s/g\": \"^7.0.0\"}}";
    static const struct yarn_want want_edited[] = {
        {"a", false, false}, {"c", false, true}, {"f", false, false}, {"@s/g", true, false},
        {"real-h", true, true}, {"b", true, false}, {"d", true, true}, {"e", true, true},
    };
    yarn_check("v1 edited", yarn_v1, sizeof(yarn_v1) - 1, edited, want_edited,
               WARD_ARRAY_LEN(want_edited));
    yarn_check("berry edited", yarn_berry, sizeof(yarn_berry) - 1, edited, want_edited,
               WARD_ARRAY_LEN(want_edited));
    /* no manifest, one that is not a JSON object, or a workspace root (whose
     * members' manifests are not read): nothing is marked */
    static const struct yarn_want none[] = {
        {"a", false, false}, {"c", false, false}, {"@s/g", false, false}, {"real-h", false, false},
        {"b", false, false}, {"d", false, false}, {"e", false, false},    {"f", false, false},
    };
    const char *unmarked[] = {NULL, "[1]", "{\"dependencies\": {\"a\": \"^1.0.0\"",
                              "{\"workspaces\": [\"packages/*\"], \"dependencies\": {\"a\": \"1\"}}"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(unmarked); i++) {
        yarn_check("v1 unmarked", yarn_v1, sizeof(yarn_v1) - 1, unmarked[i], none,
                   WARD_ARRAY_LEN(none));
        yarn_check("berry unmarked", yarn_berry, sizeof(yarn_berry) - 1, unmarked[i], none,
                   WARD_ARRAY_LEN(none));
    }
}

/* pnpm v5 and v6 of the same project */
TEST(lang1_node, pnpm_v5_v6_agree)
{
    same_set(ward_pnpm_lock_parse, TP "nodejs/pnpm/testdata/pnpm-lock_normal.yaml",
             TP "nodejs/pnpm/testdata/pnpm-lock_v6.yaml", 3);
    static const char *const want[] = {"asap@2.0.6", "jquery@3.6.0", "promise@8.1.0"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_pnpm_lock_parse, l, TP "nodejs/pnpm/testdata/pnpm-lock_v6.yaml", true,
                        &err),
             err);
    CHECK_SET(l, want);
}

/* Production packages of l (dev ones dropped, as scan does by default). */
static struct ward_pkglist *prod_only(const struct ward_pkglist *l)
{
    struct ward_pkglist *f = ward_pkglist_new();
    for (size_t i = 0; i < l->n; i++)
        if (!l->items[i].dev)
            *ward_pkglist_add(f) = l->items[i];
    return f;
}

/* pnpm dev: v6 "dev: true" against trivy's parse_testcase (pnpmV6WithDev, made
 * with `pnpm list --prod`); v9 has no flag: production is what an importer's
 * dependencies reach through the snapshots (fixture: jquery and lodash are the
 * root's devDependencies, await-sleep subdir's; ms@2.0.0 stays production,
 * reached through finalhandler -> debug@4.3.4) */
TEST(lang1_node, pnpm_dev)
{
    static const char *const v6_prod[] = {"@babel/runtime@7.22.3", "js-tokens@4.0.0",
                                          "loose-envify@1.4.0",    "react@18.1.0",
                                          "redux@4.2.0",           "regenerator-runtime@0.13.11"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) v6 = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_pnpm_lock_parse, v6, TP "nodejs/pnpm/testdata/pnpm-lock_v6_with_dev.yaml",
                        true, &err),
             err);
    CHECK(v6->n > WARD_ARRAY_LEN(v6_prod));
    ward_autoptr(ward_pkglist) v6p = prod_only(v6);
    CHECK_SET(v6p, v6_prod);

    ward_autoptr(ward_pkglist) v9 = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_pnpm_lock_parse, v9, TP "nodejs/pnpm/testdata/pnpm-lock_v9.yaml", true,
                        &err),
             err);
    static const char *const v9_dev[] = {"jquery", "lodash", "await-sleep"};
    size_t ndev = 0;
    for (size_t i = 0; i < v9->n; i++) {
        bool want = false;
        for (size_t k = 0; k < WARD_ARRAY_LEN(v9_dev); k++)
            want |= strcmp(v9->items[i].name, v9_dev[k]) == 0;
        CHECK_MSG(v9->items[i].dev == want, "%s@%s: dev %d", v9->items[i].name,
                  v9->items[i].version, v9->items[i].dev);
        ndev += want;
    }
    CHECK_EQ_SIZE(ndev, WARD_ARRAY_LEN(v9_dev));
    CHECK(!lang_find(v9, "finalhandler")->indirect && lang_find(v9, "ee-first")->indirect);
    CHECK(!lang_find(v9, "sleep-utils")->indirect && !lang_find(v9, "jquery")->indirect);
}

/* ---------------------------------------------------------------- PHP, Ruby */

/* trivy php/composer composer_happy.lock: 8 packages + 2 in packages-dev */
TEST(lang1_php, composer_lock)
{
    static const char *const want[] = {
        "guzzlehttp/guzzle@6.5.8",
        "guzzlehttp/promises@1.5.2",
        "guzzlehttp/psr7@1.9.0",
        "psr/http-message@1.0.1",
        "ralouphie/getallheaders@3.0.3",
        "symfony/polyfill-intl-idn@v1.27.0",
        "symfony/polyfill-intl-normalizer@v1.27.0",
        "symfony/polyfill-php72@v1.27.0",
        "pear/log@1.13.3",
        "pear/pear_exception@v1.0.2",
    };
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_composer_lock_parse, l, TP "php/composer/testdata/composer_happy.lock",
                        true, &err),
             err);
    CHECK_SET(l, want);
    ward_purl_fill(l, NULL);
    const struct ward_pkg *g = lang_find(l, "guzzlehttp/guzzle");
    CHECK_STR(g->purl, "pkg:composer/guzzlehttp/guzzle@6.5.8");
    CHECK_STR(g->licenses, "MIT");
    CHECK(!g->dev);
    CHECK(lang_find(l, "pear/log")->dev);
}

/* trivy ruby/bundler fixtures */
TEST(lang1_ruby, gemfile_lock)
{
    static const char *const normal[] = {
        "coderay@1.1.2", "concurrent-ruby@1.1.5", "dotenv@2.7.2", "faker@1.9.3",
        "i18n@1.6.0",    "method_source@0.9.2",   "pry@0.12.2"};
    static const char *const b2[] = {
        "coderay@1.1.3", "concurrent-ruby@1.1.10", "dotenv@2.7.6", "faker@2.21.0", "i18n@1.10.0",
        "json@2.6.2",    "method_source@1.0.0",    "pry@0.14.1"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) a = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_gemfile_lock_parse, a, TP "ruby/bundler/testdata/Gemfile_normal.lock",
                        true, &err),
             err);
    CHECK_SET(a, normal);
    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_gemfile_lock_parse, b,
                        TP "ruby/bundler/testdata/Gemfile_bundler2.lock", true, &err),
             err);
    CHECK_SET(b, b2);
    ward_purl_fill(b, NULL);
    CHECK_STR(lang_find(b, "pry")->purl, "pkg:gem/pry@0.14.1");
}

/* installed gemspecs: osv-scalibr ruby/gemspec fixtures and syft's bundler.gemspec */
TEST(lang1_ruby, gemspec)
{
    static const struct {
        const char *file, *key, *lic;
    } cases[] = {
        {SCALIBR "ruby/gemspec/testdata/rss-0.2.9.gemspec", "rss@0.2.9", "BSD-2-Clause"},
        {SCALIBR "ruby/gemspec/testdata/yaml-0.2.1.gemspec", "yaml@0.2.1", "Ruby; BSD-2-Clause"},
        {SCALIBR "ruby/gemspec/testdata/version_inline.gemspec", "example_inline@3.0.0", NULL},
        {"syft/cmd/syft/internal/test/integration/testdata/image-pkg-coverage/pkgs/ruby/"
         "specifications/bundler.gemspec",
         "bundler@2.1.4", "MIT"},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        struct ward_error *err = NULL;
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        CHECK_OK(lang_parse(ward_gemspec_parse, l, cases[i].file, true, &err), err);
        const char *const want[] = {cases[i].key};
        CHECK_SET(l, want);
        if (cases[i].lic)
            CHECK_STR(l->items[0].licenses, cases[i].lic);
    }
    static const char *const bad[] = {"badspec.gemspec", "empty.gemspec", "invalid.gemspec"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        char rel[512];
        snprintf(rel, sizeof(rel), SCALIBR "ruby/gemspec/testdata/%s", bad[i]);
        struct ward_error *err = NULL;
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        CHECK_EQ_INT(lang_parse(ward_gemspec_parse, l, rel, true, &err), WARD_EFORMAT);
        ward_error_free(err);
    }
}

/* ------------------------------------------------------ .NET, Elixir, Dart */

TEST(lang1_dotnet, nuget_lock_config_deps)
{
    struct ward_error *err = NULL;
    static const char *const lock[] = {"Newtonsoft.Json@12.0.3", "NuGet.Frameworks@5.7.0"};
    ward_autoptr(ward_pkglist) a = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_nuget_lock_parse, a,
                        TP "nuget/lock/testdata/packages_lock_simple.json", true, &err),
             err);
    CHECK_SET(a, lock);
    ward_purl_fill(a, NULL);
    CHECK_STR(lang_find(a, "Newtonsoft.Json")->purl, "pkg:nuget/Newtonsoft.Json@12.0.3");
    CHECK(!lang_find(a, "NuGet.Frameworks")->indirect); /* "type": "Direct" */

    static const char *const cfg[] = {"Microsoft.AspNet.WebApi@5.2.2", "Newtonsoft.Json@6.0.4"};
    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_packages_config_parse, b, TP "nuget/config/testdata/packages.config",
                        true, &err),
             err);
    CHECK_SET(b, cfg);
    ward_autoptr(ward_pkglist) c = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_packages_config_parse, c,
                        TP "nuget/config/testdata/dev_dependency.config", true, &err),
             err);
    CHECK(lang_find(c, "Microsoft.Net.Compilers")->dev);
    CHECK(!lang_find(c, "Newtonsoft.Json")->dev);

    static const char *const deps[] = {"Newtonsoft.Json@13.0.1"};
    ward_autoptr(ward_pkglist) d = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_dotnet_deps_parse, d, TP "dotnet/core_deps/testdata/happy.deps.json",
                        true, &err),
             err);
    CHECK_SET(d, deps);
    ward_autoptr(ward_pkglist) e = ward_pkglist_new();
    CHECK_EQ_INT(lang_parse(ward_dotnet_deps_parse, e,
                            TP "dotnet/core_deps/testdata/invalid.deps.json", true, &err),
                 WARD_EFORMAT);
    ward_error_free(err);
}

TEST(lang1_elixir, mix_lock)
{
    static const char *const want[] = {"bunt@0.2.0", "credo@1.6.6", "file_system@0.2.10",
                                       "jason@1.3.0"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_mix_lock_parse, l, TP "hex/mix/testdata/happy.mix.lock", true, &err),
             err);
    CHECK_SET(l, want);
    ward_purl_fill(l, NULL);
    CHECK_STR(lang_find(l, "credo")->purl, "pkg:hex/credo@1.6.6");
    ward_autoptr(ward_pkglist) e = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_mix_lock_parse, e, TP "hex/mix/testdata/empty.mix.lock", true, &err),
             err);
    CHECK_EQ_SIZE(e->n, 0);
}

/* SDK packages (flutter_test 0.0.0) are not listed */
TEST(lang1_dart, pubspec_lock)
{
    static const char *const want[] = {"crypto@3.0.2", "uuid@3.0.6"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_pubspec_lock_parse, l, TP "dart/pub/testdata/happy.lock", true, &err),
             err);
    CHECK_SET(l, want);
    ward_purl_fill(l, NULL);
    CHECK_STR(lang_find(l, "crypto")->purl, "pkg:pub/crypto@3.0.2");
    CHECK(lang_find(l, "uuid")->indirect);
    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK_EQ_INT(
        lang_parse(ward_pubspec_lock_parse, b, TP "dart/pub/testdata/broken.lock", true, &err),
        WARD_EFORMAT);
    ward_error_free(err);
}

/* ------------------------------------------------------------ path routing */

TEST(lang1_catalogers, routes_paths)
{
    static const struct {
        const char *path, *cataloger;
        bool project;
    } cases[] = {
        {"/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA", "python-dist-info", false},
        {"/usr/lib/python3.11/site-packages/x.egg-info/PKG-INFO", "python-egg-info", false},
        {"/app/requirements-dev.txt", "python-requirements", true},
        {"/app/poetry.lock", "python-poetry-lock", true},
        {"/app/uv.lock", "python-uv-lock", true},
        {"/app/Pipfile.lock", "python-pipfile-lock", true},
        {"/app/node_modules/left-pad/package.json", "npm-package-json", false},
        {"/app/package-lock.json", "npm-package-lock", true},
        {"/app/yarn.lock", "yarn-lock", true},
        {"/app/pnpm-lock.yaml", "pnpm-lock", true},
        {"/app/composer.lock", "php-composer-lock", true},
        {"/app/vendor/composer/installed.json", "php-composer-installed", true},
        {"/srv/installed.json", "php-composer-installed", true},
        {"/app/pylock.toml", "python-pylock", true},
        {"/app/pylock.dev.toml", "python-pylock", true},
        {"/app/Directory.Packages.props", "dotnet-packages-props", true},
        {"/app/Packages.props", "dotnet-packages-props", true},
        {"/app/build.sbt.lock", "sbt-lock", true},
        {"/app/Gemfile.lock", "ruby-gemfile-lock", true},
        {"/usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec", "ruby-gemspec", false},
        {"/app/packages.lock.json", "dotnet-packages-lock", true},
        {"/app/App.deps.json", "dotnet-deps", true},
        {"/app/mix.lock", "elixir-mix-lock", true},
        {"/app/pubspec.lock", "dart-pubspec-lock", true},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        const struct ward_cataloger *c = ward_cataloger_for_path(cases[i].path, false);
        CHECK_MSG(c && !strcmp(c->name, cases[i].cataloger), "%s -> %s", cases[i].path,
                  c ? c->name : "(none)");
        const struct ward_cataloger *pc = ward_cataloger_for_path(cases[i].path, true);
        CHECK_MSG((pc != NULL) == cases[i].project, "%s in a project dir", cases[i].path);
    }
}

/* ------------------------------------------ pylock.toml, Directory.Packages.props */

/* trivy python/pylock pylock.toml: ten [[packages]], ham 3.0.0 twice (two markers)
 * -> nine name@version; sad.toml ("[") is not TOML */
TEST(lang1_python, pylock_toml)
{
    static const char *const want[] = {
        "attrs@25.4.0", "certifi@2025.10.5", "charset-normalizer@3.4.3",
        "idna@3.10",    "requests@2.32.5",   "urllib3@2.5.0",
        "spam@1.0.0",   "spam@1.1.0",        "ham@3.0.0",
    };
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_pylock_toml_parse, l, TP "python/pylock/testdata/pylock.toml", true,
                        &err),
             err);
    CHECK_SET(l, want);
    CHECK_EQ_SIZE(l->n, 9);
    ward_purl_fill(l, NULL);
    CHECK_STR(lang_find(l, "charset-normalizer")->purl, "pkg:pypi/charset-normalizer@3.4.3");
    CHECK_STR(lang_find(l, "idna")->ecosystem, "PyPI");
    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK_EQ_INT(
        lang_parse(ward_pylock_toml_parse, b, TP "python/pylock/testdata/sad.toml", true, &err),
        WARD_EFORMAT);
    ward_error_free(err);
    err = NULL;
    CHECK_EQ_SIZE(b->n, 0);
    /* trivy's integration fixture (golden: click, colorama, werkzeug) */
    static const char *const repo[] = {"click@8.1.3", "colorama@0.4.6", "werkzeug@0.11.1"};
    ward_autoptr(ward_pkglist) r = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_pylock_toml_parse, r,
                        "trivy/integration/testdata/fixtures/repo/pylock/pylock.toml", false,
                        &err),
             err);
    CHECK_SET(r, repo);
}

/* trivy nuget/packagesprops fixtures: Update wins over Include, values trimmed,
 * $(properties) and empty values skipped, items only inside <Project><ItemGroup> */
TEST(lang1_dotnet, packages_props)
{
    const struct {
        const char *file;
        const char *const *want;
        size_t n;
    } cases[] = {
        {"packages.props",
         (const char *const[]){"Microsoft.Extensions.Configuration@2.1.1",
                               "Microsoft.Extensions.DependencyInjection.Abstractions@2.2.1",
                               "Microsoft.Extensions.Http@3.2.1"},
         3},
        {"Directory.Packages.props",
         (const char *const[]){"PackageOne@6.2.3", "PackageTwo@6.0.0", "PackageThree@2.4.1"}, 3},
        {"several_item_groups",
         (const char *const[]){"PackageOne@6.2.3", "PackageTwo@6.0.0", "PackageThree@2.4.1"}, 3},
        {"variables_and_empty", (const char *const[]){"PackageFour@2.4.1"}, 1},
        {"no_item_group.props", (const char *const[]){""}, 0}, /* want none */
    };
    struct ward_error *err = NULL;
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        char *rel = ward_xasprintf(TP "nuget/packagesprops/testdata/%s", cases[i].file);
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        int rc = lang_parse(ward_packages_props_parse, l, rel, true, &err);
        CHECK_MSG(rc == 0, "%s: rc %d", rel, rc);
        ward_error_free(err);
        err = NULL;
        char *d = lang_diff(l, cases[i].want, cases[i].n);
        CHECK_MSG(d == NULL, "%s: %s", rel, d ? d : "");
        free(d);
        free(rel);
    }
    /* the root is an ItemGroup: not an MSBuild project */
    ward_autoptr(ward_pkglist) np = ward_pkglist_new();
    CHECK_EQ_INT(lang_parse(ward_packages_props_parse, np,
                            TP "nuget/packagesprops/testdata/no_project.props", true, &err),
                 WARD_EFORMAT);
    ward_error_free(err);
    err = NULL;
    CHECK_EQ_SIZE(np->n, 0);
    /* trivy's analyzer fixture (PackageVersion form) and the integration fixture */
    ward_autoptr(ward_pkglist) a = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_packages_props_parse, a,
                        "trivy/pkg/fanal/analyzer/language/dotnet/packagesprops/testdata/"
                        "Packages.props",
                        false, &err),
             err);
    static const char *const an[] = {"Package1@22.1.4", "Package2@2.3.0"};
    CHECK_SET(a, an);
    ward_autoptr(ward_pkglist) r = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_packages_props_parse, r,
                        "trivy/integration/testdata/fixtures/repo/packagesprops/"
                        "Directory.Packages.props",
                        false, &err),
             err);
    static const char *const rn[] = {"Newtonsoft.Json@9.0.1"};
    CHECK_SET(r, rn);
    ward_purl_fill(r, NULL);
    CHECK_STR(r->items[0].purl, "pkg:nuget/Newtonsoft.Json@9.0.1");
    CHECK_STR(r->items[0].cataloger, "dotnet-packages-props");
}

/* a vendor directory copied without its composer/ parent: trivy's composer-vendor
 * fixture (golden: guzzlehttp/psr7 1.8.3, psr/http-message 1.1,
 * ralouphie/getallheaders 3.0.3) */
TEST(lang1_php, composer_vendor_bare_installed_json)
{
    static const char *const want[] = {"guzzlehttp/psr7@1.8.3", "psr/http-message@1.1",
                                       "ralouphie/getallheaders@3.0.3"};
    const char *rel = "trivy/integration/testdata/fixtures/repo/composer-vendor/installed.json";
    const struct ward_cataloger *c = ward_cataloger_for_path(rel, true);
    CHECK(c && c->fn == ward_composer_installed_parse);
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_composer_installed_parse, l, rel, false, &err), err);
    CHECK_SET(l, want);
}
