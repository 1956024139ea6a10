/* test_golang.c - go.mod and Go binary buildinfo against the peers' real
 * fixtures (trivy, osv-scalibr) plus crafted buildinfo blobs and hostile input. */
#include "../lang_util.h"

#include <string.h>

#define TRIVY_GOBIN   "trivy/pkg/dependency/parser/golang/binary/testdata/"
#define TRIVY_GOMOD   "trivy/pkg/dependency/parser/golang/mod/testdata/"
#define SCALIBR_GOMOD "osv-scalibr/extractor/filesystem/language/golang/gomod/testdata/"

static const struct ward_pkg *find(const struct ward_pkglist *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].name, name))
            return &l->items[i];
    return NULL;
}

/* trivy pkg/dependency/parser/golang/binary/parse_test.go, case "ELF" (Go 1.15,
 * pre-1.18 pointer format). Trivy reports the "(devel)" main module with an empty
 * version and the toolchain as "v1.15.2"; we keep syft's spellings for both. */
TEST(lang2_gobin, trivy_test_elf_pointer_format)
{
    static const char *const want[] = {
        "github.com/aquasecurity/test@(devel)",
        "stdlib@go1.15.2",
        "github.com/aquasecurity/go-pep440-version@v0.0.0-20210121094942-22b2f8951d46",
        "github.com/aquasecurity/go-version@v0.0.0-20210121072130-637058cfe492",
        "golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1",
    };
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(lang_parse(ward_gobinary_parse, l, TRIVY_GOBIN "test.elf", false, &err), err);
    CHECK_SET(l, want);
    ward_purl_fill(l, NULL);
    CHECK_STR(find(l, "stdlib")->purl, "pkg:golang/stdlib@1.15.2");
    CHECK_STR(find(l, "golang.org/x/xerrors")->purl,
              "pkg:golang/golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1");
    CHECK_STR(find(l, "golang.org/x/xerrors")->ecosystem, "Go");
    CHECK_STR(find(l, "golang.org/x/xerrors")->type, "gobinary");
}

/* same file, case "with -ldflags=\"-X main.version=v1.0.0\"" (Go 1.22, inline format) */
TEST(lang2_gobin, trivy_ldflags_main_version)
{
    static const char *const want[] = {"github.com/aquasecurity/test@v1.0.0", "stdlib@go1.22.1"};
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(
        lang_parse(ward_gobinary_parse, l, TRIVY_GOBIN "main-version-via-ldflags.elf", false, &err),
        err);
    CHECK_SET(l, want);
}

/* same file, case "goexperiment": only the toolchain ("go1.22.1 X:..." trimmed) */
TEST(lang2_gobin, trivy_goexperiment)
{
    static const char *const want[] = {"stdlib@go1.22.1"};
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(lang_parse(ward_gobinary_parse, l, TRIVY_GOBIN "goexperiment", false, &err), err);
    CHECK_SET(l, want);
}

/* osv-scalibr gobinary_test.go BinaryWithModuleReplacementPackages + Toolchain:
 * golang.org/x/xerrors => github.com/golang/xerrors; scalibr drops the "v" and
 * omits the (devel) main module, which syft (and we) list. */
TEST(lang2_gobin, scalibr_module_replacement)
{
    static const char *const want[] = {
        "github.com/golang/xerrors@v0.0.0-20220907171357-04be3eba64a2",
        "stdlib@go1.22.0",
        "binary_with_module_replacement@(devel)",
    };
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(lang_parse(ward_gobinary_parse, l,
                        "osv-scalibr/extractor/filesystem/language/golang/gobinary/testdata/"
                        "binary_with_module_replacement-linux-amd64",
                        false, &err),
             err);
    CHECK_SET(l, want);
}

TEST(lang2_gobin, not_go_is_empty_and_truncated_is_safe)
{
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(lang_parse(ward_gobinary_parse, l, TRIVY_GOBIN "dummy", false, &err), err);
    CHECK_EQ_SIZE(l->n, 0);
    /* a real cargo-auditable ELF: not Go */
    CHECK_OK(lang_parse(ward_gobinary_parse, l,
                        "trivy/pkg/dependency/parser/rust/binary/testdata/test.elf", false, &err),
             err);
    CHECK_EQ_SIZE(l->n, 0);
    /* every truncation of a real Go binary: an error or fewer packages, never a crash */
    char path[2048];
    size_t len;
    snprintf(path, sizeof(path), "%s/%s", harness_testdata(), TRIVY_GOBIN "test.elf");
    ward_autofree char *data = harness_slurp(path, &len);
    CHECK(data != NULL);
    for (size_t cut = 0; cut < len; cut += len / 97 + 1) {
        struct ward_pkglist *t = ward_pkglist_new();
        struct ward_error *e2 = NULL;
        int rc = ward_gobinary_parse(t, "/t", data, cut, &e2);
        CHECK(rc == 0 || (e2 && e2->msg && rc < 0));
        ward_error_free(e2);
        ward_pkglist_free(t);
    }
}

/* A Go >= 1.18 buildinfo blob (header + two uvarint strings), the layout the
 * linker writes into .go.buildinfo. */
static size_t blob(char *out, size_t cap, const char *vers, const char *mod)
{
    static const char sentinel_a[16] = "0123456789abcde\n", sentinel_b[16] = "\nedcba987654321";
    size_t n = 0, vl = strlen(vers), ml = strlen(mod) + 32;
    memset(out, 0, cap);
    memcpy(out, "\xff Go buildinf:", 14);
    out[14] = 8;
    out[15] = 2;
    n = 32;
    out[n++] = (char)vl;
    memcpy(out + n, vers, vl);
    n += vl;
    out[n++] = (char)(0x80 | (ml & 0x7f));
    out[n++] = (char)(ml >> 7);
    memcpy(out + n, sentinel_a, 16);
    memcpy(out + n + 16, mod, ml - 32);
    memcpy(out + n + ml - 16, sentinel_b, 16);
    return n + ml;
}

TEST(lang2_gobin, devel_main_gets_pseudo_version_like_syft)
{
    char b[1024];
    size_t n =
        blob(b, sizeof(b), "go1.21.3",
             "path\texample.com/app\nmod\texample.com/app\t(devel)\t\n"
             "dep\tgolang.org/x/net\tv0.1.0\th1:x=\n"
             "dep\tgolang.org/x/text\tv0.3.0\th1:y=\n"
             "=>\tgithub.com/fork/text\tv0.3.1\th1:z=\n"
             "build\tGOARCH=amd64\nbuild\tvcs.revision=4c0a1d2bd3c1e04ae9b1a3f3d2e1f0a9b8c7d6e5\n"
             "build\tvcs.time=2022-05-12T17:28:57+02:00\n");
    static const char *const want[] = {"example.com/app@v0.0.0-20220512152857-4c0a1d2bd3c1",
                                       "golang.org/x/net@v0.1.0", "github.com/fork/text@v0.3.1",
                                       "stdlib@go1.21.3"};
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(ward_gobinary_parse(l, "/app", b, n, &err), err);
    CHECK_SET(l, want);
    CHECK_STR(find(l, "example.com/app")->arch, "amd64");
}

TEST(lang2_gobin, ldflags_version_quoted_and_prefixed)
{
    char b[1024];
    size_t n = blob(b, sizeof(b), "go1.22.0",
                    "path\texample.com/app\nmod\texample.com/app\t(devel)\t\n"
                    "build\t-ldflags=\"-s -w -X 'example.com/app/pkg/version.Version=1.4.2-rc1'\"\n"
                    "build\tvcs.revision=abc\nbuild\tvcs.time=2022-05-12T15:28:57Z\n");
    static const char *const want[] = {"example.com/app@v1.4.2-rc1", "stdlib@go1.22.0"};
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(ward_gobinary_parse(l, "/app", b, n, &err), err);
    CHECK_SET(l, want);
}

TEST(lang2_gobin, hostile_lengths_rejected)
{
    char b[64];
    memset(b, 0, sizeof(b));
    memcpy(b, "\xff Go buildinf:", 14);
    b[14] = 8;
    b[15] = 2;
    b[32] = (char)0xff; /* varint that never ends / huge */
    b[33] = (char)0xff;
    b[34] = 0x7f;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK(ward_gobinary_parse(l, "/x", b, sizeof(b), &err) == WARD_EFORMAT);
    CHECK(err && strstr(err->msg, "buildinfo"));
    ward_error_free(err);
    err = NULL;
    /* pointer format outside an ELF: refused, not guessed */
    b[15] = 0;
    CHECK(ward_gobinary_parse(l, "/x", b, sizeof(b), &err) == WARD_EUNSUPPORTED);
    ward_error_free(err);
    CHECK_EQ_SIZE(l->n, 0);
}

/* ---- go.mod ---- */

struct modcase {
    const char *file;
    const char *want[6];
    size_t n;
};

/* osv-scalibr gomod_test.go TestExtractor_Extract, transcribed with the "v"
 * kept (Go spelling, as syft/trivy) and without scalibr's "stdlib" from the
 * go directive (a minimum, not what is built). replace-local: scalibr lists
 * "./fork/net" without a version; we drop local replacements as trivy does. */
static const struct modcase scalibr_cases[] = {
    {"one-package.mod", {"github.com/BurntSushi/toml@v1.0.0"}, 1},
    {"two-packages.mod", {"github.com/BurntSushi/toml@v1.0.0", "gopkg.in/yaml.v2@v2.4.0"}, 2},
    {"indirect-packages.mod",
     {"github.com/BurntSushi/toml@v1.0.0", "gopkg.in/yaml.v2@v2.4.0",
      "github.com/mattn/go-colorable@v0.1.9", "github.com/mattn/go-isatty@v0.0.14",
      "golang.org/x/sys@v0.0.0-20210630005230-0f9fa26af87c"},
     5},
    {"replace-one.mod", {"example.com/fork/net@v1.4.5"}, 1},
    {"replace-mixed.mod", {"example.com/fork/net@v1.4.5", "golang.org/x/net@v0.5.6"}, 2},
    {"replace-local.mod", {"github.com/BurntSushi/toml@v1.0.0"}, 1},
    {"replace-different.mod", {"example.com/fork/foe@v1.4.5", "example.com/fork/foe@v1.4.2"}, 2},
    {"replace-not-required.mod",
     {"golang.org/x/net@v0.5.6", "github.com/BurntSushi/toml@v1.0.0"},
     2},
    {"replace-no-version.mod", {"example.com/fork/net@v1.4.5"}, 1},
    {"empty.mod", {NULL}, 0},
};

TEST(lang2_gomod, scalibr_fixtures)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(scalibr_cases); i++) {
        const struct modcase *c = &scalibr_cases[i];
        char rel[512];
        snprintf(rel, sizeof(rel), SCALIBR_GOMOD "%s", c->file);
        ward_autoptr(ward_pkglist) l = ward_pkglist_new();
        struct ward_error *err = NULL;
        CHECK_OK(lang_parse(ward_gomod_parse, l, rel, false, &err), err);
        char *d = lang_diff(l, c->want, c->n);
        CHECK_MSG(!d, "%s: %s", c->file, d);
        CHECK_EQ_SIZE(l->n, c->n); /* no duplicates either */
    }
}

TEST(lang2_gomod, indirect_flag_and_purl)
{
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(lang_parse(ward_gomod_parse, l, SCALIBR_GOMOD "indirect-packages.mod", false, &err),
             err);
    CHECK(!find(l, "github.com/BurntSushi/toml")->indirect);
    CHECK(find(l, "github.com/mattn/go-isatty")->indirect);
    ward_purl_fill(l, NULL);
    CHECK_STR(find(l, "gopkg.in/yaml.v2")->purl, "pkg:golang/gopkg.in/yaml.v2@v2.4.0");
    CHECK_STR(find(l, "github.com/BurntSushi/toml")->purl,
              "pkg:golang/github.com/BurntSushi/toml@v1.0.0");
}

/* trivy pkg/dependency/parser/golang/mod/parse_testcase.go: GoModReplacedWithLocalPath
 * (xerrors replaced by ./xerrors is dropped) and GoModReplacedWithVersionMismatch
 * (a replace whose old version does not match does not apply). */
TEST(lang2_gomod, trivy_replace_semantics)
{
    static const char *const local[] = {
        "github.com/aquasecurity/go-dep-parser@v0.0.0-20211224170007-df43bca6b6ff",
        "gopkg.in/yaml.v3@v3.0.0-20210107192922-496545a6307b"};
    static const char *const mismatch[] = {
        "github.com/aquasecurity/go-dep-parser@v0.0.0-20211224170007-df43bca6b6ff",
        "golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1",
        "gopkg.in/yaml.v3@v3.0.0-20210107192922-496545a6307b"};
    static const char *const replaced[] = {
        "github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237",
        "golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) a = ward_pkglist_new();
    CHECK_OK(
        lang_parse(ward_gomod_parse, a, TRIVY_GOMOD "replaced-with-local-path/go.mod", false, &err),
        err);
    CHECK_SET(a, local);
    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_gomod_parse, b, TRIVY_GOMOD "replaced-with-version-mismatch/go.mod",
                        false, &err),
             err);
    CHECK_SET(b, mismatch);
    ward_autoptr(ward_pkglist) c = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_gomod_parse, c, TRIVY_GOMOD "replaced/go.mod", false, &err), err);
    CHECK_SET(c, replaced);
}

TEST(lang2_gomod, malformed_rejected_with_line)
{
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK(lang_parse(ward_gomod_parse, l, SCALIBR_GOMOD "not-go-mod.mod", false, &err) ==
          WARD_EFORMAT);
    CHECK(err && strstr(err->msg, "line 1"));
    ward_error_free(err);
    err = NULL;
    static const char bad[] = "module x\nrequire (\n  a.b/c v1\n";
    CHECK(ward_gomod_parse(l, "/go.mod", bad, sizeof(bad) - 1, &err) == WARD_EFORMAT);
    ward_error_free(err);
    err = NULL;
    static const char q[] = "module x\nrequire \"a.b/c v1\n";
    CHECK(ward_gomod_parse(l, "/go.mod", q, sizeof(q) - 1, &err) == WARD_EFORMAT);
    ward_error_free(err);
    CHECK_EQ_SIZE(l->n, 0);
}
