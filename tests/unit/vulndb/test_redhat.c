/* test_redhat.c - Red Hat data: the Security Data API CVE JSON against
 * vunnel's expected per-namespace snapshots (package, fixed version, module,
 * namespace, severity), CSAF advisories and VEX (claircore's real files),
 * and the compound Red Hat / Alma / Rocky OSV ecosystem keys. */
#include "harness.h"
#include "util/json_in.h"
#include "util/file.h"
#include "match/match.h"
#include "vulndb/vulndb.h"

#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RHEL_FIX "vunnel/tests/unit/providers/rhel/test-fixtures"

static char *import_tmp(const char *const *paths, size_t n, struct ward_vulndb_import_stats *st)
{
    char *dir = ward_xstrdup("/tmp/ward-redhat-test-XXXXXX");
    if (!mkdtemp(dir))
        ward_oom();
    char *db = ward_xasprintf("%s/db.sqlite", dir);
    free(dir);
    struct ward_error *err = NULL;
    struct ward_vulndb_import_opts o = {.replace = true};
    if (ward_vulndb_import(db, paths, n, &o, st, &err) < 0) {
        printf("# import: %s\n", err->msg);
        ward_error_free(err);
    }
    return db;
}

static void drop_tmp(char *db)
{
    unlink(db);
    char *slash = strrchr(db, '/');
    *slash = 0;
    rmdir(db);
    free(db);
}

/* Lines "ns|name|version|module" sorted, joined by '\n'. */
struct lines {
    char **v;
    size_t n, cap;
};

static void lines_add(struct lines *l, char *s)
{
    WARD_GROW(l->v, l->n, l->cap);
    l->v[l->n++] = s;
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *lines_join(struct lines *l)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    if (l->n)
        qsort(l->v, l->n, sizeof(*l->v), cmp_line);
    for (size_t i = 0; i < l->n; i++) {
        ward_buf_addf(&b, "%s\n", l->v[i]);
        free(l->v[i]);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
    ward_buf_adds(&b, "");
    return b.ptr;
}

/* "Red Hat:8/module:ruby:2.5" -> ns "rhel:8", module "ruby:2.5" */
static void ns_of(const char *eco, char **ns, char **module)
{
    const char *r = eco + 8, *slash = strstr(r, "/module:");
    size_t n = slash ? (size_t)(slash - r) : strlen(r);
    *ns = ward_xasprintf("rhel:%.*s", (int)n, r);
    *module = ward_xstrdup(slash ? slash + 8 : "None");
}

/* What ward stored for cve from feed, as vunnel lines; severity out. */
static char *stored(sqlite3 *db, const char *cve, const char *feed, const char *only_ns,
                    char **severity)
{
    sqlite3_stmt *st = NULL;
    struct lines l = {0};
    sqlite3_prepare_v2(db,
                       "SELECT f.ecosystem, f.name, f.status, f.ranges, a.severity FROM affected f"
                       " JOIN advisories a ON a.id = f.advisory WHERE a.vuln_id = ?1 AND"
                       " a.feed = ?2",
                       -1, &st, NULL);
    sqlite3_bind_text(st, 1, cve, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, feed, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *eco = (const char *)sqlite3_column_text(st, 0);
        const char *name = (const char *)sqlite3_column_text(st, 1);
        int status = sqlite3_column_int(st, 2);
        const char *ranges = (const char *)sqlite3_column_text(st, 3);
        const char *sev = (const char *)sqlite3_column_text(st, 4);
        if (severity && sev && !*severity)
            *severity = ward_xstrdup(sev);
        if (strncmp(eco, "Red Hat:", 8))
            continue;
        char *ns, *mod;
        ns_of(eco, &ns, &mod);
        const char *f = ranges ? strstr(ranges, "\x1f"
                                                "f:")
                               : NULL;
        if (!strcmp(ns, "rhel:3") || !strcmp(ns, "rhel:4") || (only_ns && strcmp(ns, only_ns))) {
            free(ns);
            free(mod);
            continue; /* vunnel skips RHEL 3 and 4 */
        }
        /* vunnel writes "not affected" as a fix in version 0 */
        const char *ver = status == WARD_VULNDB_NOT_AFFECTED ? "0" : f ? f + 3 : "None";
        lines_add(&l, ward_xasprintf("%s|%s|%s|%s", ns, name, ver, mod));
        free(ns);
        free(mod);
    }
    sqlite3_finalize(st);
    return lines_join(&l);
}

static json_t *load_json(const char *path)
{
    struct ward_buf b = WARD_BUF_INIT(64u << 20);
    json_t *j = NULL;
    struct ward_error *err = NULL;
    if (ward_file_read(&b, AT_FDCWD, path, 64u << 20, &err) == 0)
        ward_json_parse(&j, b.ptr, b.len, 0, &err);
    ward_error_free(err);
    ward_buf_dispose(&b);
    return j;
}

static char *upper(const char *s)
{
    char *u = ward_xstrdup(s ? s : "");
    for (char *c = u; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 32);
    return u;
}

TEST(redhat, security_data_api_matches_vunnel_snapshots)
{
    char *full = ward_xasprintf("%s/" RHEL_FIX "/oval/input/cve/full", harness_testdata());
    char *snaps = ward_xasprintf("%s/" RHEL_FIX "/snapshots", harness_testdata());
    if (access(full, R_OK) != 0)
        SKIP("vunnel rhel fixtures missing");
    /* the files are named CVE-YYYY-N without an extension: import each explicitly */
    DIR *d = opendir(full);
    const char *paths[64];
    size_t np = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) && np < 64)
        if (!strncmp(de->d_name, "CVE-", 4))
            paths[np++] = ward_xasprintf("%s/%s", full, de->d_name);
    if (d)
        closedir(d);
    struct ward_vulndb_import_stats st;
    char *dbp = import_tmp(paths, np, &st);
    sqlite3 *db = NULL;
    sqlite3_open_v2(dbp, &db, SQLITE_OPEN_READONLY, NULL);
    size_t compared = 0, same = 0, sev_same = 0;
    /* every snapshot: same (namespace, package, fixed version, module) set and severity */
    DIR *sd = opendir(snaps);
    struct dirent *ns;
    while (sd && (ns = readdir(sd))) {
        if (ns->d_name[0] == '.')
            continue;
        char *nsdir = ward_xasprintf("%s/%s", snaps, ns->d_name);
        DIR *cd = opendir(nsdir);
        struct dirent *f;
        while (cd && (f = readdir(cd))) {
            if (f->d_name[0] == '.')
                continue;
            char *fp = ward_xasprintf("%s/%s", nsdir, f->d_name);
            json_t *j = load_json(fp);
            json_t *v = ward_jobj(ward_jobj(j, "item"), "Vulnerability");
            const char *cve = ward_jstr(v, "Name");
            struct lines want = {0};
            size_t i;
            json_t *fi;
            json_array_foreach(ward_jarr(v, "FixedIn"), i, fi)
            {
                const char *ver = ward_jstr(fi, "Version"), *mod = ward_jstr(fi, "Module");
                if (ver && !strncmp(ver, "0:", 2))
                    ver += 2;
                lines_add(&want, ward_xasprintf("%s|%s|%s|%s", ward_jstr(fi, "NamespaceName"),
                                                ward_jstr(fi, "Name"), ver ? ver : "None",
                                                mod ? mod : "None"));
            }
            char *w = lines_join(&want), *sev = NULL;
            char *got = cve ? stored(db, cve, "redhat-cve", ns->d_name, &sev) : ward_xstrdup("");
            compared++;
            if (!strcmp(w, got))
                same++;
            else
                printf("# %s %s\n# vunnel:\n#  %s# ward:\n#  %s", ns->d_name, cve, w, got);
            char *ws = upper(ward_jstr(v, "Severity"));
            char *gs = upper(ward_severity_name(ward_severity_parse(sev)));
            if (!strcmp(ws, gs))
                sev_same++;
            else
                printf("# %s %s: severity vunnel %s, ward %s\n", ns->d_name, cve, ws, gs);
            free(ws);
            free(gs);
            free(w);
            free(got);
            free(sev);
            json_decref(j);
            free(fp);
        }
        if (cd)
            closedir(cd);
        free(nsdir);
    }
    if (sd)
        closedir(sd);
    printf("# %zu snapshots: %zu same package set, %zu same severity\n", compared, same, sev_same);
    CHECK_EQ_SIZE(st.files, np);
    CHECK_EQ_SIZE(st.skipped, 0);
    CHECK(compared >= 50);
    CHECK_EQ_SIZE(same, compared);
    CHECK_EQ_SIZE(sev_same, compared);
    sqlite3_close(db);
    for (size_t i = 0; i < np; i++)
        free((char *)paths[i]);
    drop_tmp(dbp);
    free(full);
    free(snaps);
}

/* One stored row for (ecosystem key of eco, name, id): status and fixed version. */
static bool row(struct ward_vulndb *db, const char *eco, const char *name, const char *id,
                int *status, char **fixed)
{
    struct ward_buf k1 = WARD_BUF_INIT(4096), k2 = WARD_BUF_INIT(4096);
    ward_vulndb_eco_key(&k1, eco);
    ward_vulndb_name_key(&k2, eco, name);
    struct ward_arena a;
    ward_arena_init(&a);
    struct ward_vulndb_row *rows;
    const char *keys[] = {k1.ptr};
    int n = ward_vulndb_lookup(db, keys, 1, k2.ptr, &a, &rows, NULL);
    bool found = false;
    for (int i = 0; i < n && !found; i++) {
        if (strcmp(rows[i].vuln_id, id))
            continue;
        found = true;
        *status = rows[i].status;
        const char *f = rows[i].ranges ? strstr(rows[i].ranges, "\x1f"
                                                                "f:")
                                       : NULL;
        *fixed = f ? ward_xstrdup(f + 3) : NULL;
    }
    ward_arena_dispose(&a);
    ward_buf_dispose(&k1);
    ward_buf_dispose(&k2);
    return found;
}

/* Red Hat's own CSAF: a VEX file (claircore's real CVE-2024-0727) and an RHSA
 * with a modular stream (vunnel's RHSA-2023:7025). Expected rows are read off
 * the documents: product_status + remediations per RHEL release. */
TEST(redhat, csaf_vex_and_advisory)
{
    char *vex = ward_xasprintf("%s/claircore/test/acceptance/testdata/cve-2024-0727-openssl.json",
                               harness_testdata());
    char *rhsa =
        ward_xasprintf("%s/" RHEL_FIX "/csaf/advisories/rhsa-2023_7025.json", harness_testdata());
    if (access(vex, R_OK) != 0 || access(rhsa, R_OK) != 0)
        SKIP("CSAF fixtures missing");
    const char *paths[] = {vex, rhsa};
    struct ward_vulndb_import_stats st;
    char *dbp = import_tmp(paths, 2, &st);
    struct ward_vulndb *db = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_vulndb_open(&db, dbp, &err), err);
    CHECK_EQ_SIZE(st.skipped, 0);
    CHECK_EQ_SIZE(st.advisories, 5); /* one VEX CVE + the RHSA's four CVEs */
    int status = -1;
    char *fixed = NULL;
    /* fixed: BaseOS-9.4.0.GA:openssl-libs-1:3.0.7-27.el9.* (epoch kept) */
    CHECK(row(db, "Red Hat:9", "openssl-libs", "CVE-2024-0727", &status, &fixed));
    CHECK_EQ_INT(status, WARD_VULNDB_RANGES);
    CHECK_STR(fixed, "1:3.0.7-27.el9");
    free(fixed);
    fixed = NULL;
    /* known_affected + no_fix_planned "Out of support scope" */
    CHECK(row(db, "Red Hat:6", "openssl", "CVE-2024-0727", &status, &fixed));
    CHECK_EQ_INT(status, WARD_VULNDB_WILL_NOT_FIX);
    /* known_affected + none_available "Fix deferred": affected, no fix */
    CHECK(row(db, "Red Hat:8", "compat-openssl10", "CVE-2024-0727", &status, &fixed));
    CHECK_EQ_INT(status, WARD_VULNDB_RANGES);
    CHECK(fixed == NULL);
    /* known_not_affected: BaseOS-9.4.0.GA:openssl-fips-provider-0:3.0.7-2.el9 */
    CHECK(row(db, "Red Hat:9", "openssl-fips-provider", "CVE-2024-0727", &status, &fixed));
    CHECK_EQ_INT(status, WARD_VULNDB_NOT_AFFECTED);
    /* compound OSV spelling reaches the same rows */
    CHECK(row(db, "Red Hat:enterprise_linux:9::baseos", "openssl-libs", "CVE-2024-0727", &status,
              &fixed));
    free(fixed);
    fixed = NULL;
    /* the RHSA: ruby:2.5 module rows kept apart from plain RHEL 8 */
    CHECK(row(db, "Red Hat:8/module:ruby:2.5", "ruby", "CVE-2021-33621", &status, &fixed));
    CHECK_STR(fixed, "2.5.9-111.module+el8.9.0+19193+435404ae");
    free(fixed);
    fixed = NULL;
    CHECK(!row(db, "Red Hat:8", "ruby", "CVE-2021-33621", &status, &fixed));
    struct ward_arena a;
    ward_arena_init(&a);
    struct ward_vulndb_advisory adv;
    CHECK_OK(ward_vulndb_enrich(db, "CVE-2021-33621", &a, &adv, &err), err);
    CHECK_STR(adv.severity, "Moderate"); /* threats: impact */
    CHECK(adv.cvss_score > 8.7 && adv.cvss_score < 8.9);
    ward_arena_dispose(&a);
    ward_vulndb_close(db);
    drop_tmp(dbp);
    free(vex);
    free(rhsa);
}

static char *key(const char *eco)
{
    struct ward_buf b = WARD_BUF_INIT(256);
    ward_vulndb_eco_key(&b, eco);
    return b.ptr;
}

/* Red Hat's OSV ecosystems and the Alma/Rocky ones of vunnel's samples. */
TEST(redhat, compound_ecosystem_keys)
{
    static const char *const cases[][2] = {
        {"Red Hat:enterprise_linux:8::appstream", "red hat:8"},
        {"Red Hat:enterprise_linux:9::baseos", "red hat:9"},
        {"Red Hat:enterprise_linux:7", "red hat:7"},
        {"Red Hat:8", "red hat:8"},
        {"Red Hat:rhel_eus:8.6::baseos", "red hat:8.6+eus"},
        {"Red Hat:rhel_aus:8.4::baseos", "red hat:8.4+aus"},
        {"Red Hat:rhel_els:6", "red hat:6+els"},
        {"Red Hat:openshift:4.14::el9", "red hat:openshift:4.14::el9"},
        {"AlmaLinux:8", "almalinux:8"},
        {"Rocky Linux:9", "rocky linux:9"},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        char *k = key(cases[i][0]);
        CHECK_STR(k, cases[i][1]);
        free(k);
    }
}

static const char rh_osv[] =
    "{\"id\": \"RHSA-2024:0001\", \"modified\": \"2024-01-01T00:00:00Z\","
    " \"aliases\": [\"CVE-2023-38545\"], \"affected\": [{\"package\": {\"ecosystem\":"
    " \"Red Hat:enterprise_linux:8::baseos\", \"name\": \"curl\"}, \"ranges\": [{\"type\":"
    " \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": "
    "\"0:7.61.1-30.el8_8.3\"}]}]},"
    " {\"package\": {\"ecosystem\": \"Red Hat:rhel_eus:8.6::baseos\", \"name\": \"libcurl\"},"
    " \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"},"
    " {\"fixed\": \"0:7.61.1-22.el8_6.9\"}]}]}]}";

static size_t count_for(const struct ward_findings *f, const char *pkg, const char *id,
                        const char *fixed)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->items[i].pkg->name, pkg) && !strcmp(f->items[i].id, id) &&
            (!fixed || (f->items[i].fixed_version && !strcmp(f->items[i].fixed_version, fixed))))
            n++;
    return n;
}

/* findings borrow their packages: the inventory lives until the next call */
static struct ward_inventory *last_inv;

static struct ward_findings *match_one(const char *dbp, const char *distro, const char *ver,
                                       const char *eco, const char *name, const char *version)
{
    struct ward_vulndb *db = NULL;
    struct ward_error *err = NULL;
    struct ward_findings *f = NULL;
    if (ward_vulndb_open(&db, dbp, &err) < 0) {
        ward_error_free(err);
        return NULL;
    }
    struct ward_inventory *inv = ward_inventory_new("t", "rootfs");
    inv->distro.id = ward_xstrdup(distro);
    inv->distro.version_id = ward_xstrdup(ver);
    struct ward_pkg *p = ward_pkglist_add(inv->pkgs);
    p->type = "rpm";
    p->ecosystem = ward_pkglist_str(inv->pkgs, eco);
    p->name = ward_pkglist_str(inv->pkgs, name);
    p->version = ward_pkglist_str(inv->pkgs, version);
    if (ward_match(&f, db, inv, NULL, &err) < 0)
        ward_error_free(err);
    ward_inventory_free(last_inv);
    last_inv = inv;
    ward_vulndb_close(db);
    return f;
}

/* A RHEL 8 / UBI 8 image matches Red Hat's compound OSV ecosystems (not the
 * 8.6 EUS stream), CentOS matches Red Hat data, an SBOM's generic "RPM"
 * packages take the distro's ecosystem; Alma and Rocky OSV match their own. */
TEST(redhat, rpm_distros_match)
{
    char *dir = ward_xstrdup("/tmp/ward-redhat-osv-XXXXXX");
    if (!mkdtemp(dir))
        ward_oom();
    char *osv = ward_xasprintf("%s/rh.json", dir);
    FILE *fp = fopen(osv, "w");
    fputs(rh_osv, fp);
    fclose(fp);
    char *alma = ward_xasprintf("%s/vunnel/tests/unit/providers/alma/test-fixtures/osv-database/"
                                "advisories/almalinux8/ALSA-2023:4520.json",
                                harness_testdata());
    char *rocky = ward_xasprintf("%s/vunnel/tests/unit/providers/rocky/test-fixtures/osv/"
                                 "RLSA-2023_3220.json",
                                 harness_testdata());
    if (access(alma, R_OK) != 0 || access(rocky, R_OK) != 0)
        SKIP("vunnel alma/rocky fixtures missing");
    const char *paths[] = {osv, alma, rocky};
    struct ward_vulndb_import_stats st;
    char *dbp = import_tmp(paths, 3, &st);
    CHECK_EQ_SIZE(st.skipped, 0);
    struct ward_findings *f = match_one(dbp, "rhel", "8.9", "Red Hat", "curl", "7.61.1-30.el8");
    CHECK(f && count_for(f, "curl", "CVE-2023-38545", "7.61.1-30.el8_8.3") == 1);
    ward_findings_free(f);
    f = match_one(dbp, "rhel", "8.9", "Red Hat", "libcurl", "7.61.1-22.el8");
    CHECK(f && f->n == 0); /* only the 8.6 EUS stream names libcurl */
    ward_findings_free(f);
    f = match_one(dbp, "centos", "8.5.2111", "CentOS", "curl", "7.61.1-25.el8");
    CHECK(f && count_for(f, "curl", "CVE-2023-38545", NULL) == 1);
    ward_findings_free(f);
    f = match_one(dbp, "rhel", "8.9", "RPM", "curl", "7.61.1-30.el8");
    CHECK(f && count_for(f, "curl", "CVE-2023-38545", NULL) == 1);
    ward_findings_free(f);
    f = match_one(dbp, "almalinux", "8.8", "AlmaLinux", "python3-requests", "2.20.0-2.1.el8_1");
    CHECK(f && count_for(f, "python3-requests", "ALSA-2023:4520", "2.20.0-3.el8_8") +
                       count_for(f, "python3-requests", "CVE-2023-32681", "2.20.0-3.el8_8") ==
                   1);
    ward_findings_free(f);
    f = match_one(dbp, "rocky", "8.7", "Rocky Linux", "firefox", "102.10.0-1.el8_7");
    CHECK(f && f->n >= 1 && f->items[0].fixed_version &&
          !strcmp(f->items[0].fixed_version, "102.11.0-2.el8_7"));
    ward_findings_free(f);
    f = match_one(dbp, "rocky", "8.7", "Rocky Linux", "firefox", "102.11.0-2.el8_7");
    CHECK(f && f->n == 0);
    ward_findings_free(f);
    ward_inventory_free(last_inv);
    last_inv = NULL;
    drop_tmp(dbp);
    unlink(osv);
    rmdir(dir);
    free(osv);
    free(dir);
    free(alma);
    free(rocky);
}
