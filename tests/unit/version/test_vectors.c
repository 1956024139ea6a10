/* test_vectors.c - every version-comparison vector under shared/testdata
 * (osv-scalibr semantic tables, dpkg's Dpkg_Version.t data, go-rpm-version,
 * claircore rpmvercmp, go-apk-version) must hold under our comparators. */
#include "harness.h"
#include "version/version.h"
#include "version/version_int.h"

#include <stdlib.h>

enum vfmt {
    FMT_OP,   /* "a OP b", OP one of < = > == (osv-scalibr, claircore, go-apk) */
    FMT_TSV,  /* "a\tOP\tb" (go-rpm-version; either side may be empty) */
    FMT_DPKG, /* "a b -1|0|1" (Dpkg_Version.t) */
};

struct vstats {
    size_t pass, fail;
};

static int op_value(const char *op, size_t n, int *want)
{
    if (n == 1 && *op == '<')
        *want = -1;
    else if (n == 1 && *op == '>')
        *want = 1;
    else if ((n == 1 && *op == '=') || (n == 2 && op[0] == '=' && op[1] == '='))
        *want = 0;
    else
        return -1;
    return 0;
}

/* Split one line into a, b and the expected sign. 1 = a vector, 0 = skip. */
static int parse_line(enum vfmt f, char *line, char **a, char **b, int *want)
{
    if (f == FMT_TSV) {
        if (line[0] == '#')
            return 0;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2)
            return 0;
        *t1 = *t2 = '\0';
        *a = line;
        *b = t2 + 1;
        return op_value(t1 + 1, strlen(t1 + 1), want) == 0;
    }
    while (*line == ' ' || *line == '\t')
        line++;
    if (!*line || *line == '#' || (line[0] == '/' && line[1] == '/'))
        return 0;
    char *tok[4];
    size_t nt = 0;
    for (char *p = line; *p && nt < 4;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            break;
        tok[nt++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (*p)
            *p++ = '\0';
    }
    if (nt < 3)
        return 0;
    if (f == FMT_DPKG) {
        *a = tok[0];
        *b = tok[1];
        *want = (int)strtol(tok[2], NULL, 10);
        return 1;
    }
    *a = tok[0];
    *b = tok[2];
    return op_value(tok[1], strlen(tok[1]), want) == 0;
}

/* Scheme value for files that test rpmvercmp itself on whole strings (no
 * epoch/version/release split), as go-rpm-version's table does. */
#define RPMVERCMP_ONLY ((enum ward_version_scheme) - 1)

static int compare(enum ward_version_scheme s, const char *a, const char *b, int *out,
                   struct ward_error **err)
{
    if (s == RPMVERCMP_ONLY) {
        *out = ward_version__rpmvercmp(a, strlen(a), b, strlen(b));
        return 0;
    }
    return ward_version_cmp(s, a, strlen(a), b, strlen(b), out, err);
}

static struct vstats run_file(const char *rel, enum vfmt f, enum ward_version_scheme s)
{
    struct vstats st = {0, 0};
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", harness_testdata(), rel);
    size_t len;
    char *data = harness_slurp(path, &len);
    if (!data)
        return (struct vstats){0, 1};
    size_t lineno = 0;
    for (char *line = data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[l - 1] = '\0';
        char *a, *b;
        int want;
        if (!parse_line(f, line, &a, &b, &want))
            continue;
        struct ward_error *err = NULL;
        int got = 2;
        int rc = compare(s, a, b, &got, &err);
        /* the reverse comparison must agree too */
        int back = 2;
        if (rc == 0)
            rc = compare(s, b, a, &back, &err);
        if (rc == 0 && got == want && back == -want) {
            st.pass++;
        } else {
            if (st.fail < 15)
                printf("# %s:%zu: '%s' vs '%s': want %d, got %d (reverse %d)%s%s\n", rel, lineno, a,
                       b, want, got, back, err ? ": " : "", err ? err->msg : "");
            st.fail++;
        }
        ward_error_free(err);
    }
    free(data);
    printf("# %s: %zu passed, %zu failed\n", rel, st.pass, st.fail);
    return st;
}

#define SCALIBR "osv-scalibr/semantic/testdata/"
#define VECTOR_TEST(name, rel, fmt, scheme)                                                        \
    TEST(version_vectors, name)                                                                    \
    {                                                                                              \
        struct vstats st = run_file(rel, fmt, scheme);                                             \
        CHECK(st.pass > 0);                                                                        \
        CHECK_EQ_SIZE(st.fail, 0);                                                                 \
    }

VECTOR_TEST(scalibr_debian, SCALIBR "debian-versions.txt", FMT_OP, WARD_VERSION_DPKG)
VECTOR_TEST(scalibr_debian_generated, SCALIBR "debian-versions-generated.txt", FMT_OP,
            WARD_VERSION_DPKG)
VECTOR_TEST(dpkg_version_t, "version-vectors/dpkg/Dpkg_Version.t.DATA.txt", FMT_DPKG,
            WARD_VERSION_DPKG)
VECTOR_TEST(scalibr_redhat, SCALIBR "redhat-versions.txt", FMT_OP, WARD_VERSION_RPM)
VECTOR_TEST(go_rpm_version, "version-vectors/rpm/go-rpm-version-cases.tsv", FMT_TSV, RPMVERCMP_ONLY)
VECTOR_TEST(claircore_rpmvercmp, "claircore/internal/rpmver/testdata/rpmvercmp", FMT_OP,
            WARD_VERSION_RPM)
VECTOR_TEST(scalibr_alpine, SCALIBR "alpine-versions.txt", FMT_OP, WARD_VERSION_APK)
VECTOR_TEST(scalibr_alpine_generated, SCALIBR "alpine-versions-generated.txt", FMT_OP,
            WARD_VERSION_APK)
VECTOR_TEST(go_apk_version, "go-apk-version/version.data", FMT_OP, WARD_VERSION_APK)
VECTOR_TEST(scalibr_pypi, SCALIBR "pypi-versions.txt", FMT_OP, WARD_VERSION_PEP440)
VECTOR_TEST(scalibr_pypi_generated, SCALIBR "pypi-versions-generated.txt", FMT_OP,
            WARD_VERSION_PEP440)
VECTOR_TEST(scalibr_semver, SCALIBR "semver-versions.txt", FMT_OP, WARD_VERSION_SEMVER)
VECTOR_TEST(scalibr_maven, SCALIBR "maven-versions.txt", FMT_OP, WARD_VERSION_MAVEN)
VECTOR_TEST(scalibr_maven_generated, SCALIBR "maven-versions-generated.txt", FMT_OP,
            WARD_VERSION_MAVEN)
VECTOR_TEST(scalibr_rubygems, SCALIBR "rubygems-versions.txt", FMT_OP, WARD_VERSION_RUBYGEMS)
VECTOR_TEST(scalibr_rubygems_generated, SCALIBR "rubygems-versions-generated.txt", FMT_OP,
            WARD_VERSION_RUBYGEMS)
VECTOR_TEST(scalibr_nuget, SCALIBR "nuget-versions.txt", FMT_OP, WARD_VERSION_NUGET)
VECTOR_TEST(scalibr_packagist, SCALIBR "packagist-versions.txt", FMT_OP, WARD_VERSION_PACKAGIST)
VECTOR_TEST(scalibr_packagist_generated, SCALIBR "packagist-versions-generated.txt", FMT_OP,
            WARD_VERSION_PACKAGIST)
VECTOR_TEST(scalibr_pub, SCALIBR "pub-versions.txt", FMT_OP, WARD_VERSION_PUB)
VECTOR_TEST(scalibr_cran, SCALIBR "cran-versions.txt", FMT_OP, WARD_VERSION_CRAN)
VECTOR_TEST(scalibr_cran_generated, SCALIBR "cran-versions-generated.txt", FMT_OP,
            WARD_VERSION_CRAN)
VECTOR_TEST(scalibr_hackage, SCALIBR "hackage-versions.txt", FMT_OP, WARD_VERSION_HACKAGE)
