/* vulndb_int.h - private to src/vulndb: the import sink (an open SQLite
 * connection with prepared inserts) the feed parsers write advisories into. */
#ifndef WARD_VULNDB_VULNDB_INT_H
#define WARD_VULNDB_VULNDB_INT_H

#include "util/buf.h"
#include "util/log.h"
#include "vulndb/enrich.h"
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
    struct ward_buf k1, k2;           /* scratch for keys */
    struct vulndb_enrich_ins *enrich; /* enrich.c's inserts, prepared on first use */
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
/* After an import, before COMMIT: derived columns (advisories.first_published). */
int vulndb__finish(sqlite3 *db, struct ward_error **err);
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
/* Bind a string or NULL (copied); step an INSERT to completion and reset it. */
void vulndb__bind_text(sqlite3_stmt *st, int i, const char *s);
int vulndb__step_done(struct ward_vulndb_sink *s, sqlite3_stmt *st, struct ward_error **err);

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
/* Red Hat: CSAF advisories / VEX, and Security Data API CVE JSON (redhat.c). */
bool vulndb__is_csaf(const json_t *doc);
int vulndb__csaf(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                 struct ward_error **err);
bool vulndb__is_redhat_cve(const json_t *doc);
int vulndb__redhat_cve(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                       struct ward_error **err);
/* RHEL release of a Red Hat CPE product + version ("enterprise_linux", "8" ->
 * "Red Hat:8"; "rhel_eus", "8.6" -> "Red Hat:8.6+eus"; "rhel_els", "6" ->
 * "Red Hat:6+els") into out; false when it is no RHEL stream. */
bool vulndb__redhat_release(struct ward_buf *out, const char *product, size_t pn,
                            const char *version, size_t vn);
/* Debian codename -> release number ("bookworm" -> "12"), NULL if unknown. */
const char *vulndb__debian_release(const char *codename);

/* Enrichment feeds (nvd.c, kev.c, epss.c) and their tables (enrich.c). */
int vulndb__enrich_schema(sqlite3 *db, struct ward_error **err);
void vulndb__enrich_finalize(struct ward_vulndb_sink *s);
bool vulndb__is_nvd(const json_t *doc);
int vulndb__nvd(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                struct ward_error **err);
bool vulndb__is_kev(const json_t *doc);
int vulndb__kev(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                struct ward_error **err);
bool vulndb__is_epss(const char *p, size_t n);
/* WARD_EFORMAT for a header vunnel also rejects (no score_date, no cve column). */
int vulndb__epss(struct ward_vulndb_sink *s, const char *origin, const char *p, size_t n,
                 struct ward_error **err);
int vulndb__ins_cvss(struct ward_vulndb_sink *s, const char *cve, const char *feed,
                     const char *origin, const char *type, const char *version, const char *vector,
                     double score, const char *severity, struct ward_error **err);
int vulndb__ins_cwe(struct ward_vulndb_sink *s, int64_t adv, const char *cwe,
                    struct ward_error **err);
int vulndb__ins_kev(struct ward_vulndb_sink *s, const struct ward_kev *k, struct ward_error **err);
int vulndb__ins_epss(struct ward_vulndb_sink *s, const char *cve, double score, double pct,
                     const char *date, struct ward_error **err);
/* Read side: the handle's SQLite connection and a slot for enrich.c's
 * prepared queries (freed by ward_vulndb_close via vulndb__enrich_close). */
struct vulndb_enrich_q;
sqlite3 *vulndb__conn(struct ward_vulndb *db, struct vulndb_enrich_q ***slot);
/* The DB was finished by vulndb__finish: ward_vulndb_advisory gives published. */
bool vulndb__first_published(const struct ward_vulndb *db);
void vulndb__enrich_close(struct vulndb_enrich_q *q);

#endif
