/* rpmdb.c - the three rpm package databases, read from bytes in memory:
 * sqlite rpmdb.sqlite (SQLite's own reader over an in-memory read-only copy),
 * Berkeley DB hash "Packages" (our bounded reader of the on-disk hash format,
 * either byte order) and SUSE's ndb "Packages.db" (rpm's rpmpkg.c format).
 * Each walk hands every header blob to a callback; ward_rpmdb_parse turns
 * them into packages. */
#include "inventory/rpm.h"
#include "util/limits.h"

#include <sqlite3.h>
#include <string.h>
#include <zlib.h>

/* One header blob may not exceed what ward_rpm_header_parse accepts. */
#define MAX_BLOB ((size_t)8 + (size_t)WARD_RPM_MAX_TAGS * 16 + WARD_RPM_MAX_DATA)

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* --- sqlite --------------------------------------------------------------- */

/* Bounds the work a hostile schema could make SQLite do (VM steps / 1000). */
static int sqlite_progress(void *ud)
{
    unsigned *ticks = ud;
    return ++*ticks > 200000u; /* ~200M VM instructions: far above any real rpmdb */
}

int ward_rpmdb_sqlite_walk(const char *path, const char *data, size_t len, ward_rpm_blob_fn fn,
                           void *payload, struct ward_error **err)
{
    if (len < 100 || memcmp(data, "SQLite format 3", 16) != 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: not an SQLite database", path);
    if (len > WARD_LIMIT_KEEP_FILE)
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: %zu bytes is over the %llu-byte limit",
                              path, len, (unsigned long long)WARD_LIMIT_KEEP_FILE);
    /* SQLite's memdb VFS cannot open a WAL-mode image (rpm writes rpmdb.sqlite
     * in WAL mode: header bytes 18/19 == 2). A private copy with the legacy
     * journal values opens read-only; the input stays untouched. */
    unsigned char *copy = sqlite3_malloc64(len);
    if (!copy)
        ward_oom();
    memcpy(copy, data, len);
    if (copy[18] == 2)
        copy[18] = 1;
    if (copy[19] == 2)
        copy[19] = 1;

    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int ret = 0, rc;
    unsigned ticks = 0;
    rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_free(copy);
        ret = ward_error_set(err, WARD_ERR, 0, "%s: sqlite open: %s", path, sqlite3_errstr(rc));
        goto out;
    }
    /* hostile file: no schema-defined side effects, no attaching, bounded work */
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)WARD_MIN(MAX_BLOB, (size_t)INT32_MAX));
    sqlite3_progress_handler(db, 1000, sqlite_progress, &ticks);
    rc = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
                             SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
    if (rc != SQLITE_OK) { /* copy was freed by sqlite3_deserialize */
        ret = ward_error_set(err, WARD_EFORMAT, 0, "%s: sqlite: %s", path, sqlite3_errmsg(db));
        goto out;
    }
    /* rpm's schema: Packages(hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL) */
    rc = sqlite3_prepare_v2(db, "SELECT type FROM sqlite_schema WHERE name = 'Packages'", -1, &st,
                            NULL);
    if (rc != SQLITE_OK) {
        ret = ward_error_set(err, WARD_EFORMAT, 0, "%s: sqlite: %s", path, sqlite3_errmsg(db));
        goto out;
    }
    rc = sqlite3_step(st);
    bool is_table = rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT &&
                    strcmp((const char *)sqlite3_column_text(st, 0), "table") == 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        ret = ward_error_set(err, WARD_EFORMAT, 0, "%s: sqlite: %s", path, sqlite3_errmsg(db));
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (!is_table) {
        ret =
            ward_error_set(err, WARD_EFORMAT, 0, "%s: sqlite database has no Packages table", path);
        goto out;
    }
    rc = sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages ORDER BY hnum", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        ret = ward_error_set(err, WARD_EFORMAT, 0, "%s: sqlite: %s", path, sqlite3_errmsg(db));
        goto out;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 1) != SQLITE_BLOB) {
            ret = ward_error_set(err, WARD_EFORMAT, 0, "%s: Packages row hnum %lld: not a blob",
                                 path, (long long)sqlite3_column_int64(st, 0));
            goto out;
        }
        const uint8_t *b = sqlite3_column_blob(st, 1);
        int n = sqlite3_column_bytes(st, 1);
        ret = fn(b ? b : (const uint8_t *)"", (size_t)(n > 0 ? n : 0), payload, err);
        if (ret < 0)
            goto out;
    }
    if (rc != SQLITE_DONE)
        ret = ward_error_set(err, WARD_EFORMAT, 0, "%s: sqlite: %s", path,
                             ticks > 200000u ? "query work limit exceeded" : sqlite3_errmsg(db));
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ret;
}

/* --- Berkeley DB hash ----------------------------------------------------- */

/* On-disk constants of Berkeley DB (db_page.h; stable since db 2.x). */
#define BDB_HASHMAGIC       0x061561u
#define BDB_BTREEMAGIC      0x053162u
#define BDB_PG_HDR          26 /* lsn 8, pgno 4, prev 4, next 4, entries 2, hf_offset 2, level, type */
#define BDB_P_INVALID       0
#define BDB_P_HASH_UNSORTED 2
#define BDB_P_OVERFLOW      7
#define BDB_P_HASHMETA      8
#define BDB_P_HASH          13
#define BDB_H_KEYDATA       1
#define BDB_H_OFFPAGE       3
#define BDB_HOFFPAGE_SZ     12 /* type, 3 unused, pgno 4, tlen 4 */

struct bdb {
    const char *path;
    const uint8_t *p;
    size_t len;
    bool swap; /* file written big-endian */
    uint32_t pgsz, npages, last;
    /* per page: already walked. In a sound database every bucket and overflow
     * page belongs to exactly one chain, so a second visit means a loop or a
     * page shared by two items (which would also make the work quadratic). */
    uint8_t *seen;
};

static uint32_t bdb32(const struct bdb *b, const uint8_t *p)
{
    return b->swap ? be32(p) : le32(p);
}

static uint16_t bdb16(const struct bdb *b, const uint8_t *p)
{
    return b->swap ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[0] | p[1] << 8);
}

static const uint8_t *bdb_page(const struct bdb *b, uint32_t pg)
{
    return b->p + (size_t)pg * b->pgsz;
}

/* Check page pg and mark it visited. An overflow page's type is checked
 * before the visit mark, so a pointer to a bucket page is reported as the
 * wrong page type it is, not as a loop. */
static int bdb_visit(struct bdb *b, uint32_t pg, bool overflow, struct ward_error **err)
{
    const char *what = overflow ? "overflow" : "bucket";
    if (pg == 0 || pg > b->last)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: %s page %u outside the database (last %u)",
                              b->path, what, pg, b->last);
    if (overflow && bdb_page(b, pg)[25] != BDB_P_OVERFLOW)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: page %u: type %u, want overflow", b->path,
                              pg, bdb_page(b, pg)[25]);
    if (b->seen[pg])
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "%s: %s chain reaches page %u a second time (loop or shared page)",
                              b->path, what, pg);
    b->seen[pg] = 1;
    if (bdb32(b, bdb_page(b, pg) + 8) != pg && bdb_page(b, pg)[25] != BDB_P_INVALID)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: page %u says it is page %u", b->path, pg,
                              bdb32(b, bdb_page(b, pg) + 8));
    return 0;
}

/* Collect an off-page item: tlen bytes spread over a chain of overflow pages. */
static int bdb_overflow(struct bdb *b, uint32_t pg, uint32_t tlen, uint8_t **out,
                        struct ward_error **err)
{
    if (tlen == 0 || tlen > MAX_BLOB || tlen > (uint64_t)b->npages * (b->pgsz - BDB_PG_HDR))
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: overflow item of %u bytes", b->path, tlen);
    uint8_t *buf = ward_xmalloc(tlen);
    uint32_t got = 0;
    while (got < tlen) {
        if (bdb_visit(b, pg, true, err) < 0)
            goto fail;
        const uint8_t *page = bdb_page(b, pg); /* an overflow page (bdb_visit) */
        uint32_t n = bdb16(b, page + 22);      /* OV_LEN: bytes on this page */
        if (n == 0 || n > b->pgsz - BDB_PG_HDR || n > tlen - got) {
            ward_error_set(err, WARD_EFORMAT, 0,
                           "%s: overflow page %u holds %u bytes (%u of %u "
                           "read)",
                           b->path, pg, n, got, tlen);
            goto fail;
        }
        memcpy(buf + got, page + BDB_PG_HDR, n);
        got += n;
        pg = bdb32(b, page + 16);
    }
    *out = buf;
    return 0;
fail:
    free(buf);
    return WARD_EFORMAT;
}

static int bdb_bucket_page(struct bdb *b, uint32_t pg, ward_rpm_blob_fn fn, void *payload,
                           struct ward_error **err)
{
    const uint8_t *page = bdb_page(b, pg);
    uint8_t type = page[25];
    if (type == BDB_P_INVALID && bdb32(b, page + 8) == 0)
        return 0; /* a bucket page BDB allocated but never wrote: empty */
    if (type != BDB_P_HASH && type != BDB_P_HASH_UNSORTED)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: page %u: type %u, want a hash page",
                              b->path, pg, type);
    uint32_t n = bdb16(b, page + 20);
    size_t first = BDB_PG_HDR + (size_t)n * 2; /* items live above the offset array */
    if (first > b->pgsz || n % 2)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: page %u: %u entries", b->path, pg, n);
    for (uint32_t i = 0; i < n; i += 2) {
        uint32_t koff = bdb16(b, page + BDB_PG_HDR + 2 * i);
        uint32_t voff = bdb16(b, page + BDB_PG_HDR + 2 * i + 2);
        uint32_t kend = i == 0 ? b->pgsz : bdb16(b, page + BDB_PG_HDR + 2 * i - 2);
        /* items are packed downwards from the end: value below key below previous */
        if (koff < first || voff < first || kend > b->pgsz || koff >= kend || voff >= koff)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: page %u: entry %u: bad offsets",
                                  b->path, pg, i / 2);
        const uint8_t *k = page + koff, *v = page + voff;
        uint32_t klen = kend - koff, vlen = koff - voff;
        /* rpm keeps a bookkeeping record under header number 0; skip it */
        if (k[0] == BDB_H_KEYDATA && klen == 5 && le32(k + 1) == 0)
            continue;
        if (k[0] != BDB_H_KEYDATA && k[0] != BDB_H_OFFPAGE)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: page %u: entry %u: key item type %u",
                                  b->path, pg, i / 2, k[0]);
        int ret;
        if (v[0] == BDB_H_KEYDATA) {
            ret = fn(v + 1, vlen - 1, payload, err);
        } else if (v[0] == BDB_H_OFFPAGE && vlen >= BDB_HOFFPAGE_SZ) {
            uint8_t *blob = NULL;
            if (bdb_overflow(b, bdb32(b, v + 4), bdb32(b, v + 8), &blob, err) < 0)
                return WARD_EFORMAT;
            ret = fn(blob, bdb32(b, v + 8), payload, err);
            free(blob);
        } else {
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "%s: page %u: entry %u: value item type %u (%u bytes)", b->path,
                                  pg, i / 2, v[0], vlen);
        }
        if (ret < 0)
            return ret;
    }
    return 0;
}

int ward_rpmdb_bdb_walk(const char *path, const char *data, size_t len, ward_rpm_blob_fn fn,
                        void *payload, struct ward_error **err)
{
    const uint8_t *p = (const uint8_t *)data;
    struct bdb b = {.path = path, .p = p, .len = len};
    if (len < 512)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: %zu bytes, too short for a Berkeley DB",
                              path, len);
    if (le32(p + 12) == BDB_HASHMAGIC)
        b.swap = false;
    else if (be32(p + 12) == BDB_HASHMAGIC)
        b.swap = true;
    else if (le32(p + 12) == BDB_BTREEMAGIC || be32(p + 12) == BDB_BTREEMAGIC)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                              "%s: Berkeley DB btree; rpm's Packages is a hash database", path);
    else
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: no Berkeley DB hash magic", path);
    uint32_t version = bdb32(&b, p + 16);
    b.pgsz = bdb32(&b, p + 20);
    /* db_page.h DBMETA: encrypt_alg at 24, type 25, metaflags 26 */
    if (version < 8 || version > 10)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "%s: Berkeley DB hash version %u", path,
                              version);
    if (b.pgsz < 512 || b.pgsz > 65536 || (b.pgsz & (b.pgsz - 1)))
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: page size %u", path, b.pgsz);
    if (p[25] != BDB_P_HASHMETA)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: meta page type %u", path, p[25]);
    if (p[24] != 0)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "%s: encrypted Berkeley DB", path);
    if (p[26] & 0x01) /* DBMETA_CHKSUM moves item data; rpm never sets it */
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "%s: checksummed Berkeley DB", path);
    if (len < b.pgsz)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: truncated meta page", path);
    b.npages = (uint32_t)WARD_MIN(len / b.pgsz, (size_t)UINT32_MAX);
    b.last = bdb32(&b, p + 32);
    if (b.last >= b.npages)
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "%s: last page %u but the file holds %u pages of %u bytes", path,
                              b.last, b.npages, b.pgsz);
    uint32_t max_bucket = bdb32(&b, p + 72);
    if (max_bucket > b.last)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: %u buckets in %u pages", path,
                              max_bucket + 1, b.last);
    uint32_t spares[32];
    for (int i = 0; i < 32; i++)
        spares[i] = bdb32(&b, p + 96 + 4 * i);

    b.seen = ward_xcalloc((size_t)b.last + 1, 1);
    int ret = 0;
    for (uint32_t bucket = 0; bucket <= max_bucket && ret == 0; bucket++) {
        /* BS_TO_PAGE: bucket + spares[ceil(log2(bucket + 1))] */
        int bits = 0;
        for (uint32_t x = bucket; x; x >>= 1)
            bits++;
        /* bits <= 31: max_bucket <= last < len / 512 */
        uint64_t pg64 = (uint64_t)bucket + spares[bits & 31];
        if (pg64 > b.last) {
            ret = ward_error_set(err, WARD_EFORMAT, 0, "%s: bucket %u maps to page %llu past %u",
                                 path, bucket, (unsigned long long)pg64, b.last);
            break;
        }
        uint32_t pg = (uint32_t)pg64;
        while (pg != 0 && ret == 0) {
            ret = bdb_visit(&b, pg, false, err);
            if (ret == 0)
                ret = bdb_bucket_page(&b, pg, fn, payload, err);
            if (ret == 0) {
                const uint8_t *page = bdb_page(&b, pg);
                pg = page[25] == BDB_P_INVALID ? 0 : bdb32(&b, page + 16);
            }
        }
    }
    free(b.seen);
    return ret;
}

/* --- ndb (rpm's lib/backend/ndb/rpmpkg.c) ---------------------------------- */

#define NDB_MAGIC       0x506d7052u /* "RpmP" little-endian */
#define NDB_SLOT_MAGIC  0x746f6c53u /* "Slot" */
#define NDB_BLOB_MAGIC  0x53626c42u /* "BlbS" */
#define NDB_TAIL_MAGIC  0x45626c42u /* "BlbE" */
#define NDB_HEADER_SIZE 32
#define NDB_SLOT_SIZE   16
#define NDB_BLK_SIZE    16
#define NDB_PAGE_SIZE   4096
#define NDB_BLOBHEAD    16 /* magic, pkgidx, timestamp, bloblen */
#define NDB_BLOBTAIL    12 /* adler32, bloblen, magic */

int ward_rpmdb_ndb_walk(const char *path, const char *data, size_t len, ward_rpm_blob_fn fn,
                        void *payload, struct ward_error **err)
{
    const uint8_t *p = (const uint8_t *)data;
    if (len < NDB_HEADER_SIZE || le32(p) != NDB_MAGIC)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: no ndb \"RpmP\" magic", path);
    uint32_t version = le32(p + 4), slotnpages = le32(p + 12);
    if (version != 0)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "%s: ndb version %u", path, version);
    if (slotnpages == 0 || (uint64_t)slotnpages * NDB_PAGE_SIZE > len)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: %u slot pages do not fit in %zu bytes",
                              path, slotnpages, len);
    uint64_t fileblks = len / NDB_BLK_SIZE;
    uint64_t minblk = (uint64_t)slotnpages * (NDB_PAGE_SIZE / NDB_BLK_SIZE);
    size_t slots_end = (size_t)slotnpages * NDB_PAGE_SIZE;
    for (size_t o = NDB_HEADER_SIZE; o < slots_end; o += NDB_SLOT_SIZE) {
        const uint8_t *s = p + o;
        size_t slotno = o / NDB_SLOT_SIZE;
        if (le32(s) != NDB_SLOT_MAGIC)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: slot %zu: bad magic", path, slotno);
        uint32_t pkgidx = le32(s + 4), blkoff = le32(s + 8), blkcnt = le32(s + 12);
        if (blkoff == 0)
            continue; /* free slot */
        if (pkgidx == 0 || blkcnt == 0 || blkoff < minblk || (uint64_t)blkoff + blkcnt > fileblks)
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "%s: slot %zu: package %u at block %u+%u outside the data "
                                  "area",
                                  path, slotno, pkgidx, blkoff, blkcnt);
        const uint8_t *blk = p + (size_t)blkoff * NDB_BLK_SIZE;
        size_t span = (size_t)blkcnt * NDB_BLK_SIZE;
        if (span < NDB_BLOBHEAD + NDB_BLOBTAIL || le32(blk) != NDB_BLOB_MAGIC ||
            le32(blk + 4) != pkgidx)
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "%s: package %u: no \"BlbS\" blob header at block %u", path,
                                  pkgidx, blkoff);
        uint32_t bloblen = le32(blk + 12);
        uint64_t want =
            ((uint64_t)NDB_BLOBHEAD + bloblen + NDB_BLOBTAIL + NDB_BLK_SIZE - 1) / NDB_BLK_SIZE;
        if (want != blkcnt)
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "%s: package %u: blob of %u bytes does not fill %u blocks", path,
                                  pkgidx, bloblen, blkcnt);
        const uint8_t *tail = blk + span - NDB_BLOBTAIL;
        /* the tail's adler32 covers head, blob and padding */
        uint32_t adl = (uint32_t)adler32_z(1, blk, span - NDB_BLOBTAIL);
        if (le32(tail + 8) != NDB_TAIL_MAGIC || le32(tail + 4) != bloblen || le32(tail) != adl)
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "%s: package %u: blob tail (magic, length or adler32) does "
                                  "not match",
                                  path, pkgidx);
        int ret = fn(blk + NDB_BLOBHEAD, bloblen, payload, err);
        if (ret < 0)
            return ret;
    }
    return 0;
}

/* --- dispatch and cataloger ------------------------------------------------ */

int ward_rpmdb_walk(const char *path, const char *data, size_t len, ward_rpm_blob_fn fn,
                    void *payload, struct ward_error **err)
{
    const uint8_t *p = (const uint8_t *)data;
    if (len == 0)
        return 0; /* an empty database file: nothing installed */
    if (len >= 16 && memcmp(data, "SQLite format 3", 16) == 0)
        return ward_rpmdb_sqlite_walk(path, data, len, fn, payload, err);
    if (len >= 4 && le32(p) == NDB_MAGIC)
        return ward_rpmdb_ndb_walk(path, data, len, fn, payload, err);
    if (len >= 16 && (le32(p + 12) == BDB_HASHMAGIC || be32(p + 12) == BDB_HASHMAGIC ||
                      le32(p + 12) == BDB_BTREEMAGIC || be32(p + 12) == BDB_BTREEMAGIC))
        return ward_rpmdb_bdb_walk(path, data, len, fn, payload, err);
    return ward_error_set(err, WARD_EFORMAT, 0,
                          "%s: not an rpm database (no sqlite, Berkeley DB hash or ndb magic)",
                          path);
}

struct collect {
    struct ward_pkglist *out;
    const char *path;
    size_t n;
};

static int collect_blob(const uint8_t *blob, size_t len, void *payload, struct ward_error **err)
{
    struct collect *c = payload;
    struct ward_rpm_header h;
    c->n++;
    if (ward_rpm_header_parse(&h, blob, len, err) < 0)
        return ward_error_wrap(err, "%s: package record %zu", c->path, c->n);
    ward_rpm_header_to_pkg(c->out, c->path, &h);
    return 0;
}

int ward_rpmdb_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                     struct ward_error **err)
{
    struct collect c = {out, path, 0};
    size_t start = out->n;
    int ret = ward_rpmdb_walk(path, data, len, collect_blob, &c, err);
    if (ret < 0)
        out->n = start;
    return ret;
}
