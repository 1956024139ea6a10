/* test_peers.c - the language catalogers against expectations parsed from the
 * peers' own files: trivy's integration goldens (full package lists with purls
 * and licences, fixtures under integration/testdata/fixtures/repo) and the
 * per-file package counts in osv-scanner's scan/source command snapshot. */
#include "../lang_util.h"
#include "util/json_in.h"

#include <stdlib.h>
#include <string.h>

#define TRIVY_IT "trivy/integration/testdata/"

/* Copy of l's packages that pass keep (strings stay in l's arena). */
static struct ward_pkglist *filtered(const struct ward_pkglist *l, bool include_dev)
{
    struct ward_pkglist *f = ward_pkglist_new();
    for (size_t i = 0; i < l->n; i++)
        if (include_dev || !l->items[i].dev)
            *ward_pkglist_add(f) = l->items[i];
    return f;
}

static char *join_licenses(json_t *arr)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (b.len)
            ward_buf_adds(&b, "; ");
        ward_buf_adds(&b, json_string_value(v) ? json_string_value(v) : "");
    }
    return ward_buf_steal(&b);
}

/* Compare what fn finds in fixture with the "Packages" of the golden's result
 * for that target: same name@version set (trivy's "root" project entry aside),
 * same purl, same licences where trivy lists them, same dev flag. */
/* Licence of name as ward's package.json cataloger reads it from the
 * fixture's node_modules/<name>/package.json (NULL when absent). */
static char *node_modules_license(const char *fixture, const char *name)
{
    char rel[1024];
    const char *slash = strrchr(fixture, '/');
    snprintf(rel, sizeof(rel), "%s/%.*s/node_modules/%s/package.json", harness_testdata(),
             (int)(slash - fixture), fixture, name);
    size_t len;
    char *data = harness_slurp(rel, &len);
    if (!data)
        return NULL;
    struct ward_pkglist *l = ward_pkglist_new();
    struct ward_error *err = NULL;
    char *lic = NULL;
    if (ward_npm_package_json_parse(l, rel, data, len, &err) == 0 && l->n && l->items[0].licenses)
        lic = ward_xstrdup(l->items[0].licenses);
    ward_error_free(err);
    ward_pkglist_free(l);
    free(data);
    return lic;
}

/* node_modules: trivy merges the licences of node_modules/<name>/package.json
 * into the lockfile's packages; ward lists those manifests as packages of
 * their own, so the licence is checked against ward's package.json reading. */
static void check_golden_ex(const char *golden, const char *fixture, ward_cataloger_fn fn,
                            bool include_dev, bool node_modules, const char *const *extra,
                            size_t n_extra)
{
    struct ward_error *err = NULL;
    char gp[2048];
    size_t glen;
    snprintf(gp, sizeof(gp), "%s/" TRIVY_IT "%s", harness_testdata(), golden);
    ward_autofree char *gdata = harness_slurp(gp, &glen);
    CHECK_MSG(gdata, "missing %s", gp);
    ward_autojson doc = NULL;
    CHECK_OK(ward_json_parse(&doc, gdata, glen, 0, &err), err);
    json_t *pkgs = NULL, *r;
    size_t i;
    json_array_foreach(ward_jarr(doc, "Results"), i, r)
    {
        if (ward_jarr(r, "Packages")) {
            pkgs = ward_jarr(r, "Packages");
            break;
        }
    }
    CHECK_MSG(pkgs, "%s: no Packages", golden);

    ward_autoptr(ward_pkglist) all = ward_pkglist_new();
    CHECK_OK(lang_parse(fn, all, fixture, true, &err), err);
    ward_purl_fill(all, NULL);
    ward_autoptr(ward_pkglist) got = filtered(all, include_dev);

    const char **want = ward_xcalloc(json_array_size(pkgs) + n_extra + 1, sizeof(char *));
    size_t nw = 0;
    for (size_t k = 0; k < n_extra; k++)
        want[nw++] = ward_xstrdup(extra[k]);
    json_t *p;
    json_array_foreach(pkgs, i, p)
    {
        const char *rel = ward_jstr(p, "Relationship");
        if (rel && strcmp(rel, "root") == 0)
            continue; /* the scanned project itself: ward lists dependencies only */
        const char *name = ward_jstr(p, "Name"), *ver = ward_jstr(p, "Version");
        want[nw++] = ward_xasprintf("%s@%s", name, ver);
        const struct ward_pkg *w = NULL;
        for (size_t k = 0; k < got->n && !w; k++)
            if (!strcmp(got->items[k].name, name) && !strcmp(got->items[k].version, ver))
                w = &got->items[k];
        if (!w)
            continue; /* reported by the set comparison below */
        const char *purl = ward_jstr(ward_jobj(p, "Identifier"), "PURL");
        if (purl && (!w->purl || strcmp(w->purl, purl) != 0))
            harness_fail(__FILE__, __LINE__, "%s %s: purl %s, trivy %s", golden, want[nw - 1],
                         w->purl ? w->purl : "(null)", purl);
        json_t *lic = ward_jarr(p, "Licenses");
        if (lic && json_array_size(lic)) {
            ward_autofree char *l = join_licenses(lic);
            ward_autofree char *nm = node_modules ? node_modules_license(fixture, name) : NULL;
            const char *mine = node_modules ? nm : w->licenses;
            if (!mine || strcmp(mine, l) != 0)
                harness_fail(__FILE__, __LINE__, "%s %s: licenses %s, trivy %s", golden,
                             want[nw - 1], mine ? mine : "(null)", l);
        }
        if (include_dev && ward_jbool(p, "Dev", false) != w->dev)
            harness_fail(__FILE__, __LINE__, "%s %s: dev %d, trivy %d", golden, want[nw - 1],
                         w->dev, ward_jbool(p, "Dev", false));
    }
    char *d = lang_diff(got, want, nw);
    for (size_t k = 0; k < nw; k++)
        free((char *)want[k]);
    free(want);
    if (d) {
        harness_fail(__FILE__, __LINE__, "%s: package set differs: %s", golden, d);
        free(d);
        return;
    }
    printf("# %s: %zu packages, as trivy (%zu known extra)\n", golden, got->n, n_extra);
}

static void check_golden(const char *golden, const char *fixture, ward_cataloger_fn fn,
                         bool include_dev)
{
    check_golden_ex(golden, fixture, fn, include_dev, false, NULL, 0);
}

TEST(lang1_trivy_golden, pip_requirements)
{
    check_golden("pip.json.golden", TRIVY_IT "fixtures/repo/pip/requirements.txt",
                 ward_python_requirements_parse, true);
}

TEST(lang1_trivy_golden, pipenv)
{
    check_golden("pipenv.json.golden", TRIVY_IT "fixtures/repo/pipenv/Pipfile.lock",
                 ward_pipfile_lock_parse, false);
}

TEST(lang1_trivy_golden, uv)
{
    check_golden("uv.json.golden", TRIVY_IT "fixtures/repo/uv/uv.lock", ward_uv_lock_parse, true);
}

TEST(lang1_trivy_golden, npm_lock_without_dev)
{
    check_golden_ex("npm.json.golden", TRIVY_IT "fixtures/repo/npm/package-lock.json",
                    ward_npm_lock_parse, false, true, NULL, 0);
}

TEST(lang1_trivy_golden, npm_lock_with_dev)
{
    check_golden_ex("npm-with-dev.json.golden", TRIVY_IT "fixtures/repo/npm/package-lock.json",
                    ward_npm_lock_parse, true, true, NULL, 0);
}

/* yarn.lock with the package.json beside it, as the scanner hands them over. */
static int yarn_with_manifest(struct ward_pkglist *out, const char *path, const char *data,
                              size_t len, struct ward_error **err)
{
    char mp[2048];
    const char *slash = strrchr(path, '/');
    snprintf(mp, sizeof(mp), "%s%.*s/package.json", harness_testdata(),
             (int)(slash ? slash - path : 0), path);
    size_t mlen = 0;
    ward_autofree char *m = harness_slurp(mp, &mlen);
    return ward_yarn_lock_parse_manifest(out, path, data, len, m, m ? mlen : 0, err);
}

TEST(lang1_trivy_golden, yarn)
{
    /* yarn.lock has no dev marker: trivy drops promise (a devDependency of the
     * fixture's package.json) and asap (reached only through it), as ward does
     * by default with the package.json beside the lockfile */
    check_golden_ex("yarn.json.golden", TRIVY_IT "fixtures/repo/yarn/yarn.lock",
                    yarn_with_manifest, false, true, NULL, 0);
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(yarn_with_manifest, l, TRIVY_IT "fixtures/repo/yarn/yarn.lock", true,
                        &err),
             err);
    static const char *const all[] = {"asap@2.0.6", "jquery@3.2.1", "promise@8.0.3"};
    CHECK_SET(l, all);
    /* trivy's golden: jquery is the one direct production dependency */
    CHECK(!lang_find(l, "jquery")->dev && !lang_find(l, "jquery")->indirect);
    CHECK(lang_find(l, "promise")->dev && !lang_find(l, "promise")->indirect);
    CHECK(lang_find(l, "asap")->dev && lang_find(l, "asap")->indirect);
    /* without a manifest the lockfile alone says nothing about dev */
    ward_autoptr(ward_pkglist) bare = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_yarn_lock_parse, bare, TRIVY_IT "fixtures/repo/yarn/yarn.lock", true,
                        &err),
             err);
    CHECK_SET(bare, all);
    for (size_t i = 0; i < bare->n; i++)
        CHECK_MSG(!bare->items[i].dev && !bare->items[i].indirect, "%s", bare->items[i].name);
}

TEST(lang1_trivy_golden, pubspec)
{
    check_golden("pubspec.lock.json.golden", TRIVY_IT "fixtures/repo/pubspec/pubspec.lock",
                 ward_pubspec_lock_parse, true);
}

TEST(lang1_trivy_golden, dotnet_deps)
{
    check_golden("dotnet.json.golden", TRIVY_IT "fixtures/repo/dotnet/datacollector.deps.json",
                 ward_dotnet_deps_parse, true);
}

TEST(lang1_trivy_golden, composer_installed)
{
    check_golden("composer.vendor.json.golden",
                 TRIVY_IT "fixtures/repo/composer-vendor/installed.json",
                 ward_composer_installed_parse, true);
}

/* ------------------------------------------------------ osv-scanner snapshot */

#define OSV_SRC "osv-scanner/cmd/osv-scanner/scan/source/"

static ward_cataloger_fn parser_for(const char *file)
{
    const char *b = strrchr(file, '/');
    b = b ? b + 1 : file;
    static const struct {
        const char *base;
        ward_cataloger_fn fn;
    } map[] = {
        {"package-lock.json", ward_npm_lock_parse},
        {"my-package-lock.json", ward_npm_lock_parse}, /* scanned with -L package-lock.json: */
        {"yarn.lock", ward_yarn_lock_parse},
        {"my-yarn.lock", ward_yarn_lock_parse},
        {"composer.lock", ward_composer_lock_parse},
        {"Gemfile.lock", ward_gemfile_lock_parse},
        {"gems.locked", ward_gemfile_lock_parse},
        {"packages.config", ward_packages_config_parse},
        {"packages.lock.json", ward_nuget_lock_parse},
        {"depsjson", ward_dotnet_deps_parse}, /* -L deps.json:... */
        {"uv.lock", ward_uv_lock_parse},
        {"poetry.lock", ward_poetry_lock_parse},
        {"Pipfile.lock", ward_pipfile_lock_parse},
        {"pnpm-lock.yaml", ward_pnpm_lock_parse},
        {"pubspec.lock", ward_pubspec_lock_parse},
        {"mix.lock", ward_mix_lock_parse},
        {"bun.lock", ward_bun_lock_parse},
        {"Package.resolved", ward_swift_resolved_parse},
        {"Podfile.lock", ward_podfile_lock_parse},
        {"conan.lock", ward_conan_lock_parse},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(map); i++)
        if (!strcmp(b, map[i].base))
            return map[i].fn;
    if (strstr(b, "requirements") && strlen(b) > 4 && !strcmp(b + strlen(b) - 4, ".txt"))
        return ward_python_requirements_parse;
    return NULL;
}

/* Where ward's count differs from osv-scanner's by design. */
static const struct {
    const char *file;
    long delta; /* osv-scanner's count minus ward's */
    const char *why;
} known_deltas[] = {
    {"testdata/locks-requirements/requirements-transitive.txt", 3,
     "osv-scanner follows \"-r requirements.txt\" (3 pins); ward catalogs that file on its own"},
    {"testdata/locks-scalibr/depsjson", 1,
     "osv-scalibr counts the app's own \"project\" library; ward lists dependencies only"},
    {"testdata/locks-bun-shorthash/bun.lock", 1,
     "osv-scanner lists a git dependency (github:org/repo#sha); ward's bun.lock cataloger "
     "lists registry versions only"},
};

TEST(lang1_osv_snapshot, per_file_counts)
{
    char sp[2048];
    size_t slen;
    snprintf(sp, sizeof(sp), "%s/" OSV_SRC "__snapshots__/command_test.snap", harness_testdata());
    ward_autofree char *snap = harness_slurp(sp, &slen);
    CHECK_MSG(snap, "missing %s", sp);
    static const char pre[] = "Scanned <rootdir>/", mid[] = " and found ";
    char *seen[256];
    size_t nseen = 0, checked = 0, agree = 0;
    for (char *s = snap; (s = strstr(s, pre)) != NULL; s += sizeof(pre) - 1) {
        char *f = s + sizeof(pre) - 1;
        char *sp1 = strchr(f, ' ');
        char *m = strstr(f, mid);
        char *eol = strchr(f, '\n');
        if (!sp1 || !m || (eol && m > eol) || strncmp(sp1, " file ", 6) != 0)
            continue;
        char rel[512];
        snprintf(rel, sizeof(rel), "%.*s", (int)(sp1 - f), f);
        long want = strtol(m + sizeof(mid) - 1, NULL, 10);
        ward_cataloger_fn fn = parser_for(rel);
        if (!fn)
            continue;
        bool dup = false;
        for (size_t i = 0; i < nseen && !dup; i++)
            dup = !strcmp(seen[i], rel);
        if (dup || nseen == WARD_ARRAY_LEN(seen))
            continue;
        seen[nseen++] = ward_xstrdup(rel);
        char full[1024], abs[2048];
        snprintf(full, sizeof(full), OSV_SRC "%s", rel);
        snprintf(abs, sizeof(abs), "%s/%s", harness_testdata(), full);
        FILE *probe = fopen(abs, "rb");
        if (!probe)
            continue; /* snapshot of a temp dir or a fixture not shipped */
        fclose(probe);
        struct ward_error *err = NULL;
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        int rc = lang_parse(fn, l, full, true, &err);
        checked++;
        if (rc < 0) {
            harness_fail(__FILE__, __LINE__, "%s: %s", rel, err ? err->msg : "?");
            ward_error_free(err);
            continue;
        }
        for (size_t k = 0; k < WARD_ARRAY_LEN(known_deltas); k++)
            if (!strcmp(rel, known_deltas[k].file)) {
                printf("# %s: %s\n", rel, known_deltas[k].why);
                want -= known_deltas[k].delta;
            }
        if ((long)l->n != want)
            harness_fail(__FILE__, __LINE__, "%s: %zu packages, osv-scanner found %ld", rel, l->n,
                         want);
        else
            agree++;
    }
    for (size_t i = 0; i < nseen; i++)
        free(seen[i]);
    printf("# osv-scanner snapshot: %zu lockfiles checked, %zu agree\n", checked, agree);
    CHECK(checked >= 30);
}
