/* epss.c - FIRST EPSS scores (CSV as published: a "#model_version:..,
 * score_date:.." comment, a "cve,epss,percentile" header, one row per CVE)
 * into the epss table. Like vunnel, a file without score_date or without a
 * cve column is rejected whole; malformed rows are skipped and counted. */
#define WARD_LOG_MODULE "vulndb"
#include "util/limits.h"
#include "vulndb/vulndb_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPSS_MAX_COLS 16

static struct ward_span first_line(const char *p, size_t n)
{
    struct ward_span in = {p, n}, line = {p, 0};
    while (ward_span_line(&in, &line)) {
        while (line.len && (line.ptr[line.len - 1] == '\r' || line.ptr[line.len - 1] == ' '))
            line.len--;
        if (line.len)
            return line;
    }
    return (struct ward_span){p, 0};
}

static bool has(struct ward_span s, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= s.len; i++)
        if (!memcmp(s.ptr + i, needle, m))
            return true;
    return false;
}

bool vulndb__is_epss(const char *p, size_t n)
{
    struct ward_span l = first_line(p, n);
    if (l.len && l.ptr[0] == '#')
        return has(l, "model_version") || has(l, "score_date");
    return l.len >= 9 && !strncasecmp(l.ptr, "cve,epss,", 9);
}

/* Split a line on ','. @return number of fields, or EPSS_MAX_COLS + 1. */
static size_t split(struct ward_span line, struct ward_span *f)
{
    size_t n = 0;
    struct ward_span rest = line, l, r;
    for (;;) {
        if (n == EPSS_MAX_COLS)
            return EPSS_MAX_COLS + 1;
        if (!ward_span_cut(rest, ',', &l, &r)) {
            f[n++] = rest;
            return n;
        }
        f[n++] = l;
        rest = r;
    }
}

static bool span_ieq(struct ward_span s, const char *w)
{
    return s.len == strlen(w) && !strncasecmp(s.ptr, w, s.len);
}

/* A probability in [0, 1]. */
static bool prob(struct ward_span s, double *out)
{
    char tmp[40];
    if (s.len == 0 || s.len >= sizeof(tmp))
        return false;
    memcpy(tmp, s.ptr, s.len);
    tmp[s.len] = 0;
    char *end;
    double v = strtod(tmp, &end);
    if (*end || !isfinite(v) || v < 0 || v > 1)
        return false;
    *out = v;
    return true;
}

static bool is_cve(struct ward_span s)
{
    if (s.len < 13 || s.len > 32 || memcmp(s.ptr, "CVE-", 4) != 0 || s.ptr[8] != '-')
        return false;
    for (size_t i = 4; i < s.len; i++)
        if (i != 8 && (s.ptr[i] < '0' || s.ptr[i] > '9'))
            return false;
    return true;
}

/* score_date from "#model_version:v2023.03.01,score_date:2025-02-20T00:00:00+0000". */
static bool score_date(struct ward_span line, char date[11])
{
    struct ward_span rest = {line.ptr + 1, line.len - 1}, field, r;
    for (;;) {
        bool more = ward_span_cut(rest, ',', &field, &r);
        if (!more)
            field = rest;
        while (field.len && field.ptr[0] == ' ') {
            field.ptr++;
            field.len--;
        }
        if (field.len >= 21 && !memcmp(field.ptr, "score_date:", 11)) {
            const char *d = field.ptr + 11;
            for (int i = 0; i < 10; i++)
                if (i == 4 || i == 7 ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
                    return false;
            if (field.len > 21 && d[10] != 'T')
                return false;
            memcpy(date, d, 10);
            date[10] = 0;
            return true;
        }
        if (!more)
            return false;
        rest = r;
    }
}

int vulndb__epss(struct ward_vulndb_sink *s, const char *origin, const char *p, size_t n,
                 struct ward_error **err)
{
    struct ward_span in = {p, n}, line;
    struct ward_span f[EPSS_MAX_COLS];
    char date[11] = "";
    int c_cve = -1, c_epss = -1, c_pct = -1;
    size_t ncols = 0, lineno = 0, stored = 0, bad = 0;
    while (ward_span_line(&in, &line)) {
        lineno++;
        while (line.len && (line.ptr[line.len - 1] == '\r' || line.ptr[line.len - 1] == ' '))
            line.len--;
        if (!line.len)
            continue;
        if (line.len > WARD_LIMIT_LINE) { /* no real row is near this */
            s->skipped++;
            continue;
        }
        if (!ncols) { /* before the header: comments, then the header */
            if (line.ptr[0] == '#') {
                if (!*date)
                    score_date(line, date);
                continue;
            }
            if (!*date)
                return ward_error_set(err, WARD_EFORMAT, 0,
                                      "%s: EPSS CSV: no score_date in a comment line before the"
                                      " header",
                                      origin);
            ncols = split(line, f);
            for (size_t i = 0; i < ncols && i < EPSS_MAX_COLS; i++) {
                if (span_ieq(f[i], "cve"))
                    c_cve = (int)i;
                else if (span_ieq(f[i], "epss"))
                    c_epss = (int)i;
                else if (span_ieq(f[i], "percentile"))
                    c_pct = (int)i;
            }
            if (ncols > EPSS_MAX_COLS || c_cve < 0 || c_epss < 0 || c_pct < 0)
                return ward_error_set(err, WARD_EFORMAT, 0,
                                      "%s:%zu: EPSS CSV: header needs cve, epss and percentile"
                                      " columns",
                                      origin, lineno);
            continue;
        }
        if (line.ptr[0] == '#')
            continue;
        double score, pct;
        if (split(line, f) != ncols || !is_cve(f[c_cve]) || !prob(f[c_epss], &score) ||
            !prob(f[c_pct], &pct)) {
            if (bad++ < 5)
                ward_warn("%s:%zu: malformed EPSS row; skipped", origin, lineno);
            s->skipped++;
            continue;
        }
        char cve[33];
        memcpy(cve, f[c_cve].ptr, f[c_cve].len);
        cve[f[c_cve].len] = 0;
        if (vulndb__ins_epss(s, cve, score, pct, date, err) < 0)
            return -1;
        stored++;
    }
    if (!ncols)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: EPSS CSV: no header line", origin);
    if (bad > 5)
        ward_warn("%s: %zu malformed EPSS rows skipped in all", origin, bad);
    s->advisories += stored; /* counted as this source's records */
    return 0;
}
