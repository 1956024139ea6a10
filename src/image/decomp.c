/* decomp.c - streaming decompression: gzip via ISA-L igzip (multi-member),
 * zstd via libzstd, or pass-through, chosen from the first bytes. */
#include "image/stream.h"
#include "util/limits.h"

#include <isa-l.h>
#include <string.h>
#include <zstd.h>

#define OUT_CHUNK (256u * 1024u)

struct ward_decomp {
    ward_byte_sink sink;
    void *ud;
    enum ward_compression kind;
    unsigned char head[4];
    size_t head_len;
    uint64_t in, out, max_out;
    struct inflate_state *gz;
    bool gz_done;  /* current gzip member finished */
    ZSTD_DCtx *zs;
    size_t zs_last; /* last ZSTD_decompressStream hint: 0 = frame complete */
    unsigned char *obuf;
};

enum ward_compression ward_detect_compression(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return WARD_COMP_GZIP;
    if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
        return WARD_COMP_ZSTD;
    return WARD_COMP_NONE;
}

struct ward_decomp *ward_decomp_new(ward_byte_sink sink, void *ud, uint64_t max_out)
{
    struct ward_decomp *d = ward_xcalloc(1, sizeof(*d));
    d->sink = sink;
    d->ud = ud;
    d->max_out = max_out ? max_out : WARD_LIMIT_LAYER_BYTES;
    d->zs_last = 0;
    return d;
}

void ward_decomp_free(struct ward_decomp *d)
{
    if (!d)
        return;
    free(d->gz);
    if (d->zs)
        ZSTD_freeDCtx(d->zs);
    free(d->obuf);
    free(d);
}

enum ward_compression ward_decomp_kind(const struct ward_decomp *d)
{
    return d->kind;
}
uint64_t ward_decomp_bytes_in(const struct ward_decomp *d)
{
    return d->in;
}
uint64_t ward_decomp_bytes_out(const struct ward_decomp *d)
{
    return d->out;
}

static int emit(struct ward_decomp *d, const void *p, size_t n, struct ward_error **err)
{
    if (!n)
        return 0;
    d->out += n;
    if (d->out > d->max_out)
        return ward_error_set(err, WARD_ELIMIT, 0, "uncompressed size exceeds %llu bytes",
                              (unsigned long long)d->max_out);
    if (d->kind != WARD_COMP_NONE && d->out > WARD_LIMIT_RATIO_FLOOR &&
        d->out / (d->in ? d->in : 1) > WARD_LIMIT_RATIO)
        return ward_error_set(err, WARD_ELIMIT, 0,
                              "decompression ratio above %u:1 (decompression bomb?)",
                              WARD_LIMIT_RATIO);
    return d->sink(p, n, d->ud, err);
}

static int start(struct ward_decomp *d, const unsigned char *p, size_t n)
{
    d->kind = ward_detect_compression(p, n);
    if (d->kind == WARD_COMP_GZIP) {
        d->gz = ward_xcalloc(1, sizeof(*d->gz));
        isal_inflate_init(d->gz);
        d->gz->crc_flag = ISAL_GZIP;
    } else if (d->kind == WARD_COMP_ZSTD) {
        d->zs = ZSTD_createDCtx();
        if (!d->zs)
            ward_oom();
        /* window cap: refuses frames asking for more than 128 MiB of history */
        ZSTD_DCtx_setParameter(d->zs, ZSTD_d_windowLogMax, 27);
    }
    if (d->kind != WARD_COMP_NONE)
        d->obuf = ward_xmalloc(OUT_CHUNK);
    return 0;
}

static int feed_gzip(struct ward_decomp *d, const unsigned char *p, size_t n,
                     struct ward_error **err)
{
    struct inflate_state *s = d->gz;
    while (n > 0) {
        if (d->gz_done) {
            /* another gzip member follows (pigz, concatenated streams) */
            isal_inflate_reset(s);
            s->crc_flag = ISAL_GZIP;
            d->gz_done = false;
        }
        uint32_t chunk = n > (1u << 30) ? (1u << 30) : (uint32_t)n;
        s->next_in = (uint8_t *)p;
        s->avail_in = chunk;
        do {
            s->next_out = d->obuf;
            s->avail_out = OUT_CHUNK;
            int r = isal_inflate(s);
            if (r < 0)
                return ward_error_set(err, WARD_EFORMAT, 0, "corrupt gzip stream (igzip error %d)",
                                      r);
            int rc = emit(d, d->obuf, OUT_CHUNK - s->avail_out, err);
            if (rc < 0)
                return rc;
            if (s->block_state == ISAL_BLOCK_FINISH) {
                d->gz_done = true;
                break;
            }
        } while (s->avail_in > 0 || s->avail_out == 0);
        size_t used = chunk - s->avail_in;
        p += used;
        n -= used;
        if (!d->gz_done && used == 0 && n > 0)
            return ward_error_set(err, WARD_EFORMAT, 0, "gzip stream makes no progress");
        if (d->gz_done) {
            /* skip zero padding between/after members (some tools pad to blocks) */
            while (n > 0 && *p == 0) {
                p++;
                n--;
            }
        }
    }
    return 0;
}

static int feed_zstd(struct ward_decomp *d, const unsigned char *p, size_t n,
                     struct ward_error **err)
{
    ZSTD_inBuffer in = {p, n, 0};
    for (;;) {
        ZSTD_outBuffer out = {d->obuf, OUT_CHUNK, 0};
        size_t r = ZSTD_decompressStream(d->zs, &out, &in);
        if (ZSTD_isError(r))
            return ward_error_set(err, WARD_EFORMAT, 0, "corrupt zstd stream: %s",
                                  ZSTD_getErrorName(r));
        d->zs_last = r;
        int rc = emit(d, d->obuf, out.pos, err);
        if (rc < 0)
            return rc;
        /* all input used and the output not full: nothing left buffered */
        if (in.pos == in.size && out.pos < out.size)
            break;
    }
    return 0;
}

static int dispatch(struct ward_decomp *d, const unsigned char *p, size_t n,
                    struct ward_error **err)
{
    switch (d->kind) {
    case WARD_COMP_GZIP:
        return feed_gzip(d, p, n, err);
    case WARD_COMP_ZSTD:
        return feed_zstd(d, p, n, err);
    case WARD_COMP_NONE:
        return emit(d, p, n, err);
    case WARD_COMP_UNKNOWN:
        break;
    }
    return ward_error_set(err, WARD_ERR, 0, "decompressor not started");
}

int ward_decomp_feed(struct ward_decomp *d, const void *vp, size_t n, struct ward_error **err)
{
    const unsigned char *p = vp;
    d->in += n;
    if (d->kind == WARD_COMP_UNKNOWN) {
        /* collect 4 bytes to recognise the format */
        while (n > 0 && d->head_len < sizeof(d->head)) {
            d->head[d->head_len++] = *p++;
            n--;
        }
        if (d->head_len < sizeof(d->head))
            return 0;
        start(d, d->head, d->head_len);
        int rc = dispatch(d, d->head, d->head_len, err);
        if (rc < 0)
            return rc;
    }
    return n ? dispatch(d, p, n, err) : 0;
}

int ward_decomp_finish(struct ward_decomp *d, struct ward_error **err)
{
    if (d->kind == WARD_COMP_UNKNOWN) {
        /* fewer than 4 bytes in total */
        start(d, d->head, d->head_len);
        int rc = dispatch(d, d->head, d->head_len, err);
        if (rc < 0)
            return rc;
    }
    if (d->kind == WARD_COMP_GZIP && !d->gz_done)
        return ward_error_set(err, WARD_EFORMAT, 0, "truncated gzip stream after %llu bytes",
                              (unsigned long long)d->in);
    if (d->kind == WARD_COMP_ZSTD && d->zs_last != 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "truncated zstd stream after %llu bytes",
                              (unsigned long long)d->in);
    return 0;
}
