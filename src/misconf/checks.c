/* checks.c - storage, ordering and JSON form of the shared check findings
 * (malware signatures, image-configuration checks): see checks.h. */
#include "misconf/checks.h"

#include "util/common.h"
#include "util/json_out.h"

#include <stdlib.h>
#include <string.h>

void ward_checks_init(struct ward_check_findings *c)
{
    memset(c, 0, sizeof(*c));
    ward_arena_init(&c->arena);
}

void ward_checks_dispose(struct ward_check_findings *c)
{
    if (!c)
        return;
    free(c->items);
    ward_arena_dispose(&c->arena);
    memset(c, 0, sizeof(*c));
}

static const char *dup_opt(struct ward_arena *a, const char *s)
{
    return s ? ward_arena_strdup(a, s) : NULL;
}

struct ward_check_finding *ward_checks_add(struct ward_check_findings *c,
                                           const struct ward_check_finding *f)
{
    struct ward_arena *a = &c->arena;
    WARD_GROW(c->items, c->n, c->cap);
    struct ward_check_finding *x = &c->items[c->n++];
    *x = *f;
    x->scanner = dup_opt(a, f->scanner);
    x->id = dup_opt(a, f->id);
    x->title = dup_opt(a, f->title);
    x->message = dup_opt(a, f->message);
    x->path = dup_opt(a, f->path);
    x->layer = dup_opt(a, f->layer);
    x->remediation = dup_opt(a, f->remediation);
    return x;
}

static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_check(const void *pa, const void *pb)
{
    const struct ward_check_finding *a = pa, *b = pb;
    int c;
    if ((c = cmp_opt(a->scanner, b->scanner)))
        return c;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if ((c = cmp_opt(a->id, b->id)))
        return c;
    if ((c = cmp_opt(a->path, b->path)))
        return c;
    return a->line < b->line ? -1 : a->line > b->line;
}

void ward_checks_sort(struct ward_check_findings *c)
{
    if (c->n > 1)
        qsort(c->items, c->n, sizeof(*c->items), cmp_check);
}

size_t ward_checks_count(const struct ward_check_findings *c, const char *scanner)
{
    size_t n = 0;
    for (size_t i = 0; c && i < c->n; i++)
        if (!scanner || (c->items[i].scanner && !strcmp(c->items[i].scanner, scanner)))
            n++;
    return n;
}

void ward_checks_json(const struct ward_check_findings *c, struct ward_json *j)
{
    ward_json_arr_begin(j);
    for (size_t i = 0; c && i < c->n; i++) {
        const struct ward_check_finding *x = &c->items[i];
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "scanner", x->scanner);
        ward_json_kv_str(j, "id", x->id);
        ward_json_kv_str(j, "severity", ward_severity_name(x->severity));
        ward_json_kv_str(j, "title", x->title);
        ward_json_kv_str(j, "message", x->message);
        ward_json_kv_str(j, "path", x->path);
        ward_json_kv_str_opt(j, "layer", x->layer);
        if (x->layer_index >= 0)
            ward_json_kv_int(j, "layer_index", x->layer_index);
        if (x->line)
            ward_json_kv_uint(j, "line", x->line);
        ward_json_kv_str_opt(j, "remediation", x->remediation);
        ward_json_obj_end(j);
    }
    ward_json_arr_end(j);
}
