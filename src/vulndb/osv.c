/* osv.c - OSV records (osv-schema 1.x, JSON or YAML already parsed) into the
 * DB: id, aliases + upstream, summary/details, CVSS and vendor severity,
 * references, and one affected row per (ecosystem, package) with its ranges
 * and explicit versions. Ecosystem strings are kept as the record spells
 * them, so vendor ecosystems outside OSV's enumeration still import; rpm
 * module-stream entries get a "/module:<name:stream>" suffix. */
#define WARD_LOG_MODULE "vulndb"
#include "util/json_in.h"
#include "vulndb/vulndb_int.h"

#include <string.h>

bool vulndb__is_osv(const json_t *doc)
{
    if (json_is_array(doc)) {
        json_t *first = json_array_get(doc, 0);
        return json_is_object(first) && ward_jstr(first, "id") && !json_object_get(first, "pkg");
    }
    return json_is_object(doc) && ward_jstr(doc, "id") &&
           (json_object_get(doc, "affected") || json_object_get(doc, "modified") ||
            json_object_get(doc, "schema_version") || json_object_get(doc, "aliases"));
}

struct sev {
    const char *vector; /* best CVSS vector */
    double score;
    int rank;         /* 3 = v3.1, 2 = v3.0, 1 = v4/v2 */
    const char *word; /* vendor severity word */
};

/* OSV "severity": [{type, score}] -> the best CVSS vector and any vendor word. */
static void read_severity(const json_t *arr, struct sev *s)
{
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e)
    {
        const char *type = ward_jstr(e, "type"), *score = ward_jstr(e, "score");
        if (!type || !score || !vulndb__clean(score))
            continue;
        if (!strcmp(type, "CVSS_V3")) {
            double v = 0;
            int rank = strncmp(score, "CVSS:3.1", 8) == 0 ? 3 : 2;
            if (rank > s->rank && ward_cvss3_score(score, &v, NULL) == 0) {
                s->vector = score;
                s->score = v;
                s->rank = rank;
            }
        } else if (!strcmp(type, "CVSS_V4") || !strcmp(type, "CVSS_V2")) {
            if (s->rank < 1) {
                s->vector = score;
                s->rank = 1;
            }
        } else if (ward_severity_parse(score) != WARD_SEV_UNKNOWN) {
            s->word = score; /* "Ubuntu": "medium" and other vendor words */
        }
    }
}

static const char *event_prefix(const char *key)
{
    if (!strcmp(key, "introduced"))
        return "i:";
    if (!strcmp(key, "fixed"))
        return "f:";
    if (!strcmp(key, "last_affected"))
        return "l:";
    if (!strcmp(key, "limit"))
        return "m:";
    return NULL;
}

/* ranges -> "TYPE\x1fi:0\x1ff:1.2\x1eTYPE..." (GIT ranges dropped: commits are
 * not package versions). false when the ranges are malformed. */
static bool encode_ranges(const json_t *ranges, struct ward_buf *out)
{
    size_t i, j;
    json_t *r, *ev;
    ward_buf_reset(out);
    if (ranges && !json_is_array(ranges))
        return false;
    json_array_foreach(ranges, i, r)
    {
        const char *type = ward_jstr(r, "type");
        json_t *events = ward_jarr(r, "events");
        if (!type || !events)
            return false;
        if (!strcmp(type, "GIT"))
            continue;
        if (strcmp(type, "ECOSYSTEM") && strcmp(type, "SEMVER"))
            return false;
        if (out->len)
            ward_buf_addc(out, RANGE_SEP);
        ward_buf_adds(out, type);
        json_array_foreach(events, j, ev)
        {
            const char *key;
            json_t *val;
            size_t k = 0;
            if (!json_is_object(ev) || json_object_size(ev) != 1)
                return false;
            json_object_foreach(ev, key, val)
            {
                const char *pfx = event_prefix(key);
                const char *v = json_is_string(val) ? json_string_value(val) : NULL;
                if (!pfx || !v || !*v || !vulndb__clean(v) || strlen(v) > 1024)
                    return false;
                ward_buf_addc(out, EVENT_SEP);
                ward_buf_adds(out, pfx);
                ward_buf_adds(out, v);
                k++;
            }
            if (k != 1)
                return false;
        }
    }
    return ward_buf_check(out) == 0;
}

static bool encode_versions(const json_t *versions, struct ward_buf *out)
{
    size_t i;
    json_t *v;
    ward_buf_reset(out);
    if (versions && !json_is_array(versions))
        return false;
    json_array_foreach(versions, i, v)
    {
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        if (!s || !vulndb__clean(s))
            return false;
        if (i)
            ward_buf_addc(out, EVENT_SEP);
        ward_buf_adds(out, s);
    }
    return ward_buf_check(out) == 0;
}

/* Severity word attached to one affected entry (Ubuntu/Debian style). */
static const char *affected_severity(const json_t *aff)
{
    struct sev s = {0};
    read_severity(ward_jarr(aff, "severity"), &s);
    if (s.word)
        return s.word;
    const char *w = ward_jstr(ward_jobj(aff, "ecosystem_specific"), "severity");
    if (!w)
        w = ward_jstr(ward_jobj(aff, "ecosystem_specific"), "urgency");
    if (!w)
        w = ward_jstr(ward_jobj(aff, "database_specific"), "severity");
    return w && vulndb__clean(w) ? w : NULL;
}

/* The rpm module stream ("name:stream") an affected entry is about: vunnel's
 * and grype's ecosystem_specific.rpm_modularity, or the rpmmod= qualifier of
 * Red Hat's package purl ("nodejs:18:8090020231019152822:a75119d5"). Written
 * into *mod (NUL-terminated, truncated to the first two fields); false if none. */
static bool affected_module(const json_t *aff, char *mod, size_t cap)
{
    const char *m = ward_jstr(ward_jobj(aff, "ecosystem_specific"), "rpm_modularity");
    size_t n = 0;
    if (!m) {
        const char *purl = ward_jstr(ward_jobj(aff, "package"), "purl");
        const char *q = purl && !strncmp(purl, "pkg:rpm/", 8) ? strchr(purl, '?') : NULL;
        while (q && (*q == '?' || *q == '&') && !m) {
            q++;
            if (!strncmp(q, "rpmmod=", 7))
                m = q + 7;
            else
                q += strcspn(q, "&#");
        }
        n = m ? strcspn(m, "&#") : 0;
    } else {
        n = strlen(m);
    }
    /* "%3A" is how a purl may spell the colons */
    size_t o = 0, colons = 0;
    for (size_t i = 0; m && i < n && o + 1 < cap; i++) {
        char c = m[i];
        if (c == '%' && i + 2 < n && m[i + 1] == '3' && (m[i + 2] == 'A' || m[i + 2] == 'a')) {
            c = ':';
            i += 2;
        }
        if (c == ':' && ++colons == 2)
            break;
        mod[o++] = c;
    }
    mod[o] = 0;
    return o > 0 && vulndb__clean(mod);
}

/* A fix or affected version built for a module (".module+el8.9.0+...",
 * Alma's ".module_el8..."): the entry is about some module stream even
 * when the record does not name it. */
static bool modular_ranges(const char *ranges)
{
    return ranges && (strstr(ranges, ".module+el") || strstr(ranges, ".module_el"));
}

/* Validate everything first so a malformed record stores nothing. */
static bool osv_valid(const json_t *doc, const char **why)
{
    const char *id = ward_jstr(doc, "id");
    if (!id || !*id || !vulndb__clean(id) || strlen(id) > 256) {
        *why = "missing or bad \"id\"";
        return false;
    }
    json_t *aff = json_object_get(doc, "affected");
    if (aff && !json_is_array(aff)) {
        *why = "\"affected\" is not an array";
        return false;
    }
    size_t i;
    json_t *a;
    json_array_foreach(aff, i, a)
    {
        json_t *pkg = ward_jobj(a, "package");
        if (!json_is_object(a)) {
            *why = "an affected entry is not an object";
            return false;
        }
        if (pkg && (!ward_jstr(pkg, "ecosystem") || !ward_jstr(pkg, "name"))) {
            *why = "affected package without ecosystem or name";
            return false;
        }
    }
    return true;
}

static int store_one(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                     struct ward_error **err)
{
    const char *why = NULL;
    if (!json_is_object(doc) || !osv_valid(doc, &why)) {
        ward_warn("%s: malformed OSV record: %s; skipped", origin, why ? why : "not an object");
        s->skipped++;
        return 0;
    }
    if (ward_jstr(doc, "withdrawn"))
        return 0; /* withdrawn advisories must not match */
    struct ward_buf ranges = WARD_BUF_INIT(1u << 20), versions = WARD_BUF_INIT(4u << 20);
    /* Encode all affected entries before storing anything. */
    json_t *affs = ward_jarr(doc, "affected");
    size_t i;
    json_t *a;
    json_array_foreach(affs, i, a)
    {
        if (!encode_ranges(json_object_get(a, "ranges"), &ranges) ||
            !encode_versions(json_object_get(a, "versions"), &versions)) {
            ward_warn("%s: %s: malformed ranges or versions; skipped", origin,
                      ward_jstr(doc, "id"));
            s->skipped++;
            ward_buf_dispose(&ranges);
            ward_buf_dispose(&versions);
            return 0;
        }
    }
    struct sev sv = {0};
    read_severity(ward_jarr(doc, "severity"), &sv);
    const char *dbsev = ward_jstr(ward_jobj(doc, "database_specific"), "severity");
    struct adv_in in = {
        .id = ward_jstr(doc, "id"),
        .feed = "osv",
        .summary = ward_jstr(doc, "summary"),
        .details = ward_jstr(doc, "details"),
        .severity = sv.word ? sv.word : (dbsev && vulndb__clean(dbsev) ? dbsev : NULL),
        .cvss_vector = sv.vector,
        .cvss_score = sv.score,
        .published = ward_jstr(doc, "published"),
        .modified = ward_jstr(doc, "modified"),
    };
    if (in.summary && strlen(in.summary) > WARD_VULNDB_MAX_FIELD)
        in.summary = NULL;
    if (in.details && strlen(in.details) > WARD_VULNDB_MAX_FIELD)
        in.details = NULL;
    int r = 0;
    int64_t adv = vulndb__advisory(s, &in, err);
    if (adv < 0)
        r = -1;
    static const char *const alias_keys[] = {"aliases", "upstream"};
    for (size_t k = 0; r == 0 && k < WARD_ARRAY_LEN(alias_keys); k++) {
        size_t j;
        json_t *al;
        json_array_foreach(ward_jarr(doc, alias_keys[k]), j, al)
        {
            const char *v = json_is_string(al) ? json_string_value(al) : NULL;
            if (v && *v && strlen(v) <= 256 && vulndb__clean(v) &&
                (r = vulndb__alias(s, adv, v, err)) < 0)
                break;
        }
    }
    json_t *ref;
    json_array_foreach(ward_jarr(doc, "references"), i, ref)
    {
        const char *url = ward_jstr(ref, "url");
        if (r == 0 && url && strlen(url) <= 4096 && vulndb__clean(url))
            r = vulndb__ref(s, adv, url, err);
    }
    json_array_foreach(affs, i, a)
    {
        json_t *pkg = ward_jobj(a, "package");
        if (r < 0 || !pkg)
            break;
        encode_ranges(json_object_get(a, "ranges"), &ranges);
        encode_versions(json_object_get(a, "versions"), &versions);
        if (!ranges.len && !versions.len)
            continue; /* only GIT ranges: nothing to compare package versions with */
        /* modular entries go to "<ecosystem>/module:<name:stream>" (what the
         * Red Hat importer writes), or "<ecosystem>/module" when the record
         * does not say which stream: plain packages never see either */
        const char *eco = ward_jstr(pkg, "ecosystem");
        char mod[258], *meco = NULL;
        if (affected_module(a, mod, sizeof(mod)))
            eco = meco = ward_xasprintf("%s/module:%s", eco, mod);
        else if (modular_ranges(ranges.ptr) || modular_ranges(versions.ptr))
            eco = meco = ward_xasprintf("%s/module", eco);
        r = vulndb__affected(s, adv, eco, ward_jstr(pkg, "name"), WARD_VULNDB_RANGES,
                             ranges.len ? ranges.ptr : NULL, versions.len ? versions.ptr : NULL,
                             affected_severity(a), err);
        free(meco);
    }
    ward_buf_dispose(&ranges);
    ward_buf_dispose(&versions);
    return r;
}

int vulndb__osv(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                struct ward_error **err)
{
    if (!json_is_array(doc))
        return store_one(s, origin, doc, err);
    size_t i;
    json_t *e;
    json_array_foreach(doc, i, e)
    {
        if (store_one(s, origin, e, err) < 0)
            return -1;
    }
    return 0;
}
