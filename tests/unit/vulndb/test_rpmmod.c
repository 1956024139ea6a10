/* test_rpmmod.c - RHEL 8+ module streams: trivy's Red Hat and AlmaLinux
 * detector fixtures (converted to OSV by tests/lib/trivy_ospkg_to_osv.py),
 * grype's and vunnel's real AlmaLinux OSV records; a package with a
 * MODULARITYLABEL matches only its stream's advisories, one without only the
 * plain ones. Expected findings are the peers' (trivy's detector tests). */
#include "harness.h"
#include "match/match.h"
#include "vulndb/vulndb.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define GRYPE_ALSA "grype/grype/db/v6/build/transformers/osv/testdata/ALSA-2021-4156.json"
#define VUNNEL_ALSA                                                                                \
    "vunnel/tests/unit/providers/alma/test-fixtures/osv-database/advisories/almalinux8/"           \
    "ALSA-2023:5259.json"

static char *db_path;

/* One DB for every test: trivy's fixtures + the two real Alma records. */
static const char *db(void)
{
    if (db_path)
        return db_path;
    char *grype = ward_xasprintf("%s/" GRYPE_ALSA, harness_testdata());
    char *vunnel = ward_xasprintf("%s/" VUNNEL_ALSA, harness_testdata());
    if (access(grype, R_OK) == 0 && access(vunnel, R_OK) == 0 && access(RPMMOD_OSV, R_OK) == 0) {
        char *dir = ward_xstrdup("/tmp/ward-rpmmod-XXXXXX");
        if (!mkdtemp(dir))
            ward_oom();
        db_path = ward_xasprintf("%s/db.sqlite", dir);
        free(dir);
        const char *paths[] = {RPMMOD_OSV, grype, vunnel};
        struct ward_vulndb_import_opts o = {.replace = true};
        struct ward_vulndb_import_stats st;
        struct ward_error *err = NULL;
        if (ward_vulndb_import(db_path, paths, 3, &o, &st, &err) < 0 || st.skipped) {
            printf("# import: %s (%zu skipped)\n", err ? err->msg : "", st.skipped);
            ward_error_free(err);
            free(db_path);
            db_path = NULL;
        }
    }
    free(grype);
    free(vunnel);
    return db_path;
}

__attribute__((destructor)) static void drop_db(void)
{
    if (!db_path)
        return;
    unlink(db_path);
    *strrchr(db_path, '/') = 0;
    rmdir(db_path);
    free(db_path);
}

/* Findings for one rpm package as sorted "ID FIXED SEVERITY ECOSYSTEM" lines
 * joined by ';' ("" for none, "ERROR" when the match failed). */
static char *scan(const char *distro, const char *ver, const char *name, const char *version,
                  int epoch, const char *label)
{
    struct ward_vulndb *vdb = NULL;
    struct ward_error *err = NULL;
    struct ward_findings *f = NULL;
    if (ward_vulndb_open(&vdb, db(), &err) < 0) {
        ward_error_free(err);
        return ward_xstrdup("ERROR");
    }
    struct ward_inventory *inv = ward_inventory_new("t", "rootfs");
    inv->distro.id = ward_xstrdup(distro);
    inv->distro.version_id = ward_xstrdup(ver);
    struct ward_pkg *p = ward_pkglist_add(inv->pkgs);
    p->type = "rpm";
    p->ecosystem = "RPM";
    p->name = ward_pkglist_str(inv->pkgs, name);
    p->version = ward_pkglist_str(inv->pkgs, version);
    p->epoch = epoch;
    p->modularitylabel = label ? ward_pkglist_str(inv->pkgs, label) : NULL;
    struct ward_buf b = WARD_BUF_INIT(0);
    if (ward_match(&f, vdb, inv, NULL, &err) < 0) {
        ward_error_free(err);
        ward_buf_adds(&b, "ERROR");
    } else {
        for (size_t i = 0; i < f->n; i++)
            ward_buf_addf(&b, "%s%s %s %s %s", i ? ";" : "", f->items[i].id,
                          f->items[i].fixed_version ? f->items[i].fixed_version : "-",
                          ward_severity_name(f->items[i].severity), f->items[i].ecosystem);
    }
    ward_buf_adds(&b, "");
    ward_findings_free(f);
    ward_inventory_free(inv);
    ward_vulndb_close(vdb);
    return b.ptr;
}

#define EXPECT(got_expr, want)                                                                     \
    do {                                                                                           \
        char *g_ = (got_expr);                                                                     \
        bool same_ = !strcmp(g_, want);                                                            \
        if (!same_)                                                                                \
            printf("# got:  %s\n# want: %s\n", g_, want);                                          \
        free(g_);                                                                                  \
        CHECK(same_);                                                                              \
    } while (0)

/* trivy redhat_test.go "modular packages": php of stream php:7.2 on RHEL 8.3
 * -> CVE-2019-11043 fixed in 7.2.11-1.1.module+el8.0.0+4664+17bd8d65, CRITICAL
 * (Red Hat's OSV form: the stream in the purl's rpmmod=). */
TEST(rpmmod, redhat_stream_matches_its_advisory)
{
    if (!db())
        SKIP("fixtures missing");
    EXPECT(scan("rhel", "8.3", "php", "7.2.10-1.module_el8.2.0+313+b04d0a66", 0,
                "php:7.2:8020020200507003613:2c7ca891"),
           "CVE-2019-11043 7.2.11-1.1.module+el8.0.0+4664+17bd8d65 CRITICAL "
           "Red Hat:enterprise_linux:8/module:php:7.2");
    /* the same fix reaches a UBI / CentOS 8 image the same way */
    EXPECT(scan("centos", "8.2.2004", "php", "7.2.10-1.module_el8.2.0+313+b04d0a66", 0,
                "php:7.2:8020020200507003613:2c7ca891"),
           "CVE-2019-11043 7.2.11-1.1.module+el8.0.0+4664+17bd8d65 CRITICAL "
           "Red Hat:enterprise_linux:8/module:php:7.2");
    /* at the fix: nothing */
    EXPECT(scan("rhel", "8.3", "php", "7.2.11-1.1.module+el8.0.0+4664+17bd8d65", 0,
                "php:7.2:8000020191107103455:4cda2c84"),
           "");
}

/* The stream's advisory is not a plain package's, nor another stream's. */
TEST(rpmmod, redhat_plain_and_other_stream_not_matched)
{
    if (!db())
        SKIP("fixtures missing");
    EXPECT(scan("rhel", "8.3", "php", "7.2.10-1.module_el8.2.0+313+b04d0a66", 0, NULL), "");
    EXPECT(scan("rhel", "8.3", "php", "7.2.10-1.module_el8.2.0+313+b04d0a66", 0,
                "php:7.3:8020020200507003613:2c7ca891"),
           "");
    /* the label's first two fields name the stream: "php:7.2x" is not "php:7.2" */
    EXPECT(scan("rhel", "8.3", "php", "7.2.10-1.el8", 0, "php:7.2x:1:2"), "");
}

/* trivy redhat_test.go "no build info": plain vim-minimal on RHEL 8.3 ->
 * CVE-2019-12735 fixed in 2:7.4.160-7.el8_7 (MEDIUM); the same package
 * carrying a module label is not matched by the plain advisory. */
TEST(rpmmod, redhat_plain_advisory_not_for_modular_package)
{
    if (!db())
        SKIP("fixtures missing");
    char *plain = scan("rhel", "8.3", "vim-minimal", "7.4.160-5.el8", 2, NULL);
    /* the fixture lists it for enterprise_linux:8 and :8::appstream: one finding */
    CHECK(!strncmp(plain, "CVE-2019-12735 2:7.4.160-7.el8_7 MEDIUM Red Hat:enterprise_linux:8",
                   strlen("CVE-2019-12735 2:7.4.160-7.el8_7 MEDIUM Red Hat:enterprise_linux:8")));
    CHECK(!strchr(plain, ';'));
    free(plain);
    EXPECT(scan("rhel", "8.3", "vim-minimal", "7.4.160-5.el8", 2, "vim:8.0:8030020201117:abcd"),
           "");
}

/* trivy alma_test.go "modular package" (httpd:2.4 on AlmaLinux 8.6) and
 * "skip modular package" (nginx with a module release but no label: nothing);
 * "happy path" python3-libs stays plain. */
TEST(rpmmod, alma_trivy_cases)
{
    if (!db())
        SKIP("fixtures missing");
    EXPECT(scan("almalinux", "8.6", "httpd", "2.4.37-46.module_el8.6.0+2872+fe0ff7aa.1.alma", 0,
                "httpd:2.4:8060020220510105858:9edba152"),
           "CVE-2020-35452 2.4.37-47.module_el8.6.0+2872+fe0ff7aa.1.alma UNKNOWN "
           "AlmaLinux:8/module:httpd:2.4");
    EXPECT(
        scan("almalinux", "8.6", "httpd", "2.4.37-46.module_el8.6.0+2872+fe0ff7aa.1.alma", 0, NULL),
        "");
    EXPECT(scan("almalinux", "8.4", "nginx", "1.14.1-8.module_el8.3.0+2165+af250afe.alma", 1, NULL),
           "");
    EXPECT(scan("almalinux", "8.4", "python3-libs", "3.6.8-36.el8.alma", 0, NULL),
           "CVE-2020-26116 3.6.8-37.el8.alma UNKNOWN AlmaLinux:8");
}

/* grype's ALSA-2021:4156 (ecosystem_specific.rpm_modularity go-toolset:rhel8,
 * delve fixed in 1.6.0-1.module_el8.5.0+2604+960c7771) and AlmaLinux's own
 * ALSA-2023:5259 (mariadb fixed in 3:10.3.39-1.module_el8.8.0+3609+204d4ab0,
 * no stream named): modular fixes never reach a plain package. */
TEST(rpmmod, alma_real_records)
{
    if (!db())
        SKIP("fixtures missing");
    EXPECT(scan("almalinux", "8.5", "delve", "1.5.1-1.module_el8.4.0+2253+0d8f3c4f", 0,
                "go-toolset:rhel8:8050020211108:b2b3f87c"),
           "ALSA-2021:4156 1.6.0-1.module_el8.5.0+2604+960c7771 UNKNOWN "
           "AlmaLinux:8/module:go-toolset:rhel8");
    EXPECT(scan("almalinux", "8.5", "delve", "1.5.1-1.module_el8.4.0+2253+0d8f3c4f", 0, NULL), "");
    EXPECT(scan("almalinux", "8.5", "delve", "1.5.1-1.module_el8.4.0+2253+0d8f3c4f", 0,
                "go-toolset:rhel9:8050020211108:b2b3f87c"),
           "");
    /* no stream in the record: any modular mariadb, no plain one */
    char *m = scan("almalinux", "8.8", "mariadb", "10.3.35-1.module_el8.6.0+2867+72759d2f", 3,
                   "mariadb:10.3:8060020220812:b2b3f87c");
    CHECK_MSG(strstr(m, " 3:10.3.39-1.module_el8.8.0+3609+204d4ab0 ") &&
                  strstr(m, " AlmaLinux:8/module") && !strchr(m, ';'),
              "got %s", m);
    free(m);
    EXPECT(scan("almalinux", "8.8", "mariadb", "10.3.35-1.module_el8.6.0+2867+72759d2f", 3, NULL),
           "");
}
