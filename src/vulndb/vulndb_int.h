/* vulndb_int.h - private to src/vulndb: the import sink (an open SQLite
 * connection with prepared inserts) the feed parsers write advisories into. */
#ifndef WARD_VULNDB_VULNDB_INT_H
#define WARD_VULNDB_VULNDB_INT_H

#include "util/buf.h"
#include "util/log.h"
#include "vulndb/vulndb.h"

#include <sqlite3.h>

#define RANGE_SEP '\x1e'
#define EVENT_SEP '\x1f'

struct ward_vulndb_sink {
    sqlite3 *db;
    bool owns_db;
    sqlite3_stmt *ins_adv, *ins_alias, *ins_ref, *ins_aff;
    int64_t source;        /* sources.id of the path being imported */
    const char *force_eco; /* --ecosystem for secdb files that name none */
    size_t advisories, affected, skipped, files;
    struct ward_buf k1, k2; /* scratch for keys */
};

struct adv_in {
    const char *id;
    const char *feed; /* "osv", "alpine-secdb", "debian-tracker", "debian-dsa" */
    const char *summary, *details, *severity, *cvss_vector;
    double cvss_score;
    const char *published, *modified;
};

/* Create tables if missing. */
int vulndb__schema(sqlite3 *db, struct ward_error **err);
/* Prepare the inserts on s->db. */
int vulndb__sink_prepare(struct ward_vulndb_sink *s, struct ward_error **err);
void vulndb__sink_finalize(struct ward_vulndb_sink *s);

/* Store one advisory; returns its rowid (>0) or <0 on a DB error. */
int64_t vulndb__advisory(struct ward_vulndb_sink *s, const struct adv_in *a,
                         struct ward_error **err);
int vulndb__alias(struct ward_vulndb_sink *s, int64_t adv, const char *alias,
                  struct ward_error **err);
int vulndb__ref(struct ward_vulndb_sink *s, int64_t adv, const char *url, struct ward_error **err);
int vulndb__affected(struct ward_vulndb_sink *s, int64_t adv, const char *ecosystem,
                     const char *name, int status, const char *ranges, const char *versions,
                     const char *severity, struct ward_error **err);
/* Transaction helpers around one advisory so a half-stored one can be dropped. */
int vulndb__exec(sqlite3 *db, const char *sql, struct ward_error **err);

/* A string fit to store: no control characters used as separators, bounded. */
bool vulndb__clean(const char *s);

/* Feed parsers (jansson trees). Each returns 0 after storing/skipping
 * records, <0 only on DB errors. */
int vulndb__osv(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                struct ward_error **err);
bool vulndb__is_osv(const json_t *doc);
int vulndb__secdb(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                  const char *force_eco, struct ward_error **err);
bool vulndb__is_secdb(const json_t *doc);
int vulndb__debian_json(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                        struct ward_error **err);
bool vulndb__is_debian_json(const json_t *doc);
/* DSA/DLA/DTSA list text. */
int vulndb__debian_list(struct ward_vulndb_sink *s, const char *origin, const char *p, size_t n,
                        struct ward_error **err);
bool vulndb__is_debian_list(const char *p, size_t n);
/* Debian codename -> release number ("bookworm" -> "12"), NULL if unknown. */
const char *vulndb__debian_release(const char *codename);

#endif
