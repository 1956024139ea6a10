/* test_sarif.c - the shared SARIF frame's URI helpers against RFC 3986: paths
 * become relative references with only unreserved, sub-delims, '@' and '/'
 * left as is, and helpUri candidates pass only when they are absolute URIs. */
#include "harness.h"
#include "report/sarif.h"
#include "util/buf.h"

#include <string.h>

/* {"u":"<encoded>"} for PATH */
static char *enc(const char *path)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    struct ward_json j;
    ward_json_init(&j, &b, false);
    ward_json_obj_begin(&j);
    ward_sarif_kv_uri(&j, "u", path);
    ward_json_obj_end(&j);
    return ward_buf_steal(&b);
}

#define ENC(path, want)                                                                            \
    do {                                                                                           \
        ward_autofree char *got_ = enc(path);                                                      \
        CHECK_STR(got_, "{\"u\":\"" want "\"}");                                                   \
    } while (0)

TEST(report_sarif, uri_reference)
{
    ENC("usr/lib/x86_64-linux-gnu/libc.so.6", "usr/lib/x86_64-linux-gnu/libc.so.6");
    ENC("", "");
    ENC(NULL, "");
    /* space, ':' (would read as a scheme in the first segment), '%', '#', '?' */
    ENC("a dir/b:c%d#e?f", "a%20dir/b%3Ac%25d%23e%3Ff");
    ENC("alpine:3.10", "alpine%3A3.10");
    ENC("config:/config/Env/1", "config%3A/config/Env/1");
    /* sub-delims and '@' are allowed in a path segment */
    ENC("node_modules/@scope/p+q/a=b;c,d!e$f&g'h(i)j*k~",
        "node_modules/@scope/p+q/a=b;c,d!e$f&g'h(i)j*k~");
    /* gen-delims, brackets, quotes, backslash and non-ASCII bytes */
    ENC("[x]{y}|z^`<>\"\\", "%5Bx%5D%7By%7D%7Cz%5E%60%3C%3E%22%5C");
    ENC("caf\xc3\xa9", "caf%C3%A9");
}

TEST(report_sarif, absolute_uri)
{
    CHECK(ward_sarif_is_abs_uri("https://security-tracker.debian.org/tracker/CVE-2019-18276"));
    CHECK(ward_sarif_is_abs_uri("https://x.example/a?b=c&d=e#f"));
    CHECK(ward_sarif_is_abs_uri("https://[::1]:8080/%41"));
    CHECK(ward_sarif_is_abs_uri("mailto:a@b.example"));
    CHECK(ward_sarif_is_abs_uri("urn:cve:2019-18276"));
    CHECK(ward_sarif_is_abs_uri("svn+ssh://h/p"));
    CHECK(!ward_sarif_is_abs_uri(NULL));
    CHECK(!ward_sarif_is_abs_uri(""));
    CHECK(!ward_sarif_is_abs_uri("CVE-2019-18276"));        /* no scheme */
    CHECK(!ward_sarif_is_abs_uri("/tracker/CVE-2019-18276")); /* relative */
    CHECK(!ward_sarif_is_abs_uri("1http://x"));             /* scheme starts with a letter */
    CHECK(!ward_sarif_is_abs_uri("ht_tp://x"));
    CHECK(!ward_sarif_is_abs_uri("https://x/a b"));
    CHECK(!ward_sarif_is_abs_uri("https://x/<a>"));
    CHECK(!ward_sarif_is_abs_uri("https://x/%zz"));
    CHECK(!ward_sarif_is_abs_uri("https://x/%4"));
    CHECK(!ward_sarif_is_abs_uri("https://x/caf\xc3\xa9"));
}
