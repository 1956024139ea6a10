/* test_dpkg.c - the dpkg cataloger against dpkg-query on the same database. */
#include "harness.h"
#include "inventory/inventory.h"

#include <stdio.h>
#include <stdlib.h>

static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run dpkg-query --admindir on dir; returns sorted "name\tver\tarch\tsrc\tsrcver" lines. */
static char **dpkg_query(const char *admindir, size_t *n)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "dpkg-query --admindir='%s' -W -f '${db:Status-Abbrev}\\t${Package}\\t${Version}\\t"
             "${Architecture}\\t${source:Package}\\t${source:Version}\\n' 2>/dev/null",
             admindir);
    FILE *f = popen(cmd, "r");
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    if (!f)
        return NULL;
    char line[4096];
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        /* keep packages whose files are on disk: status i (installed) or u/h/t/w... as dpkg prints */
        if (line[1] != 'i' && line[1] != 'h' && line[1] != 'U' && line[1] != 'F' &&
            line[1] != 'W' && line[1] != 't')
            continue;
        char *tab = strchr(line, '\t');
        WARD_GROW(v, *n, cap);
        v[(*n)++] = ward_xstrdup(tab + 1);
    }
    pclose(f);
    qsort(v, *n, sizeof(*v), line_cmp);
    return v;
}

TEST(inventory_dpkg, equals_dpkg_query_on_real_debian12_status)
{
    char admin[1024], status[1100];
    snprintf(admin, sizeof(admin), "%s/local-debian12/var/lib/dpkg", harness_testdata());
    snprintf(status, sizeof(status), "%s/status", admin);
    size_t len;
    ward_autofree char *data = harness_slurp(status, &len);
    CHECK_MSG(data, "missing %s", status);
    size_t nref = 0;
    char **ref = dpkg_query(admin, &nref);
    if (!ref || nref == 0)
        SKIP("dpkg-query not available");
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(ward_dpkg_parse(l, "/var/lib/dpkg/status", data, len, &err), err);
    CHECK_EQ_SIZE(l->n, 856);
    CHECK_EQ_SIZE(l->n, nref);
    char **got = ward_xcalloc(l->n, sizeof(char *));
    for (size_t i = 0; i < l->n; i++) {
        const struct ward_pkg *p = &l->items[i];
        got[i] = ward_xasprintf("%s\t%s\t%s\t%s\t%s", p->name, p->version, p->arch,
                                p->source_name, p->source_version);
    }
    qsort(got, l->n, sizeof(*got), line_cmp);
    size_t mismatches = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(got[i], ref[i]) != 0 && mismatches++ < 5)
            printf("# got  %s\n# want %s\n", got[i], ref[i]);
    }
    for (size_t i = 0; i < l->n; i++)
        free(got[i]);
    for (size_t i = 0; i < nref; i++)
        free(ref[i]);
    free(got);
    free(ref);
    CHECK_EQ_SIZE(mismatches, 0);
}

TEST(inventory_dpkg, skips_config_files_and_keeps_source_version)
{
    static const char in[] = "Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\n"
                             "Package: libfoo1\nStatus: install ok installed\n"
                             "Architecture: amd64\nSource: foo (1:2.0-1)\nVersion: 2.0-1+b1\n"
                             "Description: x\n multi\n .\n line\n";
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(ward_dpkg_parse(l, "/var/lib/dpkg/status", in, sizeof(in) - 1, &err), err);
    CHECK_EQ_SIZE(l->n, 1);
    CHECK_STR(l->items[0].name, "libfoo1");
    CHECK_STR(l->items[0].source_name, "foo");
    CHECK_STR(l->items[0].source_version, "1:2.0-1");
    CHECK_STR(l->items[0].version, "2.0-1+b1");
}

TEST(inventory_dpkg, distroless_status_d_has_no_status)
{
    static const char in[] = "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n";
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(ward_dpkg_parse(l, "/var/lib/dpkg/status.d/base", in, sizeof(in) - 1, &err), err);
    CHECK_EQ_SIZE(l->n, 1);
    CHECK_STR(l->items[0].source_name, "base-files");
}

TEST(inventory_dpkg, garbage_is_an_error_naming_the_line)
{
    static const char in[] = "Package: a\nVersion: 1\nthis is not a field\n";
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_EQ_INT(ward_dpkg_parse(l, "/var/lib/dpkg/status", in, sizeof(in) - 1, &err),
                 WARD_EFORMAT);
    CHECK(strstr(err->msg, "line 3") != NULL);
    CHECK_EQ_SIZE(l->n, 0);
    ward_error_free(err);
}
