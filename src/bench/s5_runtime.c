/* s5_runtime.c - CIS section 5, container runtime: one predicate per check over the inspect
 * object of every running container; each offending container is named with the reason. */
#include "bench/bench_int.h"
#include "bench/checks_fns.h"

#include <string.h>
#include <strings.h>

static const json_t *hc(const json_t *ctr)
{
    return ward_jobj(ctr, "HostConfig");
}

static bool mode_is_host(const json_t *ctr, const char *key)
{
    const char *m = ward_jstr(hc(ctr), key);
    return m && strcmp(m, "host") == 0;
}

void bench_5_1(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    const char *st = ward_jstr(ward_jobj(c->f->info, "Swarm"), "LocalNodeState");
    if (!st || !*st || strcmp(st, "inactive") == 0)
        bench_pass(c, r, "swarm mode is inactive");
    else
        bench_warn(c, r, "swarm mode is %s; leave the swarm if this host does not need it", st);
}

static const char *p_5_2(struct bench_ctx *c, const json_t *ctr)
{
    const char *p = ward_jstr(ctr, "AppArmorProfile");
    if (!p || !*p)
        return "no AppArmor profile";
    if (strcmp(p, "unconfined") == 0)
        return bench_printf(c, "AppArmor profile %s", p);
    return NULL;
}

void bench_5_2(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    if (!bench_secopt_has(c->f->info, "name=apparmor")) {
        bench_info(c, r,
                   "AppArmor is not enabled on this host (the daemon reports no apparmor "
                   "security option); not applicable");
        return;
    }
    bench_per_container(c, r, p_5_2, WARD_BENCH_WARN, "running without an AppArmor profile");
}

static const char *p_5_3(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    size_t i;
    json_t *v;
    json_array_foreach(ward_jarr(hc(ctr), "SecurityOpt"), i, v)
    {
        const char *s = json_string_value(v);
        if (s && (strcmp(s, "label=disable") == 0 || strcmp(s, "label:disable") == 0))
            return "SELinux labelling disabled (label=disable)";
    }
    const char *pl = ward_jstr(ctr, "ProcessLabel");
    if (!pl || !*pl)
        return "no SELinux process label";
    return NULL;
}

void bench_5_3(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    if (!bench_secopt_has(c->f->info, "name=selinux")) {
        bench_info(c, r,
                   "SELinux support is not enabled in the daemon (no selinux security "
                   "option); not applicable");
        return;
    }
    bench_per_container(c, r, p_5_3, WARD_BENCH_WARN, "without SELinux options");
}

/* Docker's default capability set (moby oci/caps/defaults.go). */
static const char *const default_caps[] = {
    "CHOWN",   "DAC_OVERRIDE", "FSETID",           "FOWNER",
    "MKNOD",   "NET_RAW",      "SETGID",           "SETUID",
    "SETFCAP", "SETPCAP",      "NET_BIND_SERVICE", "SYS_CHROOT",
    "KILL",    "AUDIT_WRITE"};

static const char *cap_norm(const char *s)
{
    return strncasecmp(s, "CAP_", 4) == 0 ? s + 4 : s;
}

static const char *p_5_4(struct bench_ctx *c, const json_t *ctr)
{
    if (ward_jbool(hc(ctr), "Privileged", false))
        return "privileged: every capability";
    struct ward_buf b = WARD_BUF_INIT(4096);
    size_t i;
    json_t *v;
    json_array_foreach(ward_jarr(hc(ctr), "CapAdd"), i, v)
    {
        const char *s = json_string_value(v);
        if (!s)
            continue;
        const char *n = cap_norm(s);
        bool dflt = false;
        for (size_t k = 0; k < WARD_ARRAY_LEN(default_caps); k++)
            dflt |= strcasecmp(n, default_caps[k]) == 0;
        if (!dflt)
            ward_buf_addf(&b, "%s%s", b.len ? " " : "", n);
    }
    const char *res = b.len ? bench_printf(c, "capabilities added: %s", b.ptr) : NULL;
    ward_buf_dispose(&b);
    return res;
}

void bench_5_4(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_4, WARD_BENCH_WARN, "capabilities beyond Docker's default set");
}

static const char *p_5_5(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    return ward_jbool(hc(ctr), "Privileged", false) ? "running in privileged mode" : NULL;
}

void bench_5_5(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_5, WARD_BENCH_WARN, "privileged");
}

static const char *const sensitive_dirs[] = {"/",    "/boot", "/dev", "/etc",
                                             "/lib", "/proc", "/sys", "/usr"};

static const char *p_5_6(struct bench_ctx *c, const json_t *ctr)
{
    struct ward_buf b = WARD_BUF_INIT(4096);
    size_t i;
    json_t *m;
    json_array_foreach(ward_jarr(ctr, "Mounts"), i, m)
    {
        const char *type = ward_jstr(m, "Type");
        const char *src = ward_jstr(m, "Source");
        if (!src || (type && strcmp(type, "bind") != 0) || !ward_jbool(m, "RW", true))
            continue;
        for (size_t k = 0; k < WARD_ARRAY_LEN(sensitive_dirs); k++) {
            const char *d = sensitive_dirs[k];
            size_t dl = strlen(d);
            bool hit =
                strcmp(src, d) == 0 || (dl > 1 && strncmp(src, d, dl) == 0 && src[dl] == '/');
            if (hit) {
                ward_buf_addf(&b, "%s%s", b.len ? ", " : "", src);
                break;
            }
        }
    }
    const char *res = b.len ? bench_printf(c, "host %s mounted read-write", b.ptr) : NULL;
    ward_buf_dispose(&b);
    return res;
}

void bench_5_6(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_6, WARD_BENCH_WARN,
                        "sensitive host directories mounted read-write");
}

static const char *p_5_7(struct bench_ctx *c, const json_t *ctr)
{
    const char *id = ward_jstr(ctr, "Id");
    for (char **p = c->f->sshd_in; id && p && *p; p++)
        if (strcmp(*p, id) == 0)
            return "sshd process running";
    return NULL;
}

void bench_5_7(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_7, WARD_BENCH_WARN, "running sshd");
    if (c->f->sshd_why && r->verdict != WARD_BENCH_INFO)
        r->details = bench_printf(c, "%s (%s)", r->details, c->f->sshd_why);
}

/* published ports: calls fn for each binding; collects text */
typedef bool (*port_pred)(const char *cport, const char *hip, long hport);

static const char *ports_matching(struct bench_ctx *c, const json_t *ctr, port_pred pred)
{
    struct ward_buf b = WARD_BUF_INIT(4096);
    const json_t *ports = ward_jobj(ward_jobj(ctr, "NetworkSettings"), "Ports");
    const char *cport;
    json_t *binds;
    json_object_foreach((json_t *)ports, cport, binds)
    {
        size_t i;
        json_t *bd;
        json_array_foreach(binds, i, bd)
        {
            const char *hip = ward_jstr(bd, "HostIp");
            const char *hp = ward_jstr(bd, "HostPort");
            long hport = hp ? strtol(hp, NULL, 10) : 0;
            if (pred(cport, hip ? hip : "", hport))
                ward_buf_addf(&b, "%s%s:%ld->%s", b.len ? ", " : "", hip && *hip ? hip : "0.0.0.0",
                              hport, cport);
        }
    }
    const char *res = b.len ? bench_printf(c, "%s", b.ptr) : NULL;
    ward_buf_dispose(&b);
    return res;
}

static bool port_privileged(const char *cport, const char *hip, long hport)
{
    (void)cport;
    (void)hip;
    return hport > 0 && hport < 1024;
}

static bool port_any(const char *cport, const char *hip, long hport)
{
    (void)cport;
    (void)hip;
    (void)hport;
    return true;
}

static bool port_wildcard(const char *cport, const char *hip, long hport)
{
    (void)cport;
    (void)hport;
    return !*hip || strcmp(hip, "0.0.0.0") == 0 || strcmp(hip, "::") == 0;
}

static const char *p_5_8(struct bench_ctx *c, const json_t *ctr)
{
    const char *p = ports_matching(c, ctr, port_privileged);
    return p ? bench_printf(c, "privileged host port: %s", p) : NULL;
}

void bench_5_8(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_8, WARD_BENCH_WARN, "host ports below 1024 published");
}

static const char *p_5_9(struct bench_ctx *c, const json_t *ctr)
{
    const char *p = ports_matching(c, ctr, port_any);
    return p ? bench_printf(c, "published: %s", p) : NULL;
}

void bench_5_9(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_9, WARD_BENCH_WARN, "publish ports; review that each is needed");
}

static const char *p_5_10(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    return mode_is_host(ctr, "NetworkMode") ? "network mode host" : NULL;
}

void bench_5_10(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_10, WARD_BENCH_WARN, "share the host's network namespace");
}

static const char *p_5_11(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    return ward_jint(hc(ctr), "Memory", 0) == 0 ? "no memory limit" : NULL;
}

void bench_5_11(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_11, WARD_BENCH_WARN, "without a memory limit");
}

static const char *p_5_12(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    const json_t *h = hc(ctr);
    if (ward_jint(h, "CpuShares", 0) == 0 && ward_jint(h, "NanoCpus", 0) == 0 &&
        ward_jint(h, "CpuQuota", 0) <= 0)
        return "no CPU shares, CPU count or quota";
    return NULL;
}

void bench_5_12(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_12, WARD_BENCH_WARN, "without CPU priority or limit");
}

static const char *p_5_13(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    return ward_jbool(hc(ctr), "ReadonlyRootfs", false) ? NULL : "root file system is writable";
}

void bench_5_13(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_13, WARD_BENCH_WARN, "with a writable root file system");
}

static const char *p_5_14(struct bench_ctx *c, const json_t *ctr)
{
    const char *p = ports_matching(c, ctr, port_wildcard);
    return p ? bench_printf(c, "bound to all interfaces: %s", p) : NULL;
}

void bench_5_14(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_14, WARD_BENCH_WARN, "publish ports on every host interface");
}

static const char *p_5_15(struct bench_ctx *c, const json_t *ctr)
{
    const json_t *rp = ward_jobj(hc(ctr), "RestartPolicy");
    const char *name = ward_jstr(rp, "Name");
    int64_t max = ward_jint(rp, "MaximumRetryCount", 0);
    if (name && (strcmp(name, "always") == 0 || strcmp(name, "unless-stopped") == 0))
        return bench_printf(c, "restart policy %s (unbounded restarts)", name);
    if (name && strcmp(name, "on-failure") == 0 && (max == 0 || max > 5))
        return bench_printf(c, "restart policy on-failure with %s retries",
                            max ? bench_printf(c, "%lld", (long long)max) : "unlimited");
    return NULL;
}

void bench_5_15(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_15, WARD_BENCH_WARN, "restart without a bound of 5 retries");
}

static const char *p_5_16(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    return mode_is_host(ctr, "PidMode") ? "PID mode host" : NULL;
}

void bench_5_16(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_16, WARD_BENCH_WARN, "share the host's PID namespace");
}

static const char *p_5_17(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    return mode_is_host(ctr, "IpcMode") ? "IPC mode host" : NULL;
}

void bench_5_17(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_17, WARD_BENCH_WARN, "share the host's IPC namespace");
}

static const char *p_5_18(struct bench_ctx *c, const json_t *ctr)
{
    struct ward_buf b = WARD_BUF_INIT(4096);
    size_t i;
    json_t *d;
    json_array_foreach(ward_jarr(hc(ctr), "Devices"), i, d)
    {
        const char *p = ward_jstr(d, "PathOnHost");
        ward_buf_addf(&b, "%s%s", b.len ? ", " : "", p ? p : "?");
    }
    const char *res = b.len ? bench_printf(c, "host devices: %s", b.ptr) : NULL;
    ward_buf_dispose(&b);
    return res;
}

void bench_5_18(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_18, WARD_BENCH_INFO, "host devices exposed; confirm each");
}

static const char *p_5_19(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    return json_array_size(ward_jarr(hc(ctr), "Ulimits")) ? NULL : "no ulimit override";
}

void bench_5_19(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_19, WARD_BENCH_INFO,
                        "use the daemon's default ulimits; confirm they suit");
}

static const char *p_5_20(struct bench_ctx *c, const json_t *ctr)
{
    size_t i;
    json_t *m;
    json_array_foreach(ward_jarr(ctr, "Mounts"), i, m)
    {
        const char *p = ward_jstr(m, "Propagation");
        if (p && (strcmp(p, "shared") == 0 || strcmp(p, "rshared") == 0))
            return bench_printf(c, "%s mounted with %s propagation",
                                ward_jstr(m, "Destination") ? ward_jstr(m, "Destination") : "?", p);
    }
    return NULL;
}

void bench_5_20(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_20, WARD_BENCH_WARN, "mounts with shared propagation");
}

static const char *p_5_21(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    return mode_is_host(ctr, "UTSMode") ? "UTS mode host" : NULL;
}

void bench_5_21(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_21, WARD_BENCH_WARN, "share the host's UTS namespace");
}

static const char *p_5_22(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    if (ward_jbool(hc(ctr), "Privileged", false))
        return "privileged: seccomp is not applied";
    size_t i;
    json_t *v;
    json_array_foreach(ward_jarr(hc(ctr), "SecurityOpt"), i, v)
    {
        const char *s = json_string_value(v);
        if (s && (strcmp(s, "seccomp=unconfined") == 0 || strcmp(s, "seccomp:unconfined") == 0))
            return "seccomp=unconfined";
    }
    return NULL;
}

void bench_5_22(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_22, WARD_BENCH_WARN, "without the seccomp profile");
}

static const char *p_5_25(struct bench_ctx *c, const json_t *ctr)
{
    const char *p = ward_jstr(hc(ctr), "CgroupParent");
    return p && *p ? bench_printf(c, "cgroup parent %s", p) : NULL;
}

void bench_5_25(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_25, WARD_BENCH_WARN, "use a custom cgroup parent; confirm it");
}

static const char *p_5_26(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    size_t i;
    json_t *v;
    json_array_foreach(ward_jarr(hc(ctr), "SecurityOpt"), i, v)
    {
        const char *s = json_string_value(v);
        if (s && (strcmp(s, "no-new-privileges") == 0 || strcmp(s, "no-new-privileges:true") == 0 ||
                  strcmp(s, "no-new-privileges=true") == 0))
            return NULL;
    }
    return "no-new-privileges not set";
}

void bench_5_26(struct bench_ctx *c, struct ward_bench_result *r)
{
    const char *where = NULL;
    if (c->f->local && !c->f->config_why &&
        bench_opt_bool(c, "no-new-privileges", "no-new-privileges", false, &where)) {
        bench_pass(c, r, "no-new-privileges is the daemon default (%s)", where);
        return;
    }
    bench_per_container(c, r, p_5_26, WARD_BENCH_WARN, "may acquire new privileges");
}

static const char *p_5_27(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    const json_t *h = ward_jobj(ward_jobj(ctr, "State"), "Health");
    return h ? NULL : "no health check";
}

void bench_5_27(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_27, WARD_BENCH_WARN, "without a health check");
}

static const char *p_5_28(struct bench_ctx *c, const json_t *ctr)
{
    const char *img = ward_jstr(ward_jobj(ctr, "Config"), "Image");
    if (img && !strstr(img, "@sha256:"))
        return bench_printf(c, "image %s referenced by tag, not digest", img);
    return NULL;
}

void bench_5_28(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_28, WARD_BENCH_INFO,
                        "run images by tag; make sure the tag was pulled fresh");
}

static const char *p_5_29(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    int64_t l = ward_jint(hc(ctr), "PidsLimit", 0);
    return l <= 0 ? "no PIDs limit" : NULL;
}

void bench_5_29(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_29, WARD_BENCH_WARN, "without a PIDs limit");
}

/* name of the network whose Linux bridge is docker0 (normally "bridge") */
static const char *docker0_net(struct bench_ctx *c)
{
    size_t i;
    json_t *n;
    json_array_foreach(c->f->networks, i, n)
    {
        const char *br = ward_jstr(ward_jobj(n, "Options"), "com.docker.network.bridge.name");
        if (br && strcmp(br, "docker0") == 0)
            return ward_jstr(n, "Name");
    }
    return NULL;
}

static const char *p_5_30(struct bench_ctx *c, const json_t *ctr)
{
    const char *net = docker0_net(c);
    const json_t *nets = ward_jobj(ward_jobj(ctr, "NetworkSettings"), "Networks");
    if (net && json_object_get(nets, net))
        return bench_printf(c, "attached to %s (docker0)", net);
    return NULL;
}

void bench_5_30(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    if (!docker0_net(c)) {
        bench_pass(c, r, "the daemon has no docker0 bridge network");
        return;
    }
    bench_per_container(c, r, p_5_30, WARD_BENCH_INFO, "on the default docker0 bridge");
}

static const char *p_5_31(struct bench_ctx *c, const json_t *ctr)
{
    (void)c;
    return mode_is_host(ctr, "UsernsMode") ? "user namespace mode host" : NULL;
}

void bench_5_31(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_31, WARD_BENCH_WARN, "share the host's user namespace");
}

static const char *p_5_32(struct bench_ctx *c, const json_t *ctr)
{
    size_t i;
    json_t *m;
    json_array_foreach(ward_jarr(ctr, "Mounts"), i, m)
    {
        const char *src = ward_jstr(m, "Source");
        if (!src)
            continue;
        size_t l = strlen(src);
        bool hit = (l >= 11 && strcmp(src + l - 11, "docker.sock") == 0) ||
                   (c->f->socket_path && strcmp(src, c->f->socket_path) == 0);
        if (hit)
            return bench_printf(c, "daemon socket %s mounted at %s", src,
                                ward_jstr(m, "Destination") ? ward_jstr(m, "Destination") : "?");
    }
    return NULL;
}

void bench_5_32(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_5_32, WARD_BENCH_WARN, "have the Docker socket mounted");
}
