/* test_java.c - Java archives (trivy's real jars/wars), pom.xml, gradle.lockfile,
 * and the zip reader against crafted hostile archives (traversal names, lying
 * sizes, bombs, truncation). */
#include "../lang_util.h"
#include "inventory/zip.h"

#include <string.h>
#include <zlib.h>

#define TRIVY_JAR "trivy/pkg/dependency/parser/java/jar/testdata/"

/* trivy pkg/dependency/parser/java/jar/parse_test.go wantMaven */
TEST(lang2_jar, trivy_maven_war)
{
    static const char *const want[] = {
        "com.example:web-app@1.0-SNAPSHOT",
        "com.fasterxml.jackson.core:jackson-databind@2.9.10.6",
        "com.fasterxml.jackson.core:jackson-annotations@2.9.10",
        "com.fasterxml.jackson.core:jackson-core@2.9.10",
        "com.cronutils:cron-utils@9.1.2",
        "org.slf4j:slf4j-api@1.7.30",
        "org.glassfish:javax.el@3.0.0",
        "org.apache.commons:commons-lang3@3.11",
    };
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_java_archive_parse, l, TRIVY_JAR "maven.war", false, &err), err);
    CHECK_SET(l, want);
    ward_purl_fill(l, NULL);
    bool seen = false;
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->items[i].name, "jackson-databind") != 0)
            continue;
        seen = true;
        CHECK_STR(l->items[i].purl,
                  "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.6");
        CHECK_STR(l->items[i].path,
                  TRIVY_JAR "maven.war:WEB-INF/lib/jackson-databind-2.9.10.6.jar");
        CHECK_STR(l->items[i].ecosystem, "Maven");
    }
    CHECK(seen);
}

/* same file: wantGradle, wantNestedJar, wantFatjar, wantDuplicatesJar */
TEST(lang2_jar, trivy_gradle_nested_fat_duplicates)
{
    static const char *const gradle[] = {"commons-dbcp:commons-dbcp@1.4",
                                         "commons-pool:commons-pool@1.6", "log4j:log4j@1.2.17",
                                         "org.apache.commons:commons-compress@1.19"};
    static const char *const nested[] = {"test:nested@0.0.1", "test:nested2@0.0.2",
                                         "test:nested3@0.0.3"};
    static const char *const fat[] = {
        "com.google.guava:failureaccess@1.0.1", "com.google.guava:guava@29.0-jre",
        "com.google.guava:listenablefuture@9999.0-empty-to-avoid-conflict-with-guava",
        "com.google.j2objc:j2objc-annotations@1.3",
        "org.apache.hadoop.thirdparty:hadoop-shaded-guava@1.1.0-SNAPSHOT"};
    static const char *const dups[] = {"io.quarkus.gizmo:gizmo@1.1", "log4j:log4j@1.2.16",
                                       "log4j:log4j@1.2.17",
                                       "com.fasterxml.jackson.core:jackson-databind@2.12.3",
                                       "com.fasterxml.jackson.core:jackson-databind@2.13.4"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) a = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_java_archive_parse, a, TRIVY_JAR "gradle.war", false, &err), err);
    CHECK_SET(a, gradle);
    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_java_archive_parse, b, TRIVY_JAR "nested.jar", false, &err), err);
    CHECK_SET(b, nested);
    ward_autoptr(ward_pkglist) c = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_java_archive_parse, c,
                        TRIVY_JAR "hadoop-shaded-guava-1.1.0-SNAPSHOT.jar", false, &err),
             err);
    CHECK_SET(c, fat);
    ward_autoptr(ward_pkglist) d = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_java_archive_parse, d, TRIVY_JAR "io.quarkus.gizmo.gizmo-1.1.jar",
                        false, &err),
             err);
    CHECK_SET(d, dups);
}

/* ---- crafted archives ---- */

struct zent {
    const char *name;
    const void *data;
    size_t len;
    bool deflate;
    uint32_t lie_size; /* when non-zero, recorded instead of the real size */
};

static void put16(struct ward_buf *b, unsigned v)
{
    unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    ward_buf_add(b, x, 2);
}

static void put32(struct ward_buf *b, uint32_t v)
{
    put16(b, v & 0xffff);
    put16(b, v >> 16);
}

static char *mkzip(const struct zent *e, size_t n, size_t *outlen)
{
    struct ward_buf b = WARD_BUF_INIT(0), cd = WARD_BUF_INIT(0);
    for (size_t i = 0; i < n; i++) {
        uLongf clen = compressBound((uLong)e[i].len) + 16;
        unsigned char *c = ward_xmalloc(clen);
        size_t csize = e[i].len;
        if (e[i].deflate) {
            z_stream zs;
            memset(&zs, 0, sizeof(zs));
            deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
            zs.next_in = (Bytef *)(uintptr_t)e[i].data;
            zs.avail_in = (uInt)e[i].len;
            zs.next_out = c;
            zs.avail_out = (uInt)clen;
            deflate(&zs, Z_FINISH);
            csize = zs.total_out;
            deflateEnd(&zs);
        } else {
            memcpy(c, e[i].data, e[i].len);
        }
        uint32_t crc = (uint32_t)crc32(0, e[i].data, (uInt)e[i].len);
        uint32_t usize = e[i].lie_size ? e[i].lie_size : (uint32_t)e[i].len;
        size_t off = b.len, nl = strlen(e[i].name);
        put32(&b, 0x04034b50);
        put16(&b, 20);
        put16(&b, 0);
        put16(&b, e[i].deflate ? 8 : 0);
        put32(&b, 0);
        put32(&b, crc);
        put32(&b, (uint32_t)csize);
        put32(&b, usize);
        put16(&b, (unsigned)nl);
        put16(&b, 0);
        ward_buf_add(&b, e[i].name, nl);
        ward_buf_add(&b, c, csize);
        put32(&cd, 0x02014b50);
        put16(&cd, 20);
        put16(&cd, 20);
        put16(&cd, 0);
        put16(&cd, e[i].deflate ? 8 : 0);
        put32(&cd, 0);
        put32(&cd, crc);
        put32(&cd, (uint32_t)csize);
        put32(&cd, usize);
        put16(&cd, (unsigned)nl);
        put16(&cd, 0);
        put16(&cd, 0);
        put16(&cd, 0);
        put16(&cd, 0);
        put32(&cd, 0);
        put32(&cd, (uint32_t)off);
        ward_buf_add(&cd, e[i].name, nl);
        free(c);
    }
    size_t cdoff = b.len;
    ward_buf_add(&b, cd.ptr, cd.len);
    put32(&b, 0x06054b50);
    put16(&b, 0);
    put16(&b, 0);
    put16(&b, (unsigned)n);
    put16(&b, (unsigned)n);
    put32(&b, (uint32_t)cd.len);
    put32(&b, (uint32_t)cdoff);
    put16(&b, 0);
    ward_buf_dispose(&cd);
    *outlen = b.len;
    return ward_buf_steal(&b);
}

static const char props[] = "groupId=org.example\nartifactId=lib\nversion=2.0.1\n";
static const char mf[] = "Manifest-Version: 1.0\nImplementation-Title: app\n"
                         "Implementation-Version: 3.1\nBundle-License: Apache-2.0\n";

TEST(lang2_jar, manifest_filename_and_pom_properties)
{
    struct zent e[] = {
        {"META-INF/MANIFEST.MF", mf, sizeof(mf) - 1, true, 0},
        {"META-INF/maven/org.example/lib/pom.properties", props, sizeof(props) - 1, false, 0},
    };
    size_t n;
    ward_autofree char *z = mkzip(e, 2, &n);
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    /* file name gives the main package; the unrelated pom.properties is bundled */
    CHECK_OK(ward_java_archive_parse(l, "/opt/app-3.1.jar", z, n, &err), err);
    static const char *const want[] = {"app@3.1", "org.example:lib@2.0.1"};
    CHECK_SET(l, want);
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].name, "app"))
            CHECK_STR(l->items[i].licenses, "Apache-2.0");
    /* named after the artifact: pom.properties describes the jar itself */
    ward_autoptr(ward_pkglist) m = ward_pkglist_new();
    CHECK_OK(ward_java_archive_parse(m, "/opt/lib-2.0.1.jar", z, n, &err), err);
    static const char *const want2[] = {"org.example:lib@2.0.1"};
    CHECK_SET(m, want2);
    CHECK_EQ_SIZE(m->n, 1);
}

/* trivy testdata license-from-jenkins-plugin.jar: a manifest-only plugin jar whose
 * MANIFEST.MF declares Plugin-License-Name and Plugin-License-Name-2 */
TEST(lang2_jar, jenkins_plugin_licenses)
{
    static const char *const want[] = {"com.example:license-from-jenkins-plugin@1.0.0"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_java_archive_parse, l, TRIVY_JAR "license-from-jenkins-plugin.jar",
                        false, &err),
             err);
    CHECK_SET(l, want);
    CHECK_STR(l->items[0].licenses, "Apache License, Version 2.0; MIT License");
}

TEST(lang2_jar, traversal_names_are_dropped)
{
    struct zent e[] = {
        {"../../etc/pom.properties", props, sizeof(props) - 1, false, 0},
        {"/abs/pom.properties", props, sizeof(props) - 1, false, 0},
        {"META-INF/maven/../../../x/pom.properties", props, sizeof(props) - 1, false, 0},
        {"ok.txt", "x", 1, false, 0},
    };
    size_t n;
    ward_autofree char *z = mkzip(e, 4, &n);
    ward_autoptr(ward_zip) zip = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_zip_open(&zip, z, n, &err), err);
    CHECK_EQ_SIZE(zip->count, 1);
    CHECK_EQ_SIZE(zip->unsafe, 3);
    CHECK_STR(zip->e[0].name, "ok.txt");
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(ward_java_archive_parse(l, "/x.jar", z, n, &err), err);
    CHECK_EQ_SIZE(l->n, 0);
}

TEST(lang2_zip, bombs_and_lies_refused)
{
    size_t big = 8u << 20;
    char *zeros = ward_xcalloc(1, big);
    struct zent e[] = {
        {"lie.txt", zeros, big, true, 1000}, /* inflates past its recorded size */
        {"bomb.bin", zeros, big, true, 0},   /* 8 MiB of zeros: ~1000:1 */
        {"crc.txt", "hello", 5, false, 0},
    };
    size_t n;
    ward_autofree char *z = mkzip(e, 3, &n);
    free(zeros);
    ward_autoptr(ward_zip) zip = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_zip_open(&zip, z, n, &err), err);
    struct ward_buf b = WARD_BUF_INIT(0);
    CHECK(ward_zip_read(zip, 0, &b, 1u << 30, &err) == WARD_EFORMAT);
    ward_error_free(err);
    err = NULL;
    /* over the caller's cap */
    CHECK(ward_zip_read(zip, 1, &b, 1u << 20, &err) == WARD_ELIMIT);
    ward_error_free(err);
    err = NULL;
    /* a recorded ratio beyond deflate's reach */
    zip->e[1].size = 4000000000u;
    CHECK(ward_zip_read(zip, 1, &b, SIZE_MAX, &err) == WARD_ELIMIT);
    CHECK(err && strstr(err->msg, "ratio"));
    ward_error_free(err);
    err = NULL;
    /* a CRC that does not match */
    zip->e[2].crc ^= 1;
    CHECK(ward_zip_read(zip, 2, &b, 1024, &err) == WARD_EFORMAT);
    CHECK(err && strstr(err->msg, "CRC"));
    ward_error_free(err);
    ward_buf_dispose(&b);
}

TEST(lang2_zip, truncated_and_garbage)
{
    char path[2048];
    size_t len;
    snprintf(path, sizeof(path), "%s/%s", harness_testdata(), TRIVY_JAR "nested.jar");
    ward_autofree char *data = harness_slurp(path, &len);
    CHECK(data != NULL);
    for (size_t cut = 0; cut < len; cut += 7) {
        struct ward_pkglist *t = ward_pkglist_new();
        struct ward_error *e2 = NULL;
        int rc = ward_java_archive_parse(t, "/t.jar", data, cut, &e2);
        CHECK(rc == 0 || (rc < 0 && e2 && e2->msg));
        CHECK(rc == 0 || t->n == 0);
        ward_error_free(e2);
        ward_pkglist_free(t);
    }
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    struct ward_error *err = NULL;
    CHECK(lang_parse(ward_java_archive_parse, l,
                     "osv-scalibr/extractor/filesystem/language/java/archive/testdata/not_jar",
                     false, &err) == WARD_EFORMAT);
    CHECK(err && strstr(err->msg, "zip"));
    ward_error_free(err);
}

/* ---- pom.xml ---- */

/* syft java testdata pom/example-java-app-maven/pom.xml: its two <dependencies>
 * (syft parse_pom_xml_test: joda-time 2.9.2, junit 4.12 with scope test), plus
 * the project itself, which trivy lists as the root package (syft does not) */
TEST(lang2_pom, syft_example_app)
{
    static const char *const want[] = {"com.joda:joda-time@2.9.2", "junit:junit@4.12",
                                       "org.anchore:example-java-app-maven@0.1.0"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_pom_xml_parse, l,
                        "syft/syft/pkg/cataloger/java/testdata/pom/example-java-app-maven/"
                        "pom.xml",
                        false, &err),
             err);
    CHECK_SET(l, want);
    for (size_t i = 0; i < l->n; i++)
        CHECK(l->items[i].dev == !strcmp(l->items[i].name, "junit"));
    ward_purl_fill(l, NULL);
    CHECK(!strcmp(l->items[0].purl, "pkg:maven/com.joda/joda-time@2.9.2") ||
          !strcmp(l->items[1].purl, "pkg:maven/com.joda/joda-time@2.9.2"));
}

TEST(lang2_pom, properties_and_managed_versions)
{
    static const char pom[] =
        "<?xml version=\"1.0\"?>\n<!-- c --><project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
        "<parent><groupId>org.p</groupId><version>9.9</version></parent>"
        "<artifactId>me</artifactId><version>1.2</version>"
        "<properties><lib.v>3.&#52;</lib.v><nested>${lib.v}.1</nested></properties>"
        "<dependencyManagement><dependencies><dependency><groupId>m.g</groupId>"
        "<artifactId>managed</artifactId><version>7.0</version></dependency></dependencies>"
        "</dependencyManagement><dependencies>"
        "<dependency><groupId>a.b</groupId><artifactId>lib</artifactId><version>${nested}</"
        "version></dependency>"
        "<dependency><groupId>${project.groupId}</groupId><artifactId>sib</"
        "artifactId><version>${project.version}</version></dependency>"
        "<dependency><groupId>m.g</groupId><artifactId>managed</artifactId></dependency>"
        "<dependency><groupId>u.n</groupId><artifactId>unres</artifactId><version>${nope}</"
        "version></dependency>"
        "<dependency><groupId>c.d</groupId><artifactId><![CDATA[cdata]]></artifactId><version>1</"
        "version></dependency>"
        "</dependencies><build><plugins><plugin><artifactId>x</artifactId><version>1</version></"
        "plugin></plugins></build></project>";
    static const char *const want[] = {"a.b:lib@3.4.1", "org.p:sib@1.2", "m.g:managed@7.0",
                                       "u.n:unres@",    "c.d:cdata@1",   "org.p:me@1.2"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(ward_pom_xml_parse(l, "/pom.xml", pom, sizeof(pom) - 1, &err), err);
    CHECK_SET(l, want);
}

TEST(lang2_pom, malformed_rejected)
{
    static const char *const bad[] = {
        "<project><dependencies></project>",
        "<project>",
        "not xml at all",
        "<project><!-- open",
        "<a></a><b></b>",
        "<project></wrong>",
    };
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        struct ward_error *err = NULL;
        CHECK_MSG(ward_pom_xml_parse(l, "/pom.xml", bad[i], strlen(bad[i]), &err) < 0,
                  "case %zu accepted", i);
        CHECK(err && err->msg);
        ward_error_free(err);
    }
    /* the syft "corrupt" fixture */
    struct ward_error *err = NULL;
    int rc = lang_parse(ward_pom_xml_parse, l,
                        "syft/syft/pkg/cataloger/java/testdata/corrupt/pom.xml", false, &err);
    CHECK(rc < 0 && err);
    ward_error_free(err);
    CHECK_EQ_SIZE(l->n, 0);
}

/* ---- gradle.lockfile ---- */

/* syft parse_gradle_lockfile_test.go (hamcrest-core 1.3, joda-time 2.2, junit
 * 4.12) plus the commons-text line the current fixture adds */
TEST(lang2_gradle, syft_lockfile)
{
    static const char *const want[] = {"org.hamcrest:hamcrest-core@1.3", "joda-time:joda-time@2.2",
                                       "junit:junit@4.12", "org.apache.commons:commons-text@1.8"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_gradle_lockfile_parse, l,
                        "syft/syft/pkg/cataloger/java/testdata/gradle/gradle.lockfile", false,
                        &err),
             err);
    CHECK_SET(l, want);
    for (size_t i = 0; i < l->n; i++) {
        bool test_only =
            !strcmp(l->items[i].name, "junit") || !strcmp(l->items[i].name, "hamcrest-core");
        CHECK(l->items[i].dev == test_only);
    }
    ward_purl_fill(l, NULL);
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].name, "junit"))
            CHECK_STR(l->items[i].purl, "pkg:maven/junit/junit@4.12");
}

/* ---- build.sbt.lock ---- */

/* trivy sbt/lockfile v1_happy.sbt.lock: four dependencies; scalatest-core is
 * only in the "test" configuration (trivy leaves it out, ward keeps it as dev);
 * empty.sbt.lock has none */
TEST(lang2_sbt, trivy_lockfiles)
{
    static const char *const want[] = {
        "org.apache.commons:commons-lang3@3.9", "org.scala-lang:scala-library@2.12.10",
        "org.typelevel:cats-core_2.12@2.9.0", "org.scalatest:scalatest-core_2.13@3.2.15"};
    struct ward_error *err = NULL;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_sbt_lock_parse, l,
                        "trivy/pkg/dependency/parser/sbt/lockfile/testdata/v1_happy.sbt.lock",
                        false, &err),
             err);
    CHECK_SET(l, want);
    for (size_t i = 0; i < l->n; i++)
        CHECK(l->items[i].dev == !strcmp(l->items[i].name, "scalatest-core_2.13"));
    ward_purl_fill(l, NULL);
    const struct ward_pkg *c = lang_find(l, "cats-core_2.12");
    CHECK_STR(c->purl, "pkg:maven/org.typelevel/cats-core_2.12@2.9.0");
    CHECK_STR(c->ecosystem, "Maven");
    ward_autoptr(ward_pkglist) e = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_sbt_lock_parse, e,
                        "trivy/pkg/dependency/parser/sbt/lockfile/testdata/empty.sbt.lock",
                        false, &err),
             err);
    CHECK_EQ_SIZE(e->n, 0);
    /* trivy's integration fixture: jackson-databind 2.9.1 (golden findings name it
     * com.fasterxml.jackson.core:jackson-databind) */
    ward_autoptr(ward_pkglist) r = ward_pkglist_new();
    CHECK_OK(lang_parse(ward_sbt_lock_parse, r,
                        "trivy/integration/testdata/fixtures/repo/sbt/build.sbt.lock", false,
                        &err),
             err);
    static const char *const rn[] = {"com.fasterxml.jackson.core:jackson-databind@2.9.1"};
    CHECK_SET(r, rn);
    /* not an object */
    ward_autoptr(ward_pkglist) b = ward_pkglist_new();
    CHECK(ward_sbt_lock_parse(b, "/x/build.sbt.lock", "[1]", 3, &err) == WARD_EFORMAT);
    ward_error_free(err);
}
