/* zip.c - bounded ZIP reader (APPNOTE 6.3): end of central directory, zip64
 * end record and extra fields, stored/deflate entries via zlib. Offsets from
 * the file are range-checked; archives with a prefix (self-executing jars)
 * are handled by measuring the shift between the recorded and the actual
 * central directory position, as most readers do. */
#include "inventory/zip.h"
#include "util/limits.h"

#include <string.h>
#include <zlib.h>

#define ZIP_MAX_ENTRIES 1000000u
#define EOCD_SIG        0x06054b50u
#define EOCD64_LOC_SIG  0x07064b50u
#define EOCD64_SIG      0x06064b50u
#define CDIR_SIG        0x02014b50u
#define LOCAL_SIG       0x04034b50u

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static bool fits(size_t n, uint64_t off, uint64_t len)
{
    uint64_t end;
    return !__builtin_add_overflow(off, len, &end) && end <= n;
}

void ward_zip_free(struct ward_zip *z)
{
    if (!z)
        return;
    for (size_t i = 0; i < z->count; i++)
        free(z->e[i].name);
    free(z->e);
    free(z);
}

/* Entry names are only used as labels and for matching, never as paths on
 * disk; still, names that would climb out of the archive root are dropped. */
static bool name_safe(const char *s, size_t n)
{
    if (n == 0 || memchr(s, '\0', n) || s[0] == '/' || s[0] == '\\')
        return false;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != '/' && s[j] != '\\')
            j++;
        if (j - i == 2 && s[i] == '.' && s[i + 1] == '.')
            return false;
        i = j + 1;
    }
    return true;
}

int ward_zip_open(struct ward_zip **out, const char *data, size_t len, struct ward_error **err)
{
    const unsigned char *p = (const unsigned char *)data;
    if (len < 22)
        return ward_error_set(err, WARD_EFORMAT, 0, "not a zip archive (%zu bytes)", len);
    /* EOCD: 22 bytes + comment up to 64 KiB, searched backwards */
    size_t eocd = (size_t)-1;
    size_t lo = len > 22 + 65535 ? len - 22 - 65535 : 0;
    for (size_t i = len - 22 + 1; i-- > lo;) {
        if (rd32(p + i) == EOCD_SIG && i + 22 + rd16(p + i + 20) <= len) {
            eocd = i;
            break;
        }
    }
    if (eocd == (size_t)-1)
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "not a zip archive: no end of central directory");
    uint64_t count = rd16(p + eocd + 10), cdsize = rd32(p + eocd + 12), cdoff = rd32(p + eocd + 16);
    uint64_t cdend = eocd; /* where the directory actually ends */
    if (count == 0xffff || cdsize == 0xffffffffu || cdoff == 0xffffffffu) {
        if (eocd >= 20 && rd32(p + eocd - 20) == EOCD64_LOC_SIG) {
            uint64_t rec = rd64(p + eocd - 20 + 8);
            /* the record sits just before the locator; trust its position over
             * the recorded offset when the archive has a prefix */
            uint64_t actual = eocd - 20 >= 56 ? eocd - 20 - 56 : 0;
            if (fits(len, actual, 56) && rd32(p + actual) == EOCD64_SIG)
                rec = actual;
            if (!fits(len, rec, 56) || rd32(p + rec) != EOCD64_SIG)
                return ward_error_set(err, WARD_EFORMAT, 0, "zip64 end record not found");
            count = rd64(p + rec + 32);
            cdsize = rd64(p + rec + 40);
            cdoff = rd64(p + rec + 48);
            cdend = rec;
        }
    }
    if (count > ZIP_MAX_ENTRIES)
        return ward_error_set(err, WARD_ELIMIT, 0, "zip has %llu entries (limit %u)",
                              (unsigned long long)count, ZIP_MAX_ENTRIES);
    if (cdsize > cdend)
        return ward_error_set(err, WARD_EFORMAT, 0, "zip central directory larger than the file");
    uint64_t cdstart = cdend - cdsize;
    /* prefix length: where the directory is minus where it says it is */
    uint64_t base = cdstart >= cdoff ? cdstart - cdoff : 0;

    ward_autoptr(ward_zip) z = ward_xcalloc(1, sizeof(*z));
    z->p = p;
    z->n = len;
    z->e = ward_xcalloc(count ? (size_t)count : 1, sizeof(*z->e));
    uint64_t off = cdstart;
    for (uint64_t i = 0; i < count; i++) {
        if (!fits(len, off, 46) || rd32(p + off) != CDIR_SIG)
            return ward_error_set(err, WARD_EFORMAT, 0, "zip central directory entry %llu corrupt",
                                  (unsigned long long)i);
        const unsigned char *c = p + off;
        uint16_t nlen = rd16(c + 28), xlen = rd16(c + 30), clen = rd16(c + 32);
        if (!fits(len, off + 46, (uint64_t)nlen + xlen + clen))
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "zip central directory entry %llu truncated",
                                  (unsigned long long)i);
        struct ward_zip_entry e = {0};
        e.flags = rd16(c + 8);
        e.method = rd16(c + 10);
        e.crc = rd32(c + 16);
        e.csize = rd32(c + 20);
        e.size = rd32(c + 24);
        e.local_off = rd32(c + 42);
        /* zip64 extra: only the fields that overflowed are present, in order */
        const unsigned char *x = c + 46 + nlen, *xend = x + xlen;
        while (xend - x >= 4) {
            uint16_t id = rd16(x), sz = rd16(x + 2);
            if (sz > xend - x - 4)
                break;
            if (id == 1) {
                const unsigned char *f = x + 4, *fend = f + sz;
                if (e.size == 0xffffffffu && fend - f >= 8) {
                    e.size = rd64(f);
                    f += 8;
                }
                if (e.csize == 0xffffffffu && fend - f >= 8) {
                    e.csize = rd64(f);
                    f += 8;
                }
                if (e.local_off == 0xffffffffu && fend - f >= 8)
                    e.local_off = rd64(f);
            }
            x += 4 + sz;
        }
        const char *name = (const char *)c + 46;
        off += 46 + (uint64_t)nlen + xlen + clen;
        if (!name_safe(name, nlen)) {
            z->unsafe++;
            continue;
        }
        if (__builtin_add_overflow(e.local_off, base, &e.local_off))
            continue;
        e.name = ward_xstrndup(name, nlen);
        z->e[z->count++] = e;
    }
    *out = WARD_STEAL(&z);
    return 0;
}

int ward_zip_read(const struct ward_zip *z, size_t i, struct ward_buf *out, size_t max,
                  struct ward_error **err)
{
    const struct ward_zip_entry *e = &z->e[i];
    ward_buf_reset(out);
    if (e->flags & 1)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "%s: encrypted zip entry", e->name);
    if (e->method != 0 && e->method != 8)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "%s: zip method %u", e->name, e->method);
    if (e->size > max)
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: %llu bytes uncompressed (limit %zu)",
                              e->name, (unsigned long long)e->size, max);
    /* bomb guard: deflate tops out near 1032:1; anything far past that is hostile */
    if (e->size > 1u << 20 && (e->csize == 0 || e->size / e->csize > WARD_LIMIT_RATIO))
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: compression ratio over %u:1", e->name,
                              WARD_LIMIT_RATIO);
    if (!fits(z->n, e->local_off, 30) || rd32(z->p + e->local_off) != LOCAL_SIG)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: bad zip local header", e->name);
    const unsigned char *lh = z->p + e->local_off;
    uint64_t doff = e->local_off + 30 + rd16(lh + 26) + rd16(lh + 28);
    if (!fits(z->n, doff, e->csize))
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: zip entry data past the end", e->name);
    const unsigned char *src = z->p + doff;
    if (e->method == 0) {
        if (e->csize != e->size)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: stored entry size mismatch", e->name);
        ward_buf_add(out, src, (size_t)e->size);
    } else {
        z_stream zs;
        memset(&zs, 0, sizeof(zs));
        if (inflateInit2(&zs, -15) != Z_OK)
            return ward_error_set(err, WARD_ERR, 0, "zlib init failed");
        char *w = ward_buf_reserve(out, (size_t)e->size + 1);
        if (!w) {
            inflateEnd(&zs);
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: too large", e->name);
        }
        /* feed in chunks: avail_in is 32-bit */
        uint64_t left = e->csize;
        zs.next_out = (Bytef *)w;
        zs.avail_out = (uInt)WARD_MIN(e->size + 1, (uint64_t)UINT32_MAX);
        int zrc = Z_OK;
        zs.next_in = (Bytef *)(uintptr_t)src;
        while (zrc == Z_OK) {
            if (zs.avail_in == 0 && left) {
                uInt chunk = (uInt)WARD_MIN(left, (uint64_t)(1u << 30));
                zs.avail_in = chunk;
                left -= chunk;
            }
            zrc = inflate(&zs, Z_NO_FLUSH);
            if (zrc == Z_OK && zs.avail_in == 0 && !left)
                zrc = Z_DATA_ERROR;
            if (zrc == Z_OK && zs.avail_out == 0)
                zrc = Z_DATA_ERROR; /* more output than declared */
        }
        uint64_t got = zs.total_out;
        inflateEnd(&zs);
        if (zrc != Z_STREAM_END || got != e->size)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: corrupt deflate data", e->name);
        out->len = (size_t)got;
        out->ptr[out->len] = '\0';
    }
    uLong crc = crc32(0L, Z_NULL, 0);
    const unsigned char *q = (const unsigned char *)out->ptr;
    for (size_t left = out->len; left;) {
        uInt chunk = (uInt)WARD_MIN(left, (size_t)(1u << 30));
        crc = crc32(crc, q, chunk);
        q += chunk;
        left -= chunk;
    }
    if ((uint32_t)crc != e->crc)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: zip CRC mismatch", e->name);
    return 0;
}
