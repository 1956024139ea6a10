/* test_purl_parse.c - the purl parser against examples of the purl spec
 * (package-url/purl-spec README and test-suite-data.json) and against every purl
 * ward_purl_fill() writes for the real Debian 12 dpkg status. */
#include "harness.h"
#include "report/report.h"

#include <string.h>

#define PARSE(s, pu)                                                                               \
    do {                                                                                           \
        struct ward_error *e_ = NULL;                                                              \
        int r_ = ward_purl_parse(&(pu), (s), strlen(s), &e_);                                      \
        CHECK_MSG(r_ == 0, "parse %s: %s", (s), e_ ? e_->msg : "?");                               \
    } while (0)

TEST(report_purl, spec_examples)
{
    struct ward_purl pu;
    PARSE("pkg:maven/org.apache.commons/io@1.3.4", pu);
    CHECK_STR(pu.type, "maven");
    CHECK_STR(pu.namespace, "org.apache.commons");
    CHECK_STR(pu.name, "io");
    CHECK_STR(pu.version, "1.3.4");
    CHECK(pu.n_quals == 0 && pu.subpath == NULL);
    ward_purl_dispose(&pu);

    PARSE("pkg:npm/%40angular/animation@12.3.1", pu);
    CHECK_STR(pu.namespace, "@angular");
    CHECK_STR(pu.name, "animation");
    ward_purl_dispose(&pu);

    PARSE("pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie", pu);
    CHECK_STR(pu.namespace, "debian");
    CHECK_STR(pu.name, "curl");
    CHECK_STR(pu.version, "7.50.3-1");
    CHECK_STR(ward_purl_qual(&pu, "arch"), "i386");
    CHECK_STR(ward_purl_qual(&pu, "distro"), "jessie");
    ward_purl_dispose(&pu);

    PARSE("pkg:golang/google.golang.org/genproto#googleapis/api/annotations", pu);
    CHECK_STR(pu.namespace, "google.golang.org");
    CHECK_STR(pu.name, "genproto");
    CHECK(pu.version == NULL);
    CHECK_STR(pu.subpath, "googleapis/api/annotations");
    ward_purl_dispose(&pu);

    PARSE("pkg:docker/customer/dockerimage@sha256%3A244fd47e07d10?repository_url=gcr.io", pu);
    CHECK_STR(pu.version, "sha256:244fd47e07d10");
    CHECK_STR(ward_purl_qual(&pu, "repository_url"), "gcr.io");
    ward_purl_dispose(&pu);

    /* scheme and type are case-insensitive, qualifier keys are lower-cased and sorted,
       empty qualifier values are dropped */
    PARSE("PKG:RPM/fedora/curl@7.50.3-1.fc25?Distro=fedora-25&arch=i386&empty=", pu);
    CHECK_STR(pu.type, "rpm");
    CHECK_EQ_SIZE(pu.n_quals, 2);
    CHECK_STR(pu.quals[0].key, "arch");
    CHECK_STR(pu.quals[1].key, "distro");
    CHECK_STR(pu.quals[1].value, "fedora-25");
    ward_purl_dispose(&pu);

    /* Syft's upstream qualifier with a version; raw '@' in an npm scope */
    PARSE("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&upstream=glibc%402.36-9", pu);
    CHECK_STR(pu.version, "2.36-9+deb12u4");
    CHECK_STR(ward_purl_qual(&pu, "upstream"), "glibc@2.36-9");
    ward_purl_dispose(&pu);
    PARSE("pkg:npm/@babel/core@7.1.0", pu);
    CHECK_STR(pu.namespace, "@babel");
    CHECK_STR(pu.name, "core");
    CHECK_STR(pu.version, "7.1.0");
    ward_purl_dispose(&pu);
}

TEST(report_purl, rejects_malformed)
{
    static const char *const bad[] = {
        "", "pkg:", "pkg:/name", "foo:deb/debian/x", "pkg:deb", "pkg:deb/", "pkg:deb/debian/x%ZZ",
        "pkg:deb/debian/x%4", "pkg:deb/debian/x%00y", "pkg:1deb/x", "pkg:d$b/x",
        "pkg:deb/x?novalue", "pkg:deb/x?=v", "pkg:deb/x?a=1&a=2", "pkg:maven/g/@1.0",
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        struct ward_purl pu;
        struct ward_error *err = NULL;
        int rc = ward_purl_parse(&pu, bad[i], strlen(bad[i]), &err);
        CHECK_MSG(rc == WARD_EFORMAT, "'%s' parsed (rc %d)", bad[i], rc);
        CHECK(pu.name == NULL && pu.type == NULL && pu.n_quals == 0);
        ward_error_free(err);
    }
}

/* Every purl the inventory writes for a real system parses back to its fields. */
TEST(report_purl, roundtrip_real_dpkg_status)
{
    char path[4096];
    size_t n = 0;
    snprintf(path, sizeof(path), "%s/local-debian12/var/lib/dpkg/status", harness_testdata());
    ward_autofree char *status = harness_slurp(path, &n);
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK_OK(ward_dpkg_parse(l, "/var/lib/dpkg/status", status, n, &err), err);
    CHECK(l->n > 800);
    struct ward_distro d = {.id = (char *)"debian", .version_id = (char *)"12"};
    ward_purl_fill(l, &d);
    size_t with_upstream = 0;
    for (size_t i = 0; i < l->n; i++) {
        const struct ward_pkg *p = &l->items[i];
        struct ward_purl pu;
        PARSE(p->purl, pu);
        CHECK_STR(pu.type, "deb");
        CHECK_STR(pu.namespace, "debian");
        CHECK_STR(pu.name, p->name);
        CHECK_STR(pu.version, p->version);
        CHECK_STR(ward_purl_qual(&pu, "distro"), "debian-12");
        if (p->arch)
            CHECK_STR(ward_purl_qual(&pu, "arch"), p->arch);
        const char *up = ward_purl_qual(&pu, "upstream");
        if (p->source_name && strcmp(p->source_name, p->name) != 0) {
            CHECK_MSG(up != NULL, "%s: no upstream in %s", p->name, p->purl);
            CHECK(strncmp(up, p->source_name, strlen(p->source_name)) == 0);
            with_upstream++;
        } else {
            CHECK(up == NULL);
        }
        ward_purl_dispose(&pu);
    }
    CHECK(with_upstream > 100);
}
