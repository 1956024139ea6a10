/* import.c - `ward db import`: walk the given files and directories, route
 * each document (JSON, YAML, OSV zip, DSA/DLA list) to its feed parser, and
 * write the result to a temp DB renamed over the real one only on success. */
#define WARD_LOG_MODULE "vulndb"
#include "inventory/yamldoc.h"
#include "image/stream.h"
#include "inventory/zip.h"
#include "util/file.h"
#include "util/json_in.h"
#include "vulndb/vulndb_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- YAML -> jansson ---- */

static json_t *yaml_node_json(yaml_document_t *doc, yaml_node_t *n, unsigned depth, size_t *budget)
{
    if (!n || depth > 256 || *budget == 0)
        return NULL;
    (*budget)--;
    switch (n->type) {
    case YAML_SCALAR_NODE: {
        const char *v = (const char *)n->data.scalar.value;
        size_t len = n->data.scalar.length;
        if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
            (len == 0 || (len == 1 && v[0] == '~') || (len == 4 && !memcmp(v, "null", 4))))
            return json_null();
        return json_stringn_nocheck(v, len);
    }
    case YAML_SEQUENCE_NODE: {
        json_t *arr = json_array();
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
            json_t *c = yaml_node_json(doc, yaml_document_get_node(doc, *it), depth + 1, budget);
            if (!c) {
                json_decref(arr);
                return NULL;
            }
            json_array_append_new(arr, c);
        }
        return arr;
    }
    case YAML_MAPPING_NODE: {
        json_t *obj = json_object();
        for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
             pr++) {
            yaml_node_t *k = yaml_document_get_node(doc, pr->key);
            const char *key = ward_yaml_scalar(k);
            if (!key)
                continue; /* complex keys have no JSON meaning */
            json_t *c =
                yaml_node_json(doc, yaml_document_get_node(doc, pr->value), depth + 1, budget);
            if (!c) {
                json_decref(obj);
                return NULL;
            }
            json_object_setn_new_nocheck(obj, key, k->data.scalar.length, c);
        }
        return obj;
    }
    case YAML_NO_NODE:
        break;
    }
    return NULL;
}

int ward_vulndb_yaml_to_json(json_t **out, const char *p, size_t n, struct ward_error **err)
{
    yaml_document_t doc;
    if (ward_yaml_load(&doc, p, n, err) < 0)
        return -1;
    /* Aliases share nodes; the budget stops "billion laughs" expansion. */
    size_t budget = WARD_VULNDB_MAX_YAML_NODES;
    yaml_node_t *root = ward_yaml_root(&doc);
    json_t *j = root ? yaml_node_json(&doc, root, 0, &budget) : NULL;
    yaml_document_delete(&doc);
    if (!j)
        return ward_error_set(err, budget ? WARD_EFORMAT : WARD_ELIMIT, 0,
                              budget ? "yaml: empty or unusable document"
                                     : "yaml: more than %u nodes",
                              WARD_VULNDB_MAX_YAML_NODES);
    *out = j;
    return 0;
}

/* ---- dispatch ---- */

int ward_vulndb_import_json(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                            struct ward_error **err)
{
    if (vulndb__is_nvd(doc)) /* before OSV: a bare NVD CVE object has an "id" too */
        return vulndb__nvd(s, origin, doc, err);
    if (vulndb__is_kev(doc))
        return vulndb__kev(s, origin, doc, err);
    if (vulndb__is_osv(doc))
        return vulndb__osv(s, origin, doc, err);
    if (vulndb__is_secdb(doc))
        return vulndb__secdb(s, origin, doc, s->force_eco, err);
    if (vulndb__is_csaf(doc)) /* Red Hat CSAF advisories and VEX */
        return vulndb__csaf(s, origin, doc, err);
    if (vulndb__is_redhat_cve(doc)) /* Red Hat Security Data API CVE JSON */
        return vulndb__redhat_cve(s, origin, doc, err);
    if (vulndb__is_debian_json(doc))
        return vulndb__debian_json(s, origin, doc, err);
    ward_warn("%s: not an OSV, Alpine secdb, Debian tracker, NVD or KEV document; skipped",
              origin);
    s->skipped++;
    return 0;
}

static const char *skip_ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

int ward_vulndb_import_bytes(struct ward_vulndb_sink *s, const char *origin, const char *p,
                             size_t n, struct ward_error **err)
{
    struct ward_error *perr = NULL;
    json_t *doc = NULL;
    const char *f = skip_ws(p, p + n);
    s->files++;
    if (vulndb__is_debian_list(p, n))
        return vulndb__debian_list(s, origin, p, n, err);
    if (vulndb__is_epss(p, n))
        return vulndb__epss(s, origin, p, n, err);
    int r;
    if (f < p + n && (*f == '{' || *f == '['))
        r = ward_json_parse(&doc, p, n, WARD_VULNDB_MAX_FILE, &perr);
    else
        r = ward_vulndb_yaml_to_json(&doc, p, n, &perr);
    if (r < 0) {
        ward_warn("%s: %s; skipped", origin, perr->msg);
        ward_error_free(perr);
        s->skipped++;
        return 0;
    }
    r = ward_vulndb_import_json(s, origin, doc, err);
    json_decref(doc);
    return r;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static int import_zip(struct ward_vulndb_sink *s, const char *path, const struct ward_buf *data,
                      struct ward_error **err)
{
    struct ward_zip *z = NULL;
    struct ward_error *zerr = NULL;
    if (ward_zip_open(&z, data->ptr, data->len, &zerr) < 0) {
        ward_warn("%s: %s; skipped", path, zerr->msg);
        ward_error_free(zerr);
        s->skipped++;
        return 0;
    }
    struct ward_buf member = WARD_BUF_INIT(WARD_VULNDB_MAX_ENTRY);
    int r = 0;
    for (size_t i = 0; i < z->count && r == 0; i++) {
        const char *name = z->e[i].name;
        if (!has_suffix(name, ".json"))
            continue;
        if (ward_zip_read(z, i, &member, WARD_VULNDB_MAX_ENTRY, &zerr) < 0) {
            ward_warn("%s: %s: %s; skipped", path, name, zerr->msg);
            ward_error_free(zerr);
            zerr = NULL;
            s->skipped++;
            continue;
        }
        char *origin = ward_xasprintf("%s:%s", path, name);
        r = ward_vulndb_import_bytes(s, origin, member.ptr ? member.ptr : "", member.len, err);
        free(origin);
    }
    ward_buf_dispose(&member);
    ward_zip_free(z);
    return r;
}

static int gz_sink(const void *p, size_t n, void *ud, struct ward_error **err)
{
    struct ward_buf *b = ud;
    ward_buf_add(b, p, n);
    if (ward_buf_check(b) < 0)
        return ward_error_set(err, WARD_ELIMIT, 0, "more than %llu bytes uncompressed",
                              (unsigned long long)WARD_VULNDB_MAX_FILE);
    return 0;
}

static int import_gzip(struct ward_vulndb_sink *s, const char *path, const struct ward_buf *data,
                       struct ward_error **err)
{
    struct ward_buf out = WARD_BUF_INIT(WARD_VULNDB_MAX_FILE);
    struct ward_decomp *d = ward_decomp_new(gz_sink, &out, WARD_VULNDB_MAX_FILE);
    struct ward_error *zerr = NULL;
    int r = 0;
    if (ward_decomp_feed(d, data->ptr, data->len, &zerr) < 0 ||
        ward_decomp_finish(d, &zerr) < 0) {
        ward_warn("%s: %s; skipped", path, zerr->msg);
        ward_error_free(zerr);
        s->skipped++;
    } else {
        r = ward_vulndb_import_bytes(s, path, out.ptr ? out.ptr : "", out.len, err);
    }
    ward_decomp_free(d);
    ward_buf_dispose(&out);
    return r;
}

static bool wanted_file(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (has_suffix(base, ".json") || has_suffix(base, ".yaml") || has_suffix(base, ".yml") ||
        has_suffix(base, ".zip") || has_suffix(base, ".csv") || has_suffix(base, ".gz"))
        return true;
    /* data/DSA/list, data/DLA/list, data/DTSA/list of the security tracker */
    return strcmp(base, "list") == 0 &&
           (has_suffix(path, "DSA/list") || has_suffix(path, "DLA/list") ||
            has_suffix(path, "DTSA/list"));
}

static int import_file(struct ward_vulndb_sink *s, const char *path, bool explicit,
                       struct ward_error **err)
{
    if (!explicit && !wanted_file(path))
        return 0;
    struct ward_buf data = WARD_BUF_INIT(WARD_VULNDB_MAX_FILE);
    struct ward_error *ferr = NULL;
    int r = 0;
    if (ward_file_read(&data, AT_FDCWD, path, WARD_VULNDB_MAX_FILE, &ferr) < 0) {
        if (explicit) {
            ward_buf_dispose(&data);
            *err = ferr;
            return -1;
        }
        ward_warn("%s: %s; skipped", path, ferr->msg);
        ward_error_free(ferr);
        s->skipped++;
    } else if (data.len >= 4 && memcmp(data.ptr, "PK\x03\x04", 4) == 0) {
        r = import_zip(s, path, &data, err);
    } else if (data.len >= 2 && (unsigned char)data.ptr[0] == 0x1f &&
               (unsigned char)data.ptr[1] == 0x8b) {
        r = import_gzip(s, path, &data, err); /* EPSS .csv.gz, NVD .json.gz */
    } else {
        r = ward_vulndb_import_bytes(s, path, data.ptr ? data.ptr : "", data.len, err);
    }
    ward_buf_dispose(&data);
    return r;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int import_dir(struct ward_vulndb_sink *s, const char *path, unsigned depth,
                      struct ward_error **err)
{
    if (depth > WARD_VULNDB_MAX_DEPTH)
        return 0;
    DIR *d = opendir(path);
    if (!d)
        return ward_error_set(err, WARD_EIO, errno, "opendir %s", path);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue; /* ., .., .git and friends */
        WARD_GROW(names, n, cap);
        names[n++] = ward_xasprintf("%s/%s", path, de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), cmp_str); /* deterministic order */
    int r = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (r == 0 && lstat(names[i], &st) == 0) {
            if (S_ISDIR(st.st_mode))
                r = import_dir(s, names[i], depth + 1, err);
            else if (S_ISREG(st.st_mode))
                r = import_file(s, names[i], false, err);
        }
        free(names[i]);
    }
    free(names);
    return r;
}

/* ---- the atomic import ---- */

static int begin_source(struct ward_vulndb_sink *s, const char *path, struct ward_error **err)
{
    sqlite3_stmt *st = NULL;
    /* Re-importing a path replaces what it gave before. */
    static const char *const drop[] = {
        "DELETE FROM affected WHERE advisory IN (SELECT a.id FROM advisories a JOIN sources s"
        " ON a.source = s.id WHERE s.path = ?1)",
        "DELETE FROM aliases WHERE advisory IN (SELECT a.id FROM advisories a JOIN sources s"
        " ON a.source = s.id WHERE s.path = ?1)",
        "DELETE FROM refs WHERE advisory IN (SELECT a.id FROM advisories a JOIN sources s"
        " ON a.source = s.id WHERE s.path = ?1)",
        "DELETE FROM cwes WHERE advisory IN (SELECT a.id FROM advisories a JOIN sources s"
        " ON a.source = s.id WHERE s.path = ?1)",
        "DELETE FROM cvss WHERE source IN (SELECT id FROM sources WHERE path = ?1)",
        "DELETE FROM kev WHERE source IN (SELECT id FROM sources WHERE path = ?1)",
        "DELETE FROM epss WHERE source IN (SELECT id FROM sources WHERE path = ?1)",
        "DELETE FROM advisories WHERE source IN (SELECT id FROM sources WHERE path = ?1)",
        "DELETE FROM sources WHERE path = ?1",
        "INSERT INTO sources(path, imported_at) VALUES(?1, ?2)",
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(drop); i++) {
        if (sqlite3_prepare_v2(s->db, drop[i], -1, &st, NULL) != SQLITE_OK)
            return ward_error_set(err, WARD_EIO, 0, "sqlite: %s", sqlite3_errmsg(s->db));
        sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return ward_error_set(err, WARD_EIO, 0, "sqlite: %s", sqlite3_errmsg(s->db));
    }
    s->source = sqlite3_last_insert_rowid(s->db);
    return 0;
}

static int end_source(struct ward_vulndb_sink *s, size_t adv0, size_t aff0, size_t skip0,
                      struct ward_error **err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE sources SET advisories = ?1, affected = ?2, skipped = ?3,"
                           " feeds = (SELECT group_concat(feed, ',') FROM (SELECT DISTINCT feed"
                           " FROM advisories WHERE source = ?4 UNION SELECT 'cisa-kev' FROM"
                           " (SELECT 1 FROM kev WHERE source = ?4 LIMIT 1) UNION SELECT 'epss'"
                           " FROM (SELECT 1 FROM epss WHERE source = ?4 LIMIT 1) ORDER BY 1))"
                           " WHERE id = ?4",
                           -1, &st, NULL) != SQLITE_OK)
        return ward_error_set(err, WARD_EIO, 0, "sqlite: %s", sqlite3_errmsg(s->db));
    sqlite3_bind_int64(st, 1, (sqlite3_int64)(s->advisories - adv0));
    sqlite3_bind_int64(st, 2, (sqlite3_int64)(s->affected - aff0));
    sqlite3_bind_int64(st, 3, (sqlite3_int64)(s->skipped - skip0));
    sqlite3_bind_int64(st, 4, s->source);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return ward_error_set(err, WARD_EIO, 0, "sqlite: %s", sqlite3_errmsg(s->db));
    return 0;
}

/* Copy the current DB into the (empty) temp file, if it is one of ours. */
static void seed_from(const char *db_path, const char *tmp)
{
    struct ward_vulndb *old = NULL;
    struct ward_error *e = NULL;
    if (ward_vulndb_open(&old, db_path, &e) < 0) {
        if (e->code != WARD_ENOTFOUND)
            ward_warn("%s; starting a new database", e->msg);
        ward_error_free(e);
        return;
    }
    ward_vulndb_close(old);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, "VACUUM INTO ?", -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, tmp, -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE)
                ward_warn("copying %s: %s; starting a new database", db_path, sqlite3_errmsg(db));
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
}

static char *abs_path(const char *p)
{
    char *r = realpath(p, NULL);
    return r ? r : ward_xstrdup(p);
}

int ward_vulndb_import(const char *db_path, const char *const *paths, size_t n,
                       const struct ward_vulndb_import_opts *opts,
                       struct ward_vulndb_import_stats *stats, struct ward_error **err)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(stats, 0, sizeof(*stats));
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) < 0)
            return ward_error_set(err, WARD_ENOTFOUND, errno, "%s", paths[i]);
    }
    char *dir_copy = ward_xstrdup(db_path);
    char *dir = dirname(dir_copy);
    if (ward_mkdir_p(dir, 0755, err) < 0) {
        free(dir_copy);
        return -1;
    }
    free(dir_copy);
    char *tmp = ward_xasprintf("%s.import-XXXXXX", db_path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int r = ward_error_set(err, WARD_EIO, errno, "create temp file next to %s", db_path);
        free(tmp);
        return r;
    }
    close(fd);
    if (!opts || !opts->replace)
        seed_from(db_path, tmp);

    struct ward_vulndb_sink s = {0};
    s.force_eco = opts ? opts->ecosystem : NULL;
    int r = -1;
    if (sqlite3_open(tmp, &s.db) != SQLITE_OK) {
        ward_error_set(err, WARD_EIO, 0, "open %s: %s", tmp,
                       s.db ? sqlite3_errmsg(s.db) : "out of memory");
        goto out;
    }
    /* The temp file is renamed into place only after a clean close, so the
     * journal buys nothing here. */
    if (vulndb__exec(s.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", err) < 0 ||
        vulndb__schema(s.db, err) < 0 || vulndb__sink_prepare(&s, err) < 0 ||
        vulndb__exec(s.db, "BEGIN", err) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        char *ap = opts && opts->origins && opts->origins[i] ? ward_xstrdup(opts->origins[i])
                                                             : abs_path(paths[i]);
        size_t a0 = s.advisories, f0 = s.affected, k0 = s.skipped;
        struct stat st;
        int rr = begin_source(&s, ap, err);
        if (rr == 0 && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            rr = import_dir(&s, paths[i], 0, err);
        else if (rr == 0)
            rr = import_file(&s, paths[i], true, err);
        if (rr == 0)
            rr = end_source(&s, a0, f0, k0, err);
        free(ap);
        if (rr < 0) {
            ward_error_wrap(err, "import %s", paths[i]);
            goto out;
        }
    }
    char sql[128];
    snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO meta(key, value) VALUES('built_at', %lld)",
             (long long)time(NULL));
    /* the advisory count is kept with the build time so a scan need not count */
    if (vulndb__finish(s.db, err) < 0 || vulndb__exec(s.db, sql, err) < 0 ||
        vulndb__exec(s.db,
                     "INSERT OR REPLACE INTO meta(key, value) "
                     "VALUES('advisories', (SELECT count(*) FROM advisories))",
                     err) < 0 || vulndb__exec(s.db, "COMMIT", err) < 0)
        goto out;
    vulndb__sink_finalize(&s);
    if (sqlite3_close(s.db) != SQLITE_OK) {
        ward_error_set(err, WARD_EIO, 0, "close %s", tmp);
        s.db = NULL;
        goto out;
    }
    s.db = NULL;
    fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    if (rename(tmp, db_path) < 0) {
        ward_error_set(err, WARD_EIO, errno, "rename %s -> %s", tmp, db_path);
        goto out;
    }
    r = 0;
out:
    vulndb__sink_finalize(&s);
    if (s.db)
        sqlite3_close(s.db);
    if (r < 0)
        unlink(tmp);
    free(tmp);
    stats->files = s.files;
    stats->advisories = s.advisories;
    stats->affected = s.affected;
    stats->skipped = s.skipped;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    stats->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return r;
}
