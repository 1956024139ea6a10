/* test_enrich.c - NVD / CISA KEV / EPSS importers against vunnel's own
 * expected snapshots (field by field), CVSS v2/v3 scores computed from every
 * vector in the shared NVD fixtures against NVD's given base scores, v4
 * vector validation, and the per-finding enrichment lookup. */
#define _XOPEN_SOURCE 700
#include "harness.h"
#include "util/json_in.h"
#include "vulndb/enrich.h"

#include <ftw.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VUNNEL    "vunnel/tests/unit/providers"
#define diag(...) (fputs("# ", stderr), fprintf(stderr, __VA_ARGS__), fputc('\n', stderr))

static char *tdpath(const char *rel)
{
    return ward_xasprintf("%s/%s", harness_testdata(), rel);
}

/* Import paths (relative to testdata) into a fresh DB; returns its path. */
static char *build_db(const char *const *rel, size_t n, struct ward_error **err)
{
    char *dir = ward_xstrdup("/tmp/ward-enrich-test-XXXXXX");
    if (!mkdtemp(dir))
        ward_oom();
    char *db = ward_xasprintf("%s/db.sqlite", dir);
    free(dir);
    char *paths[8];
    for (size_t i = 0; i < n; i++)
        paths[i] = tdpath(rel[i]);
    struct ward_vulndb_import_stats st;
    struct ward_vulndb_import_opts o = {.replace = true};
    int r = ward_vulndb_import(db, (const char *const *)paths, n, &o, &st, err);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    if (r < 0) {
        free(db);
        return NULL;
    }
    return db;
}

static void drop_db(char *db)
{
    if (!db)
        return;
    unlink(db);
    char *slash = strrchr(db, '/');
    *slash = 0;
    rmdir(db);
    free(db);
}

/* Snapshot files of one vunnel fixture directory (sorted, caller frees). */
static char **g_files;
static size_t g_n, g_cap;
static int collect(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    size_t n = strlen(path);
    if (flag == FTW_F && n > 5 && !strcmp(path + n - 5, ".json")) {
        WARD_GROW(g_files, g_n, g_cap);
        g_files[g_n++] = ward_xstrdup(path);
    }
    return 0;
}
static int cmp_s(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
static size_t list_json(const char *rel)
{
    g_n = 0;
    char *d = tdpath(rel);
    nftw(d, collect, 16, FTW_PHYS);
    free(d);
    if (g_n)
        qsort(g_files, g_n, sizeof(*g_files), cmp_s);
    return g_n;
}
static void free_list(void)
{
    for (size_t i = 0; i < g_n; i++)
        free(g_files[i]);
    free(g_files);
    g_files = NULL;
    g_n = g_cap = 0;
}

static json_t *load(const char *path)
{
    size_t len;
    char *p = harness_slurp(path, &len);
    json_t *j = NULL;
    struct ward_error *err = NULL;
    if (ward_json_parse(&j, p, len, 0, &err) < 0)
        ward_error_free(err);
    free(p);
    return j;
}

/* A fresh DB imported from feeds, open, with an arena for lookups. */
struct feed_db {
    char *path;
    struct ward_vulndb *db;
    struct ward_arena a;
};

/* Import feeds into x->path (the caller then opens it as x->db); a failure leaves
 * what was made for feed_db_close(). */
static int feed_db_import(struct feed_db *x, const char *const *feeds, size_t n,
                          struct ward_error **err)
{
    memset(x, 0, sizeof(*x));
    ward_arena_init(&x->a);
    x->path = build_db(feeds, n, err);
    return x->path ? 0 : -1;
}

static void feed_db_close(struct feed_db *x)
{
    ward_arena_dispose(&x->a);
    ward_vulndb_close(x->db);
    drop_db(x->path);
}

static bool same_num(double a, double b)
{
    return fabs(a - b) < 1e-9;
}

TEST(enrich, nvd_matches_vunnel_snapshots)
{
    static const char *const feeds[] = {VUNNEL "/nvd/test-fixtures/full-page.json",
                                        VUNNEL "/nvd/test-fixtures/single-entry.json"};
    struct ward_error *err = NULL;
    struct feed_db fdb;
    CHECK_OK(feed_db_import(&fdb, feeds, 2, &err), err);
    CHECK_OK(ward_vulndb_open(&fdb.db, fdb.path, &err), err);
    struct ward_vulndb *db = fdb.db;
    size_t n = list_json(VUNNEL "/nvd/test-fixtures/snapshots"), metrics = 0;
    CHECK_EQ_SIZE(n, 39); /* 38 from the page, 1 single entry */
    for (size_t i = 0; i < n; i++) {
        json_t *snap = load(g_files[i]);
        json_t *cve = ward_jobj(ward_jobj(snap, "item"), "cve");
        const char *id = ward_jstr(cve, "id");
        CHECK_MSG(id, "%s: no cve.id", g_files[i]);
        struct ward_cvss_metric *m;
        int nm = ward_vulndb_cvss(db, id, &fdb.a, &m, &err);
        CHECK_OK(nm, err);
        /* every metric of the snapshot, with all its fields, and nothing else */
        size_t want = 0;
        const char *k;
        json_t *arr;
        json_object_foreach(ward_jobj(cve, "metrics"), k, arr)
        {
            size_t x;
            json_t *sm;
            json_array_foreach(arr, x, sm)
            {
                json_t *d = ward_jobj(sm, "cvssData");
                const char *vec = ward_jstr(d, "vectorString");
                /* v2 keeps its severity beside cvssData, v3/v4 inside */
                const char *sev = ward_jstr(d, "baseSeverity");
                if (!sev)
                    sev = ward_jstr(sm, "baseSeverity");
                CHECK(vec && sev);
                bool found = false;
                for (int q = 0; q < nm && !found; q++)
                    found =
                        !strcmp(m[q].vector, vec) &&
                        !strcmp(m[q].source, ward_jstr(sm, "source")) &&
                        !strcmp(m[q].type, ward_jstr(sm, "type")) &&
                        !strcmp(m[q].version, ward_jstr(d, "version")) &&
                        same_num(m[q].score, json_number_value(json_object_get(d, "baseScore"))) &&
                        m[q].severity && !strcmp(m[q].severity, sev) && !strcmp(m[q].feed, "nvd");
                CHECK_MSG(found, "%s: metric %s %s %s not stored as given", id,
                          ward_jstr(sm, "source"), ward_jstr(sm, "type"), vec);
                want++;
            }
        }
        CHECK_EQ_SIZE((size_t)nm, want);
        metrics += want;
        /* the advisory: English description, dates, best metric (primary first) */
        struct ward_vulndb_advisory adv;
        CHECK_OK(ward_vulndb_enrich(db, id, &fdb.a, &adv, &err), err);
        CHECK_STR(adv.source, "nvd");
        const char *en = NULL;
        json_t *dsc;
        size_t x;
        json_array_foreach(ward_jarr(cve, "descriptions"), x,
                           dsc) if (!en && !strcmp(ward_jstr(dsc, "lang"), "en")) en =
            ward_jstr(dsc, "value");
        CHECK_STR(adv.details, en);
        if (nm > 0) {
            CHECK_STR(adv.cvss_vector, m[0].vector);
            CHECK(same_num(adv.cvss_score, m[0].score));
            /* NVD's own (Primary) score wins over a CNA's when both exist */
            bool has_primary = false;
            for (int q = 0; q < nm; q++)
                has_primary |= !strcmp(m[q].type, "Primary");
            CHECK(!has_primary || !strcmp(m[0].type, "Primary"));
        }
        const char *ids[] = {id};
        struct ward_vulndb_extra ex;
        CHECK_OK(ward_vulndb_enrich_extra(db, ids, 1, &fdb.a, &ex, &err), err);
        CHECK_STR(ex.published, ward_jstr(cve, "published"));
        CHECK(!ex.kev && !ex.epss);
        json_decref(snap);
    }
    diag("%zu NVD records, %zu CVSS metrics compared", n, metrics);
    CHECK(metrics >= 48);
    free_list();
    feed_db_close(&fdb);
}

TEST(enrich, kev_matches_vunnel_snapshots)
{
    static const char *const feeds[] = {VUNNEL "/kev/test-fixtures/valid-catalog-1.json"};
    struct ward_error *err = NULL;
    struct feed_db x;
    CHECK_OK(feed_db_import(&x, feeds, 1, &err), err);
    CHECK_OK(ward_vulndb_open(&x.db, x.path, &err), err);
    size_t n = list_json(VUNNEL "/kev/test-fixtures/snapshots");
    CHECK_EQ_SIZE(n, 3);
    for (size_t i = 0; i < n; i++) {
        json_t *snap = load(g_files[i]);
        json_t *it = ward_jobj(snap, "item");
        struct ward_kev k;
        int f = ward_vulndb_kev(x.db, ward_jstr(it, "cveID"), &x.a, &k, &err);
        CHECK_OK(f, err);
        CHECK_EQ_INT(f, 1);
        CHECK_STR(k.cve, ward_jstr(it, "cveID"));
        CHECK_STR(k.date_added, ward_jstr(it, "dateAdded"));
        CHECK_STR(k.due_date, ward_jstr(it, "dueDate"));
        CHECK_EQ_INT(k.ransomware, !strcmp(ward_jstr(it, "knownRansomwareCampaignUse"), "Known"));
        CHECK_STR(k.vendor, ward_jstr(it, "vendorProject"));
        CHECK_STR(k.product, ward_jstr(it, "product"));
        CHECK_STR(k.name, ward_jstr(it, "vulnerabilityName"));
        CHECK_STR(k.description, ward_jstr(it, "shortDescription"));
        CHECK_STR(k.required_action, ward_jstr(it, "requiredAction"));
        json_decref(snap);
    }
    struct ward_kev none;
    CHECK_EQ_INT(ward_vulndb_kev(x.db, "CVE-1999-0001", &x.a, &none, &err), 0);
    free_list();
    feed_db_close(&x);

    /* a single catalog entry imports as the same record */
    static const char *const one[] = {VUNNEL "/kev/test-fixtures/single-entry/example1.json"};
    CHECK_OK(feed_db_import(&x, one, 1, &err), err);
    CHECK_OK(ward_vulndb_open(&x.db, x.path, &err), err);
    struct ward_kev k;
    CHECK_EQ_INT(ward_vulndb_kev(x.db, "CVE-2025-0108", &x.a, &k, &err), 1);
    CHECK_STR(k.due_date, "2025-03-11");
    CHECK(!k.ransomware);
    feed_db_close(&x);
}

TEST(enrich, epss_matches_vunnel_snapshots)
{
    static const char *const feeds[] = {VUNNEL "/epss/test-fixtures/example-1.csv"};
    struct ward_error *err = NULL;
    struct feed_db x;
    CHECK_OK(feed_db_import(&x, feeds, 1, &err), err);
    CHECK_OK(ward_vulndb_open(&x.db, x.path, &err), err);
    size_t n = list_json(VUNNEL "/epss/test-fixtures/snapshots");
    CHECK_EQ_SIZE(n, 5);
    for (size_t i = 0; i < n; i++) {
        json_t *snap = load(g_files[i]);
        json_t *it = ward_jobj(snap, "item");
        struct ward_epss e;
        CHECK_EQ_INT(ward_vulndb_epss(x.db, ward_jstr(it, "cve"), &x.a, &e, &err), 1);
        CHECK(same_num(e.score, json_number_value(json_object_get(it, "epss"))));
        CHECK(same_num(e.percentile, json_number_value(json_object_get(it, "percentile"))));
        CHECK_STR(e.date, ward_jstr(it, "date"));
        json_decref(snap);
    }
    struct ward_vulndb_info info;
    CHECK_OK(ward_vulndb_info(x.db, &info, &err), err);
    CHECK_EQ_SIZE(info.n_sources, 1);
    CHECK_STR(info.sources[0].name, "epss");
    CHECK_EQ_SIZE(info.sources[0].advisories, 5);
    ward_vulndb_info_dispose(&info);
    free_list();
    feed_db_close(&x);
}

TEST(enrich, epss_bad_headers_rejected_like_vunnel)
{
    /* vunnel raises ValueError for both files: the import fails, no DB appears */
    static const char *const bad[] = {"invalid-header.csv", "missing-date.csv"};
    static const char *const why[] = {"header needs cve", "no score_date"};
    for (size_t i = 0; i < 2; i++) {
        char *rel = ward_xasprintf(VUNNEL "/epss/test-fixtures/%s", bad[i]);
        const char *feeds[] = {rel};
        struct ward_error *err = NULL;
        char *dbp = build_db(feeds, 1, &err);
        free(rel);
        CHECK(dbp == NULL);
        CHECK(err && err->code == WARD_EFORMAT);
        CHECK_MSG(strstr(err->msg, why[i]), "message: %s", err->msg);
        ward_error_free(err);
    }
    /* malformed rows are skipped and counted, never fatal */
    struct ward_vulndb_sink *s = ward_vulndb_sink_memory();
    static const char csv[] = "#model_version:v1,score_date:2025-01-02T00:00:00+0000\n"
                              "cve,epss,percentile\nCVE-2020-0001,0.5,0.9\nCVE-2020-0002,1.5,0.1\n"
                              "CVE-2020-0003,abc,0.1\nCVE-2020-0004,0.1\nGHSA-x,0.1,0.1\n"
                              "CVE-2020-0005,0.25,0.5\r\n";
    struct ward_error *err = NULL;
    CHECK_OK(ward_vulndb_import_bytes(s, "t", csv, sizeof(csv) - 1, &err), err);
    size_t skipped;
    CHECK_EQ_SIZE(ward_vulndb_sink_count(s, NULL, &skipped), 2);
    CHECK_EQ_SIZE(skipped, 4);
    ward_vulndb_sink_free(s);
}

/* Every cvssData-like object {vectorString, baseScore} under a JSON tree. */
static void walk_scores(const json_t *j, const char *file, size_t *n2, size_t *n3, size_t *n4,
                        int *bad)
{
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) walk_scores(v, file, n2, n3, n4, bad);
        return;
    }
    if (!json_is_object(j))
        return;
    const char *vec = ward_jstr(j, "vectorString");
    json_t *bs = json_object_get(j, "baseScore");
    if (vec && json_is_number(bs)) {
        struct ward_error *err = NULL;
        const char *ver = NULL;
        double got = -1;
        if (ward_cvss_check(vec, &ver, &got, &err) < 0) {
            diag("%s: %s: %s", file, vec, err->msg);
            ward_error_free(err);
            (*bad)++;
        } else if (ver[0] == '4') {
            (*n4)++;
        } else {
            if (fabs(got - json_number_value(bs)) > 1e-9) {
                diag("%s: %s: computed %.1f, NVD says %.1f", file, vec, got, json_number_value(bs));
                (*bad)++;
            }
            if (ver[0] == '2')
                (*n2)++;
            else
                (*n3)++;
        }
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v) walk_scores(v, file, n2, n3, n4, bad);
}

TEST(enrich, cvss_scores_match_nvd_fixtures)
{
    /* every NVD-format record in the shared testdata */
    static const char *const dirs[] = {
        VUNNEL "/nvd/test-fixtures",
        "grype/grype/db/v6/build/transformers/nvd/testdata",
        "grype/grype/matcher",
        "claircore/enricher/cvss/testdata",
    };
    size_t n2 = 0, n3 = 0, n4 = 0, files = 0;
    int bad = 0;
    for (size_t d = 0; d < WARD_ARRAY_LEN(dirs); d++) {
        size_t n = list_json(dirs[d]);
        for (size_t i = 0; i < n; i++) {
            if (d == 2 && !strstr(g_files[i], "/nvd/"))
                continue;
            json_t *j = load(g_files[i]);
            walk_scores(j, g_files[i], &n2, &n3, &n4, &bad);
            json_decref(j);
            files++;
        }
        free_list();
    }
    diag("%zu files: %zu v2, %zu v3.x scores recomputed, %zu v4 vectors validated", files, n2, n3,
         n4);
    CHECK_EQ_INT(bad, 0);
    CHECK(n2 >= 10 && n3 >= 100 && n4 >= 2);
}

TEST(enrich, cvss_vectors_rejected)
{
    static const char *const bad[] = {
        "AV:N/AC:L/Au:N/C:P/I:P",                                           /* v2 missing A */
        "AV:N/AC:X/Au:N/C:P/I:P/A:P",                                       /* v2 bad value */
        "AV:N/AC:L/Au:N/C:P/I:P/A:P/A:P",                                   /* v2 repeated */
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",       /* v4 missing SA */
        "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",  /* v4 order */
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:S",  /* SA:S only in MSA */
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/", /* trailing / */
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/ZZ:X",
        "CVSS:3.1/AV:N",
        "",
        "CVSS:5.0/AV:N",
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        struct ward_error *err = NULL;
        const char *ver;
        double s;
        CHECK_MSG(ward_cvss_check(bad[i], &ver, &s, &err) < 0, "accepted %s", bad[i]);
        CHECK(err && err->code == WARD_EFORMAT);
        ward_error_free(err);
    }
    struct ward_error *err = NULL;
    CHECK_OK(ward_cvss4_check("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
                              "E:A/MSI:S/S:P/U:Amber",
                              &err),
             err);
    double s;
    CHECK_OK(ward_cvss2_score("(AV:N/AC:L/Au:N/C:P/I:P/A:P)", &s, &err), err);
    CHECK(same_num(s, 7.5));
    CHECK_STR(ward_cvss_version("AV:L/AC:L/Au:N/C:C/I:C/A:C"), "2.0");
    CHECK_EQ_INT(ward_cvss_severity("2.0", 10.0), WARD_SEV_HIGH);
    CHECK_EQ_INT(ward_cvss_severity("3.1", 9.8), WARD_SEV_CRITICAL);
}

TEST(enrich, extra_gathers_kev_epss_nvd_by_alias)
{
    /* one CVE from the KEV fixture, looked up through a non-CVE id plus the CVE */
    static const char *const feeds[] = {VUNNEL "/kev/test-fixtures/valid-catalog-1.json",
                                        VUNNEL "/epss/test-fixtures/example-1.csv",
                                        "grype/grype/matcher/rpm/testdata/rhel8/nvd/results/2018/"
                                        "cve-2018-17199.json"};
    struct ward_error *err = NULL;
    struct feed_db d;
    CHECK_OK(feed_db_import(&d, feeds, 3, &err), err);
    CHECK_OK(ward_vulndb_open(&d.db, d.path, &err), err);
    struct ward_vulndb *db = d.db;
    struct ward_arena *a = &d.a;
    struct ward_vulndb_extra x;
    const char *ids[] = {"GHSA-xxxx-yyyy-zzzz", "CVE-2024-53704", "CVE-1999-0005"};
    CHECK_OK(ward_vulndb_enrich_extra(db, ids, 3, a, &x, &err), err);
    CHECK(x.kev);
    CHECK_STR(x.kev_date_added, "2025-02-18");
    CHECK(x.epss && same_num(x.epss_score, 0.91963) && same_num(x.epss_percentile, 0.99214));
    CHECK_STR(x.epss_date, "2025-02-20");
    CHECK(x.cvss_vector == NULL);
    /* NVD CVE-2018-17199 (vunnel envelope) has v2 and v3.0 primary metrics: v3.0 wins */
    const char *ids2[] = {"CVE-2018-17199"};
    CHECK_OK(ward_vulndb_enrich_extra(db, ids2, 1, a, &x, &err), err);
    CHECK(!x.kev && !x.epss);
    CHECK(x.cvss_vector && x.cvss_version);
    CHECK_STR(x.cvss_version, "3.0");
    CHECK(!strncmp(x.cvss_vector, "CVSS:3.0/", 9));
    struct ward_cvss_metric *m;
    CHECK_EQ_INT(ward_vulndb_cvss(db, "CVE-2018-17199", a, &m, &err), 2);
    CHECK_STR(m[1].version, "2.0");
    CHECK(m[1].severity != NULL);
    diag("CVE-2018-17199: %s %s %.1f %s", x.cvss_version, x.cvss_vector, x.cvss_score,
         x.cvss_severity ? x.cvss_severity : "-");
    CHECK_STR(x.published, "2019-01-30T22:29:00.403"); /* the record's own date */
    feed_db_close(&d);
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Every advisory's carried publication date (precomputed at import over its
 * id and aliases) equals what the per-id queries give for the same ids, and a
 * DB without the precomputed dates gives the same through the fallback. */
TEST(enrich, advisory_published_equals_per_id_lookup)
{
    static const char *const feeds[] = {
        "golang-vulndb/data/osv/GO-2022-0969.json",
        "grype/grype/matcher/golang/testdata/istio-and-stdlib/nvd",
        VUNNEL "/nvd/test-fixtures/full-page.json",
        VUNNEL "/debian/test-fixtures/input/debian.json",
        "pypa-advisory-database/vulns/django",
    };
    struct ward_error *err = NULL;
    char *dbp = build_db(feeds, WARD_ARRAY_LEN(feeds), &err);
    CHECK_OK(dbp ? 0 : -1, err);
    char *nvdp = tdpath("grype/grype/matcher/golang/testdata/istio-and-stdlib/nvd/results/2022/"
                        "cve-2022-27664.json");
    json_t *nvd = load(nvdp);
    free(nvdp);
    const char *nvd_pub = ward_jstr(ward_jobj(ward_jobj(nvd, "item"), "cve"), "published");
    CHECK(nvd_pub != NULL);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) { /* as a DB built before the dates were carried */
            sqlite3 *c = NULL;
            CHECK(sqlite3_open(dbp, &c) == SQLITE_OK &&
                  sqlite3_exec(c, "DELETE FROM meta WHERE key = 'first_published'", NULL, NULL,
                               NULL) == SQLITE_OK);
            sqlite3_close(c);
        }
        struct ward_vulndb *db = NULL;
        CHECK_OK(ward_vulndb_open(&db, dbp, &err), err);
        sqlite3 *c = NULL;
        sqlite3_stmt *st = NULL;
        CHECK(sqlite3_open_v2(dbp, &c, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
              sqlite3_prepare_v2(c, "SELECT id FROM advisories ORDER BY id", -1, &st, NULL) ==
                  SQLITE_OK);
        size_t n = 0, dated = 0, bad = 0;
        bool go_seen = false;
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            struct ward_arena a;
            ward_arena_init(&a);
            struct ward_vulndb_advisory adv;
            CHECK_OK(ward_vulndb_advisory(db, sqlite3_column_int64(st, 0), &a, &adv, &err), err);
            const char **ids = ward_arena_alloc(&a, (adv.n_aliases + 1) * sizeof(*ids));
            ids[0] = adv.id;
            for (size_t i = 0; i < adv.n_aliases; i++)
                ids[i + 1] = adv.aliases[i];
            struct ward_vulndb_extra want, got;
            CHECK_OK(ward_vulndb_enrich_extra(db, ids, adv.n_aliases + 1, &a, &want, &err), err);
            CHECK_OK(ward_vulndb_enrich_finding(db, ids, adv.n_aliases + 1, adv.published, &a, &got,
                                                &err),
                     err);
            n++;
            dated += want.published != NULL;
            if (pass == 0 && !same_str(adv.published, want.published))
                bad++;
            if (!same_str(got.published, want.published))
                bad++;
            if (pass == 0 && !strcmp(adv.id, "GO-2022-0969")) {
                go_seen = true; /* NVD's date of its CVE alias is earlier than its own */
                CHECK_STR(adv.published, nvd_pub);
            }
            if (pass == 1)
                CHECK(adv.published == NULL);
            ward_arena_dispose(&a);
        }
        sqlite3_finalize(st);
        sqlite3_close(c);
        diag("pass %d: %zu advisories, %zu with a publication date", pass, n, dated);
        CHECK(n > 100 && dated > 50);
        CHECK_EQ_SIZE(bad, 0);
        CHECK(pass == 1 || go_seen);
        ward_vulndb_close(db);
    }
    json_decref(nvd);
    drop_db(dbp);
}
