/* cache.c - per-layer results cached by diff_id in one SQLite file under the
 * user's cache dir, so a re-scan of a rebuilt image reads only its new layers.
 * A damaged or foreign entry is a miss, never an error. */
#define WARD_LOG_MODULE "cache"
#include "image/image.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/log.h"

#include <sqlite3.h>
#include <string.h>

#define MAGIC "WLY2"

struct ward_cache {
    sqlite3 *db;
};

int ward_cache_open(struct ward_cache **out, const char *dir, struct ward_error **err)
{
    ward_autofree char *d = dir ? ward_xstrdup(dir) : ward_cache_dir();
    if (ward_mkdir_p(d, 0700, err) < 0)
        return ward_error_wrap(err, "cache");
    ward_autofree char *path = ward_xasprintf("%s/layers.sqlite", d);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        int rc = ward_error_set(err, WARD_EIO, 0, "cache %s: %s", path,
                                db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return rc;
    }
    sqlite3_busy_timeout(db, 5000);
    char *msg = NULL;
    if (sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "CREATE TABLE IF NOT EXISTS layers(key TEXT PRIMARY KEY, data BLOB NOT NULL,"
                     " used INTEGER);"
                     "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);",
                     NULL, NULL, &msg) != SQLITE_OK) {
        int rc = ward_error_set(err, WARD_EIO, 0, "cache %s: %s", path, msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(db);
        return rc;
    }
    struct ward_cache *c = ward_xcalloc(1, sizeof(*c));
    c->db = db;
    *out = c;
    return 0;
}

void ward_cache_free(struct ward_cache *c)
{
    if (!c)
        return;
    sqlite3_close(c->db);
    free(c);
}

static void put_u32(struct ward_buf *b, uint32_t v)
{
    ward_buf_add(b, &v, 4);
}
static void put_u64(struct ward_buf *b, uint64_t v)
{
    ward_buf_add(b, &v, 8);
}
static void put_str(struct ward_buf *b, const char *s)
{
    if (!s) {
        put_u32(b, UINT32_MAX);
        return;
    }
    uint32_t n = (uint32_t)strlen(s);
    put_u32(b, n);
    ward_buf_add(b, s, n);
}

void ward_layer_serialise(const struct ward_layer *l, struct ward_buf *out)
{
    ward_buf_add(out, MAGIC, 4);
    ward_buf_add(out, l->diff_id, 72);
    ward_buf_add(out, l->digest, 72);
    put_u64(out, l->bytes);
    put_u32(out, (uint32_t)l->n_files);
    put_u32(out, (uint32_t)l->n_blobs);
    for (size_t i = 0; i < l->n_files; i++) {
        const struct ward_layer_file *f = &l->files[i];
        put_u32(out, f->mode);
        put_u32(out, f->uid);
        put_u32(out, f->gid);
        put_u64(out, f->size);
        ward_buf_addc(out, (char)f->kind);
        put_str(out, f->path);
        put_str(out, f->link);
    }
    for (size_t i = 0; i < l->n_blobs; i++) {
        const struct ward_layer_blob *bl = &l->blobs[i];
        put_u32(out, bl->file);
        ward_buf_addc(out, bl->reduced ? 1 : 0);
        put_u64(out, bl->len);
        ward_buf_add(out, bl->data, bl->len);
    }
}

struct rd {
    const char *p;
    size_t n;
    bool bad;
};

static const void *take(struct rd *r, size_t n)
{
    if (r->bad || n > r->n) {
        r->bad = true;
        return NULL;
    }
    const void *p = r->p;
    r->p += n;
    r->n -= n;
    return p;
}
static uint32_t get_u32(struct rd *r)
{
    uint32_t v = 0;
    const void *p = take(r, 4);
    if (p)
        memcpy(&v, p, 4);
    return v;
}
static uint64_t get_u64(struct rd *r)
{
    uint64_t v = 0;
    const void *p = take(r, 8);
    if (p)
        memcpy(&v, p, 8);
    return v;
}
static char *get_str(struct rd *r, struct ward_arena *a)
{
    uint32_t n = get_u32(r);
    if (r->bad || n == UINT32_MAX)
        return NULL;
    if (n > WARD_LIMIT_PATH_LEN) {
        r->bad = true;
        return NULL;
    }
    const char *p = take(r, n);
    return p ? ward_arena_strndup(a, p, n) : NULL;
}

int ward_layer_deserialise(struct ward_layer **out, const char *p, size_t n,
                           struct ward_error **err)
{
    struct rd r = {p, n, false};
    const char *m = take(&r, 4);
    if (!m || memcmp(m, MAGIC, 4) != 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "cache entry: bad magic");
    struct ward_layer *l = ward_layer_new();
    const char *d = take(&r, 72), *g = take(&r, 72);
    if (d && g) {
        memcpy(l->diff_id, d, 72);
        memcpy(l->digest, g, 72);
        l->diff_id[71] = l->digest[71] = '\0';
    }
    l->bytes = get_u64(&r);
    uint32_t nf = get_u32(&r), nb = get_u32(&r);
    if (r.bad || nf > WARD_LIMIT_FILES_PER_LAYER || nb > nf || (size_t)nf * 29 > r.n) {
        ward_layer_free(l);
        return ward_error_set(err, WARD_EFORMAT, 0, "cache entry: bad counts");
    }
    l->files = ward_xcalloc(nf ? nf : 1, sizeof(*l->files));
    l->cap_files = nf ? nf : 1;
    for (uint32_t i = 0; i < nf && !r.bad; i++) {
        struct ward_layer_file *f = &l->files[i];
        f->mode = get_u32(&r);
        f->uid = get_u32(&r);
        f->gid = get_u32(&r);
        f->size = get_u64(&r);
        const char *k = take(&r, 1);
        f->kind = k ? (uint8_t)*k : 0;
        f->path = get_str(&r, &l->arena);
        f->link = get_str(&r, &l->arena);
        f->blob = -1;
        if (!f->path || f->kind > WARD_LF_OPAQUE)
            r.bad = true;
        l->n_files++;
    }
    for (uint32_t i = 0; i < nb && !r.bad; i++) {
        uint32_t file = get_u32(&r);
        const char *red = take(&r, 1);
        uint64_t len = get_u64(&r);
        if (r.bad || file >= l->n_files || len > WARD_LIMIT_KEEP_FILE || len > r.n ||
            l->files[file].blob >= 0) {
            r.bad = true;
            break;
        }
        const char *data = take(&r, (size_t)len);
        ward_layer_add_blob(l, file, ward_xstrndup(data, (size_t)len), (size_t)len,
                            red && *red);
    }
    if (r.bad || r.n != 0) {
        ward_layer_free(l);
        return ward_error_set(err, WARD_EFORMAT, 0, "cache entry: truncated or corrupt");
    }
    *out = l;
    return 0;
}

struct ward_layer *ward_cache_get_layer(struct ward_cache *c, const char *diff_id,
                                        const char *keep_version)
{
    if (!c || !diff_id || !*diff_id)
        return NULL;
    ward_autofree char *key = ward_xasprintf("%s|%s", diff_id, keep_version ? keep_version : "");
    sqlite3_stmt *st = NULL;
    struct ward_layer *l = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT data FROM layers WHERE key=?1", -1, &st, NULL) !=
        SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *p = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        struct ward_error *err = NULL;
        if (p && ward_layer_deserialise(&l, p, n, &err) < 0) {
            ward_warn("ignoring damaged cache entry for %s: %s", diff_id, err->msg);
            ward_error_free(err);
            l = NULL;
        }
        if (l && strcmp(l->diff_id, diff_id) != 0) {
            ward_layer_free(l);
            l = NULL;
        }
    }
    sqlite3_finalize(st);
    if (l)
        l->from_cache = true;
    return l;
}

void ward_cache_put_layer(struct ward_cache *c, const struct ward_layer *l,
                          const char *keep_version)
{
    if (!c || !l->diff_id[0])
        return;
    struct ward_buf b = WARD_BUF_INIT(0);
    ward_layer_serialise(l, &b);
    ward_autofree char *key = ward_xasprintf("%s|%s", l->diff_id, keep_version ? keep_version : "");
    sqlite3_stmt *st = NULL;
    if (!ward_buf_check(&b) &&
        sqlite3_prepare_v2(c->db,
                           "INSERT OR REPLACE INTO layers(key, data, used) VALUES(?1, ?2, "
                           "strftime('%s','now'))",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_blob64(st, 2, b.ptr, b.len, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            ward_warn("cache write failed: %s", sqlite3_errmsg(c->db));
    }
    sqlite3_finalize(st);
    ward_buf_dispose(&b);
}

char *ward_cache_get_meta(struct ward_cache *c, const char *key)
{
    if (!c)
        return NULL;
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT value FROM meta WHERE key=?1", -1, &st, NULL) !=
        SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = ward_xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

void ward_cache_put_meta(struct ward_cache *c, const char *key, const char *value)
{
    if (!c)
        return;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
}
