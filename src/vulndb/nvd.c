/* nvd.c - NVD CVE records into the DB: the CVE API 2.0 (a page with
 * "vulnerabilities"[].cve, one {"cve": ...} object, a bare CVE object, or
 * vunnel's {"item": {"cve": ...}} envelope) and the legacy 1.1 JSON feed
 * ("CVE_Items"). Each CVE becomes an advisory of feed "nvd" (English
 * description, dates, best CVSS) plus every CVSS metric and its CWEs. */
#define WARD_LOG_MODULE "vulndb"
#include "util/json_in.h"
#include "vulndb/vulndb_int.h"

#include <math.h>
#include <string.h>

#define NVD_MAX_METRICS 32
#define NVD_MAX_CWES    32
#define NVD_MAX_REFS    1024

struct metric {
    const char *source, *type, *version, *vector, *severity;
    double score;
};

struct rec {
    const char *id, *desc, *published, *modified;
    struct metric m[NVD_MAX_METRICS];
    size_t nm;
    const char *cwe[NVD_MAX_CWES];
    size_t ncwe;
    const json_t *refs; /* array of objects with "url" (2.0) */
    const json_t *refs11;
};

static bool is_cve_obj(const json_t *c)
{
    const char *id = ward_jstr(c, "id");
    return id && !strncmp(id, "CVE-", 4) &&
           (json_object_get(c, "sourceIdentifier") || json_object_get(c, "vulnStatus") ||
            json_object_get(c, "metrics") || json_object_get(c, "descriptions"));
}

/* The CVE object of a single-record document, or NULL. */
static const json_t *single_cve(const json_t *doc)
{
    json_t *c = ward_jobj(doc, "cve");
    if (is_cve_obj(c))
        return c;
    json_t *item = ward_jobj(doc, "item"); /* vunnel result envelope */
    c = ward_jobj(item, "cve");
    if (item && is_cve_obj(c))
        return c;
    return is_cve_obj(doc) ? doc : NULL;
}

bool vulndb__is_nvd(const json_t *doc)
{
    if (!json_is_object(doc))
        return false;
    if (ward_jarr(doc, "CVE_Items"))
        return true;
    json_t *v = ward_jarr(doc, "vulnerabilities");
    if (v) {
        const char *fmt = ward_jstr(doc, "format");
        return (fmt && !strcmp(fmt, "NVD_CVE")) || ward_jobj(json_array_get(v, 0), "cve");
    }
    return single_cve(doc) != NULL;
}

static bool ok_str(const char *s, size_t max)
{
    return s && *s && strlen(s) <= max && vulndb__clean(s);
}

/* One metric: validate its vector, take the feed's score (computed for v2/v3
 * when the feed has none). @return false to drop it. */
static bool add_metric(struct rec *r, const char *origin, const json_t *data, const char *source,
                       const char *type, const char *severity)
{
    if (r->nm == NVD_MAX_METRICS)
        return false;
    const char *vector = ward_jstr(data, "vectorString");
    struct ward_error *e = NULL;
    const char *ver = NULL;
    double computed = -1;
    if (!ok_str(vector, 256) || ward_cvss_check(vector, &ver, &computed, &e) < 0) {
        ward_debug("%s: %s: CVSS vector dropped: %s", origin, r->id, e ? e->msg : "not text");
        ward_error_free(e);
        return false;
    }
    json_t *bs = json_object_get(data, "baseScore");
    double score = json_is_number(bs) ? json_number_value(bs) : -1;
    if (!(score >= 0 && score <= 10))
        score = computed;
    if (!(score >= 0 && score <= 10))
        return false; /* v4 without a score */
    const char *sev = ward_jstr(data, "baseSeverity");
    if (!ok_str(sev, 16))
        sev = ok_str(severity, 16) ? severity : NULL;
    struct metric *m = &r->m[r->nm++];
    m->source = ok_str(source, 256) ? source : NULL;
    m->type = ok_str(type, 32) ? type : NULL;
    m->version = ver;
    m->vector = vector;
    m->score = score;
    m->severity = sev;
    return true;
}

static void add_cwe(struct rec *r, const char *v)
{
    if (!ok_str(v, 64) || r->ncwe == NVD_MAX_CWES)
        return;
    for (size_t i = 0; i < r->ncwe; i++)
        if (!strcmp(r->cwe[i], v))
            return;
    r->cwe[r->ncwe++] = v;
}

static const char *english(const json_t *arr)
{
    size_t i;
    json_t *d;
    json_array_foreach(arr, i, d)
    {
        const char *lang = ward_jstr(d, "lang");
        if (lang && !strncmp(lang, "en", 2))
            return ward_jstr(d, "value");
    }
    return NULL;
}

static void read_v2_0(struct rec *r, const char *origin, const json_t *c)
{
    static const char *const keys[] = {"cvssMetricV31", "cvssMetricV30", "cvssMetricV40",
                                       "cvssMetricV2"};
    r->id = ward_jstr(c, "id");
    r->desc = english(ward_jarr(c, "descriptions"));
    r->published = ward_jstr(c, "published");
    r->modified = ward_jstr(c, "lastModified");
    json_t *metrics = ward_jobj(c, "metrics");
    for (size_t k = 0; k < WARD_ARRAY_LEN(keys); k++) {
        size_t i;
        json_t *m;
        json_array_foreach(ward_jarr(metrics, keys[k]), i, m)
        {
            add_metric(r, origin, ward_jobj(m, "cvssData"), ward_jstr(m, "source"),
                       ward_jstr(m, "type"), ward_jstr(m, "baseSeverity"));
        }
    }
    size_t i, j;
    json_t *w, *d;
    json_array_foreach(ward_jarr(c, "weaknesses"), i, w)
    {
        json_array_foreach(ward_jarr(w, "description"), j, d) add_cwe(r, ward_jstr(d, "value"));
    }
    r->refs = ward_jarr(c, "references");
}

static void read_v1_1(struct rec *r, const char *origin, const json_t *item)
{
    json_t *cve = ward_jobj(item, "cve");
    r->id = ward_jstr(ward_jobj(cve, "CVE_data_meta"), "ID");
    r->desc = english(ward_jarr(ward_jobj(cve, "description"), "description_data"));
    r->published = ward_jstr(item, "publishedDate");
    r->modified = ward_jstr(item, "lastModifiedDate");
    json_t *impact = ward_jobj(item, "impact");
    json_t *v3 = ward_jobj(impact, "baseMetricV3"), *v2 = ward_jobj(impact, "baseMetricV2");
    if (v3)
        add_metric(r, origin, ward_jobj(v3, "cvssV3"), "nvd@nist.gov", "Primary", NULL);
    if (v2)
        add_metric(r, origin, ward_jobj(v2, "cvssV2"), "nvd@nist.gov", "Primary",
                   ward_jstr(v2, "severity"));
    size_t i, j;
    json_t *p, *d;
    json_array_foreach(ward_jarr(ward_jobj(cve, "problemtype"), "problemtype_data"), i, p)
    {
        json_array_foreach(ward_jarr(p, "description"), j, d) add_cwe(r, ward_jstr(d, "value"));
    }
    r->refs11 = ward_jarr(ward_jobj(cve, "references"), "reference_data");
}

static bool is_cve_id(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 13 || n > 32 || strncmp(s, "CVE-", 4) != 0 || s[8] != '-')
        return false;
    for (size_t i = 4; i < n; i++)
        if (i != 8 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

static int store(struct ward_vulndb_sink *s, const char *origin, struct rec *r,
                 struct ward_error **err)
{
    if (!is_cve_id(r->id)) {
        ward_warn("%s: NVD record without a valid CVE id; skipped", origin);
        s->skipped++;
        return 0;
    }
    const struct metric *best = NULL;
    for (size_t i = 0; i < r->nm; i++) /* metrics are in preference order within a rank */
        if (!best || ward_cvss_rank(r->m[i].version, r->m[i].type) <
                         ward_cvss_rank(best->version, best->type))
            best = &r->m[i];
    const char *sev = NULL;
    if (best) {
        sev = best->severity;
        if (!sev || ward_severity_parse(sev) == WARD_SEV_UNKNOWN)
            sev = ward_severity_name(ward_cvss_severity(best->version, best->score));
    }
    struct adv_in in = {
        .id = r->id,
        .feed = "nvd",
        .details = ok_str(r->desc, WARD_VULNDB_MAX_FIELD) ? r->desc : NULL,
        .severity = sev,
        .cvss_vector = best ? best->vector : NULL,
        .cvss_score = best ? best->score : 0,
        .published = ok_str(r->published, 64) ? r->published : NULL,
        .modified = ok_str(r->modified, 64) ? r->modified : NULL,
    };
    int64_t adv = vulndb__advisory(s, &in, err);
    if (adv < 0)
        return -1;
    for (size_t i = 0; i < r->nm; i++) {
        const struct metric *m = &r->m[i];
        if (vulndb__ins_cvss(s, r->id, "nvd", m->source, m->type, m->version, m->vector, m->score,
                             m->severity, err) < 0)
            return -1;
    }
    for (size_t i = 0; i < r->ncwe; i++)
        if (vulndb__ins_cwe(s, adv, r->cwe[i], err) < 0)
            return -1;
    const json_t *refs = r->refs ? r->refs : r->refs11;
    size_t i;
    json_t *ref;
    json_array_foreach(refs, i, ref)
    {
        const char *url = ward_jstr(ref, "url");
        if (i >= NVD_MAX_REFS)
            break;
        if (ok_str(url, 4096) && vulndb__ref(s, adv, url, err) < 0)
            return -1;
    }
    return 0;
}

int vulndb__nvd(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                struct ward_error **err)
{
    size_t i;
    json_t *v;
    if (ward_jarr(doc, "CVE_Items")) {
        json_array_foreach(ward_jarr(doc, "CVE_Items"), i, v)
        {
            struct rec r = {0};
            read_v1_1(&r, origin, v);
            if (store(s, origin, &r, err) < 0)
                return -1;
        }
        return 0;
    }
    if (ward_jarr(doc, "vulnerabilities")) {
        json_array_foreach(ward_jarr(doc, "vulnerabilities"), i, v)
        {
            struct rec r = {0};
            read_v2_0(&r, origin, ward_jobj(v, "cve"));
            if (store(s, origin, &r, err) < 0)
                return -1;
        }
        return 0;
    }
    struct rec r = {0};
    read_v2_0(&r, origin, single_cve(doc));
    return store(s, origin, &r, err);
}
