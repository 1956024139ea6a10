/* version.h - compare package versions the way each ecosystem does (dpkg, rpm,
 * apk, PEP 440, SemVer/npm/Cargo/Go, Maven, RubyGems, NuGet, Packagist, Pub,
 * CRAN, Hackage), evaluate OSV range events, and test node-semver ranges.
 * Pure functions: no allocation survives a call, safe from any thread. */
#ifndef WARD_VERSION_VERSION_H
#define WARD_VERSION_VERSION_H

#include "util/error.h"

#include <stdbool.h>
#include <stddef.h>

/* Longest version string any comparator accepts (longer -> WARD_EFORMAT). */
#define WARD_VERSION_MAX_LEN 1024u
/* Most events one OSV range may carry. */
#define WARD_VERSION_MAX_EVENTS 4096u

enum ward_version_scheme {
    WARD_VERSION_DPKG,      /* Debian, Ubuntu: deb-version(7) */
    WARD_VERSION_RPM,       /* Red Hat, Rocky, Alma, SUSE, ...: rpmvercmp + epoch/release */
    WARD_VERSION_APK,       /* Alpine, Wolfi, Chainguard: apk-tools */
    WARD_VERSION_PEP440,    /* PyPI (legacy versions sort below PEP 440 ones) */
    WARD_VERSION_SEMVER,    /* npm, crates.io, Hex, ...: SemVer 2, lenient */
    WARD_VERSION_GO,        /* Go modules: SemVer with leading v, +incompatible */
    WARD_VERSION_MAVEN,     /* Maven ComparableVersion ordering */
    WARD_VERSION_RUBYGEMS,  /* Gem::Version */
    WARD_VERSION_NUGET,     /* NuGet: 4 numeric parts, case-insensitive prerelease */
    WARD_VERSION_PACKAGIST, /* Composer / PHP version_compare */
    WARD_VERSION_PUB,       /* Dart pub: SemVer, build metadata breaks ties */
    WARD_VERSION_CRAN,      /* R package_version */
    WARD_VERSION_HACKAGE,   /* Haskell PVP: numeric components only */
};

/* Map an OSV ecosystem name ("Debian", "Debian:12", "Alpine:v3.19", "PyPI",
 * "crates.io", ...) to its scheme. Only the part before the first ':' counts.
 * @return 0, or WARD_EUNSUPPORTED naming the ecosystem. */
int ward_version_scheme_for(const char *ecosystem, enum ward_version_scheme *out,
                            struct ward_error **err);
/* Short stable name of a scheme ("dpkg", "rpm", "apk", "pep440", ...). */
const char *ward_version_scheme_name(enum ward_version_scheme s);

/* Is v (n bytes, not necessarily NUL-terminated) a version this scheme can
 * compare? @return 0, or WARD_EFORMAT naming the version. */
int ward_version_check(enum ward_version_scheme s, const char *v, size_t n,
                       struct ward_error **err);

/* Compare a and b under scheme s: *result < 0, 0 or > 0 (always -1/0/1).
 * @return 0, or WARD_EFORMAT naming the version that cannot be parsed. */
int ward_version_cmp(enum ward_version_scheme s, const char *a, size_t an, const char *b, size_t bn,
                     int *result, struct ward_error **err);

/* Compare two NUL-terminated versions of an OSV ecosystem.
 * @return 0, WARD_EUNSUPPORTED (unknown ecosystem) or WARD_EFORMAT. */
int ward_version_compare(const char *ecosystem, const char *a, const char *b, int *result,
                         struct ward_error **err);

/* Per-ecosystem shorthands for ward_version_cmp on NUL-terminated strings. */
int ward_version_dpkg_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_rpm_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_apk_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_pep440_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_semver_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_go_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_maven_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_rubygems_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_nuget_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_packagist_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_pub_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_cran_cmp(const char *a, const char *b, int *result, struct ward_error **err);
int ward_version_hackage_cmp(const char *a, const char *b, int *result, struct ward_error **err);

/* OSV "ECOSYSTEM"/"SEMVER" range events (osv-schema "events"). */
enum ward_version_event_kind {
    WARD_VERSION_INTRODUCED,    /* "0" means: from the very first version */
    WARD_VERSION_FIXED,         /* first version that is no longer affected */
    WARD_VERSION_LAST_AFFECTED, /* last version still affected */
    WARD_VERSION_LIMIT,         /* upper bound on the search ("*" = none) */
};

struct ward_version_event {
    enum ward_version_event_kind kind;
    const char *version; /* NUL-terminated, borrowed */
};

/* Is version affected by the events of one OSV range? Events need not be
 * sorted; they are ordered with the scheme's comparator as the OSV schema's
 * evaluation algorithm requires. At most WARD_VERSION_MAX_EVENTS events.
 * @return 0, WARD_EFORMAT (a version in the range or the version itself does
 *         not parse) or WARD_ELIMIT (too many events). */
int ward_version_events_affected(enum ward_version_scheme s, const char *version,
                                 const struct ward_version_event *events, size_t n, bool *affected,
                                 struct ward_error **err);

/* Shorthand for one interval: introduced (NULL = "0"), and any of fixed,
 * last_affected, limit (NULL = absent). */
int ward_version_in_range(const char *ecosystem, const char *version, const char *introduced,
                          const char *fixed, const char *last_affected, const char *limit,
                          bool *affected, struct ward_error **err);

/* Is version one of the n versions of an OSV "versions" list? Entries equal
 * under the scheme's ordering match ("1.1" lists "1.1.0" for PyPI); an entry
 * the scheme cannot parse matches only the identical string.
 * @return 0, or WARD_EFORMAT if version itself does not parse. */
int ward_version_listed(enum ward_version_scheme s, const char *version, const char *const *list,
                        size_t n, bool *listed, struct ward_error **err);

/* node-semver range matching (npm package.json ranges): "^1.2.3 || 2.x",
 * "1.0.0 - 2.0.0", "~> 1", X-ranges, tilde, caret, comparators. */
#define WARD_VERSION_NPM_LOOSE              1u /* accept "1.2.3pre", "=v1" ... */
#define WARD_VERSION_NPM_INCLUDE_PRERELEASE 2u /* prereleases match any range */

/* Does version satisfy range? An unparsable range or version yields false, as
 * node-semver's satisfies() does. @return 0, or WARD_EFORMAT if either string
 * is longer than WARD_VERSION_MAX_LEN. */
int ward_version_npm_satisfies(const char *version, const char *range, unsigned flags, bool *out,
                               struct ward_error **err);

#endif
