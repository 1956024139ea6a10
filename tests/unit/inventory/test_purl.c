/* test_purl.c - purls as the issue and the purl spec write them. */
#include "harness.h"
#include "inventory/inventory.h"

TEST(inventory_purl, deb_with_upstream_and_encoding)
{
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_pkg *p = ward_pkglist_add(l);
    p->name = "libc6";
    p->version = "2.36-9+deb12u4";
    p->type = "deb";
    p->arch = "amd64";
    p->source_name = "glibc";
    p->source_version = "2.36-9+deb12u4";
    struct ward_distro d = {.id = (char *)"debian", .version_id = (char *)"12"};
    ward_purl_fill(l, &d);
    CHECK_STR(l->items[0].purl,
              "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc");
}

TEST(inventory_purl, rpm_epoch_npm_scope_pypi_norm_maven)
{
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_pkg *p = ward_pkglist_add(l);
    p->name = "openssl-libs";
    p->version = "1.1.1k-7.el8";
    p->type = "rpm";
    p->arch = "x86_64";
    p->epoch = 1;
    p->source_name = "openssl";
    p->source_version = "1.1.1k-7.el8";
    p = ward_pkglist_add(l);
    p->name = "@babel/core";
    p->version = "7.1.0";
    p->type = "npm";
    p = ward_pkglist_add(l);
    p->name = "Flask_SQLAlchemy";
    p->version = "2.4";
    p->type = "python";
    p = ward_pkglist_add(l);
    p->name = "log4j-core";
    p->group = "org.apache.logging.log4j";
    p->version = "2.14.1";
    p->type = "jar";
    struct ward_distro d = {.id = (char *)"rhel", .version_id = (char *)"8.4"};
    ward_purl_fill(l, &d);
    CHECK_STR(l->items[0].purl, "pkg:rpm/rhel/openssl-libs@1.1.1k-7.el8?arch=x86_64&"
                                "distro=rhel-8.4&epoch=1&upstream=openssl-1.1.1k-7.el8.src.rpm");
    CHECK_STR(l->items[1].purl, "pkg:npm/%40babel/core@7.1.0");
    CHECK_STR(l->items[2].purl, "pkg:pypi/flask-sqlalchemy@2.4");
    CHECK_STR(l->items[3].purl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
}

TEST(inventory_osrelease, quoting)
{
    static const char in[] = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME='Debian'\n"
                             "VERSION_ID=\"12\"\nID=debian\n# comment\ngarbage\n";
    struct ward_distro d = {0};
    struct ward_error *err = NULL;
    CHECK_OK(ward_osrelease_parse(&d, in, sizeof(in) - 1, &err), err);
    CHECK_STR(d.id, "debian");
    CHECK_STR(d.version_id, "12");
    CHECK_STR(d.pretty_name, "Debian GNU/Linux 12 (bookworm)");
    CHECK_STR(d.name, "Debian");
    ward_distro_dispose(&d);
}
