/* debian.c - the Debian security tracker: its JSON export (package -> CVE ->
 * release -> status/fixed_version/urgency) and the DSA/DLA/DTSA list files
 * (advisory, CVEs, "[release] - package version"). Releases are keyed by
 * number ("Debian:12"), as OSV spells them. */
#define WARD_LOG_MODULE "vulndb"
#include "util/json_in.h"
#include "vulndb/vulndb_int.h"

#include <string.h>

const char *vulndb__debian_release(const char *codename)
{
    static const char *const map[][2] = {
        {"buzz", "1.1"},    {"rex", "1.2"},    {"bo", "1.3"},    {"hamm", "2.0"},
        {"slink", "2.1"},   {"potato", "2.2"}, {"woody", "3.0"}, {"sarge", "3.1"},
        {"etch", "4"},      {"lenny", "5"},    {"squeeze", "6"}, {"wheezy", "7"},
        {"jessie", "8"},    {"stretch", "9"},  {"buster", "10"}, {"bullseye", "11"},
        {"bookworm", "12"}, {"trixie", "13"},  {"forky", "14"},  {"duke", "15"},
    };
    for (size_t i = 0; codename && i < WARD_ARRAY_LEN(map); i++)
        if (strcmp(codename, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

/* {"pkg": {"CVE-...": {"releases": {...}}}} */
bool vulndb__is_debian_json(const json_t *doc)
{
    if (!json_is_object(doc) || json_object_size(doc) == 0)
        return false;
    void *it = json_object_iter((json_t *)doc);
    json_t *first = json_object_iter_value(it);
    if (!json_is_object(first))
        return false;
    void *it2 = json_object_iter(first);
    json_t *cve = it2 ? json_object_iter_value(it2) : NULL;
    return !it2 || ward_jobj(cve, "releases") != NULL;
}

int vulndb__debian_json(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                        struct ward_error **err)
{
    struct ward_buf eco = WARD_BUF_INIT(64), range = WARD_BUF_INIT(4096);
    const char *pkg;
    json_t *cves;
    int r = 0;
    json_object_foreach((json_t *)doc, pkg, cves)
    {
        if (!json_is_object(cves) || !*pkg || !vulndb__clean(pkg)) {
            ward_warn("%s: package %.64s malformed; skipped", origin, pkg);
            s->skipped++;
            continue;
        }
        const char *cve;
        json_t *c;
        json_object_foreach(cves, cve, c)
        {
            json_t *rels = ward_jobj(c, "releases");
            if (!rels || !*cve || !vulndb__clean(cve) || strlen(cve) > 256) {
                ward_warn("%s: %s %.64s malformed; skipped", origin, pkg, cve);
                s->skipped++;
                continue;
            }
            const char *desc = ward_jstr(c, "description");
            struct adv_in in = {
                .id = cve,
                .feed = "debian-tracker",
                .details = desc && strlen(desc) <= WARD_VULNDB_MAX_FIELD ? desc : NULL,
            };
            int64_t adv = 0;
            const char *rel;
            json_t *rv;
            json_object_foreach(rels, rel, rv)
            {
                const char *num = vulndb__debian_release(rel);
                const char *status = ward_jstr(rv, "status");
                const char *fixed = ward_jstr(rv, "fixed_version");
                const char *urgency = ward_jstr(rv, "urgency");
                const char *reason = ward_jstr(rv, "nodsa_reason");
                if (!num || !status)
                    continue; /* sid and unknown releases have no OSV ecosystem */
                if (fixed && (!vulndb__clean(fixed) || strlen(fixed) > 1024))
                    fixed = NULL;
                if (urgency && (!vulndb__clean(urgency) || !strcmp(urgency, "not yet assigned")))
                    urgency = NULL;
                int kind = WARD_VULNDB_RANGES;
                ward_buf_reset(&range);
                if (!strcmp(status, "resolved") && fixed) {
                    if (!strcmp(fixed, "0"))
                        kind = WARD_VULNDB_NOT_AFFECTED;
                    else
                        ward_buf_addf(&range, "ECOSYSTEM%ci:0%cf:%s", EVENT_SEP, EVENT_SEP, fixed);
                } else if (reason && !strcmp(reason, "ignored")) {
                    kind = WARD_VULNDB_WILL_NOT_FIX;
                } else if (!strcmp(status, "open") || !strcmp(status, "undetermined")) {
                    ward_buf_addf(&range, "ECOSYSTEM%ci:0", EVENT_SEP);
                } else {
                    continue;
                }
                if (!adv && (adv = vulndb__advisory(s, &in, err)) < 0) {
                    r = -1;
                    goto out;
                }
                ward_buf_reset(&eco);
                ward_buf_addf(&eco, "Debian:%s", num);
                if (vulndb__affected(s, adv, eco.ptr, pkg, kind, range.len ? range.ptr : NULL, NULL,
                                     urgency, err) < 0) {
                    r = -1;
                    goto out;
                }
            }
        }
    }
out:
    ward_buf_dispose(&eco);
    ward_buf_dispose(&range);
    return r;
}

/* ---- DSA / DLA / DTSA list files ---- */

bool vulndb__is_debian_list(const char *p, size_t n)
{
    /* "[29 Mar 2023] DSA-5380-1 xorg-server - security update" */
    if (n < 16 || p[0] != '[')
        return false;
    const char *close = memchr(p, ']', WARD_MIN(n, 32));
    if (!close)
        return false;
    size_t left = n - (size_t)(close - p);
    return (left > 6 && (!memcmp(close, "] DSA-", 6) || !memcmp(close, "] DLA-", 6))) ||
           (left > 7 && !memcmp(close, "] DTSA-", 7));
}

struct dsa {
    char *id, *summary;
    char **cves;
    size_t n_cves, cap;
    int64_t adv;
};

static void dsa_reset(struct dsa *d)
{
    free(d->id);
    free(d->summary);
    for (size_t i = 0; i < d->n_cves; i++)
        free(d->cves[i]);
    free(d->cves);
    memset(d, 0, sizeof(*d));
}

static int dsa_store(struct ward_vulndb_sink *s, struct dsa *d, struct ward_error **err)
{
    if (d->adv)
        return 0;
    struct adv_in in = {.id = d->id, .feed = "debian-dsa", .summary = d->summary};
    d->adv = vulndb__advisory(s, &in, err);
    if (d->adv < 0)
        return -1;
    for (size_t i = 0; i < d->n_cves; i++)
        if (vulndb__alias(s, d->adv, d->cves[i], err) < 0)
            return -1;
    return 0;
}

int vulndb__debian_list(struct ward_vulndb_sink *s, const char *origin, const char *p, size_t n,
                        struct ward_error **err)
{
    struct ward_span in = ward_span_of(p, n), line;
    struct dsa d = {0};
    struct ward_buf eco = WARD_BUF_INIT(64), range = WARD_BUF_INIT(4096);
    size_t lineno = 0;
    int r = 0;
    while (r == 0 && ward_span_line(&in, &line)) {
        lineno++;
        if (line.len > WARD_VULNDB_MAX_FIELD)
            continue;
        char *l = ward_span_dup(line);
        if (l[0] == '[') {
            /* new advisory: "[date] ID pkg - summary" */
            dsa_reset(&d);
            char *close = strchr(l, ']');
            if (close && close[1] == ' ') {
                char *id = close + 2, *sp = strchr(id, ' ');
                if (sp) {
                    d.id = ward_xstrndup(id, (size_t)(sp - id));
                    char *dash = strstr(sp, " - ");
                    d.summary = ward_xstrdup(dash ? dash + 3 : sp + 1);
                }
            }
            if (!d.id || !vulndb__clean(d.id)) {
                ward_warn("%s:%zu: malformed advisory line; skipped", origin, lineno);
                s->skipped++;
                dsa_reset(&d);
            }
        } else if (d.id && (l[0] == '\t' || l[0] == ' ')) {
            char *t = l + strspn(l, " \t");
            if (t[0] == '{') {
                for (char *c = t + 1; *c && *c != '}';) {
                    size_t k = strcspn(c, " }");
                    if (k && k < 128) {
                        WARD_GROW(d.cves, d.n_cves, d.cap);
                        d.cves[d.n_cves++] = ward_xstrndup(c, k);
                    }
                    c += k;
                    c += strspn(c, " ");
                }
            } else if (t[0] == '[') {
                /* "[bullseye] - pkg version" or "[bullseye] - pkg <not-affected> (...)" */
                char *close = strchr(t, ']');
                char *rest = close ? strstr(close, "] - ") : NULL;
                const char *num = NULL;
                if (close) {
                    *close = 0;
                    num = vulndb__debian_release(t + 1);
                }
                char *pkg = rest ? rest + 4 : NULL;
                char *sp = pkg ? strchr(pkg, ' ') : NULL;
                if (!num || !sp) {
                    if (!num && close && rest) {
                        free(l);
                        continue; /* a release without an OSV ecosystem */
                    }
                    ward_warn("%s:%zu: malformed release line; skipped", origin, lineno);
                    s->skipped++;
                    free(l);
                    continue;
                }
                *sp = 0;
                char *ver = sp + 1;
                ver[strcspn(ver, " \t")] = 0;
                int kind = WARD_VULNDB_RANGES;
                ward_buf_reset(&range);
                if (!strcmp(ver, "<not-affected>"))
                    kind = WARD_VULNDB_NOT_AFFECTED;
                else if (ver[0] == '<' || !*ver) {
                    free(l);
                    continue; /* <unfixed>, <end-of-life>, <postponed> carry no version */
                } else
                    ward_buf_addf(&range, "ECOSYSTEM%ci:0%cf:%s", EVENT_SEP, EVENT_SEP, ver);
                ward_buf_reset(&eco);
                ward_buf_addf(&eco, "Debian:%s", num);
                if (!vulndb__clean(pkg) || !vulndb__clean(ver))
                    s->skipped++;
                else if (dsa_store(s, &d, err) < 0 ||
                         vulndb__affected(s, d.adv, eco.ptr, pkg, kind,
                                          range.len ? range.ptr : NULL, NULL, NULL, err) < 0)
                    r = -1;
            }
        }
        free(l);
    }
    dsa_reset(&d);
    ward_buf_dispose(&eco);
    ward_buf_dispose(&range);
    return r;
}
