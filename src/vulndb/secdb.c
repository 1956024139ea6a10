/* secdb.c - Alpine-style secdb documents (Alpine, Wolfi, Chainguard; JSON or
 * YAML): packages[].pkg.secfixes maps a fixed version to the CVEs it fixes.
 * Each (package, CVE) becomes an advisory fixed in that version; the version
 * "0" means the package was never affected. */
#define WARD_LOG_MODULE "vulndb"
#include "util/json_in.h"
#include "vulndb/vulndb_int.h"

#include <string.h>

bool vulndb__is_secdb(const json_t *doc)
{
    return json_is_object(doc) && ward_jarr(doc, "packages") &&
           (json_object_get(doc, "distroversion") || json_object_get(doc, "reponame") ||
            json_object_get(doc, "apkurl") || json_object_get(doc, "urlprefix"));
}

/* Ecosystem of the document: "Alpine:v3.10" from distroversion, else guessed
 * from the URL prefix (Wolfi, Chainguard publish one rolling secdb). */
static const char *secdb_eco(const json_t *doc, struct ward_buf *b)
{
    const char *dv = ward_jstr(doc, "distroversion");
    const char *url = ward_jstr(doc, "urlprefix");
    ward_buf_reset(b);
    if (dv && *dv && vulndb__clean(dv) && strlen(dv) < 64) {
        ward_buf_addf(b, "Alpine:%s%s", dv[0] == 'v' || !strcmp(dv, "edge") ? "" : "v", dv);
        return b->ptr;
    }
    if (url && strstr(url, "wolfi"))
        return "Wolfi";
    if (url && strstr(url, "chainguard"))
        return "Chainguard";
    return NULL;
}

/* One secfixes entry may name several ids, or add words: take the tokens
 * that look like advisory ids ("CVE-2019-1234", "XSA-123", "GHSA-..."). */
static bool id_like(const char *p, size_t n)
{
    if (n < 5 || n > 128)
        return false;
    size_t i = 0;
    while (i < n && ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z')))
        i++;
    return i >= 2 && i < n && p[i] == '-';
}

int vulndb__secdb(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                  const char *force_eco, struct ward_error **err)
{
    struct ward_buf ecob = WARD_BUF_INIT(256), range = WARD_BUF_INIT(4096);
    const char *eco = force_eco ? force_eco : secdb_eco(doc, &ecob);
    int r = 0;
    if (!eco) {
        ward_warn("%s: secdb without distroversion (use --ecosystem); skipped", origin);
        s->skipped++;
        goto out;
    }
    size_t i;
    json_t *p;
    json_array_foreach(ward_jarr(doc, "packages"), i, p)
    {
        json_t *pkg = ward_jobj(p, "pkg");
        const char *name = ward_jstr(pkg, "name");
        json_t *fixes = json_object_get(pkg, "secfixes");
        if (!name || !*name || !vulndb__clean(name) || (fixes && !json_is_object(fixes))) {
            ward_warn("%s: package entry %zu malformed; skipped", origin, i);
            s->skipped++;
            continue;
        }
        const char *ver;
        json_t *ids;
        json_object_foreach(fixes, ver, ids)
        {
            if (!json_is_array(ids) || !*ver || !vulndb__clean(ver) || strlen(ver) > 1024) {
                ward_warn("%s: %s: secfix %.64s malformed; skipped", origin, name, ver);
                s->skipped++;
                continue;
            }
            bool never = strcmp(ver, "0") == 0;
            ward_buf_reset(&range);
            ward_buf_addf(&range, "ECOSYSTEM%ci:0%cf:%s", EVENT_SEP, EVENT_SEP, ver);
            size_t j;
            json_t *idv;
            json_array_foreach(ids, j, idv)
            {
                const char *line = json_is_string(idv) ? json_string_value(idv) : NULL;
                if (!line)
                    continue;
                for (const char *t = line; *t;) {
                    size_t n = strcspn(t, " \t,;()");
                    if (id_like(t, n) && vulndb__clean(t)) {
                        char *id = ward_xstrndup(t, n);
                        struct adv_in in = {.id = id, .feed = "alpine-secdb"};
                        int64_t adv = vulndb__advisory(s, &in, err);
                        if (adv < 0 ||
                            vulndb__affected(s, adv, eco, name,
                                             never ? WARD_VULNDB_NOT_AFFECTED : WARD_VULNDB_RANGES,
                                             never ? NULL : range.ptr, NULL, NULL, err) < 0)
                            r = -1;
                        free(id);
                        if (r < 0)
                            goto out;
                    }
                    t += n;
                    t += strspn(t, " \t,;()");
                }
            }
        }
    }
out:
    ward_buf_dispose(&ecob);
    ward_buf_dispose(&range);
    return r;
}
