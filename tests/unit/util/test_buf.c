/* test_buf.c - ward_buf caps, spans, arena. */
#include "harness.h"
#include "util/arena.h"
#include "util/buf.h"

TEST(util_buf, cap_is_sticky)
{
    struct ward_buf b = WARD_BUF_INIT(8);
    ward_buf_adds(&b, "12345");
    CHECK_EQ_INT(ward_buf_check(&b), 0);
    ward_buf_adds(&b, "6789");
    CHECK_EQ_INT(ward_buf_check(&b), WARD_ELIMIT);
    ward_buf_adds(&b, "x");
    CHECK_EQ_INT(b.len, 5);
    CHECK_STR(b.ptr, "12345");
    ward_buf_dispose(&b);
}

TEST(util_buf, addf_long)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    for (int i = 0; i < 100; i++)
        ward_buf_addf(&b, "%0300d", i);
    CHECK_EQ_INT(b.len, 30000);
    CHECK(b.ptr[29999] == '9');
    ward_buf_dispose(&b);
}

TEST(util_span, lines_and_cut)
{
    struct ward_span in = WARD_SPAN_LIT("a: b\r\nc:d\n\nlast"), line, k, v;
    CHECK(ward_span_line(&in, &line));
    CHECK(ward_span_eq(line, "a: b"));
    CHECK(ward_span_cut(line, ':', &k, &v));
    CHECK(ward_span_eq(k, "a"));
    CHECK(ward_span_eq(ward_span_trim(v), "b"));
    CHECK(ward_span_line(&in, &line));
    CHECK(ward_span_eq(line, "c:d"));
    CHECK(ward_span_line(&in, &line));
    CHECK_EQ_INT(line.len, 0);
    CHECK(ward_span_line(&in, &line));
    CHECK(ward_span_eq(line, "last"));
    CHECK(!ward_span_line(&in, &line));
}

TEST(util_span, u64_overflow)
{
    uint64_t v = 0;
    CHECK_EQ_INT(ward_span_u64(WARD_SPAN_LIT("18446744073709551615"), &v), 0);
    CHECK(v == UINT64_MAX);
    CHECK_EQ_INT(ward_span_u64(WARD_SPAN_LIT("18446744073709551616"), &v), WARD_ELIMIT);
    CHECK_EQ_INT(ward_span_u64(WARD_SPAN_LIT("12a"), &v), WARD_EFORMAT);
    CHECK_EQ_INT(ward_span_u64(WARD_SPAN_LIT(""), &v), WARD_EFORMAT);
}

TEST(util_arena, many_and_big)
{
    struct ward_arena a;
    ward_arena_init(&a);
    char *first = ward_arena_strdup(&a, "hello");
    for (int i = 0; i < 10000; i++)
        ward_arena_printf(&a, "item-%d", i);
    char *big = ward_arena_alloc(&a, 1 << 20);
    big[(1 << 20) - 1] = 'x';
    CHECK_STR(first, "hello");
    CHECK(((uintptr_t)big & 15) == 0);
    ward_arena_dispose(&a);
}

TEST(util_error, wrap_keeps_code)
{
    struct ward_error *err = NULL;
    int rc = ward_error_set(&err, WARD_EFORMAT, 0, "line %d", 3);
    CHECK_EQ_INT(rc, WARD_EFORMAT);
    CHECK_EQ_INT(ward_error_wrap(&err, "layer %s", "sha256:ab"), WARD_EFORMAT);
    CHECK_STR(err->msg, "layer sha256:ab: line 3");
    /* a second set does not overwrite the first error */
    ward_error_set(&err, WARD_EIO, 0, "other");
    CHECK_STR(err->msg, "layer sha256:ab: line 3");
    ward_error_free(err);
}
