/* s8_extra.c - sections 8 (Docker Enterprise, which the Community Engine does not have) and
 * C (community checks). Neither runs unless selected with --check or --section. */
#include "bench/bench_int.h"
#include "bench/checks_fns.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

void bench_8_enterprise(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    const char *p = ward_jstr(ward_jobj(c->f->version, "Platform"), "Name");
    if (p && (strcasestr(p, "enterprise") || strcasestr(p, "mirantis")))
        bench_note(c, r, "%s: review this setting in the control plane", p);
    else
        bench_info(c, r, "not applicable: %s is not Docker Enterprise",
                   p && *p ? p : "this Engine");
}

void bench_C_1(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    const char *a = ward_jstr(c->f->info, "Architecture");
    if (a && (strcmp(a, "x86_64") == 0 || strcmp(a, "aarch64") == 0))
        bench_pass(c, r, "architecture %s", a);
    else
        bench_info(c, r, "architecture %s", a ? a : "unknown");
}

void bench_C_2(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    const char *v = ward_jstr(c->f->version, "Version");
    int major = 0, minor = 0;
    if (v) {
        char *end;
        major = (int)strtol(v, &end, 10);
        if (*end == '.')
            minor = (int)strtol(end + 1, NULL, 10);
    }
    if (major > 17 || (major == 17 && minor >= 12)) {
        bench_pass(c, r, "Engine %s has no v1 registry support", v);
        return;
    }
    if (!bench_need_config(c, r))
        return;
    const char *where;
    if (bench_opt_bool(c, "disable-legacy-registry", "disable-legacy-registry", false, &where))
        bench_pass(c, r, "legacy registry disabled (%s)", where);
    else
        bench_warn(c, r, "Engine %s may use the v1 registry protocol", v ? v : "?");
}

static const char *cap_added(struct bench_ctx *c, const json_t *ctr, const char *cap)
{
    const json_t *hc = ward_jobj(ctr, "HostConfig");
    if (ward_jbool(hc, "Privileged", false))
        return bench_printf(c, "privileged: has CAP_%s", cap);
    size_t i;
    json_t *v;
    json_array_foreach(ward_jarr(hc, "CapAdd"), i, v)
    {
        const char *s = json_string_value(v);
        if (!s)
            continue;
        if (strncasecmp(s, "CAP_", 4) == 0)
            s += 4;
        if (strcasecmp(s, cap) == 0 || strcasecmp(s, "ALL") == 0)
            return bench_printf(c, "CAP_%s added", cap);
    }
    return NULL;
}

static const char *p_dac(struct bench_ctx *c, const json_t *ctr)
{
    return cap_added(c, ctr, "DAC_READ_SEARCH");
}
static const char *p_mod(struct bench_ctx *c, const json_t *ctr)
{
    return cap_added(c, ctr, "SYS_MODULE");
}
static const char *p_admin(struct bench_ctx *c, const json_t *ctr)
{
    return cap_added(c, ctr, "SYS_ADMIN");
}
static const char *p_ptrace(struct bench_ctx *c, const json_t *ctr)
{
    return cap_added(c, ctr, "SYS_PTRACE");
}

void bench_C_5_3_1(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_dac, WARD_BENCH_WARN, "have CAP_DAC_READ_SEARCH");
}

void bench_C_5_3_2(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_mod, WARD_BENCH_WARN, "have CAP_SYS_MODULE");
}

void bench_C_5_3_3(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_admin, WARD_BENCH_WARN, "have CAP_SYS_ADMIN");
}

void bench_C_5_3_4(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_ptrace, WARD_BENCH_WARN, "have CAP_SYS_PTRACE");
}
