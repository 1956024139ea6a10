/* test_apk.c - apk installed DB: fields, origin, and the real alpine DB. */
#include "harness.h"
#include "inventory/inventory.h"

TEST(inventory_apk, fields_and_origin)
{
    static const char in[] = "C:Q1abc=\nP:musl\nV:1.1.22-r3\nA:x86_64\nL:MIT\no:musl\n\n"
                             "P:libcrypto1.1\nV:1.1.1d-r0\nA:x86_64\no:openssl\nL:OpenSSL\n";
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(ward_apk_parse(l, "/lib/apk/db/installed", in, sizeof(in) - 1, &err), err);
    CHECK_EQ_SIZE(l->n, 2);
    CHECK_STR(l->items[1].name, "libcrypto1.1");
    CHECK_STR(l->items[1].source_name, "openssl");
    CHECK_STR(l->items[1].licenses, "OpenSSL");
    struct ward_distro d = {.id = (char *)"alpine", .version_id = (char *)"3.10.2"};
    ward_purl_fill(l, &d);
    CHECK_STR(l->items[0].purl, "pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=alpine-3.10.2");
    CHECK_STR(l->items[1].purl, "pkg:apk/alpine/libcrypto1.1@1.1.1d-r0?arch=x86_64&"
                                "distro=alpine-3.10.2&upstream=openssl");
}

TEST(inventory_apk, real_db_counts_match_P_lines)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/osv-scalibr/extractor/filesystem/os/apk/testdata/installed",
             harness_testdata());
    size_t len;
    ward_autofree char *data = harness_slurp(path, &len);
    CHECK_MSG(data, "missing %s", path);
    size_t want = 0;
    for (size_t i = 0; i + 1 < len; i++)
        if ((i == 0 || data[i - 1] == '\n') && data[i] == 'P' && data[i + 1] == ':')
            want++;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(ward_apk_parse(l, "/lib/apk/db/installed", data, len, &err), err);
    CHECK(want > 0);
    CHECK_EQ_SIZE(l->n, want);
}
