/* diff.c - ward diff: a container's filesystem changes against its image,
 * computed from the overlay2 upper dir and the lower dirs the way dockerd's
 * comparison of the two merged trees reports them, or taken from the Engine
 * API; rendered as docker diff lines or as JSON with the drift classified. */
#include "runtime/runtime.h"
#include "util/json_out.h"
#include "util/limits.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

struct ctx {
    const char *upper;
    char *const *lowers;
    size_t nl;
    struct ward_changes *out;
    struct ward_error **err;
};

void ward_changes_dispose(struct ward_changes *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i].path);
    free(c->items);
    memset(c, 0, sizeof(*c));
}

static bool is_whiteout(const struct stat *st)
{
    return S_ISCHR(st->st_mode) && st->st_rdev == 0;
}

static bool is_opaque(const char *abs)
{
    char v[4];
    ssize_t n = lgetxattr(abs, "trusted.overlay.opaque", v, sizeof(v));
    if (n < 0)
        n = lgetxattr(abs, "user.overlay.opaque", v, sizeof(v));
    return n == 1 && v[0] == 'y';
}

static char *cat(const char *root, const char *rel)
{
    return ward_xasprintf("%s%s", root, rel);
}

/* In lower layer i, is rel hidden from the layers below by a whiteout, a
 * non-directory or an opaque directory at one of its ancestors? */
static bool hidden_by_ancestor(const struct ctx *c, size_t i, const char *rel)
{
    ward_autofree char *p = cat(c->lowers[i], rel);
    size_t base = strlen(c->lowers[i]);
    for (char *s = p + base + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        struct stat st;
        int r = lstat(p, &st);
        bool stop = r == 0 && (is_whiteout(&st) || !S_ISDIR(st.st_mode) || is_opaque(p));
        *s = '/';
        if (r < 0)
            return false; /* the ancestor is absent, so is everything below it */
        if (stop)
            return true;
    }
    return false;
}

/* rel in the merged view of the lower layers: 1 found (st, *layer), 0 absent. */
static int lower_lookup(const struct ctx *c, const char *rel, struct stat *st, size_t *layer)
{
    for (size_t i = 0; i < c->nl; i++) {
        ward_autofree char *p = cat(c->lowers[i], rel);
        if (lstat(p, st) == 0) {
            if (is_whiteout(st))
                return 0;
            *layer = i;
            return 1;
        }
        if (hidden_by_ancestor(c, i, rel))
            return 0;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct names {
    char **v;
    size_t n, cap;
};

static void names_dispose(struct names *n)
{
    for (size_t i = 0; i < n->n; i++)
        free(n->v[i]);
    free(n->v);
    memset(n, 0, sizeof(*n));
}

static bool names_has(const struct names *n, const char *s)
{
    return n->n && bsearch(&s, n->v, n->n, sizeof(char *), cmp_str) != NULL;
}

static int list_dir(const char *abs, struct names *out, struct ward_error **err)
{
    DIR *d = opendir(abs);
    if (!d)
        return ward_error_set(err, errno == ENOENT ? WARD_ENOTFOUND : WARD_EIO, errno, "opendir %s",
                              abs);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (out->n >= WARD_LIMIT_FILES_PER_LAYER) {
            closedir(d);
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: too many entries", abs);
        }
        WARD_GROW(out->v, out->n, out->cap);
        out->v[out->n++] = ward_xstrdup(e->d_name);
    }
    closedir(d);
    if (out->n > 1)
        qsort(out->v, out->n, sizeof(char *), cmp_str);
    return 0;
}

static bool elf_magic(const char *abs)
{
    int fd = open(abs, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    char m[4];
    bool ok = read(fd, m, 4) == 4 && memcmp(m, "\177ELF", 4) == 0;
    close(fd);
    return ok;
}

static void add(struct ctx *c, const char *rel, enum ward_change_kind kind, const struct stat *nst,
                const struct stat *ost, bool implied)
{
    struct ward_changes *o = c->out;
    WARD_GROW(o->items, o->n, o->cap);
    struct ward_change *ch = &o->items[o->n++];
    memset(ch, 0, sizeof(*ch));
    ch->path = ward_xstrdup(rel);
    ch->kind = kind;
    ch->implied = implied;
    if (nst) {
        ch->have_stat = true;
        ch->mode = nst->st_mode;
        ch->size = (uint64_t)nst->st_size;
        if (S_ISREG(nst->st_mode) && nst->st_size >= 4) {
            ward_autofree char *abs = cat(c->upper, rel);
            ch->is_elf = elf_magic(abs);
        }
    }
    if (ost) {
        ch->had_old = true;
        ch->old_mode = ost->st_mode;
    }
}

/* Same second, and the same nanoseconds unless either side has none (tar). */
static bool same_time(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec == b->tv_sec && (a->tv_nsec == b->tv_nsec || !a->tv_nsec || !b->tv_nsec);
}

static bool same_cap(const char *a, const char *b)
{
    char va[256], vb[256];
    ssize_t na = lgetxattr(a, "security.capability", va, sizeof(va));
    ssize_t nb = lgetxattr(b, "security.capability", vb, sizeof(vb));
    if (na < 0 && nb < 0)
        return true;
    return na == nb && memcmp(va, vb, (size_t)na) == 0;
}

/* dockerd's test: type and permissions, owner, device number, and for
 * non-directories size and mtime (directory size/mtime are not a change). */
static bool stat_differs(const struct stat *o, const struct stat *n)
{
    if (o->st_mode != n->st_mode || o->st_uid != n->st_uid || o->st_gid != n->st_gid ||
        o->st_rdev != n->st_rdev)
        return true;
    if (!S_ISDIR(o->st_mode) && (!same_time(&o->st_mtim, &n->st_mtim) || o->st_size != n->st_size))
        return true;
    return false;
}

static int walk_dir(struct ctx *c, const char *rel, unsigned depth, bool opaque_above);

/* Everything below a new directory is new. */
static int add_all(struct ctx *c, const char *rel, unsigned depth)
{
    if (depth > WARD_LIMIT_PATH_DEPTH)
        return ward_error_set(c->err, WARD_ELIMIT, 0, "%s: nested too deep", rel);
    ward_autofree char *abs = cat(c->upper, rel);
    struct names n = {0};
    int rc = list_dir(abs, &n, c->err);
    for (size_t i = 0; rc == 0 && i < n.n; i++) {
        ward_autofree char *crel = ward_xasprintf("%s/%s", rel, n.v[i]);
        ward_autofree char *cabs = cat(c->upper, crel);
        struct stat st;
        if (strlen(crel) > WARD_LIMIT_PATH_LEN)
            rc = ward_error_set(c->err, WARD_ELIMIT, 0, "path too long under %s", rel);
        else if (lstat(cabs, &st) < 0 || is_whiteout(&st))
            continue;
        else {
            add(c, crel, WARD_CHANGE_ADD, &st, NULL, false);
            if (S_ISDIR(st.st_mode))
                rc = add_all(c, crel, depth + 1);
        }
    }
    names_dispose(&n);
    return rc;
}

/* Names the lower layers show in directory rel (for an opaque upper dir). */
static int lower_children(const struct ctx *c, const char *rel, struct names *out)
{
    struct names seen = {0}, gone = {0};
    int rc = 0;
    for (size_t i = 0; i < c->nl && rc == 0; i++) {
        ward_autofree char *p = cat(c->lowers[i], rel);
        struct stat st;
        if (lstat(p, &st) < 0) {
            if (hidden_by_ancestor(c, i, rel))
                break;
            continue;
        }
        if (!S_ISDIR(st.st_mode))
            break;
        struct names n = {0};
        if (list_dir(p, &n, NULL) == 0) {
            for (size_t k = 0; k < n.n; k++) {
                if (names_has(&seen, n.v[k]) || names_has(&gone, n.v[k]))
                    continue;
                ward_autofree char *cp = ward_xasprintf("%s/%s", p, n.v[k]);
                struct stat cst;
                struct names *dst = lstat(cp, &cst) == 0 && is_whiteout(&cst) ? &gone : &seen;
                WARD_GROW(dst->v, dst->n, dst->cap);
                dst->v[dst->n++] = ward_xstrdup(n.v[k]);
                if (dst->n > 1)
                    qsort(dst->v, dst->n, sizeof(char *), cmp_str);
            }
        }
        names_dispose(&n);
        if (is_opaque(p))
            break;
    }
    names_dispose(&gone);
    *out = seen;
    return rc;
}

/* rel is a directory in upper whose lower counterpart is a directory too.
 * opaque_above: an ancestor is opaque, so the merged view shows only upper's
 * entries here, whatever the lower layers hold. */
static int walk_dir(struct ctx *c, const char *rel, unsigned depth, bool opaque_above)
{
    if (depth > WARD_LIMIT_PATH_DEPTH)
        return ward_error_set(c->err, WARD_ELIMIT, 0, "%s: nested too deep", rel);
    ward_autofree char *abs = cat(c->upper, rel);
    struct names n = {0};
    int rc = list_dir(abs, &n, c->err);
    for (size_t i = 0; rc == 0 && i < n.n; i++) {
        ward_autofree char *crel = ward_xasprintf("%s/%s", rel, n.v[i]);
        ward_autofree char *cabs = cat(c->upper, crel);
        struct stat st, ost;
        size_t layer = 0;
        if (strlen(crel) > WARD_LIMIT_PATH_LEN) {
            rc = ward_error_set(c->err, WARD_ELIMIT, 0, "path too long under %s", rel);
            break;
        }
        if (lstat(cabs, &st) < 0)
            continue; /* removed while we walk */
        int found = lower_lookup(c, crel, &ost, &layer);
        if (is_whiteout(&st)) {
            if (found)
                add(c, crel, WARD_CHANGE_DELETE, NULL, &ost, false);
            continue;
        }
        if (!found) {
            add(c, crel, WARD_CHANGE_ADD, &st, NULL, false);
            if (S_ISDIR(st.st_mode))
                rc = add_all(c, crel, depth + 1);
            continue;
        }
        ward_autofree char *labs = cat(c->lowers[layer], crel);
        bool changed = stat_differs(&ost, &st) || !same_cap(labs, cabs);
        size_t mark = c->out->n;
        if (changed)
            add(c, crel, WARD_CHANGE_MODIFY, &st, &ost, false);
        if (!S_ISDIR(st.st_mode))
            continue;
        if (!S_ISDIR(ost.st_mode)) { /* a file became a directory: its content is new */
            rc = add_all(c, crel, depth + 1);
            continue;
        }
        bool opaque = opaque_above || is_opaque(cabs);
        rc = walk_dir(c, crel, depth + 1, opaque);
        if (rc == 0 && opaque) {
            /* deleted and re-created: what the lower layers had and upper lacks is gone */
            struct names low = {0}, up = {0};
            rc = lower_children(c, crel, &low);
            if (rc == 0)
                rc = list_dir(cabs, &up, c->err);
            for (size_t k = 0; rc == 0 && k < low.n; k++) {
                if (names_has(&up, low.v[k]))
                    continue;
                ward_autofree char *drel = ward_xasprintf("%s/%s", crel, low.v[k]);
                add(c, drel, WARD_CHANGE_DELETE, NULL, NULL, false);
            }
            names_dispose(&low);
            names_dispose(&up);
        }
        if (rc == 0 && !changed && c->out->n > mark)
            add(c, crel, WARD_CHANGE_MODIFY, &st, &ost, true);
    }
    names_dispose(&n);
    return rc;
}

static int cmp_change(const void *a, const void *b)
{
    return strcmp(((const struct ward_change *)a)->path, ((const struct ward_change *)b)->path);
}

int ward_diff_overlay(struct ward_changes *out, const char *upper, char *const *lowers,
                      size_t nlowers, struct ward_error **err)
{
    struct stat st;
    memset(out, 0, sizeof(*out));
    out->source = "overlay2";
    if (stat(upper, &st) < 0 || !S_ISDIR(st.st_mode))
        return ward_error_set(err, errno == EACCES ? WARD_EIO : WARD_ENOTFOUND, errno,
                              "upper dir %s", upper);
    if (nlowers > WARD_LIMIT_LAYERS)
        return ward_error_set(err, WARD_ELIMIT, 0, "%zu lower layers", nlowers);
    struct ctx c = {upper, lowers, nlowers, out, err};
    int rc = walk_dir(&c, "", 0, false);
    if (rc < 0) {
        ward_changes_dispose(out);
        return rc;
    }
    if (out->n > 1)
        qsort(out->items, out->n, sizeof(*out->items), cmp_change);
    return 0;
}

int ward_diff_engine_json(struct ward_changes *out, const json_t *arr, struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    out->source = "engine";
    if (!arr || json_is_null(arr))
        return 0;
    if (!json_is_array(arr))
        return ward_error_set(err, WARD_EFORMAT, 0, "changes: not an array");
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it)
    {
        const char *p = ward_jstr(it, "Path");
        int64_t k = ward_jint(it, "Kind", -1);
        if (!p || p[0] != '/' || strlen(p) > WARD_LIMIT_PATH_LEN || k < 0 || k > 2) {
            ward_changes_dispose(out);
            return ward_error_set(err, WARD_EFORMAT, 0, "changes[%zu]: bad entry", i);
        }
        WARD_GROW(out->items, out->n, out->cap);
        struct ward_change *ch = &out->items[out->n++];
        memset(ch, 0, sizeof(*ch));
        ch->path = ward_xstrdup(p);
        ch->kind = (enum ward_change_kind)k;
    }
    if (out->n > 1)
        qsort(out->items, out->n, sizeof(*out->items), cmp_change);
    /* Without stat data, a C directory with changes below it is taken as implied. */
    for (size_t k = 0; k + 1 < out->n; k++) {
        struct ward_change *ch = &out->items[k];
        size_t l = strlen(ch->path);
        if (ch->kind == WARD_CHANGE_MODIFY && strncmp(out->items[k + 1].path, ch->path, l) == 0 &&
            out->items[k + 1].path[l] == '/')
            ch->implied = true;
    }
    return 0;
}

static char kind_char(enum ward_change_kind k)
{
    switch (k) {
    case WARD_CHANGE_ADD:
        return 'A';
    case WARD_CHANGE_DELETE:
        return 'D';
    case WARD_CHANGE_MODIFY:
        return 'C';
    }
    return '?';
}

int ward_diff_text(const struct ward_changes *c, struct ward_buf *out)
{
    for (size_t i = 0; i < c->n; i++)
        ward_buf_addf(out, "%c %s\n", kind_char(c->items[i].kind), c->items[i].path);
    if (!out->ptr)
        ward_buf_add(out, "", 0);
    return ward_buf_check(out);
}

static bool under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static bool under_any(const char *path, const char *const *dirs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (under(path, dirs[i]))
            return true;
    return false;
}

static const char *const system_dirs[] = {"/etc", "/usr",   "/bin",   "/sbin",
                                          "/lib", "/lib32", "/lib64", "/libx32"};
static const char *const bin_dirs[] = {
    "/bin", "/sbin",  "/usr/bin", "/usr/sbin",  "/usr/local/bin", "/usr/local/sbin",
    "/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib", "/usr/libexec"};
static const char *const pkgdb_dirs[] = {"/var/lib/dpkg", "/lib/apk/db", "/var/lib/rpm",
                                         "/usr/lib/sysimage/rpm", "/var/lib/apk"};

static bool is_lib_name(const char *p)
{
    const char *b = strrchr(p, '/');
    b = b ? b + 1 : p;
    const char *so = strstr(b, ".so");
    return so && (so[3] == '\0' || so[3] == '.');
}

enum { D_NEWEXEC, D_CHBIN, D_SYSWRITE, D_PKGDB, D_SETID, D_N };

static bool drift_match(const struct ward_change *ch, int which)
{
    bool reg = ch->have_stat && S_ISREG(ch->mode);
    bool dir = ch->have_stat && S_ISDIR(ch->mode);
    switch (which) {
    case D_NEWEXEC:
        if (ch->kind != WARD_CHANGE_ADD)
            return false;
        if (ch->have_stat)
            return reg && ((ch->mode & 0111) || ch->is_elf);
        return under_any(ch->path, bin_dirs, WARD_ARRAY_LEN(bin_dirs));
    case D_CHBIN:
        if (ch->kind != WARD_CHANGE_MODIFY || ch->implied || dir)
            return false;
        if (ch->have_stat && !reg)
            return false;
        return ch->is_elf || is_lib_name(ch->path) ||
               under_any(ch->path, bin_dirs, WARD_ARRAY_LEN(bin_dirs));
    case D_SYSWRITE:
        return !ch->implied && under_any(ch->path, system_dirs, WARD_ARRAY_LEN(system_dirs));
    case D_PKGDB:
        return !ch->implied && under_any(ch->path, pkgdb_dirs, WARD_ARRAY_LEN(pkgdb_dirs));
    case D_SETID:
        if (ch->kind == WARD_CHANGE_DELETE || !reg || !(ch->mode & (S_ISUID | S_ISGID)))
            return false;
        return !ch->had_old ||
               (ch->old_mode & (S_ISUID | S_ISGID)) != (ch->mode & (S_ISUID | S_ISGID));
    default:
        return false;
    }
}

static const char *type_name(uint32_t m)
{
    switch (m & S_IFMT) {
    case S_IFREG:
        return "file";
    case S_IFDIR:
        return "dir";
    case S_IFLNK:
        return "symlink";
    case S_IFCHR:
        return "chardev";
    case S_IFBLK:
        return "blockdev";
    case S_IFIFO:
        return "fifo";
    case S_IFSOCK:
        return "socket";
    default:
        return "unknown";
    }
}

int ward_diff_json(const struct ward_changes *c, const char *id, const char *name,
                   struct ward_buf *out, bool pretty)
{
    static const char *const dnames[D_N] = {"new_executables", "changed_binaries", "system_writes",
                                            "package_db_changes", "setuid_setgid"};
    struct ward_json j;
    size_t cnt[3] = {0};
    ward_json_init(&j, out, pretty);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "container_id", id);
    ward_json_kv_str(&j, "container_name", name);
    ward_json_kv_str(&j, "source", c->source);
    ward_json_key(&j, "changes");
    ward_json_arr_begin(&j);
    for (size_t i = 0; i < c->n; i++) {
        const struct ward_change *ch = &c->items[i];
        char k[2] = {kind_char(ch->kind), 0};
        cnt[ch->kind]++;
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "kind", k);
        ward_json_kv_str(&j, "path", ch->path);
        if (ch->have_stat) {
            char mode[8];
            snprintf(mode, sizeof(mode), "%04o", ch->mode & 07777);
            ward_json_kv_str(&j, "type", type_name(ch->mode));
            ward_json_kv_str(&j, "mode", mode);
            if (S_ISREG(ch->mode))
                ward_json_kv_uint(&j, "size", ch->size);
            if (ch->is_elf)
                ward_json_kv_bool(&j, "elf", true);
        }
        if (ch->implied)
            ward_json_kv_bool(&j, "parent_only", true);
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);
    ward_json_key(&j, "summary");
    ward_json_obj_begin(&j);
    ward_json_kv_uint(&j, "added", cnt[WARD_CHANGE_ADD]);
    ward_json_kv_uint(&j, "changed", cnt[WARD_CHANGE_MODIFY]);
    ward_json_kv_uint(&j, "deleted", cnt[WARD_CHANGE_DELETE]);
    ward_json_obj_end(&j);
    ward_json_key(&j, "drift");
    ward_json_obj_begin(&j);
    for (int d = 0; d < D_N; d++) {
        ward_json_key(&j, dnames[d]);
        ward_json_arr_begin(&j);
        for (size_t i = 0; i < c->n; i++)
            if (drift_match(&c->items[i], d))
                ward_json_str(&j, c->items[i].path);
        ward_json_arr_end(&j);
    }
    ward_json_obj_end(&j);
    ward_json_kv_bool(&j, "read_only_rootfs_recommended", c->n == 0);
    ward_json_obj_end(&j);
    ward_buf_addc(out, '\n');
    return ward_buf_check(out);
}
