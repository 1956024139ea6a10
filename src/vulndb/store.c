/* store.c - the SQLite side of the advisory DB: schema, prepared inserts of
 * the import sink, opening a DB read-only, status counts, and the lookups the
 * matcher runs (one indexed query per package). */
#include "vulndb/vulndb_int.h"

#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The schema. affected(eco_key, name_key, advisory) is the matcher's only hot
 * index; advisory in it spares the lookup a sort per package (ORDER BY). */
static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS sources(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
    " feeds TEXT, imported_at INTEGER, advisories INTEGER DEFAULT 0, affected INTEGER DEFAULT 0,"
    " skipped INTEGER DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS advisories(id INTEGER PRIMARY KEY, source INTEGER NOT NULL,"
    " feed TEXT NOT NULL, vuln_id TEXT NOT NULL, summary TEXT, details TEXT, severity TEXT,"
    " cvss_vector TEXT, cvss_score REAL, published TEXT, modified TEXT, first_published TEXT);"
    "CREATE INDEX IF NOT EXISTS advisories_vuln ON advisories(vuln_id);"
    "CREATE INDEX IF NOT EXISTS advisories_source ON advisories(source);"
    "CREATE TABLE IF NOT EXISTS aliases(advisory INTEGER NOT NULL, alias TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS aliases_adv ON aliases(advisory);"
    "CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias);"
    "CREATE TABLE IF NOT EXISTS refs(advisory INTEGER NOT NULL, url TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS refs_adv ON refs(advisory);"
    "CREATE TABLE IF NOT EXISTS affected(advisory INTEGER NOT NULL, eco_key TEXT NOT NULL,"
    " name_key TEXT NOT NULL, ecosystem TEXT NOT NULL, name TEXT NOT NULL,"
    " status INTEGER NOT NULL, ranges TEXT, versions TEXT, severity TEXT);"
    "CREATE INDEX IF NOT EXISTS affected_pkg ON affected(eco_key, name_key, advisory);"
    "CREATE INDEX IF NOT EXISTS affected_adv ON affected(advisory);";

int vulndb__exec(sqlite3 *db, const char *sql, struct ward_error **err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int r = ward_error_set(err, WARD_EIO, 0, "sqlite: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return r;
    }
    return 0;
}

int vulndb__schema(sqlite3 *db, struct ward_error **err)
{
    if (vulndb__exec(db, schema_sql, err) < 0 || vulndb__enrich_schema(db, err) < 0)
        return -1;
    char sql[128];
    snprintf(sql, sizeof(sql),
             "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '%d');",
             WARD_VULNDB_SCHEMA_VERSION);
    return vulndb__exec(db, sql, err);
}

/* first_published of every advisory: the earliest `published` among the
 * advisories named by its id or by one of its aliases. A finding's ids are
 * exactly the ids and aliases of its advisories, so the matcher gets the
 * finding's publication date from the advisories it fetched anyway instead
 * of one query per id. DBs seeded from a copy made before the column existed
 * get it added here. */
int vulndb__finish(sqlite3 *db, struct ward_error **err)
{
    sqlite3_stmt *st = NULL;
    bool have = sqlite3_prepare_v2(db, "SELECT first_published FROM advisories LIMIT 0", -1, &st,
                                   NULL) == SQLITE_OK;
    sqlite3_finalize(st);
    if (!have &&
        vulndb__exec(db, "ALTER TABLE advisories ADD COLUMN first_published TEXT", err) < 0)
        return -1;
    return vulndb__exec(
        db,
        "UPDATE advisories SET first_published = CASE WHEN p.x IS NULL THEN p.y"
        " WHEN p.y IS NULL OR p.x <= p.y THEN p.x ELSE p.y END"
        " FROM (SELECT a.id AS id,"
        " (SELECT min(b.published) FROM advisories b WHERE b.vuln_id = a.vuln_id) AS x,"
        " (SELECT min(b.published) FROM aliases l JOIN advisories b ON b.vuln_id = l.alias"
        " WHERE l.advisory = a.id) AS y FROM advisories a) AS p WHERE advisories.id = p.id;"
        "INSERT OR REPLACE INTO meta(key, value) VALUES('first_published', '1');",
        err);
}

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, struct ward_error **err)
{
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return ward_error_set(err, WARD_EIO, 0, "sqlite prepare: %s", sqlite3_errmsg(db));
    return 0;
}

int vulndb__sink_prepare(struct ward_vulndb_sink *s, struct ward_error **err)
{
    ward_buf_init(&s->k1, 4096);
    ward_buf_init(&s->k2, 4096);
    if (prep(s->db,
             "INSERT INTO advisories(source, feed, vuln_id, summary, details, severity,"
             " cvss_vector, cvss_score, published, modified) VALUES(?,?,?,?,?,?,?,?,?,?)",
             &s->ins_adv, err) < 0 ||
        prep(s->db, "INSERT INTO aliases(advisory, alias) VALUES(?,?)", &s->ins_alias, err) < 0 ||
        prep(s->db, "INSERT INTO refs(advisory, url) VALUES(?,?)", &s->ins_ref, err) < 0 ||
        prep(s->db,
             "INSERT INTO affected(advisory, eco_key, name_key, ecosystem, name, status, ranges,"
             " versions, severity) VALUES(?,?,?,?,?,?,?,?,?)",
             &s->ins_aff, err) < 0)
        return -1;
    return 0;
}

void vulndb__sink_finalize(struct ward_vulndb_sink *s)
{
    sqlite3_finalize(s->ins_adv);
    sqlite3_finalize(s->ins_alias);
    sqlite3_finalize(s->ins_ref);
    sqlite3_finalize(s->ins_aff);
    s->ins_adv = s->ins_alias = s->ins_ref = s->ins_aff = NULL;
    vulndb__enrich_finalize(s);
    ward_buf_dispose(&s->k1);
    ward_buf_dispose(&s->k2);
}

void vulndb__bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

int vulndb__step_done(struct ward_vulndb_sink *s, sqlite3_stmt *st, struct ward_error **err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return ward_error_set(err, WARD_EIO, 0, "sqlite insert: %s", sqlite3_errmsg(s->db));
    return 0;
}

bool vulndb__clean(const char *s)
{
    if (!s)
        return true;
    size_t n = 0;
    for (; s[n]; n++)
        if (s[n] == RANGE_SEP || s[n] == EVENT_SEP)
            return false;
    return n <= WARD_VULNDB_MAX_FIELD;
}

int64_t vulndb__advisory(struct ward_vulndb_sink *s, const struct adv_in *a,
                         struct ward_error **err)
{
    sqlite3_stmt *st = s->ins_adv;
    sqlite3_bind_int64(st, 1, s->source);
    vulndb__bind_text(st, 2, a->feed);
    vulndb__bind_text(st, 3, a->id);
    vulndb__bind_text(st, 4, a->summary);
    vulndb__bind_text(st, 5, a->details);
    vulndb__bind_text(st, 6, a->severity);
    vulndb__bind_text(st, 7, a->cvss_vector);
    if (a->cvss_score > 0)
        sqlite3_bind_double(st, 8, a->cvss_score);
    else
        sqlite3_bind_null(st, 8);
    vulndb__bind_text(st, 9, a->published);
    vulndb__bind_text(st, 10, a->modified);
    if (vulndb__step_done(s, st, err) < 0)
        return -1;
    s->advisories++;
    return sqlite3_last_insert_rowid(s->db);
}

int vulndb__alias(struct ward_vulndb_sink *s, int64_t adv, const char *alias,
                  struct ward_error **err)
{
    sqlite3_bind_int64(s->ins_alias, 1, adv);
    vulndb__bind_text(s->ins_alias, 2, alias);
    return vulndb__step_done(s, s->ins_alias, err);
}

int vulndb__ref(struct ward_vulndb_sink *s, int64_t adv, const char *url, struct ward_error **err)
{
    sqlite3_bind_int64(s->ins_ref, 1, adv);
    vulndb__bind_text(s->ins_ref, 2, url);
    return vulndb__step_done(s, s->ins_ref, err);
}

int vulndb__affected(struct ward_vulndb_sink *s, int64_t adv, const char *ecosystem,
                     const char *name, int status, const char *ranges, const char *versions,
                     const char *severity, struct ward_error **err)
{
    sqlite3_stmt *st = s->ins_aff;
    ward_vulndb_eco_key(&s->k1, ecosystem);
    ward_vulndb_name_key(&s->k2, ecosystem, name);
    if (ward_buf_check(&s->k1) < 0 || ward_buf_check(&s->k2) < 0 || !s->k1.ptr || !s->k2.ptr)
        return 0; /* oversized key: nothing could match it */
    sqlite3_bind_int64(st, 1, adv);
    vulndb__bind_text(st, 2, s->k1.ptr);
    vulndb__bind_text(st, 3, s->k2.ptr);
    vulndb__bind_text(st, 4, ecosystem);
    vulndb__bind_text(st, 5, name);
    sqlite3_bind_int(st, 6, status);
    vulndb__bind_text(st, 7, ranges);
    vulndb__bind_text(st, 8, versions);
    vulndb__bind_text(st, 9, severity);
    if (vulndb__step_done(s, st, err) < 0)
        return -1;
    s->affected++;
    return 0;
}

/* ---- in-memory sink (fuzzers, tests) ---- */

struct ward_vulndb_sink *ward_vulndb_sink_memory(void)
{
    struct ward_vulndb_sink *s = ward_xcalloc(1, sizeof(*s));
    struct ward_error *err = NULL;
    if (sqlite3_open(":memory:", &s->db) != SQLITE_OK || vulndb__schema(s->db, &err) < 0 ||
        vulndb__sink_prepare(s, &err) < 0)
        ward_oom(); /* only memory can make this fail */
    s->owns_db = true;
    return s;
}

void ward_vulndb_sink_free(struct ward_vulndb_sink *s)
{
    if (!s)
        return;
    vulndb__sink_finalize(s);
    if (s->owns_db)
        sqlite3_close(s->db);
    free(s);
}

size_t ward_vulndb_sink_count(const struct ward_vulndb_sink *s, size_t *affected, size_t *skipped)
{
    if (affected)
        *affected = s->affected;
    if (skipped)
        *skipped = s->skipped;
    return s->advisories;
}

/* ---- read side ---- */

#define LOOKUP_MAX_ECO 4

struct ward_vulndb {
    sqlite3 *db;
    sqlite3_stmt *lookup[LOOKUP_MAX_ECO + 1];
    sqlite3_stmt *adv, *adv_alias, *adv_ref, *enrich, *enrich2;
    struct vulndb_enrich_q *extra; /* enrich.c: KEV/EPSS/CVSS queries */
    bool first_pub;                /* advisories.first_published is filled (vulndb__finish) */
};

bool vulndb__first_published(const struct ward_vulndb *db)
{
    return db->first_pub;
}

sqlite3 *vulndb__conn(struct ward_vulndb *db, struct vulndb_enrich_q ***slot)
{
    *slot = &db->extra;
    return db->db;
}

char *ward_vulndb_default_path(void)
{
    const char *env = getenv("WARD_DB");
    if (env && *env)
        return ward_xstrdup(env);
    char *dir = ward_cache_dir();
    char *p = ward_xasprintf("%s/db.sqlite", dir);
    free(dir);
    return p;
}

int ward_vulndb_open(struct ward_vulndb **out, const char *path, struct ward_error **err)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return ward_error_set(err, WARD_ENOTFOUND, errno,
                              "no advisory database at %s (run `ward db import`)", path);
    struct ward_vulndb *db = ward_xcalloc(1, sizeof(*db));
    if (sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        int r = ward_error_set(err, WARD_EIO, 0, "open %s: %s", path,
                               db->db ? sqlite3_errmsg(db->db) : "out of memory");
        ward_vulndb_close(db);
        return r;
    }
    sqlite3_stmt *q = NULL;
    int ver = -1;
    if (sqlite3_prepare_v2(db->db, "SELECT value FROM meta WHERE key='schema_version'", -1, &q,
                           NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        ver = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(db->db, "SELECT value FROM meta WHERE key='first_published'", -1, &q,
                           NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        db->first_pub = sqlite3_column_int(q, 0) == 1;
    sqlite3_finalize(q);
    if (ver != WARD_VULNDB_SCHEMA_VERSION) {
        ward_vulndb_close(db);
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "%s is not a ward advisory database of schema %d (found %d)", path,
                              WARD_VULNDB_SCHEMA_VERSION, ver);
    }
    /* One read transaction for the handle's life: no lock/unlock and cache
     * re-validation per query. Imports never write this file in place (they
     * rename a new one over it), so the snapshot blocks nobody. */
    if (vulndb__exec(db->db, "PRAGMA mmap_size=268435456; BEGIN; SELECT 1 FROM meta LIMIT 1;",
                     err) < 0) {
        ward_vulndb_close(db);
        return ward_error_wrap(err, "%s", path);
    }
    *out = db;
    return 0;
}

void ward_vulndb_close(struct ward_vulndb *db)
{
    if (!db)
        return;
    for (size_t i = 0; i <= LOOKUP_MAX_ECO; i++)
        sqlite3_finalize(db->lookup[i]);
    sqlite3_finalize(db->adv);
    sqlite3_finalize(db->adv_alias);
    sqlite3_finalize(db->adv_ref);
    sqlite3_finalize(db->enrich);
    sqlite3_finalize(db->enrich2);
    vulndb__enrich_close(db->extra);
    sqlite3_close(db->db);
    free(db);
}

static int q_prep(struct ward_vulndb *db, sqlite3_stmt **st, const char *sql,
                  struct ward_error **err)
{
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return 0;
    }
    return prep(db->db, sql, st, err);
}

static const char *col_str(sqlite3_stmt *st, int i, struct ward_arena *a)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? ward_arena_strdup(a, (const char *)t) : NULL;
}

static size_t count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q = NULL;
    size_t n = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        n = (size_t)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

void ward_vulndb_summary(struct ward_vulndb *db, int64_t *built_at, size_t *advisories)
{
    *built_at = (int64_t)count(db->db, "SELECT value FROM meta WHERE key='built_at'");
    sqlite3_stmt *q = NULL;
    bool have = false;
    if (sqlite3_prepare_v2(db->db, "SELECT value FROM meta WHERE key='advisories'", -1, &q, NULL) ==
            SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        *advisories = (size_t)sqlite3_column_int64(q, 0);
        have = true;
    }
    sqlite3_finalize(q);
    if (!have) /* a DB built before the count was kept */
        *advisories = count(db->db, "SELECT count(*) FROM advisories");
}

int ward_vulndb_info(struct ward_vulndb *db, struct ward_vulndb_info *out, struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    out->schema_version = WARD_VULNDB_SCHEMA_VERSION;
    out->built_at = (int64_t)count(db->db, "SELECT value FROM meta WHERE key='built_at'");
    out->advisories = count(db->db, "SELECT count(*) FROM advisories");
    out->affected = count(db->db, "SELECT count(*) FROM affected");
    out->aliases = count(db->db, "SELECT count(*) FROM aliases");
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT path, feeds, imported_at, advisories, affected, skipped"
                           " FROM sources ORDER BY path",
                           -1, &q, NULL) != SQLITE_OK)
        return ward_error_set(err, WARD_EIO, 0, "sqlite: %s", sqlite3_errmsg(db->db));
    size_t cap = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        WARD_GROW(out->sources, out->n_sources, cap);
        struct ward_vulndb_source_info *si = &out->sources[out->n_sources++];
        const unsigned char *p = sqlite3_column_text(q, 0), *f = sqlite3_column_text(q, 1);
        si->path = ward_xstrdup(p ? (const char *)p : "");
        si->name = ward_xstrdup(f ? (const char *)f : "");
        si->imported_at = sqlite3_column_int64(q, 2);
        si->advisories = (size_t)sqlite3_column_int64(q, 3);
        si->affected = (size_t)sqlite3_column_int64(q, 4);
        si->skipped = (size_t)sqlite3_column_int64(q, 5);
    }
    sqlite3_finalize(q);
    if (sqlite3_prepare_v2(db->db,
                           "SELECT ecosystem, count(*) FROM affected GROUP BY ecosystem"
                           " ORDER BY ecosystem",
                           -1, &q, NULL) != SQLITE_OK)
        return ward_error_set(err, WARD_EIO, 0, "sqlite: %s", sqlite3_errmsg(db->db));
    cap = 0;
    size_t cap2 = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const unsigned char *e = sqlite3_column_text(q, 0);
        WARD_GROW(out->ecosystem_names, out->ecosystems, cap);
        size_t n2 = out->ecosystems;
        WARD_GROW(out->ecosystem_counts, n2, cap2);
        out->ecosystem_names[out->ecosystems] = ward_xstrdup(e ? (const char *)e : "");
        out->ecosystem_counts[out->ecosystems++] = (size_t)sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    return 0;
}

void ward_vulndb_info_dispose(struct ward_vulndb_info *info)
{
    for (size_t i = 0; i < info->n_sources; i++) {
        free(info->sources[i].name);
        free(info->sources[i].path);
    }
    free(info->sources);
    for (size_t i = 0; i < info->ecosystems; i++)
        free(info->ecosystem_names[i]);
    free(info->ecosystem_names);
    free(info->ecosystem_counts);
    memset(info, 0, sizeof(*info));
}

int ward_vulndb_lookup(struct ward_vulndb *db, const char *const *eco_keys, size_t n_eco,
                       const char *name_key, struct ward_arena *a, struct ward_vulndb_row **rows,
                       struct ward_error **err)
{
    *rows = NULL;
    if (n_eco == 0)
        return 0;
    if (n_eco > LOOKUP_MAX_ECO)
        return ward_error_set(err, WARD_ELIMIT, 0, "lookup: more than %d ecosystems",
                              LOOKUP_MAX_ECO);
    if (!db->lookup[n_eco]) {
        char sql[512];
        int off = snprintf(sql, sizeof(sql),
                           "SELECT f.advisory, a.vuln_id, f.ecosystem, f.name, f.status, f.ranges,"
                           " f.versions, f.severity FROM affected f JOIN advisories a"
                           " ON a.id = f.advisory WHERE f.name_key = ?1 AND f.eco_key IN (?2");
        for (size_t i = 1; i < n_eco; i++)
            off += snprintf(sql + off, sizeof(sql) - (size_t)off, ", ?%zu", i + 2);
        snprintf(sql + off, sizeof(sql) - (size_t)off, ") ORDER BY f.advisory");
        if (prep(db->db, sql, &db->lookup[n_eco], err) < 0)
            return -1;
    }
    sqlite3_stmt *st = db->lookup[n_eco];
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, name_key, -1, SQLITE_STATIC);
    for (size_t i = 0; i < n_eco; i++)
        sqlite3_bind_text(st, (int)i + 2, eco_keys[i], -1, SQLITE_STATIC);
    size_t n = 0, cap = 0;
    struct ward_vulndb_row *out = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out = ward_arena_grow(a, out, n, &cap, sizeof(*out));
        struct ward_vulndb_row *r = &out[n++];
        r->advisory = sqlite3_column_int64(st, 0);
        r->vuln_id = col_str(st, 1, a);
        r->ecosystem = col_str(st, 2, a);
        r->name = col_str(st, 3, a);
        r->status = sqlite3_column_int(st, 4);
        r->ranges = col_str(st, 5, a);
        r->versions = col_str(st, 6, a);
        r->severity = col_str(st, 7, a);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return ward_error_set(err, WARD_EIO, 0, "sqlite lookup: %s", sqlite3_errmsg(db->db));
    *rows = out;
    return (int)n;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Column 0 of every row of st (already bound) as a NULL-terminated arena
 * list; sorted and de-duplicated when sort is set. */
static int collect_list(struct ward_vulndb *db, sqlite3_stmt *st, bool sort, struct ward_arena *a,
                        const char ***list, size_t *n_out, struct ward_error **err)
{
    const char **v = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        if (!t)
            continue;
        WARD_GROW(v, n, cap);
        v[n++] = ward_arena_strdup(a, (const char *)t);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(v);
        return ward_error_set(err, WARD_EIO, 0, "sqlite: %s", sqlite3_errmsg(db->db));
    }
    if (sort && n > 1) {
        qsort(v, n, sizeof(*v), cmp_str);
        size_t k = 1;
        for (size_t i = 1; i < n; i++)
            if (strcmp(v[i], v[k - 1]))
                v[k++] = v[i];
        n = k;
    }
    const char **out = ward_arena_alloc(a, (n + 1) * sizeof(*out));
    if (n)
        memcpy(out, v, n * sizeof(*out));
    free(v);
    *list = out;
    *n_out = n;
    return 0;
}

static void fill_adv(sqlite3_stmt *st, struct ward_arena *a, struct ward_vulndb_advisory *out)
{
    out->id = col_str(st, 0, a);
    out->summary = col_str(st, 1, a);
    out->details = col_str(st, 2, a);
    out->severity = col_str(st, 3, a);
    out->cvss_vector = col_str(st, 4, a);
    out->cvss_score = sqlite3_column_double(st, 5);
    out->source = col_str(st, 6, a);
}

int ward_vulndb_advisory(struct ward_vulndb *db, int64_t advisory, struct ward_arena *a,
                         struct ward_vulndb_advisory *out, struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    /* Three plain indexed statements: folding aliases and references into
     * subqueries (DISTINCT ... ORDER BY) made SQLite build a temp b-tree on
     * every call, which cost more than the lookups themselves. */
    if (q_prep(db, &db->adv,
               db->first_pub ? "SELECT vuln_id, summary, details, severity, cvss_vector,"
                               " cvss_score, feed, first_published FROM advisories WHERE id = ?1"
                             : "SELECT vuln_id, summary, details, severity, cvss_vector,"
                               " cvss_score, feed, NULL FROM advisories WHERE id = ?1",
               err) < 0 ||
        q_prep(db, &db->adv_alias, "SELECT alias FROM aliases WHERE advisory = ?1", err) < 0 ||
        q_prep(db, &db->adv_ref, "SELECT url FROM refs WHERE advisory = ?1", err) < 0)
        return -1;
    sqlite3_bind_int64(db->adv, 1, advisory);
    int rc = sqlite3_step(db->adv);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(db->adv);
        return ward_error_set(err, WARD_ENOTFOUND, 0, "advisory %lld not found",
                              (long long)advisory);
    }
    fill_adv(db->adv, a, out);
    out->published = col_str(db->adv, 7, a);
    sqlite3_reset(db->adv);
    sqlite3_bind_int64(db->adv_alias, 1, advisory);
    sqlite3_bind_int64(db->adv_ref, 1, advisory);
    if (collect_list(db, db->adv_alias, true, a, &out->aliases, &out->n_aliases, err) < 0 ||
        collect_list(db, db->adv_ref, false, a, &out->references, &out->n_references, err) < 0)
        return -1;
    return 0;
}

/* Preference among advisories for enrichment: one with a CVSS score, then one
 * with a severity word, then one with a summary, then the oldest row. */
static unsigned enrich_rank(sqlite3_stmt *st)
{
    return (sqlite3_column_type(st, 5) == SQLITE_NULL) << 2 |
           (sqlite3_column_type(st, 3) == SQLITE_NULL) << 1 |
           (sqlite3_column_type(st, 1) == SQLITE_NULL);
}

int ward_vulndb_enrich(struct ward_vulndb *db, const char *id, struct ward_arena *a,
                       struct ward_vulndb_advisory *out, struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    /* Advisories named id first, then those aliasing it. The best row is
     * picked here rather than with ORDER BY ... LIMIT 1, which would sort in
     * a temp b-tree on every call; the candidates are a handful of rows. */
    static const char *const sql[2] = {
        "SELECT vuln_id, summary, details, severity, cvss_vector, cvss_score, feed, id"
        " FROM advisories WHERE vuln_id = ?1",
        "SELECT a.vuln_id, a.summary, a.details, a.severity, a.cvss_vector, a.cvss_score, a.feed,"
        " a.id FROM aliases l JOIN advisories a ON a.id = l.advisory WHERE l.alias = ?1",
    };
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt **st = k ? &db->enrich2 : &db->enrich;
        if (q_prep(db, st, sql[k], err) < 0)
            return -1;
        sqlite3_bind_text(*st, 1, id, -1, SQLITE_STATIC);
        unsigned best_rank = ~0u;
        int64_t best_id = 0;
        struct ward_vulndb_advisory best = {0};
        int rc;
        while ((rc = sqlite3_step(*st)) == SQLITE_ROW) {
            unsigned r = enrich_rank(*st);
            int64_t rid = sqlite3_column_int64(*st, 7);
            if (r < best_rank || (r == best_rank && rid < best_id)) {
                best_rank = r;
                best_id = rid;
                fill_adv(*st, a, &best);
            }
        }
        sqlite3_reset(*st);
        if (rc != SQLITE_DONE)
            return ward_error_set(err, WARD_EIO, 0, "sqlite enrich: %s", sqlite3_errmsg(db->db));
        if (best_rank == ~0u)
            continue;
        bool useful = (best_rank & 6u) != 6u; /* has a CVSS score or a severity */
        if (useful || !out->id)
            *out = best;
        if (useful)
            break;
    }
    return 0;
}
