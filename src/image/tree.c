/* tree.c - the merged file tree of an image: layers applied bottom-up, OCI
 * whiteouts and opaque directories honoured, lookups that resolve symlinks
 * and hard links without ever leaving the image root. */
#include "image/image.h"
#include "util/limits.h"

#include <string.h>
#include <sys/stat.h>

struct tnode {
    struct ward_tree_node pub;
    const char *path; /* normalised, relative; owned by a layer's arena or the tree */
    struct tnode *parent, *child, *next, *prev; /* directory structure */
    struct tnode *hnext;                        /* hash chain */
    uint32_t hash;
};

struct ward_tree {
    struct tnode **buckets;
    size_t nbuckets, count;
    struct tnode root;
    struct ward_arena arena; /* implicit parent paths */
};

static const struct ward_layer_file implicit_dir = {"", NULL, S_IFDIR | 0755, 0, 0, 0, 0, -1};

static uint32_t hash_path(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

struct ward_tree *ward_tree_new(void)
{
    struct ward_tree *t = ward_xcalloc(1, sizeof(*t));
    t->nbuckets = 4096;
    t->buckets = ward_xcalloc(t->nbuckets, sizeof(*t->buckets));
    t->root.path = "";
    t->root.pub.f = &implicit_dir;
    t->root.pub.layer = -1;
    ward_arena_init(&t->arena);
    return t;
}

static void free_subtree(struct tnode *n)
{
    struct tnode *c = n->child;
    while (c) {
        struct tnode *next = c->next;
        free_subtree(c);
        free(c);
        c = next;
    }
}

void ward_tree_free(struct ward_tree *t)
{
    if (!t)
        return;
    free_subtree(&t->root);
    free(t->buckets);
    ward_arena_dispose(&t->arena);
    free(t);
}

static struct tnode *find(const struct ward_tree *t, const char *p, size_t n)
{
    if (n == 0)
        return (struct tnode *)&t->root;
    uint32_t h = hash_path(p, n);
    for (struct tnode *x = t->buckets[h & (t->nbuckets - 1)]; x; x = x->hnext)
        if (x->hash == h && strncmp(x->path, p, n) == 0 && x->path[n] == '\0')
            return x;
    return NULL;
}

static void grow(struct ward_tree *t)
{
    size_t nb = t->nbuckets * 2;
    struct tnode **b = ward_xcalloc(nb, sizeof(*b));
    for (size_t i = 0; i < t->nbuckets; i++) {
        struct tnode *x = t->buckets[i];
        while (x) {
            struct tnode *next = x->hnext;
            x->hnext = b[x->hash & (nb - 1)];
            b[x->hash & (nb - 1)] = x;
            x = next;
        }
    }
    free(t->buckets);
    t->buckets = b;
    t->nbuckets = nb;
}

static void unhash(struct ward_tree *t, struct tnode *x)
{
    struct tnode **pp = &t->buckets[x->hash & (t->nbuckets - 1)];
    while (*pp && *pp != x)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = x->hnext;
    t->count--;
}

static void remove_children(struct ward_tree *t, struct tnode *n)
{
    struct tnode *c = n->child;
    while (c) {
        struct tnode *next = c->next;
        remove_children(t, c);
        unhash(t, c);
        free(c);
        c = next;
    }
    n->child = NULL;
}

static void remove_node(struct ward_tree *t, struct tnode *x)
{
    remove_children(t, x);
    if (x->prev)
        x->prev->next = x->next;
    else if (x->parent)
        x->parent->child = x->next;
    if (x->next)
        x->next->prev = x->prev;
    unhash(t, x);
    free(x);
}

/* Find or create the node for p (creating implicit parent directories). */
static struct tnode *get(struct ward_tree *t, const char *p, size_t n, bool create)
{
    struct tnode *x = find(t, p, n);
    if (x || !create)
        return x;
    const char *slash = NULL;
    for (size_t i = n; i > 0; i--)
        if (p[i - 1] == '/') {
            slash = p + i - 1;
            break;
        }
    struct tnode *parent = slash ? get(t, p, (size_t)(slash - p), true) : &t->root;
    if (!S_ISDIR(parent->pub.f->mode)) {
        /* a file became a directory's parent (later layer adds below it):
         * the parent turns into an implicit directory, as overlayfs shows it */
        remove_children(t, parent);
        parent->pub.f = &implicit_dir;
    }
    if (t->count * 2 > t->nbuckets)
        grow(t);
    x = ward_xcalloc(1, sizeof(*x));
    x->path = ward_arena_strndup(&t->arena, p, n);
    x->hash = hash_path(p, n);
    x->parent = parent;
    x->next = parent->child;
    if (parent->child)
        parent->child->prev = x;
    parent->child = x;
    x->pub.f = &implicit_dir;
    x->pub.layer = -1;
    x->hnext = t->buckets[x->hash & (t->nbuckets - 1)];
    t->buckets[x->hash & (t->nbuckets - 1)] = x;
    t->count++;
    return x;
}

int ward_tree_apply(struct ward_tree *t, const struct ward_layer *l, int idx,
                    struct ward_error **err)
{
    (void)err;
    /* Whiteouts hide lower layers only: apply them all before this layer's entries. */
    for (size_t i = 0; i < l->n_files; i++) {
        const struct ward_layer_file *f = &l->files[i];
        if (f->kind == WARD_LF_WHITEOUT) {
            struct tnode *x = find(t, f->path, strlen(f->path));
            if (x && x != &t->root)
                remove_node(t, x);
        } else if (f->kind == WARD_LF_OPAQUE) {
            struct tnode *x = find(t, f->path, strlen(f->path));
            if (x)
                remove_children(t, x);
        }
    }
    for (size_t i = 0; i < l->n_files; i++) {
        const struct ward_layer_file *f = &l->files[i];
        if (f->kind == WARD_LF_WHITEOUT)
            continue;
        if (f->kind == WARD_LF_OPAQUE) {
            struct tnode *x = get(t, f->path, strlen(f->path), true);
            (void)x; /* the directory itself exists in this layer */
            continue;
        }
        struct tnode *x = get(t, f->path, strlen(f->path), true);
        if (!S_ISDIR(f->mode) || f->kind == WARD_LF_HARDLINK)
            remove_children(t, x); /* a non-directory replaces a whole subtree */
        x->pub.f = f;
        x->pub.layer = idx;
    }
    return 0;
}

/* Resolve path component by component inside the root. */
static const struct tnode *resolve(const struct ward_tree *t, const char *path, bool follow_last,
                                   unsigned *hops)
{
    struct ward_buf cur = WARD_BUF_INIT(WARD_LIMIT_PATH_LEN);
    struct ward_buf rest = WARD_BUF_INIT(WARD_LIMIT_PATH_LEN * 2);
    const struct tnode *result = NULL;
    ward_buf_adds(&rest, path);
    ward_buf_add(&cur, "", 0);
    size_t pos = 0;
    for (;;) {
        while (pos < rest.len && rest.ptr[pos] == '/')
            pos++;
        if (pos >= rest.len) {
            result = find(t, cur.ptr, cur.len);
            break;
        }
        size_t s = pos;
        while (pos < rest.len && rest.ptr[pos] != '/')
            pos++;
        size_t n = pos - s;
        if (n == 1 && rest.ptr[s] == '.')
            continue;
        if (n == 2 && rest.ptr[s] == '.' && rest.ptr[s + 1] == '.') {
            while (cur.len && cur.ptr[cur.len - 1] != '/')
                cur.len--;
            if (cur.len)
                cur.len--;
            cur.ptr[cur.len] = '\0';
            continue;
        }
        size_t save = cur.len;
        if (cur.len)
            ward_buf_addc(&cur, '/');
        ward_buf_add(&cur, rest.ptr + s, n);
        if (ward_buf_check(&cur))
            break;
        const struct tnode *x = find(t, cur.ptr, cur.len);
        if (!x)
            break;
        bool last = true;
        for (size_t k = pos; k < rest.len; k++)
            if (rest.ptr[k] != '/') {
                last = false;
                break;
            }
        if (S_ISLNK(x->pub.f->mode) && x->pub.f->link && (!last || follow_last)) {
            if (++*hops > WARD_LIMIT_SYMLINK_HOPS)
                break;
            /* replace this component by the link target; absolute targets restart at root */
            const char *target = x->pub.f->link;
            struct ward_buf nr = WARD_BUF_INIT(WARD_LIMIT_PATH_LEN * 2);
            ward_buf_adds(&nr, target);
            ward_buf_addc(&nr, '/');
            ward_buf_add(&nr, rest.ptr + pos, rest.len - pos);
            if (ward_buf_check(&nr)) {
                ward_buf_dispose(&nr);
                break;
            }
            ward_buf_dispose(&rest);
            rest = nr;
            pos = 0;
            if (target[0] == '/')
                cur.len = 0;
            else
                cur.len = save;
            cur.ptr[cur.len] = '\0';
            continue;
        }
        if (!last && !S_ISDIR(x->pub.f->mode))
            break;
    }
    ward_buf_dispose(&cur);
    ward_buf_dispose(&rest);
    return result;
}

const struct ward_tree_node *ward_tree_lookup(const struct ward_tree *t, const char *path,
                                              bool follow)
{
    unsigned hops = 0;
    const struct tnode *x = resolve(t, path, follow, &hops);
    if (x && follow && x->pub.f->kind == WARD_LF_HARDLINK && x->pub.f->link) {
        /* hard links share content with their target (same layer or below) */
        const struct tnode *y = find(t, x->pub.f->link, strlen(x->pub.f->link));
        if (y && y->pub.f->kind != WARD_LF_HARDLINK)
            return &y->pub;
    }
    return x ? &x->pub : NULL;
}

static int node_cmp(const void *a, const void *b)
{
    return strcmp((*(const struct tnode *const *)a)->path, (*(const struct tnode *const *)b)->path);
}

static int walk(const struct tnode *n, ward_tree_visit fn, void *ud)
{
    /* collect and sort children for a stable order */
    size_t cnt = 0;
    for (const struct tnode *c = n->child; c; c = c->next)
        cnt++;
    if (!cnt)
        return 0;
    const struct tnode **v = ward_xcalloc(cnt, sizeof(*v));
    size_t i = 0;
    for (const struct tnode *c = n->child; c; c = c->next)
        v[i++] = c;
    qsort(v, cnt, sizeof(*v), node_cmp);
    int rc = 0;
    for (i = 0; i < cnt && rc == 0; i++) {
        rc = fn(v[i]->path, &v[i]->pub, ud);
        if (rc == 0)
            rc = walk(v[i], fn, ud);
    }
    free(v);
    return rc;
}

int ward_tree_walk(const struct ward_tree *t, ward_tree_visit fn, void *ud)
{
    return walk(&t->root, fn, ud);
}
