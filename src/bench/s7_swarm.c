/* s7_swarm.c - CIS section 7, swarm: manager count, management port binding, overlay
 * encryption, secrets, auto-lock and certificate rotation. Everything passes when swarm mode
 * is not active; worker nodes cannot read the cluster objects and say so. */
#include "bench/bench_int.h"
#include "bench/checks_fns.h"

#include <stdio.h>
#include <string.h>

/* true when the checks can go on: active swarm and this node is a manager */
static bool swarm_manager(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return false;
    const json_t *sw = ward_jobj(c->f->info, "Swarm");
    const char *st = ward_jstr(sw, "LocalNodeState");
    if (!st || strcmp(st, "active") != 0) {
        bench_pass(c, r, "swarm mode is not active");
        return false;
    }
    if (!ward_jbool(sw, "ControlAvailable", false)) {
        bench_info(c, r, "this node is a swarm worker; run ward bench on a manager");
        return false;
    }
    return true;
}

void bench_7_1(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!swarm_manager(c, r))
        return;
    int64_t m = ward_jint(ward_jobj(c->f->info, "Swarm"), "Managers", 0);
    if (m >= 1 && m <= 7 && (m % 2) == 1)
        bench_pass(c, r, "%lld manager node(s)", (long long)m);
    else
        bench_warn(c, r, "%lld manager nodes: use an odd number, no more than needed",
                   (long long)m);
}

void bench_7_2(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!swarm_manager(c, r) || !bench_need_local(c, r))
        return;
    const char *files[] = {"net/tcp", "net/tcp6"};
    bool wild = false, seen = false;
    for (size_t k = 0; k < 2; k++) {
        char path[512];
        if (c->f->pid)
            snprintf(path, sizeof(path), "%s/%d/%s", c->f->proc_root, (int)c->f->pid, files[k]);
        else
            snprintf(path, sizeof(path), "%s/%s", c->f->proc_root, files[k]);
        FILE *fp = fopen(path, "re");
        if (!fp)
            continue;
        char line[512];
        while (fgets(line, sizeof(line), fp)) {
            char *colon = strchr(line, ':');
            char *addr = colon ? colon + 1 : NULL;
            while (addr && *addr == ' ')
                addr++;
            char *pc = addr ? strchr(addr, ':') : NULL;
            if (!pc || strncmp(pc + 1, "0911", 4) != 0) /* 2377 */
                continue;
            char *st = strchr(pc, ' ');
            st = st ? strchr(st + 1, ' ') : NULL;
            if (!st || strncmp(st + 1, "0A", 2) != 0)
                continue;
            seen = true;
            size_t al = (size_t)(pc - addr);
            bool zero = true;
            for (size_t i = 0; i < al; i++)
                zero &= addr[i] == '0';
            wild |= zero;
        }
        fclose(fp);
    }
    if (wild)
        bench_warn(c, r, "the swarm management port 2377 listens on every interface");
    else if (seen)
        bench_pass(c, r, "the swarm management port is bound to a specific address");
    else
        bench_info(c, r, "no listener on port 2377 found");
}

void bench_7_3(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!swarm_manager(c, r))
        return;
    size_t i, n = 0;
    json_t *net;
    json_array_foreach(c->f->networks, i, net)
    {
        const char *d = ward_jstr(net, "Driver");
        if (!d || strcmp(d, "overlay") != 0)
            continue;
        n++;
        if (!json_object_get(ward_jobj(net, "Options"), "encrypted"))
            bench_item(c, r, ward_jstr(net, "Name"), "overlay network without encryption");
    }
    if (r->nitems)
        bench_warn(c, r, "%zu of %zu overlay networks are not encrypted", r->nitems, n);
    else
        bench_pass(c, r, "%zu overlay networks, all encrypted", n);
}

void bench_7_4(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!swarm_manager(c, r))
        return;
    size_t n = json_array_size(c->f->secrets);
    if (n)
        bench_pass(c, r, "%zu swarm secrets in use", n);
    else
        bench_info(c, r, "no swarm secrets; check that services do not carry secrets elsewhere");
}

void bench_7_5(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!swarm_manager(c, r))
        return;
    const json_t *enc = ward_jobj(ward_jobj(c->f->swarm, "Spec"), "EncryptionConfig");
    if (ward_jbool(enc, "AutoLockManagers", false))
        bench_pass(c, r, "managers auto-lock");
    else
        bench_warn(c, r, "swarm managers are not in auto-lock mode");
}

void bench_7_6(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!swarm_manager(c, r))
        return;
    bench_note(c, r, "rotate the unlock key periodically (docker swarm unlock-key --rotate)");
}

void bench_7_7(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!swarm_manager(c, r))
        return;
    int64_t ns =
        ward_jint(ward_jobj(ward_jobj(c->f->swarm, "Spec"), "CAConfig"), "NodeCertExpiry", 0);
    const int64_t dflt = 90LL * 24 * 3600 * 1000000000LL;
    if (ns > 0 && ns < dflt)
        bench_pass(c, r, "node certificates expire after %lld hours",
                   (long long)(ns / 3600000000000LL));
    else
        bench_info(c, r, "node certificates use the default 90-day expiry");
}

void bench_7_8(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!swarm_manager(c, r))
        return;
    bench_info(c, r, "review when the swarm root CA was last rotated (docker swarm ca --rotate)");
}

void bench_7_9(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!swarm_manager(c, r))
        return;
    const char *addr = ward_jstr(ward_jobj(c->f->info, "Swarm"), "NodeAddr");
    bench_info(c, r,
               "management traffic uses %s; confirm data traffic uses another interface "
               "(--data-path-addr)",
               addr ? addr : "an unknown address");
}
