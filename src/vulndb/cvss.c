/* cvss.c - CVSS beyond v3: version detection, the v2 base score from a
 * vector (NVD's v2 equations), v4.0 vector validation (scores come from the
 * feed), and the preference order among the metrics a CVE carries. */
#include "vulndb/enrich.h"

#include <math.h>
#include <string.h>

const char *ward_cvss_version(const char *v)
{
    if (!v)
        return NULL;
    if (!strncmp(v, "CVSS:4.0/", 9))
        return "4.0";
    if (!strncmp(v, "CVSS:3.1/", 9))
        return "3.1";
    if (!strncmp(v, "CVSS:3.0/", 9))
        return "3.0";
    if (!strncmp(v, "CVSS:2.0/", 9))
        return "2.0";
    if (*v == '(')
        v++;
    if (!strncmp(v, "AV:", 3) && strstr(v, "/Au:"))
        return "2.0";
    return NULL;
}

/* One "KEY:VALUE" metric of a vector: key and value spans. Advances *p past
 * the metric and its '/'. @return false at the end or on a malformed one. */
static bool next_metric(const char **p, const char *end, const char **k, size_t *kn,
                        const char **val, size_t *vn, bool *bad)
{
    const char *s = *p;
    if (s >= end)
        return false;
    const char *slash = memchr(s, '/', (size_t)(end - s));
    const char *e = slash ? slash : end;
    const char *colon = memchr(s, ':', (size_t)(e - s));
    if (!colon || colon == s || colon + 1 == e) {
        *bad = true;
        return false;
    }
    *k = s;
    *kn = (size_t)(colon - s);
    *val = colon + 1;
    *vn = (size_t)(e - colon - 1);
    *p = slash ? slash + 1 : end;
    if (slash && slash + 1 == end) /* trailing '/' */
        *bad = true;
    return true;
}

static bool span_is(const char *p, size_t n, const char *s)
{
    return strlen(s) == n && memcmp(p, s, n) == 0;
}

struct v2_metric {
    const char *key;
    const char *vals; /* one letter per legal value */
    double w[4];
};

int ward_cvss2_score(const char *vector, double *score, struct ward_error **err)
{
    static const struct v2_metric base[] = {
        {"AV", "LAN", {0.395, 0.646, 1.0}}, {"AC", "HML", {0.35, 0.61, 0.71}},
        {"Au", "MSN", {0.45, 0.56, 0.704}}, {"C", "NPC", {0, 0.275, 0.660}},
        {"I", "NPC", {0, 0.275, 0.660}},    {"A", "NPC", {0, 0.275, 0.660}},
    };
    /* Temporal and environmental metrics: legal, ignored by the base score. */
    static const char *const other[] = {"E", "RL", "RC", "CDP", "TD", "CR", "IR", "AR"};
    double w[WARD_ARRAY_LEN(base)];
    bool seen[WARD_ARRAY_LEN(base)] = {0};
    if (!vector)
        return ward_error_set(err, WARD_EFORMAT, 0, "CVSS v2 vector: empty");
    const char *p = vector, *end = vector + strlen(vector);
    if (!strncmp(p, "CVSS:2.0/", 9))
        p += 9;
    if (*p == '(') {
        if (end[-1] != ')')
            return ward_error_set(err, WARD_EFORMAT, 0, "CVSS v2 vector: unbalanced '('");
        p++;
        end--;
    }
    const char *k, *v;
    size_t kn, vn;
    bool bad = false;
    while (next_metric(&p, end, &k, &kn, &v, &vn, &bad)) {
        bool known = false;
        for (size_t i = 0; i < WARD_ARRAY_LEN(base) && !known; i++) {
            if (!span_is(k, kn, base[i].key))
                continue;
            const char *at = vn == 1 ? strchr(base[i].vals, *v) : NULL;
            if (!at || !*v || seen[i])
                return ward_error_set(err, WARD_EFORMAT, 0, "CVSS v2 vector: bad %s", base[i].key);
            w[i] = base[i].w[at - base[i].vals];
            seen[i] = known = true;
        }
        for (size_t i = 0; i < WARD_ARRAY_LEN(other) && !known; i++)
            known = span_is(k, kn, other[i]) && vn <= 3;
        if (!known)
            return ward_error_set(err, WARD_EFORMAT, 0, "CVSS v2 vector: unknown metric");
    }
    if (bad)
        return ward_error_set(err, WARD_EFORMAT, 0, "CVSS v2 vector: malformed metric");
    for (size_t i = 0; i < WARD_ARRAY_LEN(base); i++)
        if (!seen[i])
            return ward_error_set(err, WARD_EFORMAT, 0, "CVSS v2 vector: missing %s", base[i].key);
    double impact = 10.41 * (1 - (1 - w[3]) * (1 - w[4]) * (1 - w[5]));
    double expl = 20 * w[0] * w[1] * w[2];
    double f = impact == 0 ? 0 : 1.176;
    double s = (0.6 * impact + 0.4 * expl - 1.5) * f;
    /* round_to_1_decimal, robust to floating-point noise just under .x5 */
    s = floor(s * 10.0 + 0.5 + 1e-9) / 10.0;
    *score = s < 0 ? 0 : s;
    return 0;
}

struct v4_metric {
    const char *key;
    const char *const *vals; /* NULL-terminated legal values */
    bool base;
};

int ward_cvss4_check(const char *vector, struct ward_error **err)
{
    static const char *const avs[] = {"N", "A", "L", "P", NULL};
    static const char *const lh[] = {"L", "H", NULL};
    static const char *const np[] = {"N", "P", NULL};
    static const char *const nlh[] = {"N", "L", "H", NULL};
    static const char *const npa[] = {"N", "P", "A", NULL};
    static const char *const hln[] = {"H", "L", "N", NULL};
    static const char *const e[] = {"X", "A", "P", "U", NULL};
    static const char *const xhml[] = {"X", "H", "M", "L", NULL};
    static const char *const xnalp[] = {"X", "N", "A", "L", "P", NULL};
    static const char *const xlh[] = {"X", "L", "H", NULL};
    static const char *const xnp[] = {"X", "N", "P", NULL};
    static const char *const xnlh[] = {"X", "N", "L", "H", NULL};
    static const char *const xnpa[] = {"X", "N", "P", "A", NULL};
    static const char *const xhln[] = {"X", "H", "L", "N", NULL};
    static const char *const xshln[] = {"X", "S", "H", "L", "N", NULL};
    static const char *const xny[] = {"X", "N", "Y", NULL};
    static const char *const xaui[] = {"X", "A", "U", "I", NULL};
    static const char *const xdc[] = {"X", "D", "C", NULL};
    static const char *const xlmh[] = {"X", "L", "M", "H", NULL};
    static const char *const u[] = {"X", "Clear", "Green", "Amber", "Red", NULL};
    /* In the order the specification requires them to appear. */
    static const struct v4_metric tab[] = {
        {"AV", avs, true},     {"AC", lh, true},      {"AT", np, true},     {"PR", nlh, true},
        {"UI", npa, true},     {"VC", hln, true},     {"VI", hln, true},    {"VA", hln, true},
        {"SC", hln, true},     {"SI", hln, true},     {"SA", hln, true},    {"E", e, false},
        {"CR", xhml, false},   {"IR", xhml, false},   {"AR", xhml, false},  {"MAV", xnalp, false},
        {"MAC", xlh, false},   {"MAT", xnp, false},   {"MPR", xnlh, false}, {"MUI", xnpa, false},
        {"MVC", xhln, false},  {"MVI", xhln, false},  {"MVA", xhln, false}, {"MSC", xhln, false},
        {"MSI", xshln, false}, {"MSA", xshln, false}, {"S", xnp, false},    {"AU", xny, false},
        {"R", xaui, false},    {"V", xdc, false},     {"RE", xlmh, false},  {"U", u, false},
    };
    if (!vector || strncmp(vector, "CVSS:4.0/", 9) != 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "not a CVSS v4.0 vector");
    const char *p = vector + 9, *end = vector + strlen(vector);
    const char *k, *v;
    size_t kn, vn, next = 0, nbase = 0;
    bool bad = false;
    while (next_metric(&p, end, &k, &kn, &v, &vn, &bad)) {
        size_t i = next;
        while (i < WARD_ARRAY_LEN(tab) && !span_is(k, kn, tab[i].key))
            i++;
        if (i == WARD_ARRAY_LEN(tab))
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "CVSS v4 vector: unknown, repeated or misplaced metric %.*s",
                                  (int)(kn > 8 ? 8 : kn), k);
        bool ok = false;
        for (const char *const *x = tab[i].vals; *x && !ok; x++)
            ok = span_is(v, vn, *x);
        if (!ok)
            return ward_error_set(err, WARD_EFORMAT, 0, "CVSS v4 vector: bad value for %s",
                                  tab[i].key);
        if (tab[i].base) {
            if (i != nbase) /* a base metric skipped */
                return ward_error_set(err, WARD_EFORMAT, 0, "CVSS v4 vector: missing %s",
                                      tab[nbase].key);
            nbase++;
        }
        next = i + 1;
    }
    if (bad)
        return ward_error_set(err, WARD_EFORMAT, 0, "CVSS v4 vector: malformed metric");
    if (nbase != 11)
        return ward_error_set(err, WARD_EFORMAT, 0, "CVSS v4 vector: missing %s", tab[nbase].key);
    return 0;
}

int ward_cvss_check(const char *vector, const char **version, double *score,
                    struct ward_error **err)
{
    const char *ver = ward_cvss_version(vector);
    if (!ver)
        return ward_error_set(err, WARD_EFORMAT, 0, "not a CVSS vector");
    int r;
    if (ver[0] == '4')
        r = ward_cvss4_check(vector, err);
    else if (ver[0] == '3')
        r = ward_cvss3_score(vector, score, err);
    else
        r = ward_cvss2_score(vector, score, err);
    if (r < 0)
        return r;
    *version = ver;
    return 0;
}

int ward_cvss_rank(const char *version, const char *type)
{
    int secondary = !(type && !strcmp(type, "Primary"));
    int major = version ? version[0] : 0;
    int base = major == '3' ? 0 : major == '4' ? 2 : major == '2' ? 4 : 6;
    /* 3.1 before 3.0 at the same rank: done by the caller's stable order */
    return base + secondary;
}

enum ward_severity ward_cvss_severity(const char *version, double score)
{
    if (version && version[0] == '2') {
        if (score <= 0)
            return WARD_SEV_UNKNOWN;
        return score < 4.0 ? WARD_SEV_LOW : score < 7.0 ? WARD_SEV_MEDIUM : WARD_SEV_HIGH;
    }
    return ward_severity_from_score(score);
}
