/* s2_daemon.c - CIS section 2, daemon configuration. The Engine API is preferred where it
 * states the daemon's effective setting (info, networks); otherwise the command line of the
 * dockerd that serves the socket and the daemon.json it reads. */
#include "bench/bench_int.h"
#include "bench/checks_fns.h"

#include <string.h>

void bench_2_1(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (c->f->rootless)
        bench_note(c, r, "the daemon runs rootless");
    else if (c->f->pid)
        bench_note(c, r, "the daemon (pid %d) runs as uid %u; consider rootless mode",
                   (int)c->f->pid, (unsigned)c->f->daemon_uid);
    else
        bench_note(c, r, "review whether the daemon can run rootless");
}

/* the default bridge network, if the daemon has one */
static const json_t *default_bridge(struct bench_ctx *c)
{
    size_t i;
    json_t *n;
    json_array_foreach(c->f->networks, i, n)
    {
        const char *name = ward_jstr(n, "Name");
        const json_t *o = ward_jobj(n, "Options");
        if ((name && strcmp(name, "bridge") == 0) ||
            json_is_true(json_object_get(o, "com.docker.network.bridge.default_bridge")))
            return n;
    }
    return NULL;
}

void bench_2_2(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!c->f->engine_err && c->f->networks) {
        const json_t *br = default_bridge(c);
        if (!br) {
            bench_pass(c, r, "the daemon has no default bridge network (--bridge=none)");
            return;
        }
        const char *icc =
            ward_jstr(ward_jobj(br, "Options"), "com.docker.network.bridge.enable_icc");
        if (icc && strcmp(icc, "false") == 0)
            bench_pass(c, r, "inter-container communication is off on the default bridge");
        else
            bench_warn(c, r,
                       "inter-container communication is on for the default bridge "
                       "(network %s)",
                       ward_jstr(br, "Name"));
        return;
    }
    if (!bench_need_config(c, r))
        return;
    const char *where;
    if (!bench_opt_bool(c, "icc", "icc", true, &where))
        bench_pass(c, r, "icc disabled (%s)", where);
    else
        bench_warn(c, r, "icc is not disabled%s", bench_args_caveat(c));
}

void bench_2_3(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_config(c, r))
        return;
    struct bench_opt o;
    const char *where;
    if (bench_opt_bool(c, "debug", "debug", false, &where)) {
        bench_warn(c, r, "debug logging is on (%s)", where);
        return;
    }
    if (!bench_opt(c, "log-level", "log-level", &o) || !o.val)
        bench_pass(c, r, "log level not set: info by default%s", bench_args_caveat(c));
    else if (strcmp(o.val, "info") == 0)
        bench_pass(c, r, "log level info (%s)", o.where);
    else
        bench_warn(c, r, "log level %s (%s)", o.val, o.where);
}

void bench_2_4(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_config(c, r))
        return;
    const char *where;
    if (bench_opt_bool(c, "iptables", "iptables", true, &where))
        bench_pass(c, r, "the daemon manages iptables%s", where ? "" : bench_args_caveat(c));
    else
        bench_warn(c, r, "iptables management is off (%s)", where);
}

void bench_2_5(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!c->f->engine_err) {
        const json_t *rc = ward_jobj(c->f->info, "RegistryConfig");
        size_t i;
        json_t *v;
        json_array_foreach(ward_jarr(rc, "InsecureRegistryCIDRs"), i, v)
        {
            const char *s = json_string_value(v);
            /* loopback is insecure by default in every Engine and cannot leave the host */
            if (s && strcmp(s, "127.0.0.0/8") != 0 && strcmp(s, "::1/128") != 0)
                bench_item(c, r, s, "insecure CIDR");
        }
        const char *name;
        json_object_foreach(ward_jobj(rc, "IndexConfigs"), name, v)
        {
            if (json_is_false(json_object_get(v, "Secure")))
                bench_item(c, r, name, "insecure registry");
        }
        if (r->nitems)
            bench_warn(c, r, "%zu insecure registries configured", r->nitems);
        else
            bench_pass(c, r, "no insecure registries besides loopback");
        return;
    }
    if (!bench_need_config(c, r))
        return;
    size_t n = bench_opt_count(c, "insecure-registry", "insecure-registries");
    if (n)
        bench_warn(c, r, "%zu insecure registries configured", n);
    else
        bench_pass(c, r, "no insecure registries configured%s", bench_args_caveat(c));
}

void bench_2_6(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    const char *d = ward_jstr(c->f->info, "Driver");
    if (d && strcmp(d, "aufs") == 0)
        bench_warn(c, r, "storage driver is aufs");
    else
        bench_pass(c, r, "storage driver is %s", d ? d : "unknown");
}

void bench_2_7(struct bench_ctx *c, struct ward_bench_result *r)
{
    const struct ward_bench_facts *f = c->f;
    if (strncmp(f->host, "tcp://", 6) == 0 && !f->engine_err) {
        bench_warn(c, r, "ward reached the daemon over plain TCP at %s: no TLS", f->host);
        return;
    }
    if (!bench_need_config(c, r))
        return;
    const char *tcp = NULL;
    for (size_t i = 0; f->have_args && i < f->args.n; i++)
        if (strcmp(f->args.key[i], "host") == 0 && strncmp(f->args.val[i], "tcp://", 6) == 0)
            tcp = f->args.val[i];
    size_t i;
    json_t *v;
    json_array_foreach(f->daemon_json ? ward_jarr(f->daemon_json, "hosts") : NULL, i, v)
    {
        const char *s = json_string_value(v);
        if (s && strncmp(s, "tcp://", 6) == 0)
            tcp = s;
    }
    if (!tcp) {
        bench_info(c, r, "the daemon does not listen on TCP%s", bench_args_caveat(c));
        return;
    }
    const char *where;
    if (bench_opt_bool(c, "tlsverify", "tlsverify", false, &where))
        bench_pass(c, r, "listens on %s with client verification (%s)", tcp, where);
    else
        bench_warn(c, r, "listens on %s without tlsverify", tcp);
}

void bench_2_8(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_config(c, r))
        return;
    if (bench_opt_count(c, "default-ulimit", "default-ulimits"))
        bench_pass(c, r, "default ulimits are configured");
    else
        bench_info(c, r, "no default ulimits configured%s", bench_args_caveat(c));
}

void bench_2_9(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (c->f->rootless) {
        bench_pass(c, r, "rootless daemon: containers run in a user namespace");
        return;
    }
    if (!c->f->engine_err && bench_secopt_has(c->f->info, "name=userns")) {
        bench_pass(c, r, "user namespace remapping is on");
        return;
    }
    if (!c->f->engine_err) {
        bench_warn(c, r, "user namespace remapping is off");
        return;
    }
    if (!bench_need_config(c, r))
        return;
    struct bench_opt o;
    if (bench_opt(c, "userns-remap", "userns-remap", &o) && o.val && *o.val)
        bench_pass(c, r, "userns-remap set (%s)", o.where);
    else
        bench_warn(c, r, "userns-remap not set%s", bench_args_caveat(c));
}

void bench_2_10(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_config(c, r))
        return;
    struct bench_opt o;
    if (bench_opt(c, "cgroup-parent", "cgroup-parent", &o) && o.val && *o.val)
        bench_warn(c, r, "default cgroup parent changed (%s); confirm it", o.where);
    else
        bench_pass(c, r, "default cgroup parent unchanged%s", bench_args_caveat(c));
}

void bench_2_11(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_config(c, r))
        return;
    const struct ward_bench_facts *f = c->f;
    for (size_t i = 0; f->have_args && i < f->args.n; i++)
        if (strcmp(f->args.key[i], "storage-opt") == 0 && strstr(f->args.val[i], "dm.basesize"))
            bench_item(c, r, f->args.val[i], "on the command line");
    size_t i;
    json_t *v;
    json_array_foreach(f->daemon_json ? ward_jarr(f->daemon_json, "storage-opts") : NULL, i, v)
    {
        const char *s = json_string_value(v);
        if (s && strstr(s, "dm.basesize"))
            bench_item(c, r, s, "in %s", f->config_path);
    }
    if (r->nitems)
        bench_warn(c, r, "base device size changed");
    else
        bench_pass(c, r, "base device size not changed%s", bench_args_caveat(c));
}

void bench_2_12(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!c->f->engine_err) {
        const json_t *a = ward_jarr(ward_jobj(c->f->info, "Plugins"), "Authorization");
        if (json_array_size(a)) {
            bench_pass(c, r, "%zu authorization plugin(s) active", json_array_size(a));
            return;
        }
        bench_warn(c, r, "no authorization plugin active");
        return;
    }
    if (!bench_need_config(c, r))
        return;
    if (bench_opt_count(c, "authorization-plugin", "authorization-plugins"))
        bench_pass(c, r, "authorization plugins configured");
    else
        bench_warn(c, r, "no authorization plugin configured%s", bench_args_caveat(c));
}

void bench_2_13(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    const char *d = ward_jstr(c->f->info, "LoggingDriver");
    if (!d || strcmp(d, "json-file") == 0 || strcmp(d, "local") == 0 || strcmp(d, "none") == 0)
        bench_warn(c, r, "logging driver %s keeps logs on this host only", d ? d : "unknown");
    else
        bench_pass(c, r, "logging driver %s", d);
}

void bench_2_14(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_config(c, r))
        return;
    const char *where;
    if (bench_opt_bool(c, "no-new-privileges", "no-new-privileges", false, &where))
        bench_pass(c, r, "no-new-privileges is the default (%s)", where);
    else
        bench_warn(c, r, "no-new-privileges is not set daemon-wide%s", bench_args_caveat(c));
}

void bench_2_15(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    const char *st = ward_jstr(ward_jobj(c->f->info, "Swarm"), "LocalNodeState");
    if (ward_jbool(c->f->info, "LiveRestoreEnabled", false))
        bench_pass(c, r, "live restore is enabled");
    else if (st && strcmp(st, "active") == 0)
        bench_pass(c, r, "swarm mode is active; live restore is not available with it");
    else
        bench_warn(c, r, "live restore is not enabled");
}

void bench_2_16(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_config(c, r))
        return;
    const char *where;
    if (!bench_opt_bool(c, "userland-proxy", "userland-proxy", true, &where))
        bench_pass(c, r, "userland proxy disabled (%s)", where);
    else
        bench_warn(c, r, "userland proxy is enabled%s", where ? "" : bench_args_caveat(c));
}

void bench_2_17(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    size_t i;
    json_t *v;
    json_array_foreach(ward_jarr(c->f->info, "SecurityOptions"), i, v)
    {
        const char *s = json_string_value(v);
        const char *p = s && strstr(s, "name=seccomp") ? strstr(s, "profile=") : NULL;
        if (s && strstr(s, "name=seccomp")) {
            bench_pass(c, r, "seccomp profile %s applied daemon-wide", p ? p + 8 : "default");
            return;
        }
    }
    bench_info(c, r, "seccomp is not enabled in the daemon");
}

void bench_2_18(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    if (ward_jbool(c->f->info, "ExperimentalBuild", false) ||
        ward_jbool(c->f->version, "Experimental", false))
        bench_warn(c, r, "experimental features are enabled");
    else
        bench_pass(c, r, "experimental features are off");
}
