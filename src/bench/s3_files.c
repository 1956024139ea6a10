/* s3_files.c - CIS section 3, ownership and modes of the daemon's files: the units, /etc/docker,
 * registry and TLS certificates, the socket the user points at, daemon.json, containerd's socket.
 */
#include "bench/bench_int.h"
#include "bench/checks_fns.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>

void bench_3_1(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_owner(c, r, c->f->unit_service, "root");
}

void bench_3_2(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_mode(c, r, c->f->unit_service, 0644, false);
}

void bench_3_3(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_owner(c, r, c->f->unit_socket, "root");
}

void bench_3_4(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_mode(c, r, c->f->unit_socket, 0644, false);
}

void bench_3_5(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_owner(c, r, "/etc/docker", "root");
}

void bench_3_6(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_mode(c, r, "/etc/docker", 0755, false);
}

/* every regular file below /etc/docker/certs.d (bounded depth) */
static void walk_certs(struct bench_ctx *c, struct ward_bench_result *r, const char *dir, int depth,
                       bool mode, size_t *n)
{
    if (depth > 4)
        return;
    DIR *d = opendir(bench_hpath(c, dir));
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)) && *n < 10000) {
        if (de->d_name[0] == '.' && (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
            continue;
        const char *p = bench_printf(c, "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(bench_hpath(c, p), &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            walk_certs(c, r, p, depth + 1, mode, n);
            continue;
        }
        if (!S_ISREG(st.st_mode))
            continue;
        (*n)++;
        if (mode && (st.st_mode & 07777 & ~0444u))
            bench_item(c, r, p, "mode %03o", st.st_mode & 07777);
        if (!mode && (st.st_uid != 0 || st.st_gid != 0))
            bench_item(c, r, p, "owner %u:%u", (unsigned)st.st_uid, (unsigned)st.st_gid);
    }
    closedir(d);
}

static void certs(struct bench_ctx *c, struct ward_bench_result *r, bool mode)
{
    if (!bench_need_local(c, r))
        return;
    struct stat st;
    if (stat(bench_hpath(c, "/etc/docker/certs.d"), &st) != 0) {
        bench_info(c, r, "/etc/docker/certs.d not found");
        return;
    }
    size_t n = 0;
    walk_certs(c, r, "/etc/docker/certs.d", 0, mode, &n);
    if (r->nitems)
        bench_warn(c, r, "%zu of %zu registry certificate files %s", r->nitems, n,
                   mode ? "are writable or executable" : "are not owned by root:root");
    else if (n)
        bench_pass(c, r, "%zu registry certificate files checked", n);
    else
        bench_info(c, r, "no registry certificates under /etc/docker/certs.d");
}

void bench_3_7(struct bench_ctx *c, struct ward_bench_result *r)
{
    certs(c, r, false);
}

void bench_3_8(struct bench_ctx *c, struct ward_bench_result *r)
{
    certs(c, r, true);
}

/* TLS file named by a daemon option; NULL (after INFO) when TLS is not configured */
static const char *tls_file(struct bench_ctx *c, struct ward_bench_result *r, const char *opt)
{
    if (!bench_need_config(c, r))
        return NULL;
    struct bench_opt o;
    if (!bench_opt(c, opt, opt, &o) || !o.val || !*o.val) {
        bench_info(c, r, "%s is not configured (no TLS)%s", opt, bench_args_caveat(c));
        return NULL;
    }
    return o.val;
}

/* 3.9-3.14: the TLS file a daemon option names is owned by root / no looser than max. */
static void tls_owner(struct bench_ctx *c, struct ward_bench_result *r, const char *opt)
{
    const char *p = tls_file(c, r, opt);
    if (p)
        bench_file_owner(c, r, p, "root");
}

static void tls_mode(struct bench_ctx *c, struct ward_bench_result *r, const char *opt,
                     unsigned max)
{
    const char *p = tls_file(c, r, opt);
    if (p)
        bench_file_mode(c, r, p, max, false);
}

void bench_3_9(struct bench_ctx *c, struct ward_bench_result *r)
{
    tls_owner(c, r, "tlscacert");
}

void bench_3_10(struct bench_ctx *c, struct ward_bench_result *r)
{
    tls_mode(c, r, "tlscacert", 0444);
}

void bench_3_11(struct bench_ctx *c, struct ward_bench_result *r)
{
    tls_owner(c, r, "tlscert");
}

void bench_3_12(struct bench_ctx *c, struct ward_bench_result *r)
{
    tls_mode(c, r, "tlscert", 0444);
}

void bench_3_13(struct bench_ctx *c, struct ward_bench_result *r)
{
    tls_owner(c, r, "tlskey");
}

void bench_3_14(struct bench_ctx *c, struct ward_bench_result *r)
{
    tls_mode(c, r, "tlskey", 0400);
}

/* Sockets are in the live file system even when host files are read from --host-root. */
static void live_owner(struct bench_ctx *c, struct ward_bench_result *r, const char *path,
                       const char *group)
{
    c->live = true;
    bench_file_owner(c, r, path, group);
    c->live = false;
}

static void live_mode(struct bench_ctx *c, struct ward_bench_result *r, const char *path,
                      unsigned max)
{
    c->live = true;
    bench_file_mode(c, r, path, max, false);
    c->live = false;
}

/* The daemon's unix socket; NULL (after INFO) when not local or reached over TCP. */
static const char *docker_socket(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_local(c, r))
        return NULL;
    if (!c->f->socket_path)
        bench_info(c, r, "the daemon is reached over TCP at %s; no unix socket to check",
                   c->f->host);
    return c->f->socket_path;
}

void bench_3_15(struct bench_ctx *c, struct ward_bench_result *r)
{
    const struct ward_bench_facts *f = c->f;
    if (!docker_socket(c, r))
        return;
    if (f->rootless) {
        struct stat st;
        if (stat(f->socket_path, &st) != 0) {
            bench_info(c, r, "cannot stat %s: %s", f->socket_path, strerror(errno));
        } else if (st.st_uid == f->daemon_uid) {
            bench_pass(c, r, "%s belongs to the rootless daemon's user (uid %u)", f->socket_path,
                       (unsigned)st.st_uid);
        } else {
            bench_item(c, r, f->socket_path, "owner uid %u", (unsigned)st.st_uid);
            bench_warn(c, r, "%s is owned by uid %u, not the rootless daemon's uid %u",
                       f->socket_path, (unsigned)st.st_uid, (unsigned)f->daemon_uid);
        }
        return;
    }
    live_owner(c, r, f->socket_path, "docker");
}

void bench_3_16(struct bench_ctx *c, struct ward_bench_result *r)
{
    const char *sock = docker_socket(c, r);
    if (sock)
        live_mode(c, r, sock, 0660);
}

void bench_3_17(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_owner(c, r, c->f->config_path, "root");
}

void bench_3_18(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_mode(c, r, c->f->config_path, 0644, false);
}

void bench_3_19(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_owner(c, r, "/etc/default/docker", "root");
}

void bench_3_20(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_mode(c, r, "/etc/default/docker", 0644, false);
}

void bench_3_21(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_mode(c, r, "/etc/sysconfig/docker", 0644, false);
}

void bench_3_22(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_file_owner(c, r, "/etc/sysconfig/docker", "root");
}

void bench_3_23(struct bench_ctx *c, struct ward_bench_result *r)
{
    live_owner(c, r, c->f->containerd_sock, "root");
}

void bench_3_24(struct bench_ctx *c, struct ward_bench_result *r)
{
    live_mode(c, r, c->f->containerd_sock, 0660);
}
