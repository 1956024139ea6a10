/* bench.c - run the selected rows of the CIS check table on gathered facts, and the helpers
 * every section file uses (verdicts, items, daemon option lookup, file ownership/mode and
 * audit-watch checks). */
#include "bench/bench_int.h"
#include "util/limits.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

char *bench_printf(struct bench_ctx *c, const char *fmt, ...)
{
    va_list ap;
    struct ward_buf b = WARD_BUF_INIT(1u << 16);
    va_start(ap, fmt);
    ward_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    char *s = ward_arena_strdup(c->arena, b.ptr ? b.ptr : "");
    ward_buf_dispose(&b);
    return s;
}

void bench_verdict(struct bench_ctx *c, struct ward_bench_result *r, enum ward_bench_verdict v,
                   const char *fmt, ...)
{
    r->verdict = v;
    if (!fmt) {
        r->details = NULL;
        return;
    }
    va_list ap;
    struct ward_buf b = WARD_BUF_INIT(1u << 16);
    va_start(ap, fmt);
    ward_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    r->details = ward_arena_strdup(c->arena, b.ptr ? b.ptr : "");
    ward_buf_dispose(&b);
}

void bench_item(struct bench_ctx *c, struct ward_bench_result *r, const char *name, const char *fmt,
                ...)
{
    WARD_GROW(r->items, r->nitems, r->cap);
    struct ward_bench_item *it = &r->items[r->nitems++];
    it->name = ward_arena_strdup(c->arena, name ? name : "");
    it->detail = NULL;
    if (fmt) {
        va_list ap;
        struct ward_buf b = WARD_BUF_INIT(1u << 16);
        va_start(ap, fmt);
        ward_buf_vaddf(&b, fmt, ap);
        va_end(ap);
        it->detail = ward_arena_strdup(c->arena, b.ptr ? b.ptr : "");
        ward_buf_dispose(&b);
    }
}

bool bench_need_engine(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (c->f->engine_err) {
        bench_info(c, r, "%s", c->f->engine_err);
        return false;
    }
    return true;
}

bool bench_need_local(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!c->f->local) {
        bench_info(c, r, "%s", c->f->remote_why);
        return false;
    }
    return true;
}

bool bench_need_config(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_local(c, r))
        return false;
    if (c->f->config_why) {
        bench_info(c, r, "daemon configuration unknown: %s", c->f->config_why);
        return false;
    }
    return true;
}

const char *bench_args_caveat(struct bench_ctx *c)
{
    if (c->f->have_args)
        return "";
    return bench_printf(c, " (dockerd command line not read: %s)",
                        c->f->pid_why ? c->f->pid_why : "unknown");
}

static const char *json_scalar_text(struct bench_ctx *c, const json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_true(v))
        return "true";
    if (json_is_false(v))
        return "false";
    if (json_is_integer(v))
        return bench_printf(c, "%lld", (long long)json_integer_value(v));
    return NULL;
}

bool bench_opt(struct bench_ctx *c, const char *flag, const char *key, struct bench_opt *out)
{
    const struct ward_bench_facts *f = c->f;
    memset(out, 0, sizeof(*out));
    const char *v = f->have_args && flag ? ward_bench_args_get(&f->args, flag) : NULL;
    if (v) {
        out->val = v;
        out->where = bench_printf(c, "--%s=%s on the dockerd command line", flag, v);
        return true;
    }
    const json_t *j = f->daemon_json && key ? json_object_get(f->daemon_json, key) : NULL;
    if (j) {
        out->json = j;
        out->val = json_scalar_text(c, j);
        out->where = bench_printf(c, "%s%s%s in %s", key, out->val ? ": " : "",
                                  out->val ? out->val : "", f->config_path);
        return true;
    }
    return false;
}

bool bench_opt_bool(struct bench_ctx *c, const char *flag, const char *key, bool dflt,
                    const char **where)
{
    struct bench_opt o;
    if (!bench_opt(c, flag, key, &o) || !o.val) {
        if (where)
            *where = NULL;
        return dflt;
    }
    if (where)
        *where = o.where;
    if (strcmp(o.val, "true") == 0 || strcmp(o.val, "1") == 0)
        return true;
    if (strcmp(o.val, "false") == 0 || strcmp(o.val, "0") == 0)
        return false;
    return dflt;
}

size_t bench_opt_count(struct bench_ctx *c, const char *flag, const char *key)
{
    const struct ward_bench_facts *f = c->f;
    size_t n = 0;
    for (size_t i = 0; f->have_args && i < f->args.n; i++)
        if (strcmp(f->args.key[i], flag) == 0 && f->args.val[i][0])
            n++;
    const json_t *j = f->daemon_json && key ? json_object_get(f->daemon_json, key) : NULL;
    if (json_is_array(j))
        n += json_array_size(j);
    else if (json_is_object(j))
        n += json_object_size(j);
    else if (json_is_string(j) && json_string_length(j))
        n++;
    return n;
}

const char *bench_cname(const json_t *ctr)
{
    const char *n = ward_jstr(ctr, "Name");
    if (!n)
        return ward_jstr(ctr, "Id") ? ward_jstr(ctr, "Id") : "?";
    return n[0] == '/' ? n + 1 : n;
}

void bench_per_container(struct bench_ctx *c, struct ward_bench_result *r, bench_cpred pred,
                         enum ward_bench_verdict bad, const char *what)
{
    if (!bench_need_engine(c, r))
        return;
    const struct ward_bench_facts *f = c->f;
    if (f->ncontainers == 0) {
        bench_info(c, r, "no running containers");
        return;
    }
    for (size_t i = 0; i < f->ncontainers; i++) {
        const char *d = pred(c, f->containers[i]);
        if (d)
            bench_item(c, r, bench_cname(f->containers[i]), "%s", d);
    }
    if (r->nitems)
        bench_verdict(c, r, bad, "%zu of %zu running containers: %s", r->nitems, f->ncontainers,
                      what);
    else
        bench_pass(c, r, "%zu running containers checked", f->ncontainers);
}

bool bench_str_in_array(const json_t *arr, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *x = json_string_value(v);
        if (x && strcmp(x, s) == 0)
            return true;
    }
    return false;
}

bool bench_secopt_has(const json_t *info, const char *needle)
{
    size_t i;
    json_t *v;
    json_array_foreach(ward_jarr(info, "SecurityOptions"), i, v)
    {
        const char *x = json_string_value(v);
        if (x && strstr(x, needle))
            return true;
    }
    return false;
}

const char *bench_hpath(struct bench_ctx *c, const char *path)
{
    if (c->live)
        return path;
    return bench_printf(c, "%s%s", c->f->host_root, path);
}

const char *bench_group_name(struct bench_ctx *c, gid_t gid)
{
    if (gid == 0)
        return "root";
    FILE *fp = fopen(bench_hpath(c, "/etc/group"), "re");
    if (!fp)
        return NULL;
    char line[4096];
    const char *res = NULL;
    while (!res && fgets(line, sizeof(line), fp)) {
        char *a = strchr(line, ':');
        char *b = a ? strchr(a + 1, ':') : NULL;
        if (!b)
            continue;
        char *end;
        errno = 0;
        unsigned long g = strtoul(b + 1, &end, 10);
        if (!errno && *end == ':' && g == gid)
            res = ward_arena_strndup(c->arena, line, (size_t)(a - line));
    }
    fclose(fp);
    return res;
}

static bool file_stat(struct bench_ctx *c, struct ward_bench_result *r, const char *path,
                      struct stat *st)
{
    if (!bench_need_local(c, r))
        return false;
    if (!path) {
        bench_info(c, r, "file not found");
        return false;
    }
    if (stat(bench_hpath(c, path), st) != 0) {
        if (errno == ENOENT)
            bench_info(c, r, "%s not found", path);
        else
            bench_info(c, r, "cannot stat %s: %s", path, strerror(errno));
        return false;
    }
    return true;
}

void bench_file_owner(struct bench_ctx *c, struct ward_bench_result *r, const char *path,
                      const char *group)
{
    struct stat st;
    if (!file_stat(c, r, path, &st))
        return;
    const char *g = bench_group_name(c, st.st_gid);
    if (st.st_uid == 0 && g && strcmp(g, group) == 0) {
        bench_pass(c, r, "%s is owned by root:%s", path, group);
        return;
    }
    bench_item(c, r, path, "owner uid %u, group %s (gid %u)", (unsigned)st.st_uid,
               g ? g : "unknown", (unsigned)st.st_gid);
    bench_warn(c, r, "%s is owned by uid %u gid %u (%s), want root:%s", path, (unsigned)st.st_uid,
               (unsigned)st.st_gid, g ? g : "unknown group", group);
}

void bench_file_mode(struct bench_ctx *c, struct ward_bench_result *r, const char *path,
                     unsigned max, bool exact)
{
    struct stat st;
    if (!file_stat(c, r, path, &st))
        return;
    unsigned m = st.st_mode & 07777;
    bool ok = exact ? m == max : (m & ~max) == 0;
    if (ok)
        bench_pass(c, r, "%s has mode %03o", path, m);
    else {
        bench_item(c, r, path, "mode %03o", m);
        bench_warn(c, r, "%s has mode %03o, want %s%03o", path, m, exact ? "" : "at most ", max);
    }
}

void bench_audit_path(struct bench_ctx *c, struct ward_bench_result *r, const char *path,
                      bool skip_missing)
{
    if (!bench_need_local(c, r))
        return;
    if (!path) {
        bench_info(c, r, "file not found");
        return;
    }
    struct stat st;
    if (skip_missing && stat(bench_hpath(c, path), &st) != 0) {
        bench_info(c, r, "%s not found", path);
        return;
    }
    if (c->f->audit_why) {
        bench_warn(c, r, "%s is not audited: %s", path, c->f->audit_why);
        return;
    }
    if (ward_bench_audit_watches(&c->f->audit, path))
        bench_pass(c, r, "%s is watched (%s)", path, c->f->audit_source);
    else
        bench_warn(c, r, "no audit rule watches %s (%s)", path, c->f->audit_source);
}

/* ---- selection and evaluation ---- */

bool ward_bench_id_matches(const char *spec, const char *id)
{
    if (!spec)
        return false;
    size_t il = strlen(id);
    const char *p = spec;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ')
            e++;
        size_t l = (size_t)(e - p);
        if (l && l <= il && strncasecmp(p, id, l) == 0 && (l == il || id[l] == '.'))
            return true;
        /* section 99 holds the community checks C.* */
        if (l == 2 && memcmp(p, "99", 2) == 0 && (id[0] == 'C' || id[0] == 'c') &&
            (id[1] == '.' || id[1] == '\0'))
            return true;
        p = e;
    }
    return false;
}

static bool selected(const struct ward_bench_opts *o, const struct ward_bench_check *k)
{
    bool sel;
    if (o->checks || o->sections)
        sel = ward_bench_id_matches(o->checks, k->id) || ward_bench_id_matches(o->sections, k->id);
    else
        sel = k->by_default;
    if (sel && o->exclude && ward_bench_id_matches(o->exclude, k->id))
        sel = false;
    return sel;
}

const char *ward_bench_verdict_name(enum ward_bench_verdict v)
{
    switch (v) {
    case WARD_BENCH_PASS:
        return "PASS";
    case WARD_BENCH_WARN:
        return "WARN";
    case WARD_BENCH_INFO:
        return "INFO";
    case WARD_BENCH_NOTE:
        return "NOTE";
    }
    return "INFO";
}

int ward_bench_evaluate(struct ward_bench_report **out, const struct ward_bench_facts *f,
                        const struct ward_bench_opts *o, struct ward_error **err)
{
    (void)err;
    ward_autoptr(ward_bench_report) r = ward_xcalloc(1, sizeof(*r));
    ward_arena_init(&r->arena);
    r->facts = f;
    r->started = time(NULL);
    bool *sel = ward_xcalloc(ward_bench_nchecks + 1, sizeof(bool));
    for (size_t i = 0; i < ward_bench_nchecks; i++)
        sel[i] = !ward_bench_checks[i].is_section && selected(o, &ward_bench_checks[i]);
    /* a section header is shown when one of its checks runs */
    for (size_t i = 0; i < ward_bench_nchecks; i++) {
        if (!ward_bench_checks[i].is_section)
            continue;
        for (size_t k = 0; k < ward_bench_nchecks && !sel[i]; k++)
            if (sel[k] && !ward_bench_checks[k].is_section &&
                ward_bench_id_matches(ward_bench_checks[i].id, ward_bench_checks[k].id))
                sel[i] = true;
    }
    r->results = ward_xcalloc(ward_bench_nchecks, sizeof(*r->results));
    struct bench_ctx ctx = {.f = f, .o = o, .arena = &r->arena};
    for (size_t i = 0; i < ward_bench_nchecks; i++) {
        if (!sel[i])
            continue;
        const struct ward_bench_check *k = &ward_bench_checks[i];
        struct ward_bench_result *res = &r->results[r->n++];
        res->check = k;
        res->verdict = WARD_BENCH_INFO;
        if (k->is_section)
            continue;
        if (k->fn)
            k->fn(&ctx, res);
        else
            bench_note(&ctx, res, "manual check: review it by hand");
        r->checks++;
        switch (res->verdict) {
        case WARD_BENCH_PASS:
            r->pass++;
            if (k->scored)
                r->scored_pass++;
            break;
        case WARD_BENCH_WARN:
            r->warn++;
            if (k->scored)
                r->scored_warn++;
            break;
        case WARD_BENCH_INFO:
            r->info++;
            break;
        case WARD_BENCH_NOTE:
            r->note++;
            break;
        }
    }
    free(sel);
    r->score = (int)r->scored_pass - (int)r->scored_warn;
    r->ended = time(NULL);
    *out = WARD_STEAL(&r);
    return 0;
}

void ward_bench_report_free(struct ward_bench_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->results[i].items);
    free(r->results);
    ward_arena_dispose(&r->arena);
    free(r);
}
