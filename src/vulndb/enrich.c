/* enrich.c - the tables behind enrichment (CVSS metrics per CVE, NVD CWEs,
 * CISA KEV, EPSS): their schema, the import sink's inserts, and the read side
 * the matcher uses to decorate findings (ward_vulndb_enrich_extra). */
#include "vulndb/enrich.h"
#include "vulndb/vulndb_int.h"

#include <string.h>

static const char enrich_sql[] =
    "CREATE TABLE IF NOT EXISTS cvss(cve TEXT NOT NULL, source INTEGER NOT NULL,"
    " feed TEXT NOT NULL, origin TEXT, type TEXT, version TEXT NOT NULL, vector TEXT NOT NULL,"
    " score REAL, severity TEXT);"
    "CREATE INDEX IF NOT EXISTS cvss_cve ON cvss(cve);"
    "CREATE INDEX IF NOT EXISTS cvss_source ON cvss(source);"
    "CREATE TABLE IF NOT EXISTS cwes(advisory INTEGER NOT NULL, cwe TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS cwes_adv ON cwes(advisory);"
    "CREATE TABLE IF NOT EXISTS kev(cve TEXT PRIMARY KEY, source INTEGER NOT NULL,"
    " date_added TEXT, due_date TEXT, ransomware INTEGER NOT NULL DEFAULT 0, vendor TEXT,"
    " product TEXT, name TEXT, description TEXT, required_action TEXT);"
    "CREATE INDEX IF NOT EXISTS kev_source ON kev(source);"
    "CREATE TABLE IF NOT EXISTS epss(cve TEXT PRIMARY KEY, source INTEGER NOT NULL,"
    " score REAL NOT NULL, percentile REAL NOT NULL, date TEXT);"
    "CREATE INDEX IF NOT EXISTS epss_source ON epss(source);";

int vulndb__enrich_schema(sqlite3 *db, struct ward_error **err)
{
    return vulndb__exec(db, enrich_sql, err);
}

/* ---- import side ---- */

struct vulndb_enrich_ins {
    sqlite3_stmt *cvss, *cwe, *kev, *epss;
};

void vulndb__enrich_finalize(struct ward_vulndb_sink *s)
{
    if (!s->enrich)
        return;
    sqlite3_finalize(s->enrich->cvss);
    sqlite3_finalize(s->enrich->cwe);
    sqlite3_finalize(s->enrich->kev);
    sqlite3_finalize(s->enrich->epss);
    free(s->enrich);
    s->enrich = NULL;
}

/* The statement *st, prepared on first use. */
static sqlite3_stmt *ins(struct ward_vulndb_sink *s, sqlite3_stmt **st, const char *sql,
                         struct ward_error **err)
{
    if (!*st &&
        sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
        ward_error_set(err, WARD_EIO, 0, "sqlite prepare: %s", sqlite3_errmsg(s->db));
        return NULL;
    }
    return *st;
}

static struct vulndb_enrich_ins *ins_set(struct ward_vulndb_sink *s)
{
    if (!s->enrich)
        s->enrich = ward_xcalloc(1, sizeof(*s->enrich));
    return s->enrich;
}

int vulndb__ins_cvss(struct ward_vulndb_sink *s, const char *cve, const char *feed,
                     const char *origin, const char *type, const char *version, const char *vector,
                     double score, const char *severity, struct ward_error **err)
{
    sqlite3_stmt *st = ins(s, &ins_set(s)->cvss,
                           "INSERT INTO cvss(cve, source, feed, origin, type, version, vector,"
                           " score, severity) VALUES(?,?,?,?,?,?,?,?,?)",
                           err);
    if (!st)
        return -1;
    vulndb__bind_text(st, 1, cve);
    sqlite3_bind_int64(st, 2, s->source);
    vulndb__bind_text(st, 3, feed);
    vulndb__bind_text(st, 4, origin);
    vulndb__bind_text(st, 5, type);
    vulndb__bind_text(st, 6, version);
    vulndb__bind_text(st, 7, vector);
    sqlite3_bind_double(st, 8, score);
    vulndb__bind_text(st, 9, severity);
    return vulndb__step_done(s, st, err);
}

int vulndb__ins_cwe(struct ward_vulndb_sink *s, int64_t adv, const char *cwe,
                    struct ward_error **err)
{
    sqlite3_stmt *st = ins(s, &ins_set(s)->cwe, "INSERT INTO cwes(advisory, cwe) VALUES(?,?)", err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, adv);
    vulndb__bind_text(st, 2, cwe);
    return vulndb__step_done(s, st, err);
}

int vulndb__ins_kev(struct ward_vulndb_sink *s, const struct ward_kev *k, struct ward_error **err)
{
    sqlite3_stmt *st = ins(s, &ins_set(s)->kev,
                           "INSERT OR REPLACE INTO kev(cve, source, date_added, due_date,"
                           " ransomware, vendor, product, name, description, required_action)"
                           " VALUES(?,?,?,?,?,?,?,?,?,?)",
                           err);
    if (!st)
        return -1;
    vulndb__bind_text(st, 1, k->cve);
    sqlite3_bind_int64(st, 2, s->source);
    vulndb__bind_text(st, 3, k->date_added);
    vulndb__bind_text(st, 4, k->due_date);
    sqlite3_bind_int(st, 5, k->ransomware);
    vulndb__bind_text(st, 6, k->vendor);
    vulndb__bind_text(st, 7, k->product);
    vulndb__bind_text(st, 8, k->name);
    vulndb__bind_text(st, 9, k->description);
    vulndb__bind_text(st, 10, k->required_action);
    return vulndb__step_done(s, st, err);
}

int vulndb__ins_epss(struct ward_vulndb_sink *s, const char *cve, double score, double pct,
                     const char *date, struct ward_error **err)
{
    sqlite3_stmt *st = ins(s, &ins_set(s)->epss,
                           "INSERT OR REPLACE INTO epss(cve, source, score, percentile, date)"
                           " VALUES(?,?,?,?,?)",
                           err);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, cve, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, s->source);
    sqlite3_bind_double(st, 3, score);
    sqlite3_bind_double(st, 4, pct);
    sqlite3_bind_text(st, 5, date, -1, SQLITE_STATIC);
    return vulndb__step_done(s, st, err);
}

/* ---- read side ---- */

struct vulndb_enrich_q {
    bool missing;                  /* a DB from before these tables: nothing to find */
    bool probed;                   /* have_* below are known */
    bool have_cvss, have_kev_epss; /* the tables hold rows: worth a query per finding */
    sqlite3_stmt *cvss, *kev, *epss, *one, *pub, *kev_epss;
};

void vulndb__enrich_close(struct vulndb_enrich_q *q)
{
    if (!q)
        return;
    sqlite3_finalize(q->cvss);
    sqlite3_finalize(q->kev);
    sqlite3_finalize(q->epss);
    sqlite3_finalize(q->one);
    sqlite3_finalize(q->pub);
    sqlite3_finalize(q->kev_epss);
    free(q);
}

/* The prepared statement of one kind; NULL with *missing when the DB has no
 * enrichment tables, NULL with err set on another failure. */
static sqlite3_stmt *query(struct ward_vulndb *db, int which, bool *missing,
                           struct ward_error **err)
{
    static const char *const sql[] = {
        "SELECT feed, origin, type, version, vector, score, severity FROM cvss WHERE cve = ?1"
        " ORDER BY rowid",
        "SELECT cve, date_added, due_date, ransomware, vendor, product, name, description,"
        " required_action FROM kev WHERE cve = ?1",
        "SELECT score, percentile, date FROM epss WHERE cve = ?1",
        /* one step per id for the finding decoration: KEV, EPSS, earliest publication */
        "SELECT k.date_added, k.due_date, k.ransomware, e.score, e.percentile, e.date,"
        " (SELECT min(published) FROM advisories WHERE vuln_id = ?1)"
        " FROM (SELECT 1) LEFT JOIN kev k ON k.cve = ?1 LEFT JOIN epss e ON e.cve = ?1",
        /* the same shape when the DB has no KEV/EPSS rows: publication only */
        "SELECT NULL, NULL, 0, NULL, NULL, NULL,"
        " (SELECT min(published) FROM advisories WHERE vuln_id = ?1)",
        /* KEV and EPSS only, when the caller has the publication date */
        "SELECT k.date_added, k.due_date, k.ransomware, e.score, e.percentile, e.date, NULL"
        " FROM (SELECT 1) LEFT JOIN kev k ON k.cve = ?1 LEFT JOIN epss e ON e.cve = ?1",
    };
    struct vulndb_enrich_q **slot;
    sqlite3 *c = vulndb__conn(db, &slot);
    if (!*slot)
        *slot = ward_xcalloc(1, sizeof(**slot));
    struct vulndb_enrich_q *q = *slot;
    *missing = q->missing;
    if (q->missing)
        return NULL;
    sqlite3_stmt **st = which == 0   ? &q->cvss
                        : which == 1 ? &q->kev
                        : which == 2 ? &q->epss
                        : which == 3 ? &q->one
                        : which == 4 ? &q->pub
                                     : &q->kev_epss;
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return *st;
    }
    if (sqlite3_prepare_v3(c, sql[which], -1, SQLITE_PREPARE_PERSISTENT, st, NULL) == SQLITE_OK)
        return *st;
    if (strstr(sqlite3_errmsg(c), "no such table")) {
        q->missing = *missing = true;
        return NULL;
    }
    ward_error_set(err, WARD_EIO, 0, "sqlite prepare: %s", sqlite3_errmsg(c));
    return NULL;
}

static const char *col(sqlite3_stmt *st, int i, struct ward_arena *a)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? ward_arena_strdup(a, (const char *)t) : NULL;
}

static int step_err(struct ward_vulndb *db, struct ward_error **err)
{
    struct vulndb_enrich_q **slot;
    return ward_error_set(err, WARD_EIO, 0, "sqlite: %s", sqlite3_errmsg(vulndb__conn(db, &slot)));
}

int ward_vulndb_cvss(struct ward_vulndb *db, const char *cve, struct ward_arena *a,
                     struct ward_cvss_metric **out, struct ward_error **err)
{
    bool missing;
    *out = NULL;
    sqlite3_stmt *st = query(db, 0, &missing, err);
    if (!st)
        return missing ? 0 : -1;
    sqlite3_bind_text(st, 1, cve, -1, SQLITE_STATIC);
    struct ward_cvss_metric *v = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = ward_arena_grow(a, v, n, &cap, sizeof(*v));
        struct ward_cvss_metric *m = &v[n++];
        m->feed = col(st, 0, a);
        m->source = col(st, 1, a);
        m->type = col(st, 2, a);
        m->version = col(st, 3, a);
        m->vector = col(st, 4, a);
        m->score = sqlite3_column_double(st, 5);
        m->severity = col(st, 6, a);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return step_err(db, err);
    /* stable insertion sort by rank; within a rank 3.1 before 3.0 */
    for (size_t i = 1; i < n; i++) {
        struct ward_cvss_metric m = v[i];
        int rk = ward_cvss_rank(m.version, m.type);
        size_t j = i;
        while (j > 0) {
            int rj = ward_cvss_rank(v[j - 1].version, v[j - 1].type);
            if (rj < rk || (rj == rk && strcmp(v[j - 1].version, m.version) >= 0))
                break;
            v[j] = v[j - 1];
            j--;
        }
        v[j] = m;
    }
    *out = v;
    return (int)n;
}

int ward_vulndb_kev(struct ward_vulndb *db, const char *cve, struct ward_arena *a,
                    struct ward_kev *out, struct ward_error **err)
{
    bool missing;
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = query(db, 1, &missing, err);
    if (!st)
        return missing ? 0 : -1;
    sqlite3_bind_text(st, 1, cve, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        out->cve = col(st, 0, a);
        out->date_added = col(st, 1, a);
        out->due_date = col(st, 2, a);
        out->ransomware = sqlite3_column_int(st, 3) != 0;
        out->vendor = col(st, 4, a);
        out->product = col(st, 5, a);
        out->name = col(st, 6, a);
        out->description = col(st, 7, a);
        out->required_action = col(st, 8, a);
        found = 1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return step_err(db, err);
    return found;
}

int ward_vulndb_epss(struct ward_vulndb *db, const char *cve, struct ward_arena *a,
                     struct ward_epss *out, struct ward_error **err)
{
    bool missing;
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = query(db, 2, &missing, err);
    if (!st)
        return missing ? 0 : -1;
    sqlite3_bind_text(st, 1, cve, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        out->score = sqlite3_column_double(st, 0);
        out->percentile = sqlite3_column_double(st, 1);
        out->date = col(st, 2, a);
        found = 1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return step_err(db, err);
    return found;
}

/* Which enrichment tables hold rows, asked once per DB handle: a DB without
 * NVD, KEV or EPSS data then costs one indexed lookup per id, not three. */
static void probe_tables(struct ward_vulndb *db)
{
    struct vulndb_enrich_q **slot;
    sqlite3 *c = vulndb__conn(db, &slot);
    struct vulndb_enrich_q *q = *slot;
    if (!q || q->probed)
        return;
    q->probed = true;
    static const char *const sql[2] = {
        "SELECT EXISTS(SELECT 1 FROM cvss)",
        "SELECT EXISTS(SELECT 1 FROM kev) OR EXISTS(SELECT 1 FROM epss)",
    };
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *st = NULL;
        bool have = true; /* on any doubt, query */
        if (sqlite3_prepare_v2(c, sql[k], -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            have = sqlite3_column_int(st, 0) != 0;
        sqlite3_finalize(st);
        if (k == 0)
            q->have_cvss = have;
        else
            q->have_kev_epss = have;
    }
}

/* ask_pub: look the publication date up per id; otherwise *published (may
 * be NULL) is the answer. */
static int extra(struct ward_vulndb *db, const char *const *ids, size_t n, bool ask_pub,
                 const char *published, struct ward_arena *a, struct ward_vulndb_extra *out,
                 struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    if (!ask_pub)
        out->published = published;
    int best_rank = 1 << 20;
    struct vulndb_enrich_q **slot;
    bool missing;
    (void)vulndb__conn(db, &slot);
    if (!query(db, 3, &missing, err)) /* creates the per-handle state */
        return missing ? 0 : -1;
    probe_tables(db);
    const struct vulndb_enrich_q *q = *slot;
    for (size_t i = 0; i < n; i++) {
        /* KEV and EPSS are keyed by CVE ids only (kev.c, epss.c refuse others) */
        bool ke = q->have_kev_epss && !strncmp(ids[i], "CVE-", 4);
        sqlite3_stmt *st = NULL;
        if (ke || ask_pub) {
            st = query(db, ke ? (ask_pub ? 3 : 5) : 4, &missing, err);
            if (!st)
                return missing ? 0 : -1;
        }
        if (st) {
            sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
            int rc = sqlite3_step(st);
            if (rc == SQLITE_ROW) {
                if (!out->kev && sqlite3_column_type(st, 0) != SQLITE_NULL) {
                    out->kev = true;
                    out->kev_date_added = col(st, 0, a);
                    out->kev_due_date = col(st, 1, a);
                    out->kev_ransomware = sqlite3_column_int(st, 2) != 0;
                }
                if (sqlite3_column_type(st, 3) != SQLITE_NULL &&
                    (!out->epss || sqlite3_column_double(st, 3) > out->epss_score)) {
                    out->epss = true;
                    out->epss_score = sqlite3_column_double(st, 3);
                    out->epss_percentile = sqlite3_column_double(st, 4);
                    out->epss_date = col(st, 5, a);
                }
                const unsigned char *pub = sqlite3_column_text(st, 6);
                if (pub && (!out->published || strcmp((const char *)pub, out->published) < 0))
                    out->published = ward_arena_strdup(a, (const char *)pub);
            }
            sqlite3_reset(st);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return step_err(db, err);
        }
        if (strncmp(ids[i], "CVE-", 4) != 0 || !q->have_cvss)
            continue;
        struct ward_cvss_metric *m;
        int nm = ward_vulndb_cvss(db, ids[i], a, &m, err);
        if (nm < 0)
            return -1;
        if (nm > 0 && ward_cvss_rank(m[0].version, m[0].type) < best_rank) {
            best_rank = ward_cvss_rank(m[0].version, m[0].type);
            out->cvss_vector = m[0].vector;
            out->cvss_version = m[0].version;
            out->cvss_score = m[0].score;
            out->cvss_severity = m[0].severity;
            out->cvss_feed = m[0].feed;
        }
    }
    return 0;
}

int ward_vulndb_enrich_extra(struct ward_vulndb *db, const char *const *ids, size_t n,
                             struct ward_arena *a, struct ward_vulndb_extra *out,
                             struct ward_error **err)
{
    return extra(db, ids, n, true, NULL, a, out, err);
}

int ward_vulndb_enrich_finding(struct ward_vulndb *db, const char *const *ids, size_t n,
                               const char *published, struct ward_arena *a,
                               struct ward_vulndb_extra *out, struct ward_error **err)
{
    return extra(db, ids, n, !vulndb__first_published(db), published, a, out, err);
}
