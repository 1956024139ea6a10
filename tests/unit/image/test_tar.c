/* test_tar.c - the tar reader and decompressors on crafted and real input. */
#include "harness.h"
#include "image/stream.h"
#include "tarw.h"

#include <zlib.h>
#include <zstd.h>

struct rec {
    struct ward_buf log;
    struct ward_buf data;
};

static int r_begin(void *ud, const struct ward_tar_entry *e, bool *want, struct ward_error **err)
{
    struct rec *r = ud;
    (void)err;
    ward_buf_addf(&r->log, "%d:%s:%llu%s%s;", (int)e->type, e->path, (unsigned long long)e->size,
                  e->link && *e->link ? "->" : "", e->link ? e->link : "");
    *want = true;
    return 0;
}

static int r_data(void *ud, const void *p, size_t n, struct ward_error **err)
{
    struct rec *r = ud;
    (void)err;
    ward_buf_add(&r->data, p, n);
    return 0;
}

static const struct ward_tar_handler H = {r_begin, r_data, NULL};

/* feed in awkward chunk sizes to exercise every state boundary */
static int run(struct rec *r, const char *p, size_t n, size_t chunk, struct ward_error **err)
{
    ward_buf_init(&r->log, 0);
    ward_buf_init(&r->data, 0);
    struct ward_tar *t = ward_tar_new(&H, r);
    int rc = 0;
    for (size_t off = 0; off < n && rc == 0; off += chunk)
        rc = ward_tar_feed(t, p + off, WARD_MIN(chunk, n - off), err);
    if (rc == 0)
        rc = ward_tar_finish(t, err);
    ward_tar_free(t);
    return rc;
}

static void rec_dispose(struct rec *r)
{
    ward_buf_dispose(&r->log);
    ward_buf_dispose(&r->data);
}

TEST(image_tar, entries_links_and_chunking)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    tarw_header(&b, "./etc/", '5', 0, NULL, 0755);
    tarw_file(&b, "./etc/os-release", "ID=test\n");
    tarw_header(&b, "./etc/alias", '1', 0, "./etc/os-release", 0644);
    tarw_header(&b, "bin/sh", '2', 0, "/bin/busybox", 0777);
    tarw_end(&b);
    static const size_t chunks[] = {1, 7, 511, 512, 513, 100000};
    for (size_t i = 0; i < WARD_ARRAY_LEN(chunks); i++) {
        struct rec r;
        struct ward_error *err = NULL;
        CHECK_OK(run(&r, b.ptr, b.len, chunks[i], &err), err);
        CHECK_STR(r.log.ptr, "3:etc:0;0:etc/os-release:8;1:etc/alias:0->./etc/os-release;"
                             "2:bin/sh:0->/bin/busybox;");
        CHECK_STR(r.data.ptr, "ID=test\n");
        rec_dispose(&r);
    }
    ward_buf_dispose(&b);
}

TEST(image_tar, gnu_longname_and_pax_path)
{
    char longname[300];
    memset(longname, 'a', sizeof(longname));
    longname[299] = '\0';
    struct ward_buf b = WARD_BUF_INIT(0);
    tarw_header(&b, "././@LongLink", 'L', strlen(longname) + 1, NULL, 0);
    tarw_data(&b, longname, strlen(longname) + 1);
    tarw_file(&b, "truncated-name", "x");
    static const char pax[] = "31 path=pax/very/long/name.txt\n";
    tarw_header(&b, "PaxHeaders/x", 'x', strlen(pax), NULL, 0);
    tarw_data(&b, pax, strlen(pax));
    tarw_file(&b, "short", "yy");
    tarw_end(&b);
    struct rec r;
    struct ward_error *err = NULL;
    CHECK_OK(run(&r, b.ptr, b.len, 333, &err), err);
    char want[512];
    snprintf(want, sizeof(want), "0:%s:1;0:pax/very/long/name.txt:2;", longname);
    CHECK_STR(r.log.ptr, want);
    rec_dispose(&r);
    ward_buf_dispose(&b);
}

TEST(image_tar, traversal_is_refused)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    tarw_file(&b, "ok/../../etc/passwd", "root");
    tarw_end(&b);
    struct rec r;
    struct ward_error *err = NULL;
    CHECK_EQ_INT(run(&r, b.ptr, b.len, 512, &err), WARD_EFORMAT);
    CHECK(strstr(err->msg, "escapes the root") != NULL);
    CHECK(strstr(err->msg, "ok/../../etc/passwd") != NULL);
    ward_error_free(err);
    rec_dispose(&r);
    ward_buf_dispose(&b);
}

TEST(image_tar, truncated_and_corrupt)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    tarw_file(&b, "a", "hello world");
    tarw_end(&b);
    struct rec r;
    struct ward_error *err = NULL;
    CHECK_EQ_INT(run(&r, b.ptr, 520, 512, &err), WARD_EFORMAT); /* cut inside the data */
    CHECK(strstr(err->msg, "truncated") != NULL);
    ward_error_free(err);
    err = NULL;
    rec_dispose(&r);
    b.ptr[0] ^= 1; /* checksum no longer matches */
    CHECK_EQ_INT(run(&r, b.ptr, b.len, 512, &err), WARD_EFORMAT);
    CHECK(strstr(err->msg, "checksum") != NULL);
    ward_error_free(err);
    rec_dispose(&r);
    ward_buf_dispose(&b);
}

TEST(image_tar, path_normalise)
{
    struct ward_buf o = WARD_BUF_INIT(4096);
    CHECK(ward_path_normalise("./a//b/./c/", 11, &o));
    CHECK_STR(o.ptr, "a/b/c");
    CHECK(ward_path_normalise("/a/b/../c", 9, &o));
    CHECK_STR(o.ptr, "a/c");
    CHECK(!ward_path_normalise("../x", 4, &o));
    CHECK(!ward_path_normalise("a/../../x", 9, &o));
    CHECK(ward_path_normalise("./", 2, &o));
    CHECK_STR(o.ptr, "");
    ward_buf_dispose(&o);
}

static int collect(const void *p, size_t n, void *ud, struct ward_error **err)
{
    (void)err;
    ward_buf_add(ud, p, n);
    return 0;
}

static int decomp_all(const void *p, size_t n, size_t chunk, struct ward_buf *out,
                      struct ward_error **err)
{
    struct ward_decomp *d = ward_decomp_new(collect, out, 0);
    int rc = 0;
    for (size_t off = 0; off < n && rc == 0; off += chunk)
        rc = ward_decomp_feed(d, (const char *)p + off, WARD_MIN(chunk, n - off), err);
    if (rc == 0)
        rc = ward_decomp_finish(d, err);
    ward_decomp_free(d);
    return rc;
}

static size_t gz(const void *in, size_t n, unsigned char *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (unsigned char *)in;
    z.avail_in = (unsigned)n;
    z.next_out = out;
    z.avail_out = (unsigned)cap;
    deflate(&z, Z_FINISH);
    size_t r = z.total_out;
    deflateEnd(&z);
    return r;
}

TEST(image_decomp, gzip_multimember_zstd_plain)
{
    static const char text[] = "the quick brown fox jumps over the lazy dog\n";
    unsigned char buf[4096];
    size_t n1 = gz(text, sizeof(text) - 1, buf, sizeof(buf));
    size_t n2 = gz(text, sizeof(text) - 1, buf + n1, sizeof(buf) - n1);
    struct ward_buf out = WARD_BUF_INIT(0);
    struct ward_error *err = NULL;
    CHECK_OK(decomp_all(buf, n1 + n2, 3, &out, &err), err);
    CHECK_EQ_SIZE(out.len, 2 * (sizeof(text) - 1));
    ward_buf_reset(&out);
    size_t zn = ZSTD_compress(buf, sizeof(buf), text, sizeof(text) - 1, 3);
    CHECK(!ZSTD_isError(zn));
    CHECK_OK(decomp_all(buf, zn, 5, &out, &err), err);
    CHECK_STR(out.ptr, text);
    ward_buf_reset(&out);
    CHECK_OK(decomp_all(text, 2, 1, &out, &err), err); /* shorter than the magic */
    CHECK_EQ_SIZE(out.len, 2);
    ward_buf_dispose(&out);
}

TEST(image_decomp, truncated_gzip_and_zstd_fail)
{
    static const char text[] = "some text that compresses somewhat somewhat somewhat\n";
    unsigned char buf[4096];
    size_t n = gz(text, sizeof(text) - 1, buf, sizeof(buf));
    struct ward_buf out = WARD_BUF_INIT(0);
    struct ward_error *err = NULL;
    CHECK_EQ_INT(decomp_all(buf, n - 6, 64, &out, &err), WARD_EFORMAT);
    ward_error_free(err);
    err = NULL;
    size_t zn = ZSTD_compress(buf, sizeof(buf), text, sizeof(text) - 1, 3);
    CHECK_EQ_INT(decomp_all(buf, zn - 3, 64, &out, &err), WARD_EFORMAT);
    ward_error_free(err);
    ward_buf_dispose(&out);
}

static int discard(const void *p, size_t n, void *ud, struct ward_error **err)
{
    (void)p;
    (void)n;
    (void)ud;
    (void)err;
    return 0;
}

TEST(image_decomp, bomb_is_stopped)
{
    /* 1 GiB of zeros compresses to ~1 MiB with zstd: ratio ~1000:1 at level 19 is
     * still under the limit, so use a stream of zeros at zstd's best ratio instead:
     * frames of 128 KiB zeros compress to ~20 bytes each. */
    size_t chunk = 128 * 1024;
    char *zeros = ward_xcalloc(1, chunk);
    unsigned char frame[256];
    size_t fn = ZSTD_compress(frame, sizeof(frame), zeros, chunk, 19);
    CHECK(!ZSTD_isError(fn));
    struct ward_decomp *d = ward_decomp_new(discard, NULL, 0);
    struct ward_error *err = NULL;
    int rc = 0;
    for (int i = 0; i < 8192 && rc == 0; i++) /* up to 1 GiB out */
        rc = ward_decomp_feed(d, frame, fn, &err);
    CHECK_EQ_INT(rc, WARD_ELIMIT);
    CHECK(strstr(err->msg, "ratio") != NULL);
    CHECK(ward_decomp_bytes_out(d) < (600ull << 20));
    ward_error_free(err);
    ward_decomp_free(d);
    free(zeros);
}
