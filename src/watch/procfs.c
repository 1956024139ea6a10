/* procfs.c - parsers of the /proc files ward watch reads at exec time
 * (cgroup -> container id, status, stat, cmdline). A process controls its
 * own argv and comm, so these are hostile input: bounded and fuzzed. */
#include "watch/watch.h"

#include <ctype.h>
#include <string.h>

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool ward_watch_cgroup_container(const char *data, size_t len, char id[65])
{
    struct ward_span in = {data, len}, line;
    bool found = false;
    while (ward_span_line(&in, &line)) {
        /* only the path part (after the second ':') may name the container */
        const char *c1 = memchr(line.ptr, ':', line.len);
        if (!c1)
            continue;
        size_t rest = line.len - (size_t)(c1 + 1 - line.ptr);
        const char *c2 = memchr(c1 + 1, ':', rest);
        if (!c2)
            continue;
        const char *p = c2 + 1, *end = line.ptr + line.len;
        while (p < end) {
            if (!is_hex(*p)) {
                p++;
                continue;
            }
            const char *s = p;
            while (p < end && is_hex(*p))
                p++;
            /* exactly 64 hex digits, not part of a longer word */
            bool left = s == c2 + 1 || s[-1] == '/' || s[-1] == '-' || s[-1] == ':';
            bool right = p == end || *p == '/' || *p == '.';
            if (p - s == 64 && left && right) {
                memcpy(id, s, 64);
                id[64] = '\0';
                found = true; /* keep going: the innermost (last) one wins */
            }
        }
    }
    return found;
}

static long long num_field(struct ward_span v, int idx)
{
    /* idx-th whitespace-separated number of v; -1 when absent/bad */
    size_t i = 0;
    for (int k = 0;; k++) {
        while (i < v.len && isspace((unsigned char)v.ptr[i]))
            i++;
        size_t s = i;
        while (i < v.len && !isspace((unsigned char)v.ptr[i]))
            i++;
        if (s == i)
            return -1;
        if (k == idx) {
            uint64_t x;
            if (ward_span_u64(ward_span_of(v.ptr + s, i - s), &x) < 0 || x > INT64_MAX)
                return -1;
            return (long long)x;
        }
    }
}

void ward_watch_parse_status(const char *data, size_t len, struct ward_proc_status *st)
{
    st->ppid = st->uid = st->euid = st->gid = st->egid = st->vpid = -1;
    struct ward_span in = {data, len}, line, k, v;
    while (ward_span_line(&in, &line)) {
        if (!ward_span_cut(line, ':', &k, &v))
            continue;
        if (ward_span_eq(k, "PPid")) {
            st->ppid = num_field(v, 0);
        } else if (ward_span_eq(k, "Uid")) {
            st->uid = num_field(v, 0);
            st->euid = num_field(v, 1);
        } else if (ward_span_eq(k, "Gid")) {
            st->gid = num_field(v, 0);
            st->egid = num_field(v, 1);
        } else if (ward_span_eq(k, "NSpid")) {
            for (int i = 0; i < 64; i++) {
                long long x = num_field(v, i);
                if (x < 0)
                    break;
                st->vpid = x;
            }
        }
    }
}

long long ward_watch_parse_stat_tty(const char *data, size_t len)
{
    /* "pid (comm) state ppid pgrp session tty_nr ..." - comm may hold ')' */
    const char *rp = NULL;
    for (size_t i = len; i-- > 0;) {
        if (data[i] == ')') {
            rp = data + i;
            break;
        }
    }
    if (!rp)
        return -1;
    struct ward_span v = {rp + 1, len - (size_t)(rp + 1 - data)};
    /* after ')': state(0) ppid(1) pgrp(2) session(3) tty_nr(4) */
    size_t i = 0;
    for (int k = 0; k <= 4; k++) {
        while (i < v.len && v.ptr[i] == ' ')
            i++;
        size_t s = i;
        while (i < v.len && v.ptr[i] != ' ')
            i++;
        if (s == i)
            return -1;
        if (k == 4) {
            /* tty_nr is printed as a signed int */
            struct ward_span f = {v.ptr + s, i - s};
            bool neg = f.len && f.ptr[0] == '-';
            uint64_t x;
            if (neg)
                f = ward_span_of(f.ptr + 1, f.len - 1);
            if (ward_span_u64(f, &x) < 0 || x > INT32_MAX)
                return -1;
            return neg ? -(long long)x : (long long)x;
        }
    }
    return -1;
}

void ward_watch_parse_cmdline(struct ward_arena *a, const char *data, size_t len, size_t max,
                              char **exe, char **args, char **cmdline)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    ward_buf_init(&b, SIZE_MAX / 2);
    size_t first = 0;
    bool have_first = false;
    /* trailing NULs are terminators, not empty arguments */
    while (len > 0 && data[len - 1] == '\0')
        len--;
    for (size_t i = 0; i < len && b.len < max; i++) {
        char c = data[i];
        if (c == '\0') {
            if (!have_first) {
                first = b.len;
                have_first = true;
            }
            c = ' ';
        } else if ((unsigned char)c < 0x20 || c == 0x7f) {
            c = ' '; /* keep one line per alert */
        }
        ward_buf_addc(&b, c);
    }
    if (!have_first)
        first = b.len;
    const char *s = b.ptr ? b.ptr : "";
    size_t n = WARD_MIN(b.len, max);
    if (first > n)
        first = n;
    *cmdline = ward_arena_strndup(a, s, n);
    *exe = ward_arena_strndup(a, s, first);
    *args = ward_arena_strndup(a, s + WARD_MIN(first + 1, n), n - WARD_MIN(first + 1, n));
    ward_buf_dispose(&b);
}
