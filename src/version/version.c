/* version.c - entry points of src/version: OSV ecosystem names to schemes,
 * input checks shared by every scheme, dispatch to the comparators, and the
 * OSV range-event evaluation the matcher uses. */
#include "version/version_int.h"

#include <stdio.h>
#include <string.h>

int ward_version__num_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    while (an && *a == '0')
        a++, an--;
    while (bn && *b == '0')
        b++, bn--;
    if (an != bn)
        return an < bn ? -1 : 1;
    return an ? vsign(memcmp(a, b, an)) : 0;
}

int ward_version__str_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int r = n ? memcmp(a, b, n) : 0;
    if (r)
        return vsign(r);
    return an == bn ? 0 : (an < bn ? -1 : 1);
}

int ward_version__str_casecmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    for (size_t i = 0; i < n; i++) {
        int x = vtolower((unsigned char)a[i]), y = vtolower((unsigned char)b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return an == bn ? 0 : (an < bn ? -1 : 1);
}

bool ward_version__all_digits(const char *s, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!vdigit(s[i]))
            return false;
    return true;
}

/* OSV ecosystem names (osv-schema ecosystems list) and their schemes. */
static const struct {
    const char *name;
    enum ward_version_scheme scheme;
} ecosystems[] = {
    {"Debian", WARD_VERSION_DPKG},
    {"Ubuntu", WARD_VERSION_DPKG},
    {"Echo", WARD_VERSION_DPKG},
    {"Alpine", WARD_VERSION_APK},
    {"Wolfi", WARD_VERSION_APK},
    {"Chainguard", WARD_VERSION_APK},
    {"Alpaquita", WARD_VERSION_APK},
    {"BellSoft Hardened Containers", WARD_VERSION_APK},
    {"MinimOS", WARD_VERSION_APK},
    {"Red Hat", WARD_VERSION_RPM},
    {"Rocky Linux", WARD_VERSION_RPM},
    {"AlmaLinux", WARD_VERSION_RPM},
    {"SUSE", WARD_VERSION_RPM},
    {"openSUSE", WARD_VERSION_RPM},
    {"Photon OS", WARD_VERSION_RPM},
    {"Mageia", WARD_VERSION_RPM},
    {"openEuler", WARD_VERSION_RPM},
    {"Azure Linux", WARD_VERSION_RPM},
    {"Oracle Linux", WARD_VERSION_RPM},
    {"Amazon Linux", WARD_VERSION_RPM},
    {"CentOS", WARD_VERSION_RPM},
    {"Fedora", WARD_VERSION_RPM},
    {"PyPI", WARD_VERSION_PEP440},
    {"npm", WARD_VERSION_SEMVER},
    {"crates.io", WARD_VERSION_SEMVER},
    {"Hex", WARD_VERSION_SEMVER},
    {"SwiftURL", WARD_VERSION_SEMVER},
    {"ConanCenter", WARD_VERSION_SEMVER},
    {"Bitnami", WARD_VERSION_SEMVER},
    {"Kubernetes", WARD_VERSION_SEMVER}, /* "1.27.0" or "v1.27.0": SemVer, 'v' optional */
    {"Go", WARD_VERSION_GO},
    {"Maven", WARD_VERSION_MAVEN},
    {"RubyGems", WARD_VERSION_RUBYGEMS},
    {"CocoaPods", WARD_VERSION_RUBYGEMS}, /* Pod::Version is a Gem::Version */
    {"NuGet", WARD_VERSION_NUGET},
    {"Packagist", WARD_VERSION_PACKAGIST},
    {"Pub", WARD_VERSION_PUB},
    {"CRAN", WARD_VERSION_CRAN},
    {"Bioconductor", WARD_VERSION_CRAN},
    {"Hackage", WARD_VERSION_HACKAGE},
    {"GHC", WARD_VERSION_HACKAGE},
};

static bool dpkg_valid(enum ward_version_scheme s, const char *v, size_t n)
{
    (void)s;
    return ward_version__dpkg_valid(v, n);
}

static bool starts_with_digit(enum ward_version_scheme s, const char *v, size_t n)
{
    (void)s;
    (void)n;
    return vdigit(v[0]);
}

/* clang-format off */
#define SEMVER_FAMILY(name) {name, NULL, ward_version__semver_valid, "does not start with a number"}
/* clang-format on */
/* Per scheme: its name, its comparator (NULL: the SemVer family, whose comparator
 * takes the flavour), and the check a version must pass beyond the shared ones with
 * the reason given when it fails (NULL: the ordering gives every string a place,
 * legacy, invalid and qualifier-only versions sort by their own rules). */
static const struct {
    const char *name;
    int (*cmp)(const char *a, size_t an, const char *b, size_t bn);
    bool (*valid)(enum ward_version_scheme s, const char *v, size_t n);
    const char *invalid;
} schemes[] = {
    [WARD_VERSION_DPKG] = {"dpkg", ward_version__dpkg, dpkg_valid, "not a deb-version(7)"},
    [WARD_VERSION_RPM] = {"rpm", ward_version__rpm, NULL, NULL},
    [WARD_VERSION_APK] = {"apk", ward_version__apk, NULL, NULL},
    [WARD_VERSION_PEP440] = {"pep440", ward_version__pep440, NULL, NULL},
    [WARD_VERSION_SEMVER] = SEMVER_FAMILY("semver"),
    [WARD_VERSION_GO] = SEMVER_FAMILY("go"),
    [WARD_VERSION_MAVEN] = {"maven", ward_version__maven, NULL, NULL},
    [WARD_VERSION_RUBYGEMS] = {"rubygems", ward_version__rubygems, starts_with_digit,
                               "does not start with a number"},
    [WARD_VERSION_NUGET] = SEMVER_FAMILY("nuget"),
    [WARD_VERSION_PACKAGIST] = {"packagist", ward_version__packagist, NULL, NULL},
    [WARD_VERSION_PUB] = SEMVER_FAMILY("pub"),
    [WARD_VERSION_CRAN] = SEMVER_FAMILY("cran"),
    [WARD_VERSION_HACKAGE] = SEMVER_FAMILY("hackage"),
};
#undef SEMVER_FAMILY
_Static_assert(WARD_ARRAY_LEN(schemes) == WARD_VERSION_HACKAGE + 1, "a scheme lacks its row");

const char *ward_version_scheme_name(enum ward_version_scheme s)
{
    if ((size_t)s < WARD_ARRAY_LEN(schemes) && schemes[s].name)
        return schemes[s].name;
    return "unknown";
}

int ward_version_scheme_for(const char *ecosystem, enum ward_version_scheme *out,
                            struct ward_error **err)
{
    if (!ecosystem)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "no ecosystem given");
    /* "Debian:12", "Alpine:v3.19", "Ubuntu:22.04:LTS": the release is not
     * part of the version scheme. */
    size_t n = strcspn(ecosystem, ":");
    for (size_t i = 0; i < WARD_ARRAY_LEN(ecosystems); i++) {
        if (strlen(ecosystems[i].name) == n && strncmp(ecosystems[i].name, ecosystem, n) == 0) {
            *out = ecosystems[i].scheme;
            return 0;
        }
    }
    /* Scheme names are accepted too ("dpkg", "semver", ...). */
    for (size_t i = 0; i < WARD_ARRAY_LEN(schemes); i++) {
        if (strlen(schemes[i].name) == n && strncmp(schemes[i].name, ecosystem, n) == 0) {
            *out = (enum ward_version_scheme)i;
            return 0;
        }
    }
    return ward_error_set(err, WARD_EUNSUPPORTED, 0, "unsupported ecosystem '%.100s'", ecosystem);
}

static int bad(struct ward_error **err, enum ward_version_scheme s, const char *v, size_t n,
               const char *why)
{
    return ward_error_set(err, WARD_EFORMAT, 0, "invalid %s version '%.*s': %s",
                          ward_version_scheme_name(s), (int)WARD_MIN(n, 200u), v, why);
}

int ward_version_check(enum ward_version_scheme s, const char *v, size_t n, struct ward_error **err)
{
    if ((size_t)s >= WARD_ARRAY_LEN(schemes))
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "unknown version scheme %d", (int)s);
    if (n > WARD_VERSION_MAX_LEN)
        return ward_error_set(err, WARD_EFORMAT, 0, "invalid %s version: longer than %u bytes",
                              ward_version_scheme_name(s), WARD_VERSION_MAX_LEN);
    /* rpmvercmp gives the empty string a place (below everything). */
    if (n == 0 && s != WARD_VERSION_RPM)
        return bad(err, s, v, n, "empty");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c <= ' ' || c == 0x7f)
            return bad(err, s, v, n, "contains a space or control character");
    }
    if (schemes[s].valid && !schemes[s].valid(s, v, n))
        return bad(err, s, v, n, schemes[s].invalid);
    return 0;
}

int ward_version_cmp(enum ward_version_scheme s, const char *a, size_t an, const char *b, size_t bn,
                     int *result, struct ward_error **err)
{
    int rc;
    if ((rc = ward_version_check(s, a, an, err)) < 0 ||
        (rc = ward_version_check(s, b, bn, err)) < 0)
        return rc;
    int r = schemes[s].cmp ? schemes[s].cmp(a, an, b, bn) : ward_version__semver(s, a, an, b, bn);
    *result = vsign(r);
    return 0;
}

int ward_version_compare(const char *ecosystem, const char *a, const char *b, int *result,
                         struct ward_error **err)
{
    enum ward_version_scheme s;
    if (ward_version_scheme_for(ecosystem, &s, err) < 0)
        return WARD_EUNSUPPORTED;
    return ward_version_cmp(s, a, strlen(a), b, strlen(b), result, err);
}

#define SHORTHAND(fn, scheme)                                                                      \
    int fn(const char *a, const char *b, int *result, struct ward_error **err)                     \
    {                                                                                              \
        return ward_version_cmp(scheme, a, strlen(a), b, strlen(b), result, err);                  \
    }
SHORTHAND(ward_version_dpkg_cmp, WARD_VERSION_DPKG)
SHORTHAND(ward_version_rpm_cmp, WARD_VERSION_RPM)
SHORTHAND(ward_version_apk_cmp, WARD_VERSION_APK)
SHORTHAND(ward_version_pep440_cmp, WARD_VERSION_PEP440)
SHORTHAND(ward_version_semver_cmp, WARD_VERSION_SEMVER)
SHORTHAND(ward_version_go_cmp, WARD_VERSION_GO)
SHORTHAND(ward_version_maven_cmp, WARD_VERSION_MAVEN)
SHORTHAND(ward_version_rubygems_cmp, WARD_VERSION_RUBYGEMS)
SHORTHAND(ward_version_nuget_cmp, WARD_VERSION_NUGET)
SHORTHAND(ward_version_packagist_cmp, WARD_VERSION_PACKAGIST)
SHORTHAND(ward_version_pub_cmp, WARD_VERSION_PUB)
SHORTHAND(ward_version_cran_cmp, WARD_VERSION_CRAN)
SHORTHAND(ward_version_hackage_cmp, WARD_VERSION_HACKAGE)

/* "0" as introduced and "*" as limit are the schema's open ends. */
static bool is_open_end(const struct ward_version_event *e)
{
    return (e->kind == WARD_VERSION_INTRODUCED && strcmp(e->version, "0") == 0) ||
           (e->kind == WARD_VERSION_LIMIT && strcmp(e->version, "*") == 0);
}

static int ev_cmp(enum ward_version_scheme s, const struct ward_version_event *x,
                  const struct ward_version_event *y)
{
    bool xo = is_open_end(x), yo = is_open_end(y);
    int r = 0;
    if (xo || yo) {
        /* introduced "0" first, limit "*" last. */
        int xr = xo ? (x->kind == WARD_VERSION_INTRODUCED ? -1 : 1) : 0;
        int yr = yo ? (y->kind == WARD_VERSION_INTRODUCED ? -1 : 1) : 0;
        return (xr > yr) - (xr < yr);
    }
    (void)ward_version_cmp(s, x->version, strlen(x->version), y->version, strlen(y->version), &r,
                           NULL);
    return r;
}

int ward_version_events_affected(enum ward_version_scheme s, const char *version,
                                 const struct ward_version_event *events, size_t n, bool *affected,
                                 struct ward_error **err)
{
    size_t vn = strlen(version);
    if (n > WARD_VERSION_MAX_EVENTS)
        return ward_error_set(err, WARD_ELIMIT, 0, "range has %zu events (limit %u)", n,
                              WARD_VERSION_MAX_EVENTS);
    int rc = ward_version_check(s, version, vn, err);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!events[i].version)
            return ward_error_set(err, WARD_EFORMAT, 0, "range event %zu has no version", i);
        if (!is_open_end(&events[i]) &&
            ward_version_check(s, events[i].version, strlen(events[i].version), err) < 0)
            return ward_error_wrap(err, "range event %zu", i);
    }
    /* Order the events by version (insertion sort: stable, n is small). */
    const struct ward_version_event **ord = ward_xcalloc(n ? n : 1, sizeof(*ord));
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && ev_cmp(s, ord[j - 1], &events[i]) > 0) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = &events[i];
    }
    bool aff = false, has_limit = false, below_limit = false;
    for (size_t i = 0; i < n; i++) {
        const struct ward_version_event *e = ord[i];
        int r = 0;
        if (e->kind == WARD_VERSION_LIMIT) {
            has_limit = true;
            if (strcmp(e->version, "*") == 0)
                below_limit = true;
            else if (ward_version_cmp(s, version, vn, e->version, strlen(e->version), &r, NULL) ==
                         0 &&
                     r < 0)
                below_limit = true;
            continue;
        }
        if (e->kind == WARD_VERSION_INTRODUCED) {
            if (is_open_end(e) ||
                (ward_version_cmp(s, version, vn, e->version, strlen(e->version), &r, NULL) == 0 &&
                 r >= 0))
                aff = true;
        } else if (e->kind == WARD_VERSION_FIXED) {
            if (ward_version_cmp(s, version, vn, e->version, strlen(e->version), &r, NULL) == 0 &&
                r >= 0)
                aff = false;
        } else if (e->kind == WARD_VERSION_LAST_AFFECTED) {
            if (ward_version_cmp(s, version, vn, e->version, strlen(e->version), &r, NULL) == 0 &&
                r > 0)
                aff = false;
        }
    }
    free(ord);
    if (has_limit && !below_limit)
        aff = false;
    *affected = aff;
    return 0;
}

int ward_version_in_range(const char *ecosystem, const char *version, const char *introduced,
                          const char *fixed, const char *last_affected, const char *limit,
                          bool *affected, struct ward_error **err)
{
    enum ward_version_scheme s;
    struct ward_version_event ev[4];
    size_t n = 0;
    if (ward_version_scheme_for(ecosystem, &s, err) < 0)
        return WARD_EUNSUPPORTED;
    ev[n++] = (struct ward_version_event){WARD_VERSION_INTRODUCED, introduced ? introduced : "0"};
    if (fixed)
        ev[n++] = (struct ward_version_event){WARD_VERSION_FIXED, fixed};
    if (last_affected)
        ev[n++] = (struct ward_version_event){WARD_VERSION_LAST_AFFECTED, last_affected};
    if (limit)
        ev[n++] = (struct ward_version_event){WARD_VERSION_LIMIT, limit};
    return ward_version_events_affected(s, version, ev, n, affected, err);
}

int ward_version_listed(enum ward_version_scheme s, const char *version, const char *const *list,
                        size_t n, bool *listed, struct ward_error **err)
{
    size_t vn = strlen(version);
    int rc = ward_version_check(s, version, vn, err);
    *listed = false;
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n && !*listed; i++) {
        int r = 1;
        if (!list[i])
            continue;
        if (strcmp(list[i], version) == 0 ||
            (ward_version_cmp(s, version, vn, list[i], strlen(list[i]), &r, NULL) == 0 && r == 0))
            *listed = true;
    }
    return 0;
}
