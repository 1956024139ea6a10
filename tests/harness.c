/* harness.c - runs registered tests, prints TAP 13 to stdout. */
#include "harness.h"
#include "util/buf.h"

#include <stdarg.h>

struct test {
    const char *suite, *name;
    harness_fn fn;
};

static struct test *g_tests;
static size_t g_n, g_cap;
int harness_failed_now;
static int g_skipped_now;
static char g_skip_reason[256];

void harness_register(const char *suite, const char *name, harness_fn fn)
{
    WARD_GROW(g_tests, g_n, g_cap);
    g_tests[g_n++] = (struct test){suite, name, fn};
}

void harness_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    printf("# %s:%d: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    harness_failed_now = 1;
}

void harness_skip(const char *why)
{
    g_skipped_now = 1;
    snprintf(g_skip_reason, sizeof(g_skip_reason), "%s", why);
}

const char *harness_testdata(void)
{
    const char *e = getenv("WARD_TESTDATA");
    if (e && *e)
        return e;
#ifdef WARD_TESTDATA_DEFAULT
    return WARD_TESTDATA_DEFAULT;
#else
    return "../shared/testdata";
#endif
}

const char *harness_srcdir(void)
{
#ifdef WARD_SRCDIR
    return WARD_SRCDIR;
#else
    return ".";
#endif
}

char *harness_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *p = ward_xmalloc(cap + 1);
    size_t r;
    while ((r = fread(p + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            p = ward_xrealloc(p, cap + 1);
        }
    }
    fclose(f);
    p[n] = '\0';
    if (len)
        *len = n;
    return p;
}

static int cmp_tests(const void *a, const void *b)
{
    const struct test *x = a, *y = b;
    int c = strcmp(x->suite, y->suite);
    return c ? c : strcmp(x->name, y->name);
}

int main(int argc, char **argv)
{
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "-l") == 0) {
            for (size_t k = 0; k < g_n; k++)
                printf("%s::%s\n", g_tests[k].suite, g_tests[k].name);
            return 0;
        }
    }
    qsort(g_tests, g_n, sizeof(*g_tests), cmp_tests);
    size_t run = 0;
    for (size_t k = 0; k < g_n; k++) {
        char full[512];
        snprintf(full, sizeof(full), "%s::%s", g_tests[k].suite, g_tests[k].name);
        if (only && strcmp(only, full) != 0 && strcmp(only, g_tests[k].suite) != 0)
            continue;
        run++;
    }
    printf("TAP version 13\n1..%zu\n", run);
    fflush(stdout);
    size_t i = 0, failed = 0;
    for (size_t k = 0; k < g_n; k++) {
        char full[512];
        snprintf(full, sizeof(full), "%s::%s", g_tests[k].suite, g_tests[k].name);
        if (only && strcmp(only, full) != 0 && strcmp(only, g_tests[k].suite) != 0)
            continue;
        harness_failed_now = 0;
        g_skipped_now = 0;
        g_tests[k].fn();
        i++;
        if (harness_failed_now) {
            failed++;
            printf("not ok %zu - %s\n", i, full);
        } else if (g_skipped_now)
            printf("ok %zu - %s # SKIP %s\n", i, full, g_skip_reason);
        else
            printf("ok %zu - %s\n", i, full);
        fflush(stdout);
    }
    free(g_tests);
    return failed ? 1 : 0;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *harness_set_diff(char **got, size_t ng, const char *const *want, size_t n)
{
    qsort(got, ng, sizeof(char *), str_cmp);
    size_t u = 0; /* distinct */
    for (size_t i = 0; i < ng; i++) {
        if (u && !strcmp(got[u - 1], got[i])) {
            free(got[i]);
            continue;
        }
        got[u++] = got[i];
    }
    const char **w = ward_xcalloc(n + 1, sizeof(char *));
    memcpy(w, want, n * sizeof(char *));
    qsort(w, n, sizeof(char *), str_cmp);
    struct ward_buf b = WARD_BUF_INIT(0);
    size_t i = 0, j = 0;
    while (i < u || j < n) {
        int c = i >= u ? 1 : j >= n ? -1 : strcmp(got[i], w[j]);
        if (c < 0)
            ward_buf_addf(&b, " +%s", got[i++]);
        else if (c > 0)
            ward_buf_addf(&b, " -%s", w[j++]);
        else
            i++, j++;
    }
    for (size_t k = 0; k < u; k++)
        free(got[k]);
    free(got);
    free(w);
    if (!b.len) {
        ward_buf_dispose(&b);
        return NULL;
    }
    return ward_buf_steal(&b);
}
