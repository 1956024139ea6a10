/* pkglist.c - package list container, sorting and de-duplication. */
#include "inventory/inventory.h"

#include <string.h>

struct ward_pkglist *ward_pkglist_new(void)
{
    struct ward_pkglist *l = ward_xcalloc(1, sizeof(*l));
    ward_arena_init(&l->arena);
    return l;
}

void ward_pkglist_free(struct ward_pkglist *l)
{
    if (!l)
        return;
    ward_arena_dispose(&l->arena);
    free(l->items);
    free(l);
}

struct ward_pkg *ward_pkglist_add(struct ward_pkglist *l)
{
    WARD_GROW(l->items, l->n, l->cap);
    struct ward_pkg *p = &l->items[l->n++];
    memset(p, 0, sizeof(*p));
    return p;
}

const char *ward_pkglist_str(struct ward_pkglist *l, const char *s)
{
    return s ? ward_arena_strdup(&l->arena, s) : NULL;
}

const char *ward_pkglist_span(struct ward_pkglist *l, struct ward_span s)
{
    return ward_arena_span(&l->arena, s);
}

static int scmp(const char *a, const char *b)
{
    if (a == b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    return strcmp(a, b);
}

static int pkg_cmp(const void *x, const void *y)
{
    const struct ward_pkg *a = x, *b = y;
    int c;
    if ((c = scmp(a->type, b->type)) || (c = scmp(a->name, b->name)) ||
        (c = scmp(a->version, b->version)) || (c = scmp(a->path, b->path)) ||
        (c = scmp(a->arch, b->arch)))
        return c;
    return 0;
}

void ward_pkglist_sort(struct ward_pkglist *l)
{
    if (l->n < 2)
        return;
    qsort(l->items, l->n, sizeof(*l->items), pkg_cmp);
    size_t w = 1;
    for (size_t r = 1; r < l->n; r++) {
        if (pkg_cmp(&l->items[w - 1], &l->items[r]) == 0)
            continue;
        l->items[w++] = l->items[r];
    }
    l->n = w;
}

void ward_distro_dispose(struct ward_distro *d)
{
    free(d->id);
    free(d->version_id);
    free(d->version_codename);
    free(d->pretty_name);
    free(d->name);
    free(d->id_like);
    memset(d, 0, sizeof(*d));
}

struct ward_inventory *ward_inventory_new(const char *target, const char *kind)
{
    struct ward_inventory *inv = ward_xcalloc(1, sizeof(*inv));
    inv->target = ward_xstrdup(target);
    inv->kind = ward_xstrdup(kind);
    inv->pkgs = ward_pkglist_new();
    return inv;
}

void ward_inventory_free(struct ward_inventory *inv)
{
    if (!inv)
        return;
    free(inv->target);
    free(inv->kind);
    free(inv->image_id);
    free(inv->manifest_digest);
    for (size_t i = 0; i < inv->n_repo_tags; i++)
        free(inv->repo_tags[i]);
    free(inv->repo_tags);
    for (size_t i = 0; i < inv->n_layers; i++)
        free(inv->diff_ids[i]);
    free(inv->diff_ids);
    free(inv->os);
    free(inv->architecture);
    free(inv->created);
    ward_distro_dispose(&inv->distro);
    ward_pkglist_free(inv->pkgs);
    free(inv);
}

struct ward_pkg *ward_pkglist_add_found(struct ward_pkglist *l, const char *type,
                                        const char *ecosystem, const char *cataloger,
                                        const char *path, struct ward_span name,
                                        struct ward_span version)
{
    struct ward_pkg *p = ward_pkglist_add(l);
    p->name = ward_pkglist_span(l, name);
    p->version = ward_pkglist_span(l, version);
    p->type = type;
    p->ecosystem = ecosystem;
    p->cataloger = cataloger;
    p->path = ward_pkglist_str(l, path);
    return p;
}

static int cmp_name_version(const void *a, const void *b)
{
    const struct ward_pkg *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->version, y->version);
}

void ward_pkglist_merge_dups(struct ward_pkglist *l, size_t start)
{
    if (l->n - start < 2)
        return;
    struct ward_pkg *v = l->items + start;
    size_t n = l->n - start, w = 0;
    qsort(v, n, sizeof(*v), cmp_name_version);
    for (size_t i = 1; i < n; i++) {
        if (cmp_name_version(&v[w], &v[i]) == 0) {
            v[w].dev = v[w].dev && v[i].dev;
            v[w].indirect = v[w].indirect && v[i].indirect;
            continue;
        }
        v[++w] = v[i];
    }
    l->n = start + w + 1;
}
