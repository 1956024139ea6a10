/* test_rpm.c - rpm header and database readers against real databases: ones
 * Debian's rpm/rpmbuild/db5.3_load build in a temp dir (mkdbs.sh) compared
 * with what `rpm -qa` reads from them, the peers' fixtures with their expected
 * results, and hostile mutations of both. */
#include "harness.h"
#include "inventory/rpm.h"

#include <errno.h>
#include <ftw.h>
#include <spawn.h>
#include <sys/wait.h>
#include <sqlite3.h>
#include <zlib.h>

extern char **environ;

/* --- helpers -------------------------------------------------------------- */

/* Free an error and clear it for reuse. Test-level errors are ward_autoptr so
 * that a failing CHECK (which returns early) does not leak them. */
#define ERR_RESET(e) (ward_error_free(e), (e) = NULL)

struct lines {
    char **v;
    size_t n, cap;
};

static void lines_push(struct lines *l, char *s)
{
    WARD_GROW(l->v, l->n, l->cap);
    l->v[l->n++] = s;
}

static void lines_free(struct lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

static int strpcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lines_sort(struct lines *l)
{
    if (l->n)
        qsort(l->v, l->n, sizeof(*l->v), strpcmp);
}

/* Report the first difference of two sorted line sets; true when equal. */
static bool lines_equal(const struct lines *got, const struct lines *want, const char *what)
{
    size_t i = 0;
    for (; i < got->n && i < want->n; i++) {
        if (strcmp(got->v[i], want->v[i]) != 0) {
            printf("# %s: line %zu differs\n#   got:  %s\n#   want: %s\n", what, i, got->v[i],
                   want->v[i]);
            return false;
        }
    }
    if (got->n != want->n) {
        printf("# %s: %zu lines, want %zu (first extra: %s)\n", what, got->n, want->n,
               i < got->n ? got->v[i] : want->v[i]);
        return false;
    }
    return true;
}

/* rpm -qa --qf '%{NAME}\t%{EPOCHNUM}\t%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}' */
static int header_line(const uint8_t *blob, size_t len, void *payload, struct ward_error **err)
{
    struct ward_rpm_header h;
    if (ward_rpm_header_parse(&h, blob, len, err) < 0)
        return WARD_EFORMAT;
    lines_push(payload, ward_xasprintf("%s\t%d\t%s-%s\t%s\t%s\t%s", h.name, h.epoch, h.version,
                                       h.release ? h.release : "", h.arch ? h.arch : "(none)",
                                       h.sourcerpm ? h.sourcerpm : "(none)",
                                       h.license ? h.license : "(none)"));
    return 0;
}

/* The same columns rebuilt from the package model (source rpm from its parts). */
static void pkg_lines(const struct ward_pkglist *l, struct lines *out)
{
    for (size_t i = 0; i < l->n; i++) {
        const struct ward_pkg *p = &l->items[i];
        lines_push(out, ward_xasprintf("%s\t%d\t%s\t%s\t%s-%s.src.rpm\t%s", p->name, p->epoch,
                                       p->version, p->arch ? p->arch : "(none)", p->source_name,
                                       p->source_version, p->licenses ? p->licenses : "(none)"));
    }
    lines_sort(out);
}

static void tsv_lines(const char *text, size_t len, bool drop_pubkey, struct lines *out)
{
    struct ward_span in = {text, len}, line;
    while (ward_span_line(&in, &line)) {
        if (!line.len)
            continue;
        if (drop_pubkey && ward_span_starts(line, "gpg-pubkey\t"))
            continue;
        lines_push(out, ward_span_dup(line));
    }
    lines_sort(out);
}

static char g_fixture[256];
static int g_fixture_state; /* 0 not built, 1 built, -1 skipped, -2 failed */

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(p);
    return 0;
}

static void fixture_cleanup(void)
{
    if (g_fixture[0])
        nftw(g_fixture, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Build the real databases once per run; returns the dir or NULL (skip/fail). */
static const char *fixture(void)
{
    if (g_fixture_state)
        return g_fixture_state > 0 ? g_fixture : NULL;
    const char *tmp = getenv("TMPDIR");
    snprintf(g_fixture, sizeof(g_fixture), "%s/ward-rpm-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_fixture)) {
        g_fixture[0] = 0;
        g_fixture_state = -2;
        return NULL;
    }
    atexit(fixture_cleanup);
    ward_autofree char *script = ward_xasprintf("%s/tests/unit/rpm/mkdbs.sh", harness_srcdir());
    setenv("WARD_TESTDATA", harness_testdata(), 1);
    char *argv[] = {(char *)"/bin/sh", script, g_fixture, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, 2, 1); /* keep TAP's stdout clean */
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ), st = 0;
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st)) {
        g_fixture_state = -2;
        return NULL;
    }
    g_fixture_state = WEXITSTATUS(st) == 0 ? 1 : WEXITSTATUS(st) == 77 ? -1 : -2;
    return g_fixture_state > 0 ? g_fixture : NULL;
}

#define NEED_FIXTURE(dir)                                                                          \
    const char *dir = fixture();                                                                   \
    if (!dir && g_fixture_state == -1)                                                             \
        SKIP("rpm, rpmbuild, db5.3_load or sqlite3 missing (scripts/deps.sh)");                    \
    CHECK_MSG(dir, "tests/unit/rpm/mkdbs.sh failed")

static char *slurp_in(const char *dir, const char *name, size_t *len)
{
    ward_autofree char *p = ward_xasprintf("%s/%s", dir, name);
    return harness_slurp(p, len);
}

static char *testdata_file(const char *rel, size_t *len)
{
    ward_autofree char *p = ward_xasprintf("%s/%s", harness_testdata(), rel);
    return harness_slurp(p, len);
}

/* Compare our reading of db (header level and package level) with rpm's TSV. */
static bool matches_rpm(const char *dir, const char *db, const char *tsv, size_t *n_out)
{
    size_t dlen, tlen;
    ward_autofree char *data = slurp_in(dir, db, &dlen);
    ward_autofree char *text = slurp_in(dir, tsv, &tlen);
    if (!data || !text) {
        printf("# missing %s or %s\n", db, tsv);
        return false;
    }
    struct lines want = {0}, got = {0}, want_pkgs = {0}, got_pkgs = {0};
    struct ward_error *err = NULL;
    bool ok = false;
    tsv_lines(text, tlen, false, &want);
    tsv_lines(text, tlen, true, &want_pkgs);
    if (ward_rpmdb_walk(db, data, dlen, header_line, &got, &err) < 0) {
        printf("# walk %s: %s\n", db, err->msg);
        goto out;
    }
    lines_sort(&got);
    if (!lines_equal(&got, &want, db))
        goto out;
    struct ward_pkglist *l = ward_pkglist_new();
    if (ward_rpmdb_parse(l, db, data, dlen, &err) < 0) {
        printf("# parse %s: %s\n", db, err->msg);
        ward_pkglist_free(l);
        goto out;
    }
    for (size_t i = 0; i < l->n; i++) {
        const struct ward_pkg *p = &l->items[i];
        if (strcmp(p->type, "rpm") || strcmp(p->ecosystem, "RPM") || strcmp(p->cataloger, "rpm") ||
            strcmp(p->path, db)) {
            printf("# %s: package %s: wrong type/ecosystem/cataloger/path\n", db, p->name);
            ward_pkglist_free(l);
            goto out;
        }
    }
    pkg_lines(l, &got_pkgs);
    ward_pkglist_free(l);
    ok = lines_equal(&got_pkgs, &want_pkgs, "packages (gpg-pubkey dropped)");
    if (n_out)
        *n_out = want.n;
out:
    ward_error_free(err);
    lines_free(&want);
    lines_free(&got);
    lines_free(&want_pkgs);
    lines_free(&got_pkgs);
    return ok;
}

/* --- real databases built by Debian's rpm ----------------------------------- */

TEST(rpm_real, sqlite_matches_rpm_qa)
{
    NEED_FIXTURE(dir);
    size_t n = 0;
    CHECK(matches_rpm(dir, "sqlite/rpmdb.sqlite", "sqlite.tsv", &n));
    CHECK(n >= 4); /* alpha, beta-libs, gamma, zero-epoch (+ gpg-pubkey) */
}

TEST(rpm_real, gpg_pubkey_in_db_but_not_a_package)
{
    NEED_FIXTURE(dir);
    size_t tlen, dlen;
    ward_autofree char *text = slurp_in(dir, "sqlite.tsv", &tlen);
    ward_autofree char *data = slurp_in(dir, "sqlite/rpmdb.sqlite", &dlen);
    CHECK(text && data);
    if (!strstr(text, "gpg-pubkey\t"))
        SKIP("gpg missing: no key imported");
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    ward_autoptr(ward_error) err = NULL;
    CHECK_OK(ward_rpmdb_parse(l, "/var/lib/rpm/rpmdb.sqlite", data, dlen, &err), err);
    for (size_t i = 0; i < l->n; i++)
        CHECK_MSG(strcmp(l->items[i].name, "gpg-pubkey") != 0, "gpg-pubkey listed as a package");
    /* the ~ version, the epoch and the other-named source survive into the model */
    bool beta = false;
    for (size_t i = 0; i < l->n; i++) {
        const struct ward_pkg *p = &l->items[i];
        if (strcmp(p->name, "wardtest-beta-libs") == 0) {
            beta = true;
            CHECK_STR(p->version, "1.2~rc1-3.el9");
            CHECK_EQ_INT(p->epoch, 2);
            CHECK_STR(p->source_name, "wardtest-alpha");
            CHECK_STR(p->source_version, "1.2~rc1-3.el9");
            CHECK_STR(p->licenses, "BSD-3-Clause");
            CHECK_STR(p->arch, "noarch");
        }
    }
    CHECK(beta);
    ward_purl_fill(l, NULL);
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, "wardtest-beta-libs") == 0)
            CHECK_STR(l->items[i].purl, "pkg:rpm/wardtest-beta-libs@1.2~rc1-3.el9?arch=noarch&"
                                        "epoch=2&upstream=wardtest-alpha-1.2~rc1-3.el9.src.rpm");
}

TEST(rpm_real, bdb_matches_rpm_bdb_ro)
{
    NEED_FIXTURE(dir);
    size_t n = 0, ns = 0;
    CHECK(matches_rpm(dir, "bdb/Packages", "bdb.tsv", &n));
    CHECK(matches_rpm(dir, "sqlite/rpmdb.sqlite", "sqlite.tsv", &ns));
    CHECK_EQ_SIZE(n, ns); /* the same headers, read back by rpm from Berkeley DB */
}

TEST(rpm_real, bdb_bigendian_512_pages_matches_rpm_bdb_ro)
{
    NEED_FIXTURE(dir);
    size_t n = 0;
    /* 40 copies of every header: bucket splits, chained bucket pages, long
     * overflow chains on 512-byte pages, all big-endian */
    CHECK(matches_rpm(dir, "bdbbe/Packages", "bdbbe.tsv", &n));
    CHECK(n >= 160);
}

TEST(rpm_real, claircore_header_matches_rpm)
{
    NEED_FIXTURE(dir);
    size_t tlen, blen;
    ward_autofree char *text = slurp_in(dir, "cc.tsv", &tlen);
    ward_autofree char *blob = slurp_in(dir, "cc.header", &blen);
    CHECK(text && blob);
    struct lines want = {0}, got = {0};
    ward_autoptr(ward_error) err = NULL;
    tsv_lines(text, tlen, false, &want);
    int r = header_line((const uint8_t *)blob, blen, &got, &err);
    bool same = r == 0 && lines_equal(&got, &want, "claircore package.header");
    size_t n = want.n;
    lines_free(&want);
    lines_free(&got);
    ERR_RESET(err);
    CHECK_EQ_SIZE(n, 1);
    CHECK(same);
}

TEST(rpm_real, peer_fixtures_match_rpm_bdb_ro)
{
    NEED_FIXTURE(dir);
    CHECK(matches_rpm(dir, "syft/Packages", "syft.tsv", NULL));
    CHECK(matches_rpm(dir, "scalibr/Packages", "scalibr.tsv", NULL));
}

/* ndb: Debian's rpm has no ndb backend, so the test writes Packages.db itself
 * following rpm's lib/backend/ndb/rpmpkg.c, from blobs sqlite3 read out of the
 * rpm-made rpmdb.sqlite, and expects exactly what rpm read from that db. */
static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16),
    p[3] = (uint8_t)(v >> 24);
}

struct blobs {
    uint8_t **b;
    size_t *len, n;
};

static void blobs_free(struct blobs *bl)
{
    for (size_t i = 0; i < bl->n; i++)
        free(bl->b[i]);
    free(bl->b);
    free(bl->len);
}

static bool read_blobs_with_sqlite(const char *dbpath, struct blobs *bl)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    memset(bl, 0, sizeof(*bl));
    ward_autofree char *uri = ward_xasprintf("file:%s?immutable=1", dbpath);
    if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT blob FROM Packages ORDER BY hnum DESC", -1, &st, NULL) !=
            SQLITE_OK) {
        printf("# sqlite3 %s: %s\n", dbpath, sqlite3_errmsg(db));
        sqlite3_close(db);
        return false;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        bl->b = ward_xreallocarray(bl->b, bl->n + 1, sizeof(*bl->b));
        bl->len = ward_xreallocarray(bl->len, bl->n + 1, sizeof(*bl->len));
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        bl->b[bl->n] = ward_xmalloc(n ? n : 1);
        memcpy(bl->b[bl->n], sqlite3_column_blob(st, 0), n);
        bl->len[bl->n++] = n;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return bl->n > 0;
}

/* rpmpkg.c layout: 32-byte header, slot pages of 16-byte slots, then blobs of
 * 16-byte blocks: head (BlbS, pkgidx, tstamp, len), blob, pad, tail (adler32,
 * len, BlbE). */
static uint8_t *ndb_build(const struct blobs *bl, uint32_t slotnpages, size_t *outlen)
{
    size_t total = (size_t)slotnpages * 4096;
    for (size_t i = 0; i < bl->n; i++)
        total += (16 + bl->len[i] + 12 + 15) / 16 * 16;
    uint8_t *f = ward_xcalloc(1, total);
    put32(f, 0x506d7052u); /* RpmP */
    put32(f + 4, 0);       /* version */
    put32(f + 8, 7);       /* generation */
    put32(f + 12, slotnpages);
    put32(f + 16, (uint32_t)bl->n + 1);
    for (size_t o = 32; o < (size_t)slotnpages * 4096; o += 16)
        put32(f + o, 0x746f6c53u); /* every slot says "Slot", free ones are zero */
    size_t off = (size_t)slotnpages * 4096;
    for (size_t i = 0; i < bl->n; i++) {
        uint32_t blkcnt = (uint32_t)((16 + bl->len[i] + 12 + 15) / 16);
        uint8_t *blk = f + off;
        put32(blk, 0x53626c42u); /* BlbS */
        put32(blk + 4, (uint32_t)i + 1);
        put32(blk + 8, 1700000000u);
        put32(blk + 12, (uint32_t)bl->len[i]);
        memcpy(blk + 16, bl->b[i], bl->len[i]);
        size_t span = (size_t)blkcnt * 16;
        put32(blk + span - 12, (uint32_t)adler32(1, blk, (uInt)(span - 12)));
        put32(blk + span - 8, (uint32_t)bl->len[i]);
        put32(blk + span - 4, 0x45626c42u); /* BlbE */
        /* slots in reverse order, leaving slot 2 free */
        uint8_t *s = f + 32 + 16 * (bl->n - i + 1);
        put32(s + 4, (uint32_t)i + 1);
        put32(s + 8, (uint32_t)(off / 16));
        put32(s + 12, blkcnt);
        off += span;
    }
    *outlen = total;
    return f;
}

static bool ndb_lines(const uint8_t *f, size_t len, struct lines *got, struct ward_error **err)
{
    return ward_rpmdb_walk("/var/lib/rpm/Packages.db", (const char *)f, len, header_line, got,
                           err) == 0;
}

TEST(rpm_real, ndb_from_rpm_blobs_matches_rpm_qa)
{
    NEED_FIXTURE(dir);
    ward_autofree char *dbpath = ward_xasprintf("%s/sqlite/rpmdb.sqlite", dir);
    struct blobs bl;
    CHECK(read_blobs_with_sqlite(dbpath, &bl));
    size_t tlen;
    ward_autofree char *text = slurp_in(dir, "sqlite.tsv", &tlen);
    struct lines want = {0};
    tsv_lines(text ? text : "", text ? tlen : 0, false, &want);
    bool ok = true;
    for (uint32_t pages = 1; pages <= 2 && ok; pages++) {
        size_t len;
        uint8_t *f = ndb_build(&bl, pages, &len);
        struct lines got = {0};
        ward_autoptr(ward_error) err = NULL;
        if (!ndb_lines(f, len, &got, &err)) {
            printf("# ndb (%u slot pages): %s\n", pages, err ? err->msg : "?");
            ok = false;
        } else {
            lines_sort(&got);
            ok = lines_equal(&got, &want, "ndb");
        }
        lines_free(&got);
        ERR_RESET(err);
        free(f);
    }
    size_t nwant = want.n;
    lines_free(&want);
    blobs_free(&bl);
    CHECK(ok);
    CHECK(nwant >= 4);
}

/* Hostile ndb: every kind of damage is a clean WARD_EFORMAT. */
TEST(rpm_real, ndb_damage_is_format_error)
{
    NEED_FIXTURE(dir);
    ward_autofree char *dbpath = ward_xasprintf("%s/sqlite/rpmdb.sqlite", dir);
    struct blobs bl;
    CHECK(read_blobs_with_sqlite(dbpath, &bl));
    size_t len;
    uint8_t *good = ndb_build(&bl, 1, &len);
    uint8_t *f = ward_xmalloc(len);
    struct {
        size_t off;
        uint32_t val;
        const char *what;
    } cases[] = {
        {12, 0x7fffffffu, "slot pages past the end"},
        {12, 0, "no slot pages"},
        {32 + 16 * (bl.n + 1), 0xdeadbeefu, "bad slot magic"},
        {32 + 16 * (bl.n + 1) + 8, 0xffffff00u, "blob offset past the end"},
        {32 + 16 * (bl.n + 1) + 8, 3, "blob offset inside slot pages"},
        {32 + 16 * (bl.n + 1) + 12, 0xfffffff0u, "blob count past the end"},
        {32 + 16 * (bl.n + 1) + 4, 999, "slot / blob package index mismatch"},
        {4096, 0x41414141u, "bad BlbS magic"},
        {4096 + 12, 0x00100000u, "blob length vs block count"},
        {4096 + 20, 0x12345678u, "blob bytes changed (adler32)"},
    };
    bool ok = true;
    for (size_t c = 0; c < WARD_ARRAY_LEN(cases) && ok; c++) {
        memcpy(f, good, len);
        put32(f + cases[c].off, cases[c].val);
        ward_autoptr(ward_error) err = NULL;
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        int r = ward_rpmdb_parse(l, "/x/Packages.db", (const char *)f, len, &err);
        if (r != WARD_EFORMAT || l->n != 0) {
            printf("# %s: got %d (%s), %zu packages\n", cases[c].what, r, err ? err->msg : "",
                   l->n);
            ok = false;
        }
        ERR_RESET(err);
    }
    for (size_t cut = 0; cut < len && ok; cut += 97) {
        ward_autoptr(ward_error) err = NULL;
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        int r = ward_rpmdb_parse(l, "/x/Packages.db", (const char *)good, cut, &err);
        if (cut > 0 && r != WARD_EFORMAT) {
            printf("# truncated to %zu: got %d\n", cut, r);
            ok = false;
        }
        ERR_RESET(err);
    }
    free(f);
    free(good);
    blobs_free(&bl);
    CHECK(ok);
}

/* --- the peers' fixtures and their expected results --------------------- */

#define SYFT_PKGS   "syft/syft/pkg/cataloger/redhat/testdata/Packages"
#define SCALIBR_EPO "osv-scalibr/extractor/filesystem/os/rpm/testdata/Packages_epoch"
#define CC_HEADER   "claircore/internal/rpm/rpmdb/testdata/package.header"

struct first_header {
    struct ward_rpm_header h;
    size_t n;
    uint8_t *copy;
};

static int keep_first(const uint8_t *blob, size_t len, void *payload, struct ward_error **err)
{
    struct first_header *f = payload;
    if (f->n++ == 0) {
        f->copy = ward_xmalloc(len);
        memcpy(f->copy, blob, len);
        return ward_rpm_header_parse(&f->h, f->copy, len, err);
    }
    return 0;
}

/* Read testdata file rel into data/len and parse it as /var/lib/rpm/Packages into a new
 * list l (both freed at scope exit); err must be declared by the caller. */
#define PARSE_PEER_DB(l, data, len, rel, err)                                                      \
    size_t len;                                                                                    \
    ward_autofree char *data = testdata_file(rel, &len);                                           \
    CHECK_MSG(data, "missing %s", rel);                                                            \
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();                                             \
    CHECK_OK(ward_rpmdb_parse(l, "/var/lib/rpm/Packages", data, len, &err), err)

/* The one package a peer's database holds, as the peer's test expects it. */
struct peer_pkg {
    const char *name, *version, *arch, *source_name, *source_version, *licenses;
    int epoch;
};

/* l holds exactly w; a failure names the field. */
#define CHECK_PEER_PKG(l, w)                                                                       \
    do {                                                                                           \
        CHECK_EQ_SIZE((l)->n, 1);                                                                  \
        const struct ward_pkg *p_ = &(l)->items[0];                                                \
        const char *const got_[] = {p_->name,        p_->version,        p_->arch,                 \
                                    p_->source_name, p_->source_version, p_->licenses};            \
        const char *const want_[] = {(w).name,        (w).version,        (w).arch,                \
                                     (w).source_name, (w).source_version, (w).licenses};           \
        static const char *const what_[] = {"name",        "version",        "arch",               \
                                            "source_name", "source_version", "licenses"};          \
        for (size_t k_ = 0; k_ < WARD_ARRAY_LEN(what_); k_++)                                      \
            CHECK_MSG(got_[k_] && !strcmp(got_[k_], want_[k_]), "%s \"%s\", want \"%s\"",          \
                      what_[k_], got_[k_] ? got_[k_] : "(null)", want_[k_]);                       \
        CHECK_EQ_INT(p_->epoch, (w).epoch);                                                        \
    } while (0)

TEST(rpm_peers, syft_bdb_packages)
{
    /* syft syft/pkg/cataloger/redhat/parse_rpm_db_test.go TestParseRpmDB:
     * one package dive 0.9.2-1, arch x86_64, epoch nil, SourceRpm
     * dive-0.9.2-1.src.rpm, Size 12406784, Vendor "", licence MIT */
    ward_autoptr(ward_error) err = NULL;
    PARSE_PEER_DB(l, data, len, SYFT_PKGS, err);
    static const struct peer_pkg dive = {.name = "dive",
                                         .version = "0.9.2-1",
                                         .arch = "x86_64",
                                         .epoch = 0,
                                         .source_name = "dive",
                                         .source_version = "0.9.2-1",
                                         .licenses = "MIT"};
    CHECK_PEER_PKG(l, dive);
    CHECK_STR(l->items[0].path, "/var/lib/rpm/Packages");
    /* header level: `rpm -q --qf '%{SIZE} <%{VENDOR}> %{EPOCH}'` on this
     * file prints "12406784 <> (none)": VENDOR is present as an empty string
     * (syft's Vendor ""), EPOCH is absent */
    struct first_header f = {0};
    int wr = ward_rpmdb_walk("Packages", data, len, keep_first, &f, &err);
    bool size_ok = f.h.has_size && f.h.size == 12406784;
    bool epoch_absent = !f.h.has_epoch && f.h.epoch == 0;
    bool vendor_empty = f.h.vendor && !*f.h.vendor;
    bool srpm_ok = f.h.sourcerpm && strcmp(f.h.sourcerpm, "dive-0.9.2-1.src.rpm") == 0;
    free(f.copy);
    CHECK_OK(wr, err);
    CHECK_EQ_SIZE(f.n, 1);
    CHECK(size_ok);
    CHECK(epoch_absent);
    CHECK(vendor_empty);
    CHECK(srpm_ok);
    /* syft's integration image carries the same database */
    PARSE_PEER_DB(l2, data2, len2,
                  "syft/cmd/syft/internal/test/integration/testdata/image-pkg-coverage/pkgs/var/"
                  "lib/rpm/Packages",
                  err);
    CHECK_EQ_SIZE(l2->n, 1);
    CHECK_STR(l2->items[0].name, "dive");
}

TEST(rpm_peers, scalibr_bdb_epoch)
{
    /* osv-scalibr extractor/filesystem/os/rpm/rpm_test.go "custom rpm":
     * hello 0.0.1-rls, Epoch 1, SourceRPM hello-0.0.1-rls.src.rpm, x86_64, GPL;
     * wantResults 1 */
    ward_autoptr(ward_error) err = NULL;
    PARSE_PEER_DB(l, data, len, SCALIBR_EPO, err);
    static const struct peer_pkg hello = {.name = "hello",
                                          .version = "0.0.1-rls",
                                          .arch = "x86_64",
                                          .epoch = 1,
                                          .source_name = "hello",
                                          .source_version = "0.0.1-rls",
                                          .licenses = "GPL"};
    CHECK_PEER_PKG(l, hello);
    ward_purl_fill(l, NULL);
    /* osv-scalibr's purl plus the upstream= qualifier Syft writes (its SOURCERPM) */
    CHECK_STR(l->items[0].purl,
              "pkg:rpm/hello@0.0.1-rls?arch=x86_64&epoch=1&upstream=hello-0.0.1-rls.src.rpm");
}

TEST(rpm_peers, bad_and_empty_databases)
{
    struct {
        const char *rel;
        int want;
        const char *source;
    } cases[] = {
        /* claircore internal/rpm/sqlite TestValidate expects an error */
        {"claircore/internal/rpm/sqlite/testdata/no_packages.sqlite", WARD_EFORMAT, "claircore"},
        /* osv-scalibr: a zero-byte database and a 5-byte non-database */
        {"osv-scalibr/extractor/filesystem/os/rpm/testdata/empty.sqlite", 0, "osv-scalibr"},
        {"osv-scalibr/extractor/filesystem/os/rpm/testdata/invalid", WARD_EFORMAT, "osv-scalibr"},
        /* syft glob-paths: "bogus" placeholders and empty files */
        {"syft/syft/pkg/cataloger/redhat/testdata/glob-paths/var/lib/rpm/Packages", WARD_EFORMAT,
         "syft"},
        {"syft/syft/pkg/cataloger/redhat/testdata/glob-paths/var/lib/rpm/Packages.db", WARD_EFORMAT,
         "syft"},
        {"syft/syft/pkg/cataloger/redhat/testdata/glob-paths/var/lib/rpm/rpmdb.sqlite",
         WARD_EFORMAT, "syft"},
        {"syft/syft/pkg/cataloger/redhat/testdata/glob-paths/usr/lib/sysimage/rpm/rpmdb.sqlite", 0,
         "syft"},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        ward_autofree char *p = ward_xasprintf("%s/%s", harness_testdata(), cases[i].rel);
        size_t len;
        ward_autofree char *data = harness_slurp(p, &len);
        CHECK_MSG(data, "missing %s", p);
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        ward_autoptr(ward_error) err = NULL;
        int r = ward_rpmdb_parse(l, cases[i].rel, data, len, &err);
        CHECK_MSG(r == cases[i].want && l->n == 0, "%s (%s): got %d (%s), want %d", cases[i].rel,
                  cases[i].source, r, err ? err->msg : "no error", cases[i].want);
        if (r < 0)
            CHECK_MSG(err && err->msg && strstr(err->msg, cases[i].rel),
                      "error does not name the path");
        ERR_RESET(err);
    }
}

/* --- hostile input ---------------------------------------------------------- */

TEST(rpm_hostile, header_every_truncation_and_bad_entry)
{
    size_t len;
    ward_autofree char *blob = testdata_file(CC_HEADER, &len);
    CHECK_MSG(blob, "missing %s", CC_HEADER);
    struct ward_rpm_header h;
    ward_autoptr(ward_error) err = NULL;
    CHECK_OK(ward_rpm_header_parse(&h, blob, len, &err), err);
    CHECK_STR(h.name, "crypto-policies");
    for (size_t cut = 0; cut < len; cut++) {
        int r = ward_rpm_header_parse(&h, blob, cut, &err);
        CHECK_MSG(r == WARD_EFORMAT && err, "prefix of %zu bytes: %d", cut, r);
        ERR_RESET(err);
    }
    uint8_t *m = ward_xmalloc(len);
    uint32_t il = (uint32_t)((uint8_t)blob[0] << 24 | (uint8_t)blob[1] << 16 |
                             (uint8_t)blob[2] << 8 | (uint8_t)blob[3]);
    struct {
        size_t field; /* 4 = type, 8 = offset, 12 = count */
        uint32_t val;
    } muts[] = {{4, 10}, {4, 0xffffffffu}, {8, 0x7fffffffu}, {8, 0xfffffff0u}};
    size_t errors = 0, tried = 0;
    for (uint32_t i = 0; i < il; i++) {
        for (size_t k = 0; k < WARD_ARRAY_LEN(muts); k++) {
            memcpy(m, blob, len);
            uint8_t *f = m + 8 + (size_t)i * 16 + muts[k].field;
            f[0] = (uint8_t)(muts[k].val >> 24), f[1] = (uint8_t)(muts[k].val >> 16);
            f[2] = (uint8_t)(muts[k].val >> 8), f[3] = (uint8_t)muts[k].val;
            tried++;
            if (ward_rpm_header_parse(&h, m, len, &err) == WARD_EFORMAT)
                errors++;
            ERR_RESET(err);
        }
        /* a huge count: fixed-size types overrun, strings are not read past dl */
        memcpy(m, blob, len);
        uint8_t *c = m + 8 + (size_t)i * 16 + 12;
        c[0] = 0x7f, c[1] = c[2] = c[3] = 0xff;
        (void)ward_rpm_header_parse(&h, m, len, &err); /* ASan: no overrun */
        ERR_RESET(err);
    }
    free(m);
    CHECK_EQ_SIZE(errors, tried);
    /* preamble claiming 4 GiB of data / 2^32 entries */
    static const uint8_t huge[] = {0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0, 0, 3, 0xe8, 0, 0, 0, 6};
    CHECK(ward_rpm_header_parse(&h, huge, sizeof(huge), &err) == WARD_EFORMAT);
    ERR_RESET(err);
    static const uint8_t many[] = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1, 0};
    CHECK(ward_rpm_header_parse(&h, many, sizeof(many), &err) == WARD_EFORMAT);
    ERR_RESET(err);
}

TEST(rpm_hostile, header_unterminated_name)
{
    /* one entry: NAME, STRING at offset 0, 4 data bytes without a NUL */
    static const uint8_t b[] = {0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0x03, 0xe8, 0,   0,
                                0, 6, 0, 0, 0, 0, 0, 0, 0, 1, 'a',  'b',  'c', 'd'};
    struct ward_rpm_header h;
    ward_autoptr(ward_error) err = NULL;
    CHECK(ward_rpm_header_parse(&h, b, sizeof(b), &err) == WARD_EFORMAT);
    CHECK(err && strstr(err->msg, "not terminated"));
    ERR_RESET(err);
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16),
    p[3] = (uint8_t)(v >> 24);
}

static int count_blob(const uint8_t *blob, size_t len, void *payload, struct ward_error **err)
{
    (void)blob, (void)len, (void)err;
    ++*(size_t *)payload;
    return 0;
}

TEST(rpm_hostile, bdb_loops_sizes_and_truncation)
{
    size_t len;
    ward_autofree char *good = testdata_file(SYFT_PKGS, &len);
    CHECK_MSG(good, "missing %s", SYFT_PKGS);
    CHECK_EQ_SIZE(len, 16384); /* 4 pages of 4096: meta, 2 bucket pages, 1 overflow page */
    ward_autofree uint8_t *m = ward_xmalloc(len);
    ward_autoptr(ward_error) err = NULL;
    size_t n = 0;
    struct {
        size_t off;
        uint32_t val;
        int want;
        const char *msg;
    } cases[] = {
        {20, 1u << 20, WARD_EFORMAT, "page size"},           /* huge page size */
        {20, 4097, WARD_EFORMAT, "page size"},               /* not a power of two */
        {20, 256, WARD_EFORMAT, "page size"},                /* too small */
        {32, 1000, WARD_EFORMAT, "last page"},               /* more pages than the file */
        {72, 50000, WARD_EFORMAT, "buckets"},                /* max_bucket huge */
        {96 + 4, 900, WARD_EFORMAT, "bucket 1"},             /* spares -> page past the end */
        {4096 + 16, 1, WARD_EFORMAT, "loop"},                /* bucket page 1 -> next 1 */
        {16, 3, WARD_EUNSUPPORTED, "version"},               /* hash version */
        {24, 0x00000801u, WARD_EUNSUPPORTED, "encrypted"},   /* encrypt_alg */
        {24, 0x00010800u, WARD_EUNSUPPORTED, "checksummed"}, /* metaflags chksum */
        {24, 0x00000500u, WARD_EFORMAT, "meta page type"},
        {8192 + 4079 + 8, 0x7fffffffu, WARD_EFORMAT, "overflow item"}, /* tlen */
        {8192 + 4079 + 4, 1, WARD_EFORMAT, "want overflow"},           /* overflow -> a hash page */
        {8192 + 4079 + 4, 0, WARD_EFORMAT, "outside"},                 /* overflow -> page 0 */
        {8192 + 26, 0x0fff0fffu, WARD_EFORMAT, "bad offsets"},         /* item offsets */
        {8192 + 20, 0x00000fffu, WARD_EFORMAT, "entries"},             /* entry count */
    };
    for (size_t c = 0; c < WARD_ARRAY_LEN(cases); c++) {
        memcpy(m, good, len);
        wr32(m + cases[c].off, cases[c].val);
        int r =
            ward_rpmdb_walk("/var/lib/rpm/Packages", (const char *)m, len, count_blob, &n, &err);
        CHECK_MSG(r == cases[c].want && err && strstr(err->msg, cases[c].msg),
                  "case %zu (off %zu): got %d \"%s\", want %d \"%s\"", c, cases[c].off, r,
                  err ? err->msg : "", cases[c].want, cases[c].msg);
        ERR_RESET(err);
    }
    /* overflow page 3 holds 100 bytes and points at itself: a loop */
    memcpy(m, good, len);
    m[12288 + 22] = 100, m[12288 + 23] = 0;
    wr32(m + 12288 + 16, 3);
    CHECK(ward_rpmdb_walk("p", (const char *)m, len, count_blob, &n, &err) == WARD_EFORMAT);
    CHECK_MSG(strstr(err->msg, "second time"), "%s", err->msg);
    ERR_RESET(err);
    /* an overflow chain that ends early */
    memcpy(m, good, len);
    m[12288 + 22] = 100, m[12288 + 23] = 0;
    CHECK(ward_rpmdb_walk("p", (const char *)m, len, count_blob, &n, &err) == WARD_EFORMAT);
    ERR_RESET(err);
    /* every truncation: an error (or nothing for an empty file), never a crash */
    for (size_t cut = 0; cut < len; cut += 61) {
        int r = ward_rpmdb_walk("p", good, cut, count_blob, &n, &err);
        CHECK_MSG(cut == 0 ? r == 0 : r == WARD_EFORMAT, "cut %zu: %d", cut, r);
        ERR_RESET(err);
    }
}

TEST(rpm_hostile, sqlite_view_truncation_and_wrong_schema)
{
    static const char *schemas[] = {
        "CREATE TABLE x(a); CREATE VIEW Packages AS SELECT 1 AS hnum, zeroblob(10) AS blob",
        "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, other BLOB)",
        "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB); "
        "INSERT INTO Packages VALUES (1, 'text, not a blob')",
        "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB); "
        "INSERT INTO Packages VALUES (1, x'0000000100000004')",
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(schemas); i++) {
        sqlite3 *db = NULL;
        CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
        CHECK(sqlite3_exec(db, schemas[i], NULL, NULL, NULL) == SQLITE_OK);
        sqlite3_int64 sz = 0;
        unsigned char *img = sqlite3_serialize(db, "main", &sz, 0);
        sqlite3_close(db);
        CHECK(img && sz > 100);
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        ward_autoptr(ward_error) err = NULL;
        int r =
            ward_rpmdb_parse(l, "/var/lib/rpm/rpmdb.sqlite", (const char *)img, (size_t)sz, &err);
        bool ok = r == WARD_EFORMAT && l->n == 0;
        /* truncated images are refused by SQLite itself */
        for (sqlite3_int64 cut = 100; cut < sz && ok; cut += 509) {
            ward_autoptr(ward_error) e2 = NULL;
            r = ward_rpmdb_parse(l, "/x", (const char *)img, (size_t)cut, &e2);
            ok = r < 0 || l->n == 0;
            ERR_RESET(e2);
        }
        sqlite3_free(img);
        CHECK_MSG(ok, "schema %zu: %d %s", i, r, err ? err->msg : "");
        ERR_RESET(err);
    }
}

/* --- unit pieces ---------------------------------------------------------- */

TEST(rpm_unit, srpm_split)
{
    struct ward_span n, v;
    CHECK(ward_rpm_srpm_split("bash-5.1.8-6.el9.src.rpm", &n, &v));
    CHECK(ward_span_eq(n, "bash") && ward_span_eq(v, "5.1.8-6.el9"));
    CHECK(ward_rpm_srpm_split("python-pip-wheel-21.2.3-7.el9.nosrc.rpm", &n, &v));
    CHECK(ward_span_eq(n, "python-pip-wheel") && ward_span_eq(v, "21.2.3-7.el9"));
    CHECK(!ward_rpm_srpm_split("bash-5.1.8.src.rpm", &n, &v) || !ward_span_eq(n, "bash-5.1.8"));
    CHECK(!ward_rpm_srpm_split("nodash.src.rpm", &n, &v));
    CHECK(!ward_rpm_srpm_split("-1-2.src.rpm", &n, &v));
    CHECK(!ward_rpm_srpm_split("(none)", &n, &v));
    CHECK(!ward_rpm_srpm_split("a-1-.src.rpm", &n, &v)); /* empty release */
    CHECK(!ward_rpm_srpm_split("a--1.src.rpm", &n, &v)); /* empty version */
    CHECK(ward_rpm_srpm_split("a-1-2.nosrc.rpm", &n, &v));
    CHECK(ward_span_eq(n, "a") && ward_span_eq(v, "1-2"));
}

/* syft's redhat TestCataloger_Globs tree: the nine database paths under
 * {var/lib,usr/share,usr/lib/sysimage}/rpm go to the rpm cataloger; the .rpm
 * file and var/lib/rpmmanifest (other syft catalogers) do not. */
static size_t g_routed, g_files;
static bool g_route_ok = true;

static int route_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)ftw;
    if (flag != FTW_F)
        return 0;
    const char *root = strstr(p, "/glob-paths/");
    if (!root)
        return 0;
    const char *rel = root + strlen("/glob-paths"); /* "/var/lib/rpm/Packages" */
    const struct ward_cataloger *c = ward_cataloger_for_path(rel, false);
    bool want = strstr(rel, "/rpm/") != NULL;
    bool is_rpm = c && c->fn == ward_rpmdb_parse && c->os;
    g_files++;
    if (is_rpm)
        g_routed++;
    if (is_rpm != want) {
        printf("# %s: routed to %s\n", rel, c ? c->name : "nothing");
        g_route_ok = false;
    }
    return 0;
}

TEST(rpm_unit, catalogers_route_syft_glob_paths)
{
    ward_autofree char *dir =
        ward_xasprintf("%s/syft/syft/pkg/cataloger/redhat/testdata/glob-paths", harness_testdata());
    g_routed = g_files = 0;
    g_route_ok = true;
    CHECK_MSG(nftw(dir, route_one, 16, FTW_PHYS) == 0, "cannot walk %s", dir);
    CHECK(g_route_ok);
    CHECK_EQ_SIZE(g_routed, 9);
    CHECK_EQ_SIZE(g_files, 11);
    CHECK(ward_cataloger_for_path("/var/lib/rpm/Packages.bak", false) == NULL);
}

TEST(rpm_unit, redhat_release_claircore_files)
{
    /* claircore rhel/testdata/releasefiles: each dir's major version is its
     * name (claircore rhel TestDistributionScanner); the oracle-* ones show
     * Oracle Linux's /etc/redhat-release claims RHEL, so os-release must win */
    static const char *dirs[] = {"7", "8", "9", "atomichost-7"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(dirs); i++) {
        ward_autofree char *p =
            ward_xasprintf("%s/claircore/rhel/testdata/releasefiles/%s/etc/redhat-release",
                           harness_testdata(), dirs[i]);
        size_t len;
        ward_autofree char *data = harness_slurp(p, &len);
        CHECK_MSG(data, "missing %s", p);
        struct ward_distro d = {0};
        ward_autoptr(ward_error) err = NULL;
        CHECK_OK(ward_redhat_release_parse(&d, data, len, &err), err);
        const char *want = strchr(dirs[i], '-') ? strchr(dirs[i], '-') + 1 : dirs[i];
        bool ok = d.id && strcmp(d.id, "rhel") == 0 && d.version_id &&
                  strncmp(d.version_id, want, strlen(want)) == 0 &&
                  (d.version_id[strlen(want)] == '.' || d.version_id[strlen(want)] == 0);
        CHECK_MSG(ok, "%s: id %s version %s", dirs[i], d.id, d.version_id);
        ward_distro_dispose(&d);
    }
    struct ward_distro d = {0};
    ward_autoptr(ward_error) err = NULL;
    static const char rocky[] = "Rocky Linux release 9.3 (Blue Onyx)\n";
    CHECK_OK(ward_redhat_release_parse(&d, rocky, sizeof(rocky) - 1, &err), err);
    bool ok = !strcmp(d.id, "rocky") && !strcmp(d.version_id, "9.3") &&
              !strcmp(d.version_codename, "Blue Onyx") && !strcmp(d.name, "Rocky Linux");
    ward_distro_dispose(&d);
    memset(&d, 0, sizeof(d));
    CHECK(ok);
    static const char junk[] = "hello world\n";
    CHECK(ward_redhat_release_parse(&d, junk, sizeof(junk) - 1, &err) == WARD_EFORMAT);
    ERR_RESET(err);
    ward_distro_dispose(&d);
}
