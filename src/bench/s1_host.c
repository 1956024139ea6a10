/* s1_host.c - CIS section 1, host configuration: the data root's file system, the docker
 * group, audit rules for the daemon's binaries, files and sockets, and the Engine version. */
#include "bench/bench_int.h"
#include "bench/checks_fns.h"

#include <errno.h>
#include <string.h>

void bench_1_1_1(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r) || !bench_need_local(c, r))
        return;
    const char *root = ward_jstr(c->f->info, "DockerRootDir");
    if (!root) {
        bench_info(c, r, "the daemon did not report its data root");
        return;
    }
    struct stat a, b;
    if (stat(bench_hpath(c, root), &a) != 0) {
        bench_info(c, r, "cannot stat data root %s: %s", root, strerror(errno));
        return;
    }
    if (stat(bench_hpath(c, "/"), &b) != 0) {
        bench_info(c, r, "cannot stat /: %s", strerror(errno));
        return;
    }
    if (a.st_dev != b.st_dev)
        bench_pass(c, r, "data root %s is on its own file system", root);
    else
        bench_warn(c, r, "data root %s is on the root file system", root);
}

void bench_1_1_2(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_local(c, r))
        return;
    const struct ward_bench_facts *f = c->f;
    if (!f->have_group) {
        bench_info(c, r, "no docker group on this host");
        return;
    }
    size_t n = 0, bad = 0;
    struct ward_buf all = WARD_BUF_INIT(1u << 16);
    for (char **m = f->docker_group; m && *m; m++, n++) {
        ward_buf_addf(&all, "%s%s", n ? ", " : "", *m);
        if (c->o->trusted_users && !ward_bench_id_matches(c->o->trusted_users, *m)) {
            bench_item(c, r, *m, "member of group docker, not in the trusted list");
            bad++;
        }
    }
    if (c->o->trusted_users) {
        if (bad)
            bench_warn(c, r, "%zu untrusted member(s) of group docker", bad);
        else
            bench_pass(c, r, "every member of group docker is trusted (%s)", n ? all.ptr : "none");
    } else {
        for (char **m = f->docker_group; m && *m; m++)
            bench_item(c, r, *m, "member of group docker");
        bench_info(c, r,
                   "group docker has %zu member(s)%s%s; confirm each (or pass "
                   "--trusted-users)",
                   n, n ? ": " : "", n ? all.ptr : "");
    }
    ward_buf_dispose(&all);
}

void bench_1_1_3(struct bench_ctx *c, struct ward_bench_result *r)
{
    const char *exe = c->f->daemon_exe;
    struct stat st;
    if (!exe)
        exe = stat(bench_hpath(c, "/usr/bin/dockerd"), &st) == 0 ? "/usr/bin/dockerd"
                                                                 : "/usr/sbin/dockerd";
    bench_audit_path(c, r, exe, false);
}

void bench_1_1_4(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, "/run/containerd", true);
}

void bench_1_1_5(struct bench_ctx *c, struct ward_bench_result *r)
{
    const char *root = c->f->info ? ward_jstr(c->f->info, "DockerRootDir") : NULL;
    bench_audit_path(c, r, root ? root : "/var/lib/docker", true);
}

void bench_1_1_6(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, "/etc/docker", true);
}

void bench_1_1_7(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (c->f->local && !c->f->unit_service) {
        bench_info(c, r, "no docker.service unit file found");
        return;
    }
    bench_audit_path(c, r, c->f->unit_service, true);
}

void bench_1_1_8(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, c->f->containerd_sock, true);
}

void bench_1_1_9(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (c->f->local && !c->f->unit_socket) {
        bench_info(c, r, "no docker.socket unit file found");
        return;
    }
    bench_audit_path(c, r, c->f->unit_socket, true);
}

void bench_1_1_10(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, "/etc/default/docker", true);
}

void bench_1_1_11(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, c->f->config_path, true);
}

void bench_1_1_12(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, "/etc/containerd/config.toml", true);
}

void bench_1_1_13(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, "/etc/sysconfig/docker", true);
}

void bench_1_1_14(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, "/usr/bin/containerd", true);
}

void bench_1_1_15(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, "/usr/bin/containerd-shim", true);
}

void bench_1_1_16(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, "/usr/bin/containerd-shim-runc-v1", true);
}

void bench_1_1_17(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_audit_path(c, r, "/usr/bin/containerd-shim-runc-v2", true);
}

void bench_1_1_18(struct bench_ctx *c, struct ward_bench_result *r)
{
    struct stat st;
    /* Debian installs runc in /usr/sbin */
    const char *p = c->f->local && stat(bench_hpath(c, "/usr/bin/runc"), &st) != 0 &&
                            stat(bench_hpath(c, "/usr/sbin/runc"), &st) == 0
                        ? "/usr/sbin/runc"
                        : "/usr/bin/runc";
    bench_audit_path(c, r, p, true);
}

void bench_1_2_2(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    const char *v = ward_jstr(c->f->version, "Version");
    const char *api = ward_jstr(c->f->version, "ApiVersion");
    bench_info(c, r, "Engine %s (API %s); verify it is a current, supported release",
               v ? v : "unknown", api ? api : "?");
}
