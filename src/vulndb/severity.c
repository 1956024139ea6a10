/* severity.c - severity words and bands, the CVSS v3.x base-score formula
 * (FIRST CVSS v3.1 specification, section 7), and the normalised lookup keys
 * for ecosystems and package names. */
#include "vulndb/vulndb.h"
#include "vulndb/vulndb_int.h"

#include <math.h>
#include <string.h>
#include <strings.h>

static const char *const sev_names[] = {
    [WARD_SEV_UNKNOWN] = "UNKNOWN", [WARD_SEV_NEGLIGIBLE] = "NEGLIGIBLE",
    [WARD_SEV_LOW] = "LOW",         [WARD_SEV_MEDIUM] = "MEDIUM",
    [WARD_SEV_HIGH] = "HIGH",       [WARD_SEV_CRITICAL] = "CRITICAL",
};

const char *ward_severity_name(enum ward_severity s)
{
    if ((unsigned)s < WARD_ARRAY_LEN(sev_names))
        return sev_names[s];
    return "UNKNOWN";
}

enum ward_severity ward_severity_parse(const char *s)
{
    static const struct {
        const char *word;
        enum ward_severity sev;
    } words[] = {
        {"unimportant", WARD_SEV_NEGLIGIBLE},
        {"negligible", WARD_SEV_NEGLIGIBLE},
        {"none", WARD_SEV_NEGLIGIBLE},
        {"low", WARD_SEV_LOW},
        {"medium", WARD_SEV_MEDIUM},
        {"moderate", WARD_SEV_MEDIUM},
        {"high", WARD_SEV_HIGH},
        {"important", WARD_SEV_HIGH},
        {"critical", WARD_SEV_CRITICAL},
    };
    if (!s)
        return WARD_SEV_UNKNOWN;
    /* Debian marks guessed urgencies with trailing '*' ("high**"). */
    size_t n = strcspn(s, "* ");
    for (size_t i = 0; i < WARD_ARRAY_LEN(words); i++)
        if (strlen(words[i].word) == n && strncasecmp(s, words[i].word, n) == 0)
            return words[i].sev;
    return WARD_SEV_UNKNOWN;
}

enum ward_severity ward_severity_from_score(double score)
{
    if (score >= 9.0)
        return WARD_SEV_CRITICAL;
    if (score >= 7.0)
        return WARD_SEV_HIGH;
    if (score >= 4.0)
        return WARD_SEV_MEDIUM;
    if (score >= 0.1)
        return WARD_SEV_LOW;
    if (score > 0 || score == 0)
        return WARD_SEV_NEGLIGIBLE;
    return WARD_SEV_UNKNOWN;
}

/* CVSS v3.1 Roundup: smallest number with one decimal >= x, robust to
 * floating-point noise. */
static double roundup(double x)
{
    long v = lround(x * 100000.0);
    if (v % 10000 == 0)
        return (double)v / 100000.0;
    return (floor((double)v / 10000.0) + 1.0) / 10.0;
}

struct metric {
    const char *key;
    char val;
    double w;
};

int ward_cvss3_score(const char *vector, double *score, struct ward_error **err)
{
    static const struct metric tab[] = {
        {"AV", 'N', 0.85}, {"AV", 'A', 0.62}, {"AV", 'L', 0.55}, {"AV", 'P', 0.2},
        {"AC", 'L', 0.77}, {"AC", 'H', 0.44}, {"UI", 'N', 0.85}, {"UI", 'R', 0.62},
        {"C", 'H', 0.56},  {"C", 'L', 0.22},  {"C", 'N', 0},     {"I", 'H', 0.56},
        {"I", 'L', 0.22},  {"I", 'N', 0},     {"A", 'H', 0.56},  {"A", 'L', 0.22},
        {"A", 'N', 0},
    };
    double av = -1, ac = -1, ui = -1, c = -1, i = -1, a = -1;
    char pr = 0, s = 0;
    if (!vector || strncmp(vector, "CVSS:3.", 7) != 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "not a CVSS v3 vector");
    const char *p = strchr(vector, '/');
    while (p && *p == '/') {
        p++;
        const char *colon = strchr(p, ':');
        if (!colon || !colon[1])
            return ward_error_set(err, WARD_EFORMAT, 0, "CVSS vector: bad metric");
        size_t kn = (size_t)(colon - p);
        char v = colon[1];
        bool known = false;
        if (kn == 2 && memcmp(p, "PR", 2) == 0 && strchr("NLH", v)) {
            pr = v;
            known = true;
        } else if (kn == 1 && *p == 'S' && strchr("UC", v)) {
            s = v;
            known = true;
        }
        for (size_t k = 0; !known && k < WARD_ARRAY_LEN(tab); k++) {
            if (strlen(tab[k].key) != kn || memcmp(tab[k].key, p, kn) != 0 || tab[k].val != v)
                continue;
            double *dst = !strcmp(tab[k].key, "AV")   ? &av
                          : !strcmp(tab[k].key, "AC") ? &ac
                          : !strcmp(tab[k].key, "UI") ? &ui
                          : !strcmp(tab[k].key, "C")  ? &c
                          : !strcmp(tab[k].key, "I")  ? &i
                                                      : &a;
            *dst = tab[k].w;
            known = true;
        }
        /* Temporal/environmental metrics are allowed and ignored. */
        p = strchr(colon, '/');
    }
    if (av < 0 || ac < 0 || ui < 0 || c < 0 || i < 0 || a < 0 || !pr || !s)
        return ward_error_set(err, WARD_EFORMAT, 0, "CVSS vector: missing base metric");
    bool changed = s == 'C';
    double prw = pr == 'N' ? 0.85 : pr == 'L' ? (changed ? 0.68 : 0.62) : (changed ? 0.5 : 0.27);
    double iss = 1 - (1 - c) * (1 - i) * (1 - a);
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
    double expl = 8.22 * av * ac * prw * ui;
    if (impact <= 0)
        *score = 0;
    else if (changed)
        *score = roundup(fmin(1.08 * (impact + expl), 10));
    else
        *score = roundup(fmin(impact + expl, 10));
    return 0;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

void ward_vulndb_eco_key(struct ward_buf *out, const char *eco)
{
    ward_buf_reset(out);
    if (!eco)
        return;
    /* rpm module streams: "Red Hat:enterprise_linux:8::appstream/module:php:7.2"
     * keys as its release's key plus the lower-cased suffix ("red hat:8/module:php:7.2") */
    const char *mod = strstr(eco, "/module");
    if (mod && mod != eco && (!mod[7] || mod[7] == ':')) {
        char *base = ward_xstrndup(eco, (size_t)(mod - eco));
        ward_vulndb_eco_key(out, base);
        free(base);
        for (const char *p = mod; out->ptr && *p; p++)
            ward_buf_addc(out, lower(*p));
        return;
    }
    for (const char *p = eco; *p; p++)
        ward_buf_addc(out, lower(*p));
    if (ward_buf_check(out) < 0 || !out->ptr)
        return;
    /* "ubuntu:22.04:lts" and "ubuntu:22.04" are one release. */
    if (strncmp(out->ptr, "ubuntu:", 7) == 0 && out->len > 4 &&
        strcmp(out->ptr + out->len - 4, ":lts") == 0) {
        out->len -= 4;
        out->ptr[out->len] = 0;
    }
    /* "alpine:v3.19" == "alpine:3.19" */
    if (strncmp(out->ptr, "alpine:v", 8) == 0) {
        memmove(out->ptr + 7, out->ptr + 8, out->len - 7);
        out->len--;
    }
    /* Red Hat's OSV names CPE products: "Red Hat:enterprise_linux:8::appstream"
     * is RHEL 8, "Red Hat:rhel_eus:8.6::baseos" its 8.6 EUS stream ("red hat:8.6+eus",
     * as the CSAF importer stores it); other products keep their spelling. */
    if (strncmp(out->ptr, "red hat:", 8) == 0 && strchr(out->ptr + 8, ':')) {
        const char *prod = out->ptr + 8, *ver = prod + strcspn(prod, ":") + 1;
        struct ward_buf rel = WARD_BUF_INIT(256);
        if (vulndb__redhat_release(&rel, prod, (size_t)(ver - 1 - prod), ver, strcspn(ver, ":"))) {
            ward_buf_reset(out);
            for (const char *p = rel.ptr; *p; p++)
                ward_buf_addc(out, lower(*p));
        }
        ward_buf_dispose(&rel);
    }
}

void ward_vulndb_name_key(struct ward_buf *out, const char *eco, const char *name)
{
    ward_buf_reset(out);
    if (!name)
        return;
    size_t en = eco ? strcspn(eco, ":") : 0;
    bool pypi = en == 4 && strncasecmp(eco, "pypi", 4) == 0;
    bool fold = pypi || (en == 5 && strncasecmp(eco, "nuget", 5) == 0) ||
                (en == 9 && strncasecmp(eco, "packagist", 9) == 0) ||
                (en == 3 && strncasecmp(eco, "hex", 3) == 0);
    if (!fold) {
        ward_buf_adds(out, name);
        return;
    }
    /* PEP 503: lower case, runs of "-", "_", "." become one "-". */
    for (const char *p = name; *p; p++) {
        if (pypi && (*p == '-' || *p == '_' || *p == '.')) {
            while (p[1] == '-' || p[1] == '_' || p[1] == '.')
                p++;
            ward_buf_addc(out, '-');
            continue;
        }
        ward_buf_addc(out, lower(*p));
    }
    if (!out->ptr)
        ward_buf_adds(out, "");
}
