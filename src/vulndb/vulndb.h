/* vulndb.h - the advisory database: one SQLite file holding advisories (OSV
 * model) imported from OSV JSON/YAML/zip, Alpine secdb (JSON/YAML) and the
 * Debian security tracker (JSON and DSA/DLA lists). Imports build a temp file
 * next to the DB and rename(2) it into place; lookups are one indexed query
 * per (ecosystem, name). */
#ifndef WARD_VULNDB_VULNDB_H
#define WARD_VULNDB_VULNDB_H

#include "util/arena.h"
#include "util/error.h"

#include <jansson.h>
#include <stdint.h>

#define WARD_VULNDB_SCHEMA_VERSION 1
#define WARD_VULNDB_MAX_FILE       (256ull << 20) /* one advisory file / zip archive */
#define WARD_VULNDB_MAX_ENTRY      (16ull << 20)  /* one member of a zip */
#define WARD_VULNDB_MAX_FIELD      (1u << 20)     /* one advisory text field */
#define WARD_VULNDB_MAX_YAML_NODES 2000000u       /* nodes visited converting one YAML doc */
#define WARD_VULNDB_MAX_DEPTH      64u            /* directory recursion on import */

/* Advisory status for one package, as stored (ward_vulndb_row.status). */
enum ward_vulndb_status_kind {
    WARD_VULNDB_RANGES = 0,       /* affected per ranges/versions (fixed or not) */
    WARD_VULNDB_WILL_NOT_FIX = 1, /* vendor will not fix: every version affected */
    WARD_VULNDB_NOT_AFFECTED = 2, /* vendor says: this package is not affected */
};

/* Severity scale shared by the DB and the matcher. */
enum ward_severity {
    WARD_SEV_UNKNOWN = 0,
    WARD_SEV_NEGLIGIBLE,
    WARD_SEV_LOW,
    WARD_SEV_MEDIUM,
    WARD_SEV_HIGH,
    WARD_SEV_CRITICAL,
};
const char *ward_severity_name(enum ward_severity s); /* "UNKNOWN", "LOW", ... */
/* Parse vendor words: "low", "MODERATE", "important", "unimportant", "high**" ... */
enum ward_severity ward_severity_parse(const char *s);
/* Severity band of a CVSS score (v3 bands: 0.1 low, 4 medium, 7 high, 9 critical). */
enum ward_severity ward_severity_from_score(double score);
/* CVSS v3.x base score from a vector "CVSS:3.1/AV:N/...". @return 0, WARD_EFORMAT. */
int ward_cvss3_score(const char *vector, double *score, struct ward_error **err);

/* Normalised lookup keys: ecosystem "Ubuntu:22.04:LTS" -> "ubuntu:22.04",
 * "Alpine:v3.19" -> "alpine:3.19", "PyPI" -> "pypi"; name per ecosystem
 * (PEP 503 for PyPI, lower case for NuGet/Packagist/Hex, as-is elsewhere).
 * Results are written to out (cleared first). */
void ward_vulndb_eco_key(struct ward_buf *out, const char *ecosystem);
void ward_vulndb_name_key(struct ward_buf *out, const char *ecosystem, const char *name);

struct ward_vulndb;

/* Default DB path: $WARD_DB, else $XDG_CACHE_HOME/ward/db.sqlite (or
 * ~/.cache/ward/db.sqlite). Caller frees. */
char *ward_vulndb_default_path(void);

/* Open an existing DB read-only. WARD_ENOTFOUND when the file does not exist,
 * WARD_EFORMAT when it is not a ward DB of a known schema version. */
int ward_vulndb_open(struct ward_vulndb **out, const char *path, struct ward_error **err);
void ward_vulndb_close(struct ward_vulndb *db);
WARD_DEFINE_AUTOPTR(ward_vulndb, ward_vulndb_close)

/* ---- import ---- */

struct ward_vulndb_import_opts {
    bool replace;               /* start from an empty DB instead of the current one */
    const char *ecosystem;      /* force the ecosystem of secdb files without distroversion */
    const char *const *origins; /* names recorded as each path's source (e.g. its URL); NULL =
                                   the absolute path */
};

struct ward_vulndb_import_stats {
    size_t files;      /* files read (zip members count one each) */
    size_t advisories; /* advisories stored */
    size_t affected;   /* (advisory, ecosystem, package) rows stored */
    size_t skipped;    /* malformed advisories / files skipped (each logged as a warning) */
    double seconds;
};

/* Import every path (file or directory, recursively; .json .yaml .yml .zip
 * and DSA/DLA "list" files) into the DB at db_path. The new DB is written to
 * a temp file in the same directory and renamed over db_path only when the
 * whole import succeeded. Re-importing a path replaces what it gave before.
 * Malformed advisories are skipped and counted, never fatal.
 * @return 0, WARD_EIO (cannot read a path / write the DB), WARD_ENOTFOUND. */
int ward_vulndb_import(const char *db_path, const char *const *paths, size_t n,
                       const struct ward_vulndb_import_opts *opts,
                       struct ward_vulndb_import_stats *stats, struct ward_error **err);

/* Parsers exposed for the fuzzers and tests: each stores what it finds into
 * an open import session; malformed records bump *skipped. */
struct ward_vulndb_sink;
struct ward_vulndb_sink *ward_vulndb_sink_memory(void); /* in-memory DB, for fuzzing/tests */
void ward_vulndb_sink_free(struct ward_vulndb_sink *s);
size_t ward_vulndb_sink_count(const struct ward_vulndb_sink *s, size_t *affected, size_t *skipped);
/* Any supported document (OSV object/array, secdb, Debian tracker JSON) already parsed. */
int ward_vulndb_import_json(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                            struct ward_error **err);
/* Raw bytes: JSON, YAML (OSV or secdb), or a DSA/DLA list; kind by content. */
int ward_vulndb_import_bytes(struct ward_vulndb_sink *s, const char *origin, const char *p,
                             size_t n, struct ward_error **err);
/* A YAML document as a jansson tree (scalars as strings, null/~ as null). */
int ward_vulndb_yaml_to_json(json_t **out, const char *p, size_t n, struct ward_error **err);

/* ---- offline bundles and feed updates (bundle.c) ---- */

/* Is path a DB bundle (an SQLite file)? */
bool ward_vulndb_is_bundle(const char *path);
/* Write the DB at db_path as one self-contained file (VACUUM INTO, then rename).
 * @return 0, WARD_ENOTFOUND / WARD_EFORMAT (no ward DB there), WARD_EIO. */
int ward_vulndb_export(const char *db_path, const char *out_path, struct ward_error **err);
/* Replace the DB at db_path with bundle, after checking it opens as a ward DB
 * of a known schema. The old DB stays in place on any error. */
int ward_vulndb_install_bundle(const char *db_path, const char *bundle, struct ward_error **err);
/* Fetch every URL (http, https, file) into a temp dir next to the DB, then
 * rebuild the DB from exactly those feeds (one URL may instead be a bundle).
 * Any failed fetch or import leaves the current DB untouched. */
int ward_vulndb_update(const char *db_path, const char *const *urls, size_t n, bool insecure,
                       struct ward_vulndb_import_stats *stats, struct ward_error **err);

/* ---- status ---- */

struct ward_vulndb_source_info {
    char *name;          /* "osv", "alpine-secdb", "debian-tracker", "debian-dsa" */
    char *path;          /* what was imported */
    int64_t imported_at; /* unix seconds */
    size_t advisories, affected, skipped;
};

struct ward_vulndb_info {
    int schema_version;
    int64_t built_at; /* unix seconds of the last import */
    size_t advisories, affected, aliases, ecosystems;
    struct ward_vulndb_source_info *sources;
    size_t n_sources;
    char **ecosystem_names; /* distinct ecosystems as spelled by the sources */
    size_t *ecosystem_counts;
};
int ward_vulndb_info(struct ward_vulndb *db, struct ward_vulndb_info *out, struct ward_error **err);
/* Just the build time (unix seconds, 0 unknown) and advisory count, from the
 * DB's meta table (no table scans): what a scan needs. */
void ward_vulndb_summary(struct ward_vulndb *db, int64_t *built_at, size_t *advisories);
void ward_vulndb_info_dispose(struct ward_vulndb_info *info);

/* ---- lookup (for the matcher) ---- */

/* One (advisory, package) row. Strings live in the arena given to lookup. */
struct ward_vulndb_row {
    int64_t advisory;      /* advisory key for ward_vulndb_advisory() */
    const char *vuln_id;   /* "CVE-2019-1549", "GHSA-...", "DSA-5380-1" */
    const char *ecosystem; /* as the source spells it ("Alpine:v3.10") */
    const char *name;      /* package name as the source spells it */
    int status;            /* enum ward_vulndb_status_kind */
    /* Ranges: records separated by '\x1e', each "TYPE" then '\x1f'-separated
     * events "i:<v>", "f:<v>", "l:<v>" (last affected), "m:<v>" (limit). */
    const char *ranges;
    const char *versions; /* '\x1f'-separated explicit affected versions, or NULL */
    const char *severity; /* per-package vendor severity word, or NULL */
};

/* Rows for (ecosystem key, name key), both from ward_vulndb_*_key. Several
 * ecosystems may be asked at once (eco_keys, n_eco) - still one query.
 * @return number of rows (>= 0) in *rows (arena-allocated), or <0 with err. */
int ward_vulndb_lookup(struct ward_vulndb *db, const char *const *eco_keys, size_t n_eco,
                       const char *name_key, struct ward_arena *a, struct ward_vulndb_row **rows,
                       struct ward_error **err);

/* Everything about one advisory (strings in arena a). */
struct ward_vulndb_advisory {
    const char *id;
    const char **aliases; /* NULL-terminated */
    size_t n_aliases;
    const char *summary, *details;
    const char *severity;    /* vendor word for the whole advisory, or NULL */
    const char *cvss_vector; /* best CVSS vector, or NULL */
    double cvss_score;       /* 0 when unknown */
    const char *source;      /* data source name ("osv", "alpine-secdb", ...) */
    const char **references; /* NULL-terminated */
    size_t n_references;
    /* ward_vulndb_advisory only: the earliest publication date any advisory
     * named by this one's id or one of its aliases gives (computed at
     * import); NULL when none does or the DB was built before it was kept. */
    const char *published;
};
int ward_vulndb_advisory(struct ward_vulndb *db, int64_t advisory, struct ward_arena *a,
                         struct ward_vulndb_advisory *out, struct ward_error **err);
/* Enrichment: the best (CVSS, severity, summary) any advisory named id (or
 * aliasing id) carries. Fields stay NULL/0 when nothing is known.
 * @return 0 or <0 with err. */
int ward_vulndb_enrich(struct ward_vulndb *db, const char *id, struct ward_arena *a,
                       struct ward_vulndb_advisory *out, struct ward_error **err);

#endif
