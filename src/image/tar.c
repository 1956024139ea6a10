/* tar.c - push-based tar reader: ustar, GNU ('L'/'K' long names, base-256
 * numbers) and pax ('x'/'g') headers; verifies header checksums; never trusts
 * sizes beyond the limits in util/limits.h. */
#include "image/stream.h"
#include "util/limits.h"

#include <string.h>

enum state { ST_HEADER, ST_DATA, ST_PAD, ST_META, ST_END };
enum meta { META_NONE, META_LONGNAME, META_LONGLINK, META_PAX, META_PAX_GLOBAL };

struct ward_tar {
    const struct ward_tar_handler *h;
    void *ud;
    enum state st;
    unsigned char hdr[512];
    size_t hdr_len;
    uint64_t remaining; /* data bytes left in current entry */
    uint64_t pad;       /* padding bytes left */
    bool want;
    bool in_entry;
    int zero_blocks;
    enum meta meta;
    struct ward_buf metabuf;
    /* pending overrides from L/K/x headers for the next entry */
    char *next_path, *next_link;
    bool has_size;
    uint64_t next_size;
    /* current entry strings */
    struct ward_buf path, raw_path, link;
    uint64_t entries;
    uint64_t offset; /* bytes consumed, for messages */
};

struct ward_tar *ward_tar_new(const struct ward_tar_handler *h, void *ud)
{
    struct ward_tar *t = ward_xcalloc(1, sizeof(*t));
    t->h = h;
    t->ud = ud;
    ward_buf_init(&t->metabuf, WARD_LIMIT_LINE);
    ward_buf_init(&t->path, WARD_LIMIT_PATH_LEN);
    ward_buf_init(&t->raw_path, 0);
    ward_buf_init(&t->link, WARD_LIMIT_PATH_LEN);
    return t;
}

void ward_tar_free(struct ward_tar *t)
{
    if (!t)
        return;
    ward_buf_dispose(&t->metabuf);
    ward_buf_dispose(&t->path);
    ward_buf_dispose(&t->raw_path);
    ward_buf_dispose(&t->link);
    free(t->next_path);
    free(t->next_link);
    free(t);
}

uint64_t ward_tar_offset(const struct ward_tar *t)
{
    return t->offset;
}

uint64_t ward_tar_entries(const struct ward_tar *t)
{
    return t->entries;
}

bool ward_path_normalise(const char *in, size_t n, struct ward_buf *out)
{
    ward_buf_reset(out);
    size_t depth = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && in[i] == '/')
            i++;
        size_t s = i;
        while (i < n && in[i] != '/')
            i++;
        size_t len = i - s;
        if (len == 0 || (len == 1 && in[s] == '.'))
            continue;
        if (len == 2 && in[s] == '.' && in[s + 1] == '.') {
            if (depth == 0)
                return false;
            /* drop the last component */
            while (out->len > 0 && out->ptr[out->len - 1] != '/')
                out->len--;
            if (out->len > 0)
                out->len--;
            out->ptr[out->len] = '\0';
            depth--;
            continue;
        }
        if (memchr(in + s, '\0', len))
            return false;
        if (out->len)
            ward_buf_addc(out, '/');
        ward_buf_add(out, in + s, len);
        if (++depth > WARD_LIMIT_PATH_DEPTH)
            return false;
    }
    if (!out->ptr)
        ward_buf_add(out, "", 0);
    return ward_buf_check(out) == 0;
}

/* Octal (space/NUL terminated) or GNU base-256 number. */
static bool parse_num(const unsigned char *f, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n && (f[0] & 0x80)) {
        if (f[0] & 0x40)
            return false; /* negative */
        v = f[0] & 0x3f;
        for (size_t i = 1; i < n; i++) {
            if (v >> 56)
                return false;
            v = (v << 8) | f[i];
        }
        *out = v;
        return true;
    }
    size_t i = 0;
    while (i < n && (f[i] == ' ' || f[i] == '\0'))
        i++;
    if (i == n) {
        *out = 0;
        return true;
    }
    for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
        if (v >> 60)
            return false;
        v = (v << 3) | (uint64_t)(f[i] - '0');
    }
    for (; i < n; i++)
        if (f[i] != ' ' && f[i] != '\0')
            return false;
    *out = v;
    return true;
}

static size_t field_len(const unsigned char *f, size_t n)
{
    const unsigned char *z = memchr(f, '\0', n);
    return z ? (size_t)(z - f) : n;
}

static bool checksum_ok(const unsigned char *h)
{
    uint64_t want;
    if (!parse_num(h + 148, 8, &want))
        return false;
    uint64_t us = 0;
    int64_t sg = 0;
    for (int i = 0; i < 512; i++) {
        unsigned char c = (i >= 148 && i < 156) ? ' ' : h[i];
        us += c;
        sg += (signed char)c;
    }
    return us == want || (uint64_t)sg == want;
}

static void set_pending(char **slot, const char *p, size_t n)
{
    free(*slot);
    *slot = ward_xstrndup(p, n);
}

/* pax records: "%d %s=%s\n" */
static int parse_pax(struct ward_tar *t, bool global, struct ward_error **err)
{
    const char *p = t->metabuf.ptr ? t->metabuf.ptr : "";
    size_t n = t->metabuf.len;
    while (n > 0) {
        size_t i = 0;
        uint64_t len = 0;
        while (i < n && p[i] >= '0' && p[i] <= '9' && i < 20)
            len = len * 10 + (uint64_t)(p[i++] - '0');
        if (i == 0 || i >= n || p[i] != ' ' || len <= i + 1 || len > n || p[len - 1] != '\n') {
            if (len == 0 && i == 0 && p[0] == '\0')
                break; /* NUL padding */
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "malformed pax header near byte %llu",
                                  (unsigned long long)t->offset);
        }
        const char *kv = p + i + 1;
        size_t kvn = (size_t)len - i - 2;
        const char *eq = memchr(kv, '=', kvn);
        if (eq && !global) {
            size_t kl = (size_t)(eq - kv);
            const char *v = eq + 1;
            size_t vn = kvn - kl - 1;
            if (kl == 4 && memcmp(kv, "path", 4) == 0)
                set_pending(&t->next_path, v, vn);
            else if (kl == 8 && memcmp(kv, "linkpath", 8) == 0)
                set_pending(&t->next_link, v, vn);
            else if (kl == 4 && memcmp(kv, "size", 4) == 0) {
                uint64_t sz;
                if (ward_span_u64(ward_span_of(v, vn), &sz) < 0)
                    return ward_error_set(err, WARD_EFORMAT, 0, "bad pax size");
                t->has_size = true;
                t->next_size = sz;
            }
        }
        p += len;
        n -= (size_t)len;
    }
    return 0;
}

static int finish_meta(struct ward_tar *t, struct ward_error **err)
{
    const char *p = t->metabuf.ptr ? t->metabuf.ptr : "";
    int rc = 0;
    switch (t->meta) {
    case META_LONGNAME:
        set_pending(&t->next_path, p, strnlen(p, t->metabuf.len));
        break;
    case META_LONGLINK:
        set_pending(&t->next_link, p, strnlen(p, t->metabuf.len));
        break;
    case META_PAX:
        rc = parse_pax(t, false, err);
        break;
    case META_PAX_GLOBAL:
        rc = parse_pax(t, true, err);
        break;
    case META_NONE:
        break;
    }
    t->meta = META_NONE;
    ward_buf_reset(&t->metabuf);
    return rc;
}

static int end_entry(struct ward_tar *t, struct ward_error **err)
{
    if (!t->in_entry)
        return 0;
    t->in_entry = false;
    return t->h->end ? t->h->end(t->ud, err) : 0;
}

static int header(struct ward_tar *t, struct ward_error **err)
{
    const unsigned char *h = t->hdr;
    bool zero = true;
    for (int i = 0; i < 512; i++)
        if (h[i]) {
            zero = false;
            break;
        }
    if (zero) {
        if (++t->zero_blocks >= 2)
            t->st = ST_END;
        return 0;
    }
    if (t->zero_blocks) /* one zero block then more headers: tolerated (tar -i) */
        t->zero_blocks = 0;
    if (!checksum_ok(h))
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "bad tar header checksum at byte %llu (corrupt or not a tar)",
                              (unsigned long long)t->offset);
    uint64_t size, mode, uid, gid, mtime, dmaj, dmin;
    if (!parse_num(h + 124, 12, &size) || !parse_num(h + 100, 8, &mode) ||
        !parse_num(h + 108, 8, &uid) || !parse_num(h + 116, 8, &gid) ||
        !parse_num(h + 136, 12, &mtime) || !parse_num(h + 329, 8, &dmaj) ||
        !parse_num(h + 337, 8, &dmin))
        return ward_error_set(err, WARD_EFORMAT, 0, "bad number in tar header at byte %llu",
                              (unsigned long long)t->offset);
    char type = (char)h[156];
    if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
        if (size > WARD_LIMIT_LINE)
            return ward_error_set(err, WARD_ELIMIT, 0, "tar %c header of %llu bytes is too large",
                                  type, (unsigned long long)size);
        t->meta = type == 'L'   ? META_LONGNAME
                  : type == 'K' ? META_LONGLINK
                  : type == 'x' ? META_PAX
                                : META_PAX_GLOBAL;
        ward_buf_reset(&t->metabuf);
        t->remaining = size;
        t->pad = (512 - (size % 512)) % 512;
        t->st = size ? ST_META : ST_PAD;
        if (!size)
            return finish_meta(t, err);
        return 0;
    }
    if (t->has_size) {
        size = t->next_size;
        t->has_size = false;
    }
    /* name: pending long name, else ustar prefix + name */
    ward_buf_reset(&t->raw_path);
    if (t->next_path) {
        ward_buf_adds(&t->raw_path, t->next_path);
        free(t->next_path);
        t->next_path = NULL;
    } else {
        bool ustar = memcmp(h + 257, "ustar", 5) == 0;
        size_t pl = ustar && h[257 + 5] == '\0' ? field_len(h + 345, 155) : 0;
        if (pl) {
            ward_buf_add(&t->raw_path, h + 345, pl);
            ward_buf_addc(&t->raw_path, '/');
        }
        ward_buf_add(&t->raw_path, h, field_len(h, 100));
    }
    ward_buf_reset(&t->link);
    if (t->next_link) {
        ward_buf_adds(&t->link, t->next_link);
        free(t->next_link);
        t->next_link = NULL;
    } else {
        ward_buf_add(&t->link, h + 157, field_len(h + 157, 100));
    }
    if (ward_buf_check(&t->raw_path) || ward_buf_check(&t->link))
        return ward_error_set(err, WARD_ELIMIT, 0, "tar entry name too long at byte %llu",
                              (unsigned long long)t->offset);
    struct ward_tar_entry e = {0};
    switch (type) {
    case '0':
    case '\0':
    case '7':
        e.type = WARD_TAR_FILE;
        break;
    case '1':
        e.type = WARD_TAR_HARDLINK;
        break;
    case '2':
        e.type = WARD_TAR_SYMLINK;
        break;
    case '3':
        e.type = WARD_TAR_CHAR;
        break;
    case '4':
        e.type = WARD_TAR_BLOCK;
        break;
    case '5':
        e.type = WARD_TAR_DIR;
        break;
    case '6':
        e.type = WARD_TAR_FIFO;
        break;
    default:
        e.type = WARD_TAR_OTHER;
        break;
    }
    if (e.type == WARD_TAR_FILE && t->raw_path.len && t->raw_path.ptr[t->raw_path.len - 1] == '/')
        e.type = WARD_TAR_DIR; /* old tars mark dirs with a trailing slash */
    if (!ward_path_normalise(t->raw_path.ptr, t->raw_path.len, &t->path))
        return ward_error_set(err, WARD_EFORMAT, 0, "tar entry \"%s\" escapes the root",
                              t->raw_path.ptr);
    if (++t->entries > WARD_LIMIT_FILES_PER_LAYER)
        return ward_error_set(err, WARD_ELIMIT, 0, "more than %u entries in one archive",
                              WARD_LIMIT_FILES_PER_LAYER);
    e.path = t->path.ptr;
    e.raw_path = t->raw_path.ptr;
    e.link = t->link.ptr;
    e.mode = (uint32_t)(mode & 07777);
    e.uid = (uint32_t)uid;
    e.gid = (uint32_t)gid;
    e.mtime = (int64_t)mtime;
    e.devmajor = (uint32_t)dmaj;
    e.devminor = (uint32_t)dmin;
    /* links, dirs and devices carry no data even if a size is set (hard links in
     * some writers do): that data still has to be skipped. */
    e.size = (e.type == WARD_TAR_FILE) ? size : 0;
    t->want = false;
    t->in_entry = true;
    int rc = t->h->begin ? t->h->begin(t->ud, &e, &t->want, err) : 0;
    if (rc < 0)
        return rc;
    if (e.type != WARD_TAR_FILE)
        t->want = false;
    t->remaining = size;
    t->pad = (512 - (size % 512)) % 512;
    if (size == 0) {
        t->st = ST_HEADER;
        return end_entry(t, err);
    }
    t->st = ST_DATA;
    return 0;
}

int ward_tar_feed(struct ward_tar *t, const void *vp, size_t n, struct ward_error **err)
{
    const unsigned char *p = vp;
    while (n > 0) {
        switch (t->st) {
        case ST_END:
            t->offset += n;
            return 0; /* trailing blocks after the end marker */
        case ST_HEADER: {
            size_t take = WARD_MIN(n, 512 - t->hdr_len);
            memcpy(t->hdr + t->hdr_len, p, take);
            t->hdr_len += take;
            p += take;
            n -= take;
            t->offset += take;
            if (t->hdr_len == 512) {
                t->hdr_len = 0;
                int rc = header(t, err);
                if (rc < 0)
                    return rc;
            }
            break;
        }
        case ST_DATA:
        case ST_META: {
            bool meta = t->st == ST_META;
            size_t take = (size_t)WARD_MIN((uint64_t)n, t->remaining);
            if (meta) {
                ward_buf_add(&t->metabuf, p, take);
            } else if (t->want && t->h->data) {
                int rc = t->h->data(t->ud, p, take, err);
                if (rc < 0)
                    return rc;
            }
            p += take;
            n -= take;
            t->offset += take;
            t->remaining -= take;
            if (t->remaining == 0) {
                t->st = t->pad ? ST_PAD : ST_HEADER;
                int rc = meta ? finish_meta(t, err) : end_entry(t, err);
                if (rc < 0)
                    return rc;
            }
            break;
        }
        case ST_PAD: {
            size_t take = (size_t)WARD_MIN((uint64_t)n, t->pad);
            p += take;
            n -= take;
            t->offset += take;
            t->pad -= take;
            if (t->pad == 0)
                t->st = ST_HEADER;
            break;
        }
        }
    }
    return 0;
}

int ward_tar_sink(const void *p, size_t n, void *ud, struct ward_error **err)
{
    return ward_tar_feed(ud, p, n, err);
}

int ward_tar_finish(struct ward_tar *t, struct ward_error **err)
{
    if (t->st == ST_DATA || t->st == ST_META || (t->st == ST_HEADER && t->hdr_len != 0))
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "truncated tar stream at byte %llu (inside an entry)",
                              (unsigned long long)t->offset);
    if (t->entries == 0 && t->offset == 0)
        return 0; /* empty input: an empty layer */
    return 0;
}
