/* parse.c - parsers for the facts `ward bench` reads from the host: the daemon's command line
 * (/proc/PID/cmdline), audit rule files and daemon.json. All take (p, n), never read past n
 * and treat their input as hostile (it may come from a compromised host tree). */
#include "bench/bench.h"
#include "util/limits.h"

#include <string.h>

#define ARGS_MAX  4096u  /* arguments kept from one command line */
#define AUDIT_MAX 65536u /* watched paths kept from all rule files */

/* dockerd flags that take no value ("--live-restore" means true). */
static const char *const bool_flags[] = {
    "debug",
    "icc",
    "iptables",
    "ip6tables",
    "ip-masq",
    "ip-forward",
    "live-restore",
    "userland-proxy",
    "no-new-privileges",
    "tls",
    "tlsverify",
    "experimental",
    "selinux-enabled",
    "rootless",
    "init",
    "raw-logs",
    "disable-legacy-registry",
    "validate",
    "version",
    "help",
    "ipv6",
    "cri-containerd",
    "ip-forward-no-drop",
    "allow-nondistributable-artifacts-all",
};

/* dockerd short flags and the long names they stand for; bool ones marked. */
static const struct {
    char c;
    const char *name;
    bool is_bool;
} short_flags[] = {
    {'H', "host", false},           {'D', "debug", true},
    {'l', "log-level", false},      {'G', "group", false},
    {'p', "pidfile", false},        {'g', "data-root", false},
    {'s', "storage-driver", false}, {'b', "bridge", false},
    {'v', "version", true},         {'h', "help", true},
    {'e', "exec-driver", false},
};

static bool is_bool_flag(const char *name, size_t len)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(bool_flags); i++)
        if (strlen(bool_flags[i]) == len && memcmp(bool_flags[i], name, len) == 0)
            return true;
    return false;
}

static int args_push(struct ward_bench_args *a, const char *k, size_t kl, const char *v, size_t vl,
                     struct ward_error **err)
{
    if (a->n >= ARGS_MAX)
        return ward_error_set(err, WARD_ELIMIT, 0, "daemon command line: more than %u flags",
                              ARGS_MAX);
    if (a->n >= a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 16;
        a->key = ward_xreallocarray(a->key, nc, sizeof(*a->key));
        a->val = ward_xreallocarray(a->val, nc, sizeof(*a->val));
        a->cap = nc;
    }
    /* "graph" is the old name of data-root */
    if (kl == 5 && memcmp(k, "graph", 5) == 0) {
        k = "data-root";
        kl = 9;
    }
    a->key[a->n] = ward_xstrndup(k, kl);
    a->val[a->n] = ward_xstrndup(v, vl);
    a->n++;
    return 0;
}

int ward_bench_parse_cmdline(struct ward_bench_args *out, const char *p, size_t n,
                             struct ward_error **err)
{
    /* split into NUL-terminated arguments; the last may lack its NUL */
    const char *argv[ARGS_MAX];
    size_t argl[ARGS_MAX];
    size_t argc = 0;
    size_t i = 0;
    while (i < n) {
        const char *s = p + i;
        const char *e = memchr(s, '\0', n - i);
        size_t l = e ? (size_t)(e - s) : n - i;
        if (argc >= ARGS_MAX)
            return ward_error_set(err, WARD_ELIMIT, 0, "daemon command line: more than %u args",
                                  ARGS_MAX);
        argv[argc] = s;
        argl[argc] = l;
        argc++;
        i += l + 1;
    }
    memset(out, 0, sizeof(*out));
    if (argc == 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "daemon command line is empty");
    out->argv0 = ward_xstrndup(argv[0], argl[0]);
    for (size_t k = 1; k < argc; k++) {
        const char *a = argv[k];
        size_t l = argl[k];
        int rc = 0;
        if (l >= 3 && a[0] == '-' && a[1] == '-') {
            const char *name = a + 2;
            const char *eq = memchr(name, '=', l - 2);
            if (eq) {
                rc = args_push(out, name, (size_t)(eq - name), eq + 1,
                               l - 2 - (size_t)(eq - name) - 1, err);
            } else if (is_bool_flag(name, l - 2)) {
                rc = args_push(out, name, l - 2, "true", 4, err);
            } else if (k + 1 < argc) {
                rc = args_push(out, name, l - 2, argv[k + 1], argl[k + 1], err);
                k++;
            } else {
                rc = args_push(out, name, l - 2, "", 0, err);
            }
        } else if (l >= 2 && a[0] == '-' && a[1] != '-') {
            size_t f;
            for (f = 0; f < WARD_ARRAY_LEN(short_flags); f++)
                if (short_flags[f].c == a[1])
                    break;
            if (f == WARD_ARRAY_LEN(short_flags))
                continue; /* unknown short flag: ignore */
            const char *name = short_flags[f].name;
            const char *v = a + 2;
            size_t vl = l - 2;
            if (vl && v[0] == '=') {
                v++;
                vl--;
            }
            if (short_flags[f].is_bool) {
                if (!vl) {
                    v = "true";
                    vl = 4;
                }
            } else if (!vl && k + 1 < argc) {
                v = argv[k + 1];
                vl = argl[k + 1];
                k++;
            }
            rc = args_push(out, name, strlen(name), v, vl, err);
        }
        if (rc < 0) {
            ward_bench_args_dispose(out);
            return rc;
        }
    }
    return 0;
}

void ward_bench_args_dispose(struct ward_bench_args *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->key[i]);
        free(a->val[i]);
    }
    free(a->key);
    free(a->val);
    free(a->argv0);
    memset(a, 0, sizeof(*a));
}

const char *ward_bench_args_get(const struct ward_bench_args *a, const char *key)
{
    for (size_t i = a->n; i-- > 0;)
        if (strcmp(a->key[i], key) == 0)
            return a->val[i];
    return NULL;
}

static int audit_push(struct ward_bench_audit *a, struct ward_span path, bool recursive,
                      struct ward_error **err)
{
    /* quotes are allowed around values in rule files */
    if (path.len >= 2 && (path.ptr[0] == '"' || path.ptr[0] == '\'') &&
        path.ptr[path.len - 1] == path.ptr[0]) {
        path.ptr++;
        path.len -= 2;
    }
    while (path.len > 1 && path.ptr[path.len - 1] == '/')
        path.len--;
    if (!path.len || path.len > WARD_LIMIT_PATH_LEN || path.ptr[0] != '/')
        return 0; /* not an absolute path: nothing a benchmark path can match */
    if (a->n >= AUDIT_MAX)
        return ward_error_set(err, WARD_ELIMIT, 0, "audit rules: more than %u watched paths",
                              AUDIT_MAX);
    if (a->n >= a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 16;
        a->paths = ward_xreallocarray(a->paths, nc, sizeof(*a->paths));
        a->recursive = ward_xreallocarray(a->recursive, nc, sizeof(*a->recursive));
        a->cap = nc;
    }
    a->paths[a->n] = ward_span_dup(path);
    a->recursive[a->n] = recursive;
    a->n++;
    return 0;
}

/* next whitespace-separated token of line; false at the end */
static bool next_token(struct ward_span *line, struct ward_span *tok)
{
    size_t i = 0;
    while (i < line->len && (line->ptr[i] == ' ' || line->ptr[i] == '\t' || line->ptr[i] == '\r'))
        i++;
    size_t s = i;
    while (i < line->len && line->ptr[i] != ' ' && line->ptr[i] != '\t' && line->ptr[i] != '\r')
        i++;
    if (i == s)
        return false;
    *tok = ward_span_of(line->ptr + s, i - s);
    line->ptr += i;
    line->len -= i;
    return true;
}

int ward_bench_parse_audit_rules(struct ward_bench_audit *out, const char *p, size_t n,
                                 struct ward_error **err)
{
    struct ward_span in = ward_span_of(p, n), line;
    while (ward_span_line(&in, &line)) {
        if (line.len > WARD_LIMIT_LINE)
            return ward_error_set(err, WARD_ELIMIT, 0, "audit rules: line longer than %u bytes",
                                  WARD_LIMIT_LINE);
        line = ward_span_trim(line);
        if (!line.len || line.ptr[0] == '#')
            continue;
        struct ward_span tok;
        bool is_delete = false;
        struct ward_span watch = {NULL, 0};
        struct ward_span fpath[8];
        bool frec[8];
        size_t nf = 0;
        while (next_token(&line, &tok)) {
            if (ward_span_eq(tok, "-W") || ward_span_eq(tok, "-d") || ward_span_eq(tok, "-D")) {
                is_delete = true; /* removal rules watch nothing */
            } else if (ward_span_eq(tok, "-w")) {
                if (!next_token(&line, &watch))
                    break;
            } else if (ward_span_starts(tok, "-w/")) {
                watch = ward_span_of(tok.ptr + 2, tok.len - 2);
            } else if (ward_span_eq(tok, "-F") || ward_span_starts(tok, "-F")) {
                struct ward_span f;
                if (tok.len > 2)
                    f = ward_span_of(tok.ptr + 2, tok.len - 2);
                else if (!next_token(&line, &f))
                    break;
                if (nf < WARD_ARRAY_LEN(fpath)) {
                    if (ward_span_starts(f, "path=")) {
                        fpath[nf] = ward_span_of(f.ptr + 5, f.len - 5);
                        frec[nf++] = false;
                    } else if (ward_span_starts(f, "dir=")) {
                        fpath[nf] = ward_span_of(f.ptr + 4, f.len - 4);
                        frec[nf++] = true;
                    }
                }
            }
        }
        if (is_delete)
            continue;
        int rc = 0;
        if (watch.ptr)
            rc = audit_push(out, watch, true, err);
        for (size_t i = 0; rc == 0 && i < nf; i++)
            rc = audit_push(out, fpath[i], frec[i], err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

void ward_bench_audit_dispose(struct ward_bench_audit *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->paths[i]);
    free(a->paths);
    free(a->recursive);
    memset(a, 0, sizeof(*a));
}

bool ward_bench_audit_watches(const struct ward_bench_audit *a, const char *path)
{
    size_t pl = strlen(path);
    for (size_t i = 0; i < a->n; i++) {
        size_t l = strlen(a->paths[i]);
        if (l == pl && memcmp(a->paths[i], path, l) == 0)
            return true;
        /* a recursive watch on a directory covers what is below it */
        if (a->recursive[i] && l < pl && memcmp(a->paths[i], path, l) == 0 &&
            (path[l] == '/' || (l == 1 && path[0] == '/')))
            return true;
    }
    return false;
}

int ward_bench_parse_daemon_json(json_t **out, const char *p, size_t n, struct ward_error **err)
{
    json_t *j = NULL;
    if (ward_json_parse(&j, p, n, WARD_LIMIT_MANIFEST, err) < 0)
        return ward_error_wrap(err, "daemon.json");
    if (!json_is_object(j)) {
        json_decref(j);
        return ward_error_set(err, WARD_EFORMAT, 0, "daemon.json: top level is not an object");
    }
    *out = j;
    return 0;
}
