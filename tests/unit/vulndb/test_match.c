/* test_match.c - the matcher: peer parity with trivy's golden result for the
 * real alpine-310 image (its fixture DB converted to OSV), source-package
 * matching, name normalisation, statuses and alias merging. */
#include "harness.h"
#include "inventory/scan.h"
#include "match/match.h"
#include "util/json_in.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char *import_to_tmp(const char *const *paths, size_t n, struct ward_error **err)
{
    char *d = ward_xstrdup("/tmp/ward-match-test-XXXXXX");
    if (!mkdtemp(d))
        ward_oom();
    char *db = ward_xasprintf("%s/db.sqlite", d);
    free(d);
    struct ward_vulndb_import_stats st;
    if (ward_vulndb_import(db, paths, n, NULL, &st, err) < 0) {
        free(db);
        return NULL;
    }
    return db;
}

static void drop_db(char *db)
{
    unlink(db);
    char *slash = strrchr(db, '/');
    *slash = 0;
    rmdir(db);
    free(db);
}

/* Import paths (an array) into a fresh DB `db` (for drop_db) and open it as `v`. */
#define IMPORT_AND_OPEN(db, v, paths, err)                                                         \
    char *db = import_to_tmp(paths, WARD_ARRAY_LEN(paths), &err);                                  \
    CHECK_OK(db ? 0 : -1, err);                                                                    \
    struct ward_vulndb *v = NULL;                                                                  \
    CHECK_OK(ward_vulndb_open(&v, db, &err), err)

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct ward_pkg *add_pkg(struct ward_inventory *inv, const char *type, const char *eco,
                                const char *name, const char *version, const char *src,
                                const char *srcver);

/* Compare our findings with trivy's golden alpine-310 vulnerabilities:
 * (vulnerability, package, installed, fixed, severity). */
static void check_trivy_golden(const struct ward_findings *f, bool *ok)
{
    char golden[4096];
    snprintf(golden, sizeof(golden), "%s/trivy/integration/testdata/alpine-310.json.golden",
             harness_testdata());
    size_t len, nw = 0, ng = 0, i, j;
    char *gtext = harness_slurp(golden, &len);
    json_t *g = NULL, *res, *vv;
    struct ward_error *err = NULL;
    *ok = false;
    CHECK_OK(ward_json_parse(&g, gtext, len, 0, &err), err);
    free(gtext);
    char *want[64], *got[64];
    json_array_foreach(ward_jarr(g, "Results"), i, res)
    {
        json_array_foreach(ward_jarr(res, "Vulnerabilities"), j, vv)
        {
            CHECK(nw < 64);
            want[nw++] = ward_xasprintf("%s|%s|%s|%s|%s", ward_jstr(vv, "VulnerabilityID"),
                                        ward_jstr(vv, "PkgName"), ward_jstr(vv, "InstalledVersion"),
                                        ward_jstr(vv, "FixedVersion"), ward_jstr(vv, "Severity"));
        }
    }
    json_decref(g);
    for (i = 0; i < f->n; i++) {
        const struct ward_finding *x = &f->items[i];
        CHECK(ng < 64);
        got[ng++] = ward_xasprintf("%s|%s|%s|%s|%s", x->id, x->pkg->name, x->pkg->version,
                                   x->fixed_version ? x->fixed_version : "",
                                   ward_severity_name(x->severity));
        CHECK(x->status == WARD_FINDING_FIXED);
        CHECK_STR(x->severity_source, "cvss");
        CHECK(x->title != NULL && x->cvss_vector != NULL);
    }
    qsort(want, nw, sizeof(*want), cmp_str);
    qsort(got, ng, sizeof(*got), cmp_str);
    CHECK_EQ_SIZE(nw, 4);
    for (i = 0; i < nw || i < ng; i++)
        CHECK_MSG(i < nw && i < ng && !strcmp(want[i], got[i]), "want %s, got %s",
                  i < nw ? want[i] : "-", i < ng ? got[i] : "-");
    for (i = 0; i < nw; i++)
        free(want[i]);
    for (i = 0; i < ng; i++)
        free(got[i]);
    *ok = true;
}

/* check_trivy_golden() on f, then free f, inv, v and the DB; true when it matched. */
static bool golden_then_free(struct ward_findings *f, struct ward_inventory *inv,
                             struct ward_vulndb *v, char *db)
{
    bool ok;
    check_trivy_golden(f, &ok);
    ward_findings_free(f);
    ward_inventory_free(inv);
    ward_vulndb_close(v);
    drop_db(db);
    return ok;
}

/* Parity with trivy on the exact input its golden was made from: the 14
 * packages of trivy's own alpine-310 inventory golden (Alpine 3.10.2,
 * openssl 1.1.1c-r0), matched against trivy's fixture DB converted to OSV. */
TEST(match, trivy_parity_alpine_310)
{
    struct ward_error *err = NULL;
    const char *paths[] = {TRIVY_OSV};
    IMPORT_AND_OPEN(db, v, paths, err);
    char inv_golden[4096];
    snprintf(inv_golden, sizeof(inv_golden),
             "%s/trivy/pkg/fanal/test/integration/testdata/goldens/packages/alpine-310.json.golden",
             harness_testdata());
    size_t len, i;
    char *text = harness_slurp(inv_golden, &len);
    json_t *pk = NULL, *e;
    CHECK_OK(ward_json_parse(&pk, text, len, 0, &err), err);
    free(text);
    struct ward_inventory *inv = ward_inventory_new("alpine-310", "docker-archive");
    inv->distro.id = ward_xstrdup("alpine");
    inv->distro.version_id = ward_xstrdup("3.10.2"); /* trivy's golden: "alpine 3.10.2" */
    json_array_foreach(pk, i, e)
    {
        add_pkg(inv, "apk", "Alpine", ward_jstr(e, "Name"), ward_jstr(e, "Version"),
                ward_jstr(e, "SrcName"), ward_jstr(e, "SrcVersion"));
    }
    json_decref(pk);
    CHECK_EQ_SIZE(inv->pkgs->n, 14);
    struct ward_findings *f = NULL;
    CHECK_OK(ward_match(&f, v, inv, NULL, &err), err);
    CHECK_EQ_SIZE(f->packages_checked, 14);
    CHECK(golden_then_free(f, inv, v, db));
}

/* The real alpine-310 tarball in testdata is a later rebuild (Alpine 3.10.4,
 * openssl 1.1.1d-r2, musl 1.1.22-r3): every fix in the fixture DB for
 * Alpine 3.10 (openssl 1.1.1d-r0/-r2, musl 1.1.20-r5) is already installed,
 * so scan + match must find the packages and report nothing. */
TEST(match, real_alpine_310_tarball)
{
    char tarball[4096];
    snprintf(tarball, sizeof(tarball), "%s/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz",
             harness_testdata());
    struct ward_error *err = NULL;
    const char *paths[] = {TRIVY_OSV};
    IMPORT_AND_OPEN(db, v, paths, err);
    struct ward_inventory_opts o = {.no_cache = true};
    struct ward_inventory *inv = NULL;
    CHECK_OK(ward_inventory_scan(&inv, tarball, &o, NULL, &err), err);
    struct ward_findings *f = NULL;
    CHECK_OK(ward_match(&f, v, inv, NULL, &err), err);
    CHECK_EQ_SIZE(f->packages_checked, inv->pkgs->n);
    CHECK_EQ_SIZE(f->packages_checked, 14);
    CHECK_EQ_SIZE(f->n, 0);
    /* Downgrade openssl's installed version to the golden's 1.1.1c-r0 in the
     * scanned inventory: the golden's four findings appear. */
    for (size_t i = 0; i < inv->pkgs->n; i++) {
        struct ward_pkg *p = &inv->pkgs->items[i];
        if (p->source_name && !strcmp(p->source_name, "openssl"))
            p->version = p->source_version = "1.1.1c-r0";
    }
    free(inv->distro.version_id);
    inv->distro.version_id = ward_xstrdup("3.10.2");
    ward_findings_free(f);
    CHECK_OK(ward_match(&f, v, inv, NULL, &err), err);
    CHECK(golden_then_free(f, inv, v, db));
}

static void write_file(const char *path, const char *s)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        ssize_t w = write(fd, s, strlen(s));
        (void)w;
        close(fd);
    }
}

static struct ward_pkg *add_pkg(struct ward_inventory *inv, const char *type, const char *eco,
                                const char *name, const char *version, const char *src,
                                const char *srcver)
{
    struct ward_pkg *p = ward_pkglist_add(inv->pkgs);
    p->type = ward_pkglist_str(inv->pkgs, type);
    p->ecosystem = ward_pkglist_str(inv->pkgs, eco);
    p->name = ward_pkglist_str(inv->pkgs, name);
    p->version = ward_pkglist_str(inv->pkgs, version);
    if (src)
        p->source_name = ward_pkglist_str(inv->pkgs, src);
    if (srcver)
        p->source_version = ward_pkglist_str(inv->pkgs, srcver);
    return p;
}

/* Two feeds describe the same CVE for Debian openssl: one OSV DSA record with
 * the CVE as alias, one tracker entry with urgency. They must merge. */
static const char osv_dsa[] =
    "{\"id\":\"DSA-5000-1\",\"aliases\":[\"CVE-2023-0001\"],\"summary\":\"openssl update\","
    "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"openssl\"},"
    "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
    "{\"fixed\":\"3.0.11-1~deb12u2\"}]}]}]}";
static const char tracker[] =
    "{\"openssl\":{\"CVE-2023-0001\":{\"description\":\"d\",\"releases\":{\"bookworm\":{"
    "\"status\":\"resolved\",\"fixed_version\":\"3.0.11-1~deb12u2\",\"urgency\":\"high\"}}},"
    "\"CVE-2023-0002\":{\"releases\":{\"bookworm\":{\"status\":\"open\",\"nodsa\":\"x\","
    "\"nodsa_reason\":\"ignored\",\"urgency\":\"low\"}}},"
    "\"CVE-2023-0003\":{\"releases\":{\"bookworm\":{\"status\":\"resolved\","
    "\"fixed_version\":\"0\"}}},"
    "\"CVE-2023-0004\":{\"releases\":{\"bookworm\":{\"status\":\"open\",\"urgency\":\"medium\"}}},"
    "\"CVE-2023-0005\":{\"releases\":{\"bookworm\":{\"status\":\"resolved\","
    "\"fixed_version\":\"3.0.9-1\"}}}}}";
static const char pypi[] =
    "[{\"id\":\"GHSA-aaaa-bbbb-cccc\",\"aliases\":[\"CVE-2024-0100\"],"
    "\"database_specific\":{\"severity\":\"MODERATE\"},"
    "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"zope.interface\"},"
    "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"5.0\"}]}]}"
    "]},"
    "{\"id\":\"PYSEC-2024-1\",\"aliases\":[\"CVE-2024-0100\"],"
    "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/"
    "A:H\"}],"
    "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Zope_Interface\"},"
    "\"versions\":[\"4.7.1\"]}]}]";

TEST(match, statuses_sources_and_merging)
{
    char dir[] = "/tmp/ward-match-feeds-XXXXXX";
    CHECK(mkdtemp(dir));
    char *a = ward_xasprintf("%s/a.json", dir), *b = ward_xasprintf("%s/b.json", dir),
         *c = ward_xasprintf("%s/c.json", dir);
    write_file(a, osv_dsa);
    write_file(b, tracker);
    write_file(c, pypi);
    struct ward_error *err = NULL;
    const char *paths[] = {dir};
    IMPORT_AND_OPEN(db, v, paths, err);

    struct ward_inventory *inv = ward_inventory_new("synthetic", "rootfs");
    inv->distro.id = ward_xstrdup("debian");
    inv->distro.version_id = ward_xstrdup("12");
    /* binary libssl3 built from source openssl: matched by the source */
    add_pkg(inv, "deb", "Debian", "libssl3", "3.0.11-1~deb12u1", "openssl", NULL);
    add_pkg(inv, "python", "PyPI", "Zope.Interface", "4.7.1", NULL, NULL);
    struct ward_findings *f = NULL;
    CHECK_OK(ward_match(&f, v, inv, NULL, &err), err);
    /* libssl3: CVE-2023-0001 (fixed, merged DSA + tracker), -0002 (will not fix),
     * -0004 (affected, no fix); -0003 not affected, -0005 fixed before ours. */
    const struct ward_finding *f1 = NULL, *f2 = NULL, *f4 = NULL, *fz = NULL;
    size_t n_ssl = 0;
    for (size_t i = 0; i < f->n; i++) {
        const struct ward_finding *x = &f->items[i];
        if (!strcmp(x->pkg->name, "libssl3"))
            n_ssl++;
        if (!strcmp(x->id, "CVE-2023-0001"))
            f1 = x;
        if (!strcmp(x->id, "CVE-2023-0002"))
            f2 = x;
        if (!strcmp(x->id, "CVE-2023-0004"))
            f4 = x;
        if (!strcmp(x->id, "CVE-2024-0100"))
            fz = x;
    }
    CHECK_EQ_SIZE(n_ssl, 3);
    CHECK(f1 && f2 && f4 && fz);
    CHECK_EQ_INT(f1->status, WARD_FINDING_FIXED);
    CHECK_STR(f1->fixed_version, "3.0.11-1~deb12u2");
    CHECK_STR(f1->installed, "3.0.11-1~deb12u1");
    CHECK_EQ_SIZE(f1->n_aliases, 1);
    CHECK_STR(f1->aliases[0], "DSA-5000-1");
    CHECK_EQ_INT(f1->severity, WARD_SEV_HIGH);
    CHECK_STR(f1->severity_source, "debian-tracker");
    CHECK_STR(f1->title, "openssl update");
    CHECK_EQ_INT(f2->status, WARD_FINDING_WILL_NOT_FIX);
    CHECK(f2->fixed_version == NULL);
    CHECK_EQ_INT(f4->status, WARD_FINDING_AFFECTED);
    CHECK_EQ_INT(f4->severity, WARD_SEV_MEDIUM);
    /* PyPI: PEP 503 names; GHSA range + PYSEC version list merged by alias */
    CHECK_STR(fz->fixed_version, "5.0");
    CHECK_EQ_SIZE(fz->n_aliases, 2);
    CHECK_EQ_INT(fz->severity, WARD_SEV_MEDIUM);
    CHECK_STR(fz->severity_source, "osv");
    ward_findings_free(f);

    struct ward_match_opts mo = {.flags = WARD_MATCH_NOT_AFFECTED};
    CHECK_OK(ward_match(&f, v, inv, &mo, &err), err);
    bool na = false;
    for (size_t i = 0; i < f->n; i++)
        na = na || (!strcmp(f->items[i].id, "CVE-2023-0003") &&
                    f->items[i].status == WARD_FINDING_NOT_AFFECTED);
    CHECK(na);
    ward_findings_free(f);
    ward_inventory_free(inv);
    ward_vulndb_close(v);
    drop_db(db);
    unlink(a);
    unlink(b);
    unlink(c);
    rmdir(dir);
    free(a);
    free(b);
    free(c);
}
