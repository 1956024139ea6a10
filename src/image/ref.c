/* ref.c - image reference parsing with Docker's normalisation rules
 * ([domain/]path[:tag][@digest], Docker Hub default, "library/" prefix).
 * Input is hostile (user or API supplied): every part is checked against the grammar. */
#include "image/registry.h"
#include "util/hash.h"

#include <string.h>

#define REF_NAME_MAX 255u /* Docker: repository name (domain/path) at most 255 chars */
#define REF_TAG_MAX  128u
#define REF_IN_MAX   1024u

static bool is_lower_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool is_alnum(char c)
{
    return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* One path component: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)* */
static bool path_component_ok(const char *p, size_t n)
{
    size_t i = 0;
    if (n == 0 || !is_lower_alnum(p[0]))
        return false;
    while (i < n) {
        while (i < n && is_lower_alnum(p[i]))
            i++;
        if (i == n)
            return true;
        /* separator */
        if (p[i] == '.') {
            i++;
        } else if (p[i] == '_') {
            i++;
            if (i < n && p[i] == '_')
                i++;
        } else if (p[i] == '-') {
            while (i < n && p[i] == '-')
                i++;
        } else {
            return false;
        }
        if (i == n || !is_lower_alnum(p[i]))
            return false;
    }
    return true;
}

/* host[:port] where host is dotted labels ([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?) or [ipv6]. */
static bool domain_ok(const char *p, size_t n)
{
    size_t i = 0;
    if (n == 0)
        return false;
    if (p[0] == '[') {
        i = 1;
        while (i < n && (is_hex(p[i]) || p[i] == ':'))
            i++;
        if (i == 1 || i >= n || p[i] != ']')
            return false;
        i++;
    } else {
        for (;;) {
            size_t start = i;
            while (i < n && (is_alnum(p[i]) || p[i] == '-'))
                i++;
            if (i == start || p[start] == '-' || p[i - 1] == '-')
                return false;
            if (i < n && p[i] == '.') {
                i++;
                continue;
            }
            break;
        }
    }
    if (i == n)
        return true;
    if (p[i] != ':' || i + 1 == n)
        return false;
    for (i++; i < n; i++)
        if (!is_digit(p[i]))
            return false;
    return true;
}

static bool tag_ok(const char *p, size_t n)
{
    if (n == 0 || n > REF_TAG_MAX)
        return false;
    if (!(is_alnum(p[0]) || p[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(is_alnum(p[i]) || p[i] == '_' || p[i] == '.' || p[i] == '-'))
            return false;
    return true;
}

/* algorithm per the OCI grammar: [a-z0-9]+([+._-][a-z0-9]+)* */
static bool digest_algo_ok(const char *p, size_t n)
{
    if (n == 0 || !is_lower_alnum(p[0]) || !is_lower_alnum(p[n - 1]))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (is_lower_alnum(c))
            continue;
        if ((c == '+' || c == '.' || c == '_' || c == '-') && is_lower_alnum(p[i + 1]))
            continue;
        return false;
    }
    return true;
}

static size_t first_slash(const char *s)
{
    const char *p = strchr(s, '/');
    return p ? (size_t)(p - s) : SIZE_MAX;
}

/* Docker's splitDockerDomain test on the first component p[0..n). */
static bool looks_like_domain(const char *p, size_t n)
{
    if (n == 9 && memcmp(p, "localhost", 9) == 0)
        return true;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '.' || p[i] == ':' || (p[i] >= 'A' && p[i] <= 'Z'))
            return true;
    return false;
}

bool ward_image_ref_has_registry(const char *s)
{
    if (!s)
        return false;
    size_t i = first_slash(s);
    return i != SIZE_MAX && looks_like_domain(s, i);
}

void ward_image_ref_dispose(struct ward_image_ref *r)
{
    if (!r)
        return;
    free(r->registry);
    free(r->repository);
    free(r->tag);
    free(r->digest);
    memset(r, 0, sizeof(*r));
}

static int bad(struct ward_error **err, const char *s, const char *why)
{
    return ward_error_set(err, WARD_EFORMAT, 0, "invalid image reference \"%.200s\": %s", s, why);
}

int ward_image_ref_parse(struct ward_image_ref *out, const char *s, struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    if (!s || !*s)
        return ward_error_set(err, WARD_EFORMAT, 0, "invalid image reference: empty");
    size_t len = strlen(s);
    if (len > REF_IN_MAX)
        return bad(err, s, "too long");
    /* Docker refuses a bare 64-hex name: it would be taken for an image ID. */
    if (len == 64) {
        bool all_hex = true;
        for (size_t i = 0; i < 64; i++)
            if (!(is_digit(s[i]) || (s[i] >= 'a' && s[i] <= 'f')))
                all_hex = false;
        if (all_hex)
            return bad(err, s, "a 64-character hexadecimal string is an image ID, not a name");
    }

    const char *rest = s;
    const char *dom = NULL;
    size_t dom_len = 0;
    size_t i = first_slash(s);
    if (i != SIZE_MAX && looks_like_domain(s, i)) {
        dom = s;
        dom_len = i;
        rest = s + i + 1;
        if (!domain_ok(dom, dom_len))
            return bad(err, s, "invalid registry host");
    }

    /* rest = path[:tag][@digest]; path has no ':' or '@'. */
    const char *at = strchr(rest, '@');
    size_t name_end = at ? (size_t)(at - rest) : strlen(rest);
    const char *colon = memchr(rest, ':', name_end);
    size_t path_len = colon ? (size_t)(colon - rest) : name_end;
    const char *tag = colon ? colon + 1 : NULL;
    size_t tag_len = colon ? name_end - path_len - 1 : 0;

    if (path_len == 0)
        return bad(err, s, "missing repository name");
    for (size_t a = 0; a < path_len;) {
        const char *sl = memchr(rest + a, '/', path_len - a);
        size_t b = sl ? (size_t)(sl - rest) : path_len;
        if (!path_component_ok(rest + a, b - a)) {
            for (size_t k = a; k < b; k++)
                if (rest[k] >= 'A' && rest[k] <= 'Z')
                    return bad(err, s, "repository name must be lowercase");
            return bad(err, s, "invalid repository name component");
        }
        if (!sl)
            break;
        a = b + 1;
        if (a == path_len)
            return bad(err, s, "repository name ends with '/'");
    }
    if (tag && !tag_ok(tag, tag_len))
        return bad(err, s, "invalid tag");

    if (at) {
        const char *d = at + 1;
        const char *dc = strchr(d, ':');
        if (!dc || !digest_algo_ok(d, (size_t)(dc - d)) || !dc[1])
            return bad(err, s, "invalid digest");
        for (const char *h = dc + 1; *h; h++)
            if (!is_hex(*h))
                return bad(err, s, "invalid digest");
        if ((size_t)(dc - d) != 6 || memcmp(d, "sha256", 6) != 0)
            return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                                  "image reference \"%.200s\": only sha256 digests are supported",
                                  s);
        if (!ward_digest_valid(d))
            return bad(err, s, "a sha256 digest has 64 lower-case hexadecimal digits");
    }

    bool hub = !dom || (dom_len == 9 && memcmp(dom, "docker.io", 9) == 0) ||
               (dom_len == 15 && memcmp(dom, "index.docker.io", 15) == 0);
    bool library = hub && !memchr(rest, '/', path_len);
    size_t name_len = (hub ? 9 : dom_len) + 1 + (library ? 8 : 0) + path_len;
    if (name_len > REF_NAME_MAX)
        return bad(err, s, "repository name longer than 255 characters");

    out->registry = hub ? ward_xstrdup(WARD_DOCKER_HUB_REGISTRY) : ward_xstrndup(dom, dom_len);
    out->repository = library ? ward_xasprintf("library/%.*s", (int)path_len, rest)
                              : ward_xstrndup(rest, path_len);
    if (tag)
        out->tag = ward_xstrndup(tag, tag_len);
    else if (!at)
        out->tag = ward_xstrdup("latest");
    if (at)
        out->digest = ward_xstrdup(at + 1);
    return 0;
}

char *ward_image_ref_string(const struct ward_image_ref *r)
{
    return ward_xasprintf("%s/%s%s%s%s%s", r->registry ? r->registry : "?",
                          r->repository ? r->repository : "?", r->tag ? ":" : "",
                          r->tag ? r->tag : "", r->digest ? "@" : "", r->digest ? r->digest : "");
}
