/* baseline.c - per-image behaviour baselines of ward watch: sorted string
 * sets (processes, write paths, ports, peers, syscalls), generalisation of
 * write paths, stable JSON files (one per image), diff, merge and the Docker
 * seccomp profile export. The tracker that fills them is baseline_track.c. */
#define WARD_LOG_MODULE "baseline"
#include "watch/baseline.h"

#include "util/file.h"
#include "util/hash.h"
#include "util/json_in.h"
#include "util/json_out.h"
#include "util/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* ---- sorted string sets ------------------------------------------------------ */

static size_t set_cap(enum ward_bl_set s)
{
    switch (s) {
    case WARD_BL_PROCS:
        return WARD_BL_PROCS_MAX;
    case WARD_BL_WRITES:
        return WARD_BL_WRITES_MAX;
    case WARD_BL_OUTBOUND:
    case WARD_BL_LISTEN:
    case WARD_BL_PEERS:
        return WARD_BL_NET_MAX;
    case WARD_BL_SYSCALLS:
    case WARD_BL_NSETS:
        break;
    }
    return WARD_BL_SYSCALLS_MAX;
}

/* Index of s in set, or -(insertion point) - 1. */
static long set_find(const struct ward_strset *set, const char *s)
{
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(set->v[mid], s);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -(long)lo - 1;
}

static int set_add(struct ward_strset *set, const char *s, size_t cap)
{
    long at = set_find(set, s);
    if (at >= 0)
        return 0;
    if (set->n >= cap)
        return WARD_ELIMIT;
    size_t pos = (size_t)(-at - 1);
    WARD_GROW(set->v, set->n, set->cap);
    memmove(set->v + pos + 1, set->v + pos, (set->n - pos) * sizeof(*set->v));
    set->v[pos] = ward_xstrdup(s);
    set->n++;
    return 1;
}

static void set_remove_at(struct ward_strset *set, size_t i)
{
    free(set->v[i]);
    memmove(set->v + i, set->v + i + 1, (set->n - i - 1) * sizeof(*set->v));
    set->n--;
}

static void set_dispose(struct ward_strset *set)
{
    for (size_t i = 0; i < set->n; i++)
        free(set->v[i]);
    free(set->v);
    memset(set, 0, sizeof(*set));
}

/* ---- the model ------------------------------------------------------------------ */

int ward_baseline_new(struct ward_baseline **out, const char *image, const char *image_id)
{
    struct ward_baseline *bl = ward_xcalloc(1, sizeof(*bl));
    bl->image = ward_xstrdup(image ? image : "");
    bl->image_id = image_id && image_id[0] ? ward_xstrdup(image_id) : NULL;
    *out = bl;
    return 0;
}

void ward_baseline_free(struct ward_baseline *bl)
{
    if (!bl)
        return;
    for (size_t i = 0; i < WARD_BL_NSETS; i++)
        set_dispose(&bl->sets[i]);
    free(bl->image);
    free(bl->image_id);
    free(bl);
}

int ward_baseline_add(struct ward_baseline *bl, enum ward_bl_set set, const char *item)
{
    if (strlen(item) > WARD_BL_ITEM_MAX) {
        bl->truncated = true;
        return WARD_ELIMIT;
    }
    int rc = set_add(&bl->sets[set], item, set_cap(set));
    if (rc < 0)
        bl->truncated = true;
    return rc;
}

bool ward_baseline_has(const struct ward_baseline *bl, enum ward_bl_set set, const char *item)
{
    return set_find(&bl->sets[set], item) >= 0;
}

static char *proc_key(const char *exe, const char *name)
{
    char *k = ward_xasprintf("%s%c%s", exe ? exe : "", WARD_BL_SEP, name ? name : "");
    /* the separator cannot come from the parts: comm and paths may hold any byte */
    size_t sep = strlen(exe ? exe : "");
    for (size_t i = 0; k[i]; i++)
        if (k[i] == WARD_BL_SEP && i != sep)
            k[i] = '?';
    return k;
}

int ward_baseline_add_proc(struct ward_baseline *bl, const char *exe, const char *name)
{
    ward_autofree char *k = proc_key(exe, name);
    return ward_baseline_add(bl, WARD_BL_PROCS, k);
}

bool ward_baseline_has_proc(const struct ward_baseline *bl, const char *exe, const char *name)
{
    ward_autofree char *k = proc_key(exe, name);
    return ward_baseline_has(bl, WARD_BL_PROCS, k);
}

/* Directories whose contents are scratch by nature: any write below is one item. */
static const char *const scratch_dirs[] = {"/tmp",      "/var/tmp", "/dev/shm",  "/run",
                                           "/var/run",  "/var/cache", "/var/log", "/proc",
                                           "/dev",      "/sys"};

static bool looks_generated(const char *name)
{
    size_t digits = 0, hex = 0;
    for (const char *p = name; *p; p++) {
        char c = *p;
        digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
        hex = ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
                  ? hex + 1
                  : 0;
        if (digits >= 6 || hex >= 12)
            return true;
    }
    return false;
}

char *ward_baseline_write_key(const char *path)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(scratch_dirs); i++) {
        size_t n = strlen(scratch_dirs[i]);
        if (strncmp(path, scratch_dirs[i], n) == 0 && (path[n] == '/' || path[n] == 0))
            return ward_xasprintf("%s/*", scratch_dirs[i]);
    }
    const char *slash = strrchr(path, '/');
    if (slash && slash != path && looks_generated(slash + 1))
        return ward_xasprintf("%.*s/*", (int)(slash - path), path);
    return ward_xstrdup(path);
}

/* Is path at or below the dir of a "DIR/" "*" item? */
static bool below(const char *item, const char *path)
{
    size_t n = strlen(item);
    if (n < 2 || item[n - 1] != '*' || item[n - 2] != '/')
        return false;
    return strncmp(path, item, n - 1) == 0 || (strncmp(path, item, n - 2) == 0 && !path[n - 2]);
}

bool ward_baseline_has_write(const struct ward_baseline *bl, const char *path)
{
    const struct ward_strset *s = &bl->sets[WARD_BL_WRITES];
    if (set_find(s, path) >= 0)
        return true;
    for (size_t i = 0; i < s->n; i++)
        if (below(s->v[i], path))
            return true;
    return false;
}

int ward_baseline_add_write(struct ward_baseline *bl, const char *path)
{
    if (!path || !path[0])
        return 0;
    ward_autofree char *key = ward_baseline_write_key(path);
    if (ward_baseline_has_write(bl, key))
        return 0;
    struct ward_strset *s = &bl->sets[WARD_BL_WRITES];
    const char *slash = strrchr(key, '/');
    if (slash && slash != key && strcmp(slash, "/*") != 0) {
        /* too many distinct files in one dir: keep the dir instead */
        size_t dlen = (size_t)(slash - key) + 1, same = 0;
        for (size_t i = 0; i < s->n; i++)
            if (strncmp(s->v[i], key, dlen) == 0 && !strchr(s->v[i] + dlen, '/'))
                same++;
        if (same >= WARD_BL_DIR_FILES) {
            ward_autofree char *dir = ward_xasprintf("%.*s*", (int)dlen, key);
            for (size_t i = s->n; i-- > 0;)
                if (below(dir, s->v[i]))
                    set_remove_at(s, i);
            return ward_baseline_add(bl, WARD_BL_WRITES, dir);
        }
    } else if (slash && strcmp(slash, "/*") == 0) {
        /* a new "DIR/" "*" covers what was listed below DIR */
        for (size_t i = s->n; i-- > 0;)
            if (below(key, s->v[i]))
                set_remove_at(s, i);
    }
    return ward_baseline_add(bl, WARD_BL_WRITES, key);
}

void ward_baseline_merge(struct ward_baseline *dst, const struct ward_baseline *src)
{
    if (!dst->image_id && src->image_id)
        dst->image_id = ward_xstrdup(src->image_id);
    for (size_t s = 0; s < WARD_BL_NSETS; s++) {
        for (size_t i = 0; i < src->sets[s].n; i++) {
            if (s == WARD_BL_WRITES)
                ward_baseline_add_write(dst, src->sets[s].v[i]);
            else
                ward_baseline_add(dst, (enum ward_bl_set)s, src->sets[s].v[i]);
        }
    }
    dst->syscalls_recorded |= src->syscalls_recorded;
    dst->truncated |= src->truncated;
}

/* ---- JSON ----------------------------------------------------------------------- */

static void json_set(struct ward_json *j, const char *key, const struct ward_strset *s)
{
    ward_json_key(j, key);
    ward_json_arr_begin(j);
    for (size_t i = 0; i < s->n; i++)
        ward_json_str(j, s->v[i]);
    ward_json_arr_end(j);
}

void ward_baseline_json(struct ward_buf *b, const struct ward_baseline *bl)
{
    struct ward_json j;
    ward_json_init(&j, b, true);
    ward_json_obj_begin(&j);
    ward_json_kv_int(&j, "schema_version", 1);
    ward_json_kv_str(&j, "kind", "ward-baseline");
    ward_json_kv_str(&j, "image", bl->image);
    ward_json_kv_str(&j, "image_id", bl->image_id);
    ward_json_key(&j, "processes");
    ward_json_arr_begin(&j);
    const struct ward_strset *p = &bl->sets[WARD_BL_PROCS];
    for (size_t i = 0; i < p->n; i++) {
        const char *sep = strchr(p->v[i], WARD_BL_SEP);
        ward_json_obj_begin(&j);
        ward_json_key(&j, "exe");
        ward_json_strn(&j, p->v[i], sep ? (size_t)(sep - p->v[i]) : strlen(p->v[i]));
        ward_json_kv_str(&j, "name", sep ? sep + 1 : "");
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);
    json_set(&j, "file_writes", &bl->sets[WARD_BL_WRITES]);
    ward_json_key(&j, "network");
    ward_json_obj_begin(&j);
    json_set(&j, "outbound_ports", &bl->sets[WARD_BL_OUTBOUND]);
    json_set(&j, "listen_ports", &bl->sets[WARD_BL_LISTEN]);
    json_set(&j, "peers", &bl->sets[WARD_BL_PEERS]);
    ward_json_obj_end(&j);
    ward_json_kv_bool(&j, "syscalls_recorded", bl->syscalls_recorded);
    json_set(&j, "syscalls", &bl->sets[WARD_BL_SYSCALLS]);
    ward_json_kv_bool(&j, "truncated", bl->truncated);
    ward_json_obj_end(&j);
    ward_buf_addc(b, '\n');
}

static int parse_strings(struct ward_baseline *bl, enum ward_bl_set set, const json_t *arr,
                         const char *what, struct ward_error **err)
{
    if (!arr)
        return 0;
    if (!json_is_array(arr))
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: not an array", what);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v))
            return ward_error_set(err, WARD_EFORMAT, 0, "%s[%zu]: not a string", what, i);
        const char *s = json_string_value(v);
        if (strlen(s) != json_string_length(v))
            return ward_error_set(err, WARD_EFORMAT, 0, "%s[%zu]: NUL byte", what, i);
        if (set == WARD_BL_SYSCALLS && ward_syscall_number(s) < 0)
            continue; /* another architecture's or a newer kernel's name: ignored */
        if (ward_baseline_add(bl, set, s) < 0)
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: more than %zu items or one too long",
                                  what, set_cap(set));
    }
    return 0;
}

int ward_baseline_parse(struct ward_baseline **out, const char *p, size_t n,
                        struct ward_error **err)
{
    ward_autojson root = NULL;
    if (ward_json_parse(&root, p, n, WARD_BL_FILE_BYTES, err) < 0)
        return -1;
    if (!json_is_object(root))
        return ward_error_set(err, WARD_EFORMAT, 0, "baseline: not a JSON object");
    if (ward_jint(root, "schema_version", 1) != 1)
        return ward_error_set(err, WARD_EFORMAT, 0, "baseline: unsupported schema_version");
    const char *image = ward_jstr(root, "image");
    if (!image || !image[0] || strlen(image) > WARD_BL_ITEM_MAX)
        return ward_error_set(err, WARD_EFORMAT, 0, "baseline: missing \"image\"");
    const char *id = ward_jstr(root, "image_id");
    if (id && strlen(id) > WARD_BL_ITEM_MAX)
        return ward_error_set(err, WARD_EFORMAT, 0, "baseline: image_id too long");
    ward_autoptr(ward_baseline) bl = NULL;
    ward_baseline_new(&bl, image, id);
    json_t *procs = ward_jarr(root, "processes");
    if (json_object_get(root, "processes") && !procs)
        return ward_error_set(err, WARD_EFORMAT, 0, "processes: not an array");
    size_t i;
    json_t *v;
    json_array_foreach(procs, i, v)
    {
        const char *exe = ward_jstr(v, "exe"), *name = ward_jstr(v, "name");
        if (!json_is_object(v) || (!exe && !name))
            return ward_error_set(err, WARD_EFORMAT, 0, "processes[%zu]: want {exe, name}", i);
        if ((exe && strlen(exe) > WARD_BL_ITEM_MAX) || (name && strlen(name) > WARD_BL_ITEM_MAX))
            return ward_error_set(err, WARD_ELIMIT, 0, "processes[%zu]: too long", i);
        if (ward_baseline_add_proc(bl, exe, name) < 0)
            return ward_error_set(err, WARD_ELIMIT, 0, "processes: more than %u",
                                  WARD_BL_PROCS_MAX);
    }
    json_t *net = ward_jobj(root, "network");
    if (json_object_get(root, "network") && !net)
        return ward_error_set(err, WARD_EFORMAT, 0, "network: not an object");
    json_t *sc = json_object_get(root, "syscalls_recorded");
    if (sc && !json_is_boolean(sc))
        return ward_error_set(err, WARD_EFORMAT, 0, "syscalls_recorded: not a boolean");
    if (parse_strings(bl, WARD_BL_WRITES, json_object_get(root, "file_writes"), "file_writes",
                      err) < 0 ||
        parse_strings(bl, WARD_BL_OUTBOUND, json_object_get(net, "outbound_ports"),
                      "network.outbound_ports", err) < 0 ||
        parse_strings(bl, WARD_BL_LISTEN, json_object_get(net, "listen_ports"),
                      "network.listen_ports", err) < 0 ||
        parse_strings(bl, WARD_BL_PEERS, json_object_get(net, "peers"), "network.peers", err) <
            0 ||
        parse_strings(bl, WARD_BL_SYSCALLS, json_object_get(root, "syscalls"), "syscalls", err) <
            0)
        return (*err)->code;
    bl->syscalls_recorded = ward_jbool(root, "syscalls_recorded", false);
    bl->truncated = ward_jbool(root, "truncated", false);
    *out = WARD_STEAL(&bl);
    return 0;
}

/* ---- diff ----------------------------------------------------------------------- */

static const char *const set_word[WARD_BL_NSETS] = {"process", "write",  "outbound",
                                                    "listen",  "peer",   "syscall"};

static void diff_line(struct ward_buf *b, char sign, enum ward_bl_set s, const char *item)
{
    if (s == WARD_BL_PROCS) {
        const char *sep = strchr(item, WARD_BL_SEP);
        int n = sep ? (int)(sep - item) : (int)strlen(item);
        ward_buf_addf(b, "%c %s %.*s (%s)\n", sign, set_word[s], n, item, sep ? sep + 1 : "");
    } else {
        ward_buf_addf(b, "%c %s %s\n", sign, set_word[s], item);
    }
}

size_t ward_baseline_diff(struct ward_buf *b, const struct ward_baseline *a,
                          const struct ward_baseline *bb)
{
    size_t lines = 0;
    for (size_t s = 0; s < WARD_BL_NSETS; s++) {
        const struct ward_strset *x = &a->sets[s], *y = &bb->sets[s];
        size_t i = 0, k = 0;
        while (i < x->n || k < y->n) {
            int c = i >= x->n ? 1 : k >= y->n ? -1 : strcmp(x->v[i], y->v[k]);
            if (c == 0) {
                i++, k++;
                continue;
            }
            if (c < 0)
                diff_line(b, '-', (enum ward_bl_set)s, x->v[i++]);
            else
                diff_line(b, '+', (enum ward_bl_set)s, y->v[k++]);
            lines++;
        }
    }
    return lines;
}

/* ---- seccomp -------------------------------------------------------------------- */

/* What runc (1.1) does after it loads a seccomp filter without no-new-privileges
 * (close extra fds via /proc/self/fd, drop capabilities, set groups and ids,
 * chdir, signal the parent, wait on the exec fifo, execve) plus the Go runtime
 * it runs on, and what the dynamic loader and libc do before main(). */
const char *const ward_seccomp_runtime[] = {
    "access",         "arch_prctl",     "brk",           "capget",         "capset",
    "chdir",          "close",          "close_range",   "dup2",           "dup3",
    "epoll_create1",  "epoll_ctl",      "epoll_pwait",   "epoll_wait",     "execve",
    "exit",           "exit_group",     "faccessat",     "faccessat2",     "fchdir",
    "fcntl",          "fstat",          "fstatfs",       "futex",          "getcwd",
    "getdents64",     "getegid",        "geteuid",       "getgid",         "getpid",
    "getppid",        "getrandom",      "gettid",        "getuid",         "madvise",
    "mmap",           "mprotect",       "munmap",        "nanosleep",      "newfstatat",
    "openat",         "pipe2",          "prctl",         "pread64",        "prlimit64",
    "read",           "readlink",       "readlinkat",    "rseq",           "rt_sigaction",
    "rt_sigprocmask", "rt_sigreturn",   "sched_getaffinity", "sched_yield", "set_robust_list",
    "set_tid_address", "setgid",        "setgroups",     "setresgid",      "setresuid",
    "setuid",         "sigaltstack",    "stat",          "statx",          "tgkill",
    "uname",          "write",
};
const size_t ward_seccomp_runtime_len = WARD_ARRAY_LEN(ward_seccomp_runtime);

int ward_baseline_seccomp(struct ward_buf *b, const struct ward_baseline *bl,
                          struct ward_error **err)
{
    if (!bl->syscalls_recorded || bl->sets[WARD_BL_SYSCALLS].n == 0)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                              "the baseline of %s has no syscalls: learn it with the eBPF "
                              "backend (the proc connector does not see syscalls)",
                              bl->image);
    struct ward_strset all = {0};
    for (size_t i = 0; i < bl->sets[WARD_BL_SYSCALLS].n; i++)
        set_add(&all, bl->sets[WARD_BL_SYSCALLS].v[i], SIZE_MAX);
    for (size_t i = 0; i < ward_seccomp_runtime_len; i++)
        set_add(&all, ward_seccomp_runtime[i], SIZE_MAX);
    struct ward_json j;
    ward_json_init(&j, b, true);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "defaultAction", "SCMP_ACT_ERRNO");
    ward_json_kv_int(&j, "defaultErrnoRet", EPERM);
    ward_json_key(&j, "archMap");
    ward_json_arr_begin(&j);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "architecture", "SCMP_ARCH_X86_64");
    ward_json_key(&j, "subArchitectures");
    ward_json_arr_begin(&j); /* learned on x86_64: 32-bit entry points stay denied */
    ward_json_arr_end(&j);
    ward_json_obj_end(&j);
    ward_json_arr_end(&j);
    ward_json_key(&j, "syscalls");
    ward_json_arr_begin(&j);
    ward_json_obj_begin(&j);
    json_set(&j, "names", &all);
    ward_json_kv_str(&j, "action", "SCMP_ACT_ALLOW");
    ward_json_obj_end(&j);
    ward_json_arr_end(&j);
    ward_json_obj_end(&j);
    ward_buf_addc(b, '\n');
    set_dispose(&all);
    return ward_buf_check(b);
}

/* ---- storage -------------------------------------------------------------------- */

char *ward_baseline_default_dir(void)
{
    const char *d = getenv("WARD_BASELINE_DIR");
    if (d && *d)
        return ward_xstrdup(d);
    const char *x = getenv("XDG_DATA_HOME");
    if (x && *x == '/')
        return ward_xasprintf("%s/ward/baselines", x);
    const char *h = getenv("HOME");
    if (!h || !*h)
        h = "/tmp";
    return ward_xasprintf("%s/.local/share/ward/baselines", h);
}

char *ward_baseline_file_name(const char *image)
{
    char hex[72];
    ward_sha256_hex(image, strlen(image), hex);
    struct ward_buf b = WARD_BUF_INIT(512);
    size_t n = 0;
    for (const char *p = image; *p && n < 96; p++, n++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '-';
        ward_buf_addc(&b, ok && !(n == 0 && c == '.') ? c : '_');
    }
    ward_buf_addf(&b, "-%.8s.json", hex + 7);
    return ward_buf_steal(&b);
}

int ward_baseline_save(const char *dir, const struct ward_baseline *bl, struct ward_error **err)
{
    if (ward_mkdir_p(dir, 0755, err) < 0)
        return -1;
    ward_autofree char *name = ward_baseline_file_name(bl->image);
    ward_autofree char *path = ward_xasprintf("%s/%s", dir, name);
    ward_autofree char *tmp = ward_xasprintf("%s/.%s.tmp.%d", dir, name, (int)getpid());
    struct ward_buf b = WARD_BUF_INIT(WARD_BL_FILE_BYTES);
    ward_baseline_json(&b, bl);
    if (ward_buf_check(&b) < 0) {
        ward_buf_dispose(&b);
        return ward_error_set(err, WARD_ELIMIT, 0, "baseline of %s: too large", bl->image);
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        ward_buf_dispose(&b);
        return ward_error_set(err, WARD_EIO, errno, "create %s", tmp);
    }
    int rc = ward_write_all(fd, b.ptr, b.len);
    ward_buf_dispose(&b);
    if (rc < 0 || fsync(fd) < 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return ward_error_set(err, WARD_EIO, e, "write %s", tmp);
    }
    close(fd);
    if (rename(tmp, path) < 0) {
        int e = errno;
        unlink(tmp);
        return ward_error_set(err, WARD_EIO, e, "rename %s", path);
    }
    return 0;
}

void ward_baseline_list_free(struct ward_baseline **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ward_baseline_free(v[i]);
    free(v);
}

static int cmp_image(const void *a, const void *b)
{
    const struct ward_baseline *x = *(const struct ward_baseline *const *)a;
    const struct ward_baseline *y = *(const struct ward_baseline *const *)b;
    return strcmp(x->image, y->image);
}

static int load_file(struct ward_baseline **out, const char *path, struct ward_error **err)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    int rc = ward_file_read(&b, AT_FDCWD, path, WARD_BL_FILE_BYTES, err);
    if (rc == 0)
        rc = ward_baseline_parse(out, b.ptr ? b.ptr : "", b.len, err);
    ward_buf_dispose(&b);
    if (rc < 0)
        return ward_error_wrap(err, "%s", path);
    return 0;
}

int ward_baseline_load_dir(const char *dir, struct ward_baseline ***out, size_t *n,
                           struct ward_error **err)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT)
            return 0;
        return ward_error_set(err, WARD_EIO, errno, "open %s", dir);
    }
    struct ward_baseline **v = NULL;
    size_t nv = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        if (nv >= WARD_BL_IMAGES_MAX) {
            ward_warn("%s: more than %u baselines, the rest ignored", dir, WARD_BL_IMAGES_MAX);
            break;
        }
        ward_autofree char *path = ward_xasprintf("%s/%s", dir, de->d_name);
        struct ward_baseline *bl = NULL;
        struct ward_error *e = NULL;
        if (load_file(&bl, path, &e) < 0) {
            ward_warn("skipped: %s", e->msg);
            ward_error_free(e);
            continue;
        }
        WARD_GROW(v, nv, cap);
        v[nv++] = bl;
    }
    closedir(d);
    if (nv > 1)
        qsort(v, nv, sizeof(*v), cmp_image);
    *out = v;
    *n = nv;
    return 0;
}

static bool id_matches(const char *image_id, const char *what)
{
    if (!image_id)
        return false;
    if (strcmp(image_id, what) == 0)
        return true;
    const char *hex = strncmp(image_id, "sha256:", 7) == 0 ? image_id + 7 : image_id;
    const char *w = strncmp(what, "sha256:", 7) == 0 ? what + 7 : what;
    size_t n = strlen(w);
    if (n < 12 || strspn(w, "0123456789abcdef") != n)
        return false;
    return strncmp(hex, w, n) == 0;
}

int ward_baseline_find(struct ward_baseline **out, const char *dir, const char *what,
                       struct ward_error **err)
{
    size_t wl = strlen(what);
    struct stat st;
    if (wl > 5 && strcmp(what + wl - 5, ".json") == 0 && stat(what, &st) == 0 &&
        S_ISREG(st.st_mode))
        return load_file(out, what, err);
    struct ward_baseline **v = NULL;
    size_t n = 0;
    if (ward_baseline_load_dir(dir, &v, &n, err) < 0)
        return -1;
    long hit = -1;
    for (size_t i = 0; i < n && hit < 0; i++)
        if (strcmp(v[i]->image, what) == 0)
            hit = (long)i;
    /* "alpine" names "alpine:latest" */
    ward_autofree char *latest = ward_xasprintf("%s:latest", what);
    for (size_t i = 0; i < n && hit < 0; i++)
        if (strcmp(v[i]->image, latest) == 0)
            hit = (long)i;
    for (size_t i = 0; i < n && hit < 0; i++)
        if (id_matches(v[i]->image_id, what))
            hit = (long)i;
    if (hit < 0) {
        ward_baseline_list_free(v, n);
        return ward_error_set(err, WARD_ENOTFOUND, 0, "no baseline for %s in %s", what, dir);
    }
    *out = v[hit];
    v[hit] = NULL;
    ward_baseline_list_free(v, n);
    return 0;
}
