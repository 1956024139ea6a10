/* table.c - the human SBOM view: NAME VERSION TYPE [SOURCE] columns, aligned,
 * long cells cut with "...", control bytes from hostile names shown as '?'. */
#include "report/report_int.h"

#include <string.h>

enum { COL_NAME, COL_VERSION, COL_TYPE, COL_SOURCE, NCOLS };
static const char *const heads[NCOLS] = {"NAME", "VERSION", "TYPE", "SOURCE"};
static const size_t caps[NCOLS] = {48, 40, 12, 40};

/* Display width of s: one column per UTF-8 lead byte (good enough for names). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; s && *p; p++)
        if ((*p & 0xC0) != 0x80)
            w++;
    return w;
}

/* Append s cut to max columns (with "..." when cut), padded to pad columns. */
static void cell(struct ward_buf *b, const char *s, size_t max, size_t pad)
{
    size_t w = width(s), used = 0;
    bool cut = w > max;
    size_t keep = cut ? (max > 3 ? max - 3 : 0) : w;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        if ((*p & 0xC0) != 0x80) {
            if (used == keep)
                break;
            used++;
        }
        ward_buf_addc(b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
        p++;
    }
    if (cut) {
        ward_buf_adds(b, "...");
        used += 3;
    }
    for (; used < pad; used++)
        ward_buf_addc(b, ' ');
}

static const char *source_of(const struct ward_pkg *p)
{
    if (!p->source_name || !*p->source_name || (p->name && !strcmp(p->source_name, p->name)))
        return "";
    return p->source_name;
}

int ward_report_table(struct ward_buf *out, const struct ward_inventory *inv,
                      const struct ward_report_opts *opts, struct ward_error **err)
{
    const struct ward_pkg **v = ward_report__sorted(inv);
    size_t w[NCOLS], cap[NCOLS], limit = opts && opts->table_width ? opts->table_width : 120;
    bool with_source = false;

    for (int c = 0; c < NCOLS; c++) {
        w[c] = strlen(heads[c]);
        cap[c] = caps[c];
    }
    for (size_t i = 0; v[i]; i++) {
        const char *cells[NCOLS] = {v[i]->name, v[i]->version, v[i]->type, source_of(v[i])};
        for (int c = 0; c < NCOLS; c++)
            w[c] = WARD_MAX(w[c], WARD_MIN(width(cells[c]), cap[c]));
        with_source |= *cells[COL_SOURCE] != '\0';
    }
    int ncols = with_source ? NCOLS : COL_SOURCE;
    /* shrink the widest column until the line fits (2 spaces between columns) */
    for (;;) {
        size_t total = 0;
        int widest = 0;
        for (int c = 0; c < ncols; c++) {
            total += w[c] + (c ? 2 : 0);
            if (w[c] > w[widest])
                widest = c;
        }
        if (total <= limit || w[widest] <= 12)
            break;
        w[widest]--;
    }
    for (int c = 0; c < ncols; c++)
        cap[c] = w[c];

    if (!v[0]) {
        ward_buf_adds(out, "no packages found\n");
    } else {
        for (int c = 0; c < ncols; c++) {
            if (c)
                ward_buf_adds(out, "  ");
            cell(out, heads[c], cap[c], c + 1 < ncols ? w[c] : 0);
        }
        ward_buf_addc(out, '\n');
        size_t n = 0;
        for (size_t i = 0; v[i]; i++, n++) {
            const char *cells[NCOLS] = {v[i]->name, v[i]->version, v[i]->type, source_of(v[i])};
            for (int c = 0; c < ncols; c++) {
                if (c)
                    ward_buf_adds(out, "  ");
                cell(out, cells[c], cap[c], c + 1 < ncols ? w[c] : 0);
            }
            ward_buf_addc(out, '\n');
        }
        ward_buf_addf(out, "\n%zu package%s", n, n == 1 ? "" : "s");
        if (inv->distro.id)
            ward_buf_addf(out, " (%s %s)", inv->distro.id,
                          inv->distro.version_id ? inv->distro.version_id : "");
        ward_buf_addc(out, '\n');
    }
    free(v);
    if (ward_buf_check(out) < 0)
        return ward_error_set(err, WARD_ELIMIT, 0, "table: output larger than %zu bytes",
                              out->max);
    return 0;
}
