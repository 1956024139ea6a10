/* test_rust.c - Cargo.lock and cargo-auditable binaries against trivy's and
 * osv-scalibr's real fixtures, plus malformed input. */
#include "../lang_util.h"

#include <string.h>

#define TRIVY_CARGO "trivy/pkg/dependency/parser/rust/cargo/testdata/"

/* trivy pkg/dependency/parser/rust/cargo/parse_test.go cargoNormalPkgs (also
 * cargoMixedPkgs: same set, shuffled, with a """multi-line""" version string) */
static const char *const cargo_normal[] = {
    "normal@0.1.0",     "libc@0.2.54",   "typemap@0.3.3", "url@1.7.2",
    "unsafe-any@0.4.2", "matches@0.1.8", "idna@0.1.5",    "percent-encoding@1.0.1",
};

TEST(lang2_cargo, trivy_v1_normal_and_mixed)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) a = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_cargolock_parse, a, TRIVY_CARGO "cargo_normal.lock", false, &err),
             err);
    CHECK_SET(a, cargo_normal);
    CHECK_EQ_SIZE(a->n, 8);
    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_cargolock_parse, b, TRIVY_CARGO "cargo_mixed.lock", false, &err), err);
    CHECK_SET(b, cargo_normal);
}

/* same file, cargoV3Pkgs */
TEST(lang2_cargo, trivy_v3)
{
    static const char *const want[] = {
        "aho-corasick@0.7.20", "app@0.1.0",           "libc@0.2.140",
        "memchr@1.0.2",        "memchr@2.5.0",        "regex@1.7.3",
        "regex-syntax@0.5.6",  "regex-syntax@0.6.29", "ucd-util@0.1.10",
    };
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_cargolock_parse, l, TRIVY_CARGO "cargo_v3.lock", false, &err), err);
    CHECK_SET(l, want);
    ward_purl_fill(l, NULL);
    CHECK_STR(l->items[0].purl, "pkg:cargo/aho-corasick@0.7.20");
    CHECK_STR(l->items[0].ecosystem, "crates.io");
}

TEST(lang2_cargo, scalibr_build_metadata_version_purl)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_cargolock_parse, l,
                        "osv-scalibr/extractor/filesystem/language/rust/cargolock/testdata/"
                        "package-with-build-string.lock",
                        false, &err),
             err);
    CHECK_EQ_SIZE(l->n, 1);
    CHECK_STR(l->items[0].version, "0.10.2+wasi-snapshot-preview1");
    ward_purl_fill(l, NULL);
    CHECK_STR(l->items[0].purl, "pkg:cargo/wasi@0.10.2%2Bwasi-snapshot-preview1");
}

TEST(lang2_cargo, invalid_rejected)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    /* trivy cargo_invalid.lock: "version =" without a value (trivy expects an error) */
    CHECK(lang_parse(ward_cargolock_parse, l, TRIVY_CARGO "cargo_invalid.lock", false, &err) ==
          WARD_EFORMAT);
    CHECK(err && strstr(err->msg, "line 10"));
    ward_error_free(err);
    err = NULL;
    static const char *const bad[] = {
        "[[package]]\nname = \"a\"\n",                /* no version */
        "[[package]]\nname = \"a\nversion = \"1\"\n", /* unterminated string */
        "[[package]\nname = \"a\"\n",                 /* bad header */
        "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\n \"b\",\n", /* open array */
        "[[package]]\nname = \"a\" x\nversion = \"1\"\n", /* junk after value */
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        CHECK_MSG(ward_cargolock_parse(l, "/Cargo.lock", bad[i], strlen(bad[i]), &err) ==
                      WARD_EFORMAT,
                  "case %zu accepted", i);
        ward_error_free(err);
        err = NULL;
    }
    CHECK_EQ_SIZE(l->n, 0);
}

/* trivy pkg/dependency/parser/rust/binary/parse_test.go "ELF" (cargo-auditable) */
TEST(lang2_cargo_auditable, trivy_test_elf)
{
    static const char *const want[] = {"crate_with_features@0.1.0", "library_crate@0.1.0"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_cargo_auditable_parse, l,
                        "trivy/pkg/dependency/parser/rust/binary/testdata/test.elf", false, &err),
             err);
    CHECK_SET(l, want);
}

/* osv-scalibr cargoauditable_test.go TestExtract "uses_serde_json" and "no_deps" */
TEST(lang2_cargo_auditable, scalibr_binaries)
{
    static const char *const serde[] = {
        "itoa@1.0.14", "memchr@2.7.4",         "proc-macro2@1.0.92",   "quote@1.0.38",
        "ryu@1.0.18",  "serde@1.0.217",        "serde_derive@1.0.217", "serde_json@1.0.135",
        "syn@2.0.95",  "unicode-ident@1.0.14", "uses_json@0.1.0",
    };
    static const char *const nodeps[] = {"no_deps@0.1.0"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) a = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_cargo_auditable_parse, a,
                        "osv-scalibr/extractor/filesystem/language/rust/cargoauditable/"
                        "testdata/uses_serde_json/uses_serde_json",
                        false, &err),
             err);
    CHECK_SET(a, serde);
    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_cargo_auditable_parse, b,
                        "osv-scalibr/extractor/filesystem/language/rust/cargoauditable/"
                        "testdata/no_deps/no_deps",
                        false, &err),
             err);
    CHECK_SET(b, nodeps);
}

TEST(lang2_cargo_auditable, not_elf_and_plain_elf)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK(lang_parse(ward_cargo_auditable_parse, l,
                     "osv-scalibr/extractor/filesystem/language/rust/cargoauditable/"
                     "testdata/not_binary/not_binary",
                     false, &err) == WARD_ENOTFOUND);
    ward_error_free(err);
    err = NULL;
    /* a Go ELF without .dep-v0: nothing, no error */
    CHECK_OK(lang_parse(ward_cargo_auditable_parse, l,
                        "trivy/pkg/dependency/parser/golang/binary/testdata/goexperiment", false,
                        &err),
             err);
    CHECK_EQ_SIZE(l->n, 0);
    /* truncated ELF header */
    CHECK(ward_cargo_auditable_parse(l, "/t",
                                     "\x7f"
                                     "ELF\x02\x01",
                                     6, &err) == WARD_EFORMAT);
    ward_error_free(err);
}
