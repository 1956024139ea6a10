/* test_ranges.c - node-semver ranges (node-semver's own range-include
 * fixture plus exclusions from its documented rules) and OSV range events
 * (introduced/fixed/last_affected/limit, unsorted, several intervals). */
#include "harness.h"
#include "version/version.h"

#include <stdlib.h>

static unsigned npm_flags(const char *opt)
{
    unsigned f = 0;
    if (!opt || !*opt)
        return 0;
    if (strcmp(opt, "true") == 0)
        return WARD_VERSION_NPM_LOOSE;
    if (strstr(opt, "\"includePrerelease\":true"))
        f |= WARD_VERSION_NPM_INCLUDE_PRERELEASE;
    /* {"loose":X}: JavaScript truthiness of X */
    const char *l = strstr(opt, "\"loose\":");
    if (l) {
        l += 8;
        if (strncmp(l, "0", 1) != 0 && strncmp(l, "null", 4) != 0 && strncmp(l, "false", 5) != 0)
            f |= WARD_VERSION_NPM_LOOSE;
    }
    return f;
}

TEST(version_npm, node_semver_range_include)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/version-vectors/semver/node-semver-range-include.tsv",
             harness_testdata());
    size_t len, pass = 0, fail = 0;
    char *data = harness_slurp(path, &len);
    CHECK(data);
    for (char *line = data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (line[0] == '#')
            continue;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t1)
            continue;
        *t1 = '\0';
        if (t2)
            *t2 = '\0';
        /* the fixture writes a tab inside a range as the two characters \t */
        char range[256];
        size_t o = 0;
        for (const char *p = line; *p && o + 1 < sizeof(range); p++) {
            if (p[0] == '\\' && p[1] == 't') {
                range[o++] = '\t';
                p++;
            } else {
                range[o++] = *p;
            }
        }
        range[o] = '\0';
        bool ok = false;
        struct ward_error *err = NULL;
        int rc =
            ward_version_npm_satisfies(t1 + 1, range, npm_flags(t2 ? t2 + 1 : NULL), &ok, &err);
        ward_error_free(err);
        if (rc == 0 && ok) {
            pass++;
        } else {
            printf("# '%s' does not satisfy '%s' (opts %s)\n", t1 + 1, range, t2 ? t2 + 1 : "");
            fail++;
        }
    }
    free(data);
    printf("# node-semver-range-include.tsv: %zu passed, %zu failed\n", pass, fail);
    CHECK(pass > 100);
    CHECK_EQ_SIZE(fail, 0);
}

static bool sat(const char *v, const char *r, unsigned f)
{
    bool ok = true;
    struct ward_error *err = NULL;
    if (ward_version_npm_satisfies(v, r, f, &ok, &err) < 0)
        ok = true; /* make the CHECK below fail loudly */
    ward_error_free(err);
    return ok;
}

TEST(version_npm, exclusions)
{
    /* rules from node-semver's README */
    CHECK(!sat("2.0.0", "1.0.0 - 2.0.0 >=3", 0));
    CHECK(!sat("2.0.1", "1.0.0 - 2.0.0", 0));
    CHECK(!sat("1.3.0", "~1.2.1", 0));
    CHECK(!sat("2.0.0", "^1.2.3", 0));
    CHECK(!sat("0.2.0", "^0.1.2", 0));
    CHECK(!sat("0.0.2", "^0.0.1", 0));
    CHECK(!sat("1.2.3-beta", "^1.2.0", 0)); /* prerelease of another tuple */
    CHECK(sat("1.2.3-beta", "^1.2.0", WARD_VERSION_NPM_INCLUDE_PRERELEASE));
    CHECK(sat("1.2.3-beta.4", ">1.2.3-alpha.3", 0)); /* same tuple */
    CHECK(!sat("3.4.5-alpha.9", ">1.2.3-alpha.3", 0));
    CHECK(!sat("1.2.3", "<1.2.3", 0));
    CHECK(!sat("2.0.0", "<=1.x", 0));
    CHECK(!sat("1.9.9", ">1", 0));
    CHECK(!sat("1.0.0", ">1.0.0 || <1.0.0", 0));
    CHECK(!sat("1.2.3", "not a range", 0));
    CHECK(!sat("not-a-version", "*", 0));
    CHECK(!sat("1.2.3pre", "*", 0)); /* loose spelling, strict mode */
    CHECK(sat("1.2.3", "1.2.3pre - 2", WARD_VERSION_NPM_LOOSE));
    CHECK(!sat("1.2.3", "<*", 0));
    CHECK(!sat("01.2.3", "*", 0));
    CHECK(sat("1.2.4", "1.2.3 || 1.2.4", 0));
}

static bool affected(const char *eco, const char *v, const char *intro, const char *fixed,
                     const char *last, const char *limit)
{
    bool a = false;
    struct ward_error *err = NULL;
    int rc = ward_version_in_range(eco, v, intro, fixed, last, limit, &a, &err);
    ward_error_free(err);
    return rc == 0 && a;
}

TEST(version_osv, introduced_fixed)
{
    CHECK(affected("Debian:12", "1.0-1", "0", "1.2-1", NULL, NULL));
    CHECK(affected("Debian:12", "1.2~rc1-1", "0", "1.2-1", NULL, NULL));
    CHECK(!affected("Debian:12", "1.2-1", "0", "1.2-1", NULL, NULL));
    CHECK(!affected("Debian:12", "1:0.1-1", "0", "1.2-1", NULL, NULL)); /* epoch wins */
    CHECK(!affected("PyPI", "1.0", "1.1", "2.0", NULL, NULL));
    CHECK(affected("PyPI", "1.1", "1.1", "2.0", NULL, NULL));
    CHECK(affected("PyPI", "2.0rc1", "1.1", "2.0", NULL, NULL));
    CHECK(affected("Go", "v1.4.0", NULL, "1.5.0", NULL, NULL));
    CHECK(affected("Alpine:v3.19", "1.2.3-r0", "0", "1.2.3-r1", NULL, NULL));
    CHECK(affected("Red Hat", "0:2.17-325.el8", "0", "0:2.17-326.el8", NULL, NULL));
    /* Kubernetes components (KBOM pkg:k8s): trivy's kubelet CVE-2023-2431 fixture
     * ranges ">= 1.27.0, < 1.27.1" and ">= 1.26.0, < 1.26.4"; "v" optional */
    CHECK(affected("Kubernetes", "1.27.0", "1.27.0", "1.27.1", NULL, NULL));
    CHECK(affected("Kubernetes", "v1.27.0", "1.27.0", "1.27.1", NULL, NULL));
    CHECK(!affected("Kubernetes", "v1.27.1", "1.27.0", "1.27.1", NULL, NULL));
    CHECK(!affected("Kubernetes", "1.26.4", "1.26.0", "1.26.4", NULL, NULL));
}

TEST(version_osv, last_affected_and_limit)
{
    CHECK(affected("npm", "1.5.0", "1.0.0", NULL, "1.5.0", NULL));
    CHECK(!affected("npm", "1.5.1", "1.0.0", NULL, "1.5.0", NULL));
    CHECK(affected("npm", "1.5.0-beta", "1.0.0", NULL, "1.5.0", NULL));
    CHECK(affected("crates.io", "1.9.0", "1.0.0", NULL, NULL, "2.0.0"));
    CHECK(!affected("crates.io", "2.0.0", "1.0.0", NULL, NULL, "2.0.0"));
    CHECK(affected("crates.io", "3.0.0", "1.0.0", NULL, NULL, "*"));
    CHECK(!affected("Maven", "0.9", "1.0", NULL, NULL, NULL));
    CHECK(affected("Maven", "1.0-SNAPSHOT", "0", "1.0", NULL, NULL));
}

TEST(version_osv, unsorted_events_several_intervals)
{
    /* two intervals given out of order: [1.0, 1.2) and [2.0, 2.3) */
    struct ward_version_event ev[] = {
        {WARD_VERSION_FIXED, "2.3.0"},
        {WARD_VERSION_INTRODUCED, "1.0.0"},
        {WARD_VERSION_INTRODUCED, "2.0.0"},
        {WARD_VERSION_FIXED, "1.2.0"},
    };
    static const struct {
        const char *v;
        bool want;
    } cases[] = {{"0.9.0", false}, {"1.0.0", true},  {"1.1.9", true},
                 {"1.2.0", false}, {"1.9.0", false}, {"2.0.0", true},
                 {"2.2.9", true},  {"2.3.0", false}, {"9.0.0", false}};
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        bool a = !cases[i].want;
        struct ward_error *err = NULL;
        CHECK_OK(ward_version_events_affected(WARD_VERSION_SEMVER, cases[i].v, ev, 4, &a, &err),
                 err);
        CHECK_MSG(a == cases[i].want, "%s: want %d", cases[i].v, cases[i].want);
    }
}

TEST(version_osv, errors)
{
    struct ward_error *err = NULL;
    bool a;
    int r;
    CHECK(ward_version_compare("NoSuchEcosystem", "1", "2", &r, &err) == WARD_EUNSUPPORTED);
    ward_error_free(err);
    err = NULL;
    CHECK(ward_version_compare("Debian", "1.0", "x:1.0", &r, &err) == WARD_EFORMAT);
    CHECK(err && strstr(err->msg, "x:1.0"));
    ward_error_free(err);
    err = NULL;
    struct ward_version_event bad = {WARD_VERSION_FIXED, "not a version"};
    CHECK(ward_version_events_affected(WARD_VERSION_SEMVER, "1.0.0", &bad, 1, &a, &err) < 0);
    ward_error_free(err);
    err = NULL;
    CHECK(ward_version_events_affected(WARD_VERSION_SEMVER, "1.0.0", &bad,
                                       WARD_VERSION_MAX_EVENTS + 1, &a, &err) == WARD_ELIMIT);
    ward_error_free(err);
}

TEST(version_osv, version_lists)
{
    static const char *const list[] = {"1.0.0", "1.1", "2.0.0-rc.1"};
    bool in = false;
    struct ward_error *err = NULL;
    CHECK_OK(ward_version_listed(WARD_VERSION_PEP440, "1.1.0", list, 3, &in, &err), err);
    CHECK(in); /* PEP 440: 1.1 == 1.1.0 */
    CHECK_OK(ward_version_listed(WARD_VERSION_SEMVER, "2.0.0", list, 3, &in, &err), err);
    CHECK(!in);
    CHECK_OK(ward_version_listed(WARD_VERSION_SEMVER, "2.0.0-rc.1", list, 3, &in, &err), err);
    CHECK(in);
}

TEST(version_names, ecosystems)
{
    static const struct {
        const char *eco;
        enum ward_version_scheme s;
    } m[] = {{"Debian:12", WARD_VERSION_DPKG},
             {"Ubuntu:22.04:LTS", WARD_VERSION_DPKG},
             {"Alpine:v3.19", WARD_VERSION_APK},
             {"Red Hat", WARD_VERSION_RPM},
             {"Rocky Linux:9", WARD_VERSION_RPM},
             {"PyPI", WARD_VERSION_PEP440},
             {"npm", WARD_VERSION_SEMVER},
             {"crates.io", WARD_VERSION_SEMVER},
             {"Go", WARD_VERSION_GO},
             {"Maven", WARD_VERSION_MAVEN},
             {"RubyGems", WARD_VERSION_RUBYGEMS},
             {"CocoaPods", WARD_VERSION_RUBYGEMS},
             {"ConanCenter", WARD_VERSION_SEMVER},
             {"SwiftURL", WARD_VERSION_SEMVER},
             {"NuGet", WARD_VERSION_NUGET},
             {"Packagist", WARD_VERSION_PACKAGIST},
             {"Kubernetes", WARD_VERSION_SEMVER},
             {"rpm", WARD_VERSION_RPM}};
    for (size_t i = 0; i < WARD_ARRAY_LEN(m); i++) {
        enum ward_version_scheme s;
        struct ward_error *err = NULL;
        CHECK_OK(ward_version_scheme_for(m[i].eco, &s, &err), err);
        CHECK_MSG(s == m[i].s, "%s -> %s", m[i].eco, ward_version_scheme_name(s));
    }
}

/* CocoaPods' Pod::Version (a Gem::Version): numeric segments compare as numbers,
 * a "-" suffix is a pre-release below its release, pre-release parts compare
 * numerically when both are numbers (CocoaPods-Core version_spec examples). */
TEST(version_names, cocoapods_order)
{
    static const char *const asc[][2] = {
        {"1.0.0-beta.1", "1.0.0"},       {"1.0.0-beta.2", "1.0.0-beta.10"},
        {"1.0.0-alpha", "1.0.0-beta"},   {"1.9.0", "1.10.0"},
        {"1.0.1", "1.1"},                {"2.41.0", "2.42.0"},
        {"0.9.9", "1.0.0-rc.1"},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(asc); i++) {
        int r = 0;
        struct ward_error *err = NULL;
        CHECK_OK(ward_version_compare("CocoaPods", asc[i][0], asc[i][1], &r, &err), err);
        CHECK_MSG(r < 0, "%s < %s", asc[i][0], asc[i][1]);
        CHECK_OK(ward_version_compare("CocoaPods", asc[i][1], asc[i][0], &r, &err), err);
        CHECK_MSG(r > 0, "%s > %s", asc[i][1], asc[i][0]);
    }
    /* ConanCenter references: SemVer-like, letters after the patch (openssl 1.1.1q) */
    int r = 0;
    struct ward_error *err = NULL;
    CHECK_OK(ward_version_compare("ConanCenter", "1.2.12", "1.2.13", &r, &err), err);
    CHECK(r < 0);
    CHECK_OK(ward_version_compare("ConanCenter", "8.43", "8.45", &r, &err), err);
    CHECK(r < 0);
}

TEST(version_limits, long_versions)
{
    /* long inputs take the heap paths of the comparators: "1.0.0...0.1" (200 bytes) is
     * above "1" and equal to itself in every scheme */
    char lo[WARD_VERSION_MAX_LEN + 2], hi[WARD_VERSION_MAX_LEN + 2];
    size_t n = 0;
    hi[n++] = '1';
    while (n + 4 < 200) { /* 100 parts: apk keeps at most 128 */
        hi[n++] = '.';
        hi[n++] = '0';
    }
    hi[n++] = '.';
    hi[n++] = '1';
    hi[n] = '\0';
    snprintf(lo, sizeof(lo), "1");
    for (int s = WARD_VERSION_DPKG; s <= WARD_VERSION_HACKAGE; s++) {
        int r = 0;
        struct ward_error *err = NULL;
        if (s == WARD_VERSION_SEMVER || s == WARD_VERSION_GO || s == WARD_VERSION_NUGET ||
            s == WARD_VERSION_PUB)
            continue; /* only the first 3 (NuGet 4) numbers count there */
        CHECK_OK(ward_version_cmp(s, hi, n, lo, 1, &r, &err), err);
        CHECK_MSG(r == 1, "%s: long > 1", ward_version_scheme_name(s));
        CHECK_OK(ward_version_cmp(s, hi, n, hi, n, &r, &err), err);
        CHECK_MSG(r == 0, "%s: long == long", ward_version_scheme_name(s));
    }
    memset(hi, '9', WARD_VERSION_MAX_LEN + 1);
    hi[WARD_VERSION_MAX_LEN + 1] = '\0';
    int r;
    struct ward_error *err = NULL;
    CHECK(ward_version_compare("Maven", hi, "1", &r, &err) == WARD_EFORMAT);
    ward_error_free(err);
}
