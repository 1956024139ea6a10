/* dockerfile_rules.c - lint rules over a parsed Dockerfile: the Hadolint
 * DL3xxx/DL4xxx families (same ids, our own checks and wording) and CIS Docker
 * Benchmark 4.x image checks. RUN lines are analysed with ward_sh_split. */
#include "misconf/dockerfile.h"
#include "report/report.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct ctx {
    const struct ward_dockerfile *df;
    const struct ward_lint_opts *opts;
    struct ward_lint_result *res;
    struct ward_sh_script *sh; /* per instruction; filled for RUN */
    const void *arg;           /* the running rule's table argument (rule_def.arg) */
};

typedef void (*rule_fn)(struct ctx *c, const struct ward_lint_rule *r);

/* One rule: its id, severity and title, the check, and the data a check shared
 * by several rules reads from c->arg (NULL for a rule with a check of its own). */
struct rule_def {
    struct ward_lint_rule r;
    rule_fn fn;
    const void *arg;
};

static bool str_in(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

static bool starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static bool ends(const char *s, const char *p)
{
    size_t a = strlen(s), b = strlen(p);
    return a >= b && strcmp(s + a - b, p) == 0;
}

static bool ids_has(char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(ids[i], id) == 0)
            return true;
    return false;
}

static bool cids_has(const char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(ids[i], id) == 0)
            return true;
    return false;
}

static void report(struct ctx *c, const struct ward_lint_rule *r, const struct ward_df_instr *in,
                   const char *fmt, ...) WARD_PRINTF(4, 5);
static void report(struct ctx *c, const struct ward_lint_rule *r, const struct ward_df_instr *in,
                   const char *fmt, ...)
{
    if (in && !c->opts->no_inline_ignores && ids_has(in->ignores, in->n_ignores, r->id))
        return;
    if (ids_has(c->df->global_ignores, c->df->n_global_ignores, r->id) &&
        !c->opts->no_inline_ignores)
        return;
    struct ward_lint_result *res = c->res;
    if (res->n >= WARD_DF_MAX_INSTRS * 4u)
        return;
    WARD_GROW(res->items, res->n, res->cap);
    struct ward_lint_finding *f = &res->items[res->n++];
    f->rule = r->id;
    f->sev = r->sev ? r->sev : WARD_LINT_INFO;
    f->line = in ? in->line : 1;
    struct ward_buf b = WARD_BUF_INIT(4096);
    va_list ap;
    va_start(ap, fmt);
    ward_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    if (ward_buf_check(&b) < 0) {
        ward_buf_dispose(&b);
        ward_buf_adds(&b, r->title);
    }
    f->msg = ward_buf_steal(&b);
}

static bool kw(const struct ward_df_instr *in, const char *k)
{
    return strcmp(in->keyword, k) == 0;
}

/* Each instruction `in` (index i) with keyword k. The body runs in an inner
 * one-pass loop: `continue` moves to the next instruction, `break` must not be
 * used to leave the outer one. */
#define each_kw(c, k, i, in)                                                                       \
    for (size_t i = 0; i < (c)->df->n; i++)                                                        \
        for (const struct ward_df_instr *in = &(c)->df->instrs[i]; in && kw(in, k); in = NULL)

/* The stage the final image is built from. */
static int final_stage(const struct ward_dockerfile *df)
{
    return df->n_stages ? (int)df->n_stages - 1 : -1;
}

/* Index of the previous stage a stage's FROM names, or -1. */
static int parent_stage(const struct ward_dockerfile *df, size_t s)
{
    for (size_t p = 0; p < s; p++)
        if (df->stages[p].name && strcasecmp(df->stages[p].name, df->stages[s].image) == 0)
            return (int)p;
    return -1;
}

/* Is stage s the final stage or one the final stage is built FROM (its layers ship)? */
static bool in_final_image(const struct ward_dockerfile *df, int s)
{
    int cur = final_stage(df);
    for (int depth = 0; cur >= 0 && depth < 64; depth++) {
        if (cur == s)
            return true;
        cur = parent_stage(df, (size_t)cur);
    }
    return false;
}

/* --- shell command helpers --- */

static const char *base(const char *w)
{
    const char *s = strrchr(w, '/');
    return s ? s + 1 : w;
}

/* First word index of the real command (skips sudo and its options). */
static size_t cmd_start(const struct ward_sh_cmd *cmd)
{
    size_t i = 0;
    if (i < cmd->n && strcmp(base(cmd->words[i]), "sudo") == 0) {
        i++;
        while (i < cmd->n && cmd->words[i][0] == '-')
            i++;
    }
    return i;
}

static bool cmd_is(const struct ward_sh_cmd *cmd, const char *prog)
{
    size_t i = cmd_start(cmd);
    return i < cmd->n && strcmp(base(cmd->words[i]), prog) == 0;
}

static bool cmd_is_any(const struct ward_sh_cmd *cmd, const char *const *progs)
{
    size_t i = cmd_start(cmd);
    return i < cmd->n && str_in(base(cmd->words[i]), progs);
}

/* Index of the subcommand (first non-option word after the program), or cmd->n. */
static size_t subcmd_at(const struct ward_sh_cmd *cmd, const char *const *value_opts)
{
    size_t i = cmd_start(cmd) + 1;
    while (i < cmd->n) {
        const char *w = cmd->words[i];
        if (w[0] != '-')
            return i;
        if (value_opts && str_in(w, value_opts))
            i++;
        i++;
    }
    return cmd->n;
}

static bool has_sub(const struct ward_sh_cmd *cmd, const char *const *subs,
                    const char *const *value_opts)
{
    size_t i = subcmd_at(cmd, value_opts);
    return i < cmd->n && str_in(cmd->words[i], subs);
}

/* Has a long option (exact or --opt=...) or a short option letter (in a cluster). */
static bool has_opt(const struct ward_sh_cmd *cmd, const char *lng, char shrt)
{
    for (size_t i = cmd_start(cmd) + 1; i < cmd->n; i++) {
        const char *w = cmd->words[i];
        if (strcmp(w, "--") == 0)
            break;
        if (lng && w[0] == '-' && w[1] == '-') {
            size_t l = strlen(lng);
            if (strncmp(w, lng, l) == 0 && (w[l] == 0 || w[l] == '='))
                return true;
        } else if (shrt && w[0] == '-' && w[1] && w[1] != '-') {
            for (const char *p = w + 1; *p && isalpha((unsigned char)*p); p++)
                if (*p == shrt)
                    return true;
        }
    }
    return false;
}

/* Non-option words after the subcommand (or after the program when sub == NULL). */
static size_t operands(const struct ward_sh_cmd *cmd, size_t from, const char *const *value_opts,
                       const char **out, size_t max)
{
    size_t n = 0;
    bool opts_done = false;
    for (size_t i = from; i < cmd->n && n < max; i++) {
        const char *w = cmd->words[i];
        if (!opts_done && strcmp(w, "--") == 0) {
            opts_done = true;
            continue;
        }
        if (!opts_done && w[0] == '-' && w[1]) {
            if (value_opts && !strchr(w, '=') && str_in(w, value_opts))
                i++;
            continue;
        }
        out[n++] = w;
    }
    return n;
}

/* Run cb on each command of each RUN in the given stage (-1: every stage). */
#define FOR_RUN_CMDS(c, i, in, cmd)                                                                \
    for (size_t i = 0; i < (c)->df->n; i++)                                                        \
        if (kw(&(c)->df->instrs[i], "RUN"))                                                        \
            for (const struct ward_df_instr *in = &(c)->df->instrs[i]; in; in = NULL)              \
                for (size_t k_ = 0; k_ < (c)->sh[i].n; k_++)                                       \
                    for (const struct ward_sh_cmd *cmd = &(c)->sh[i].cmds[k_]; cmd; cmd = NULL)

static bool run_has(const struct ctx *c, size_t i, bool (*pred)(const struct ward_sh_cmd *))
{
    for (size_t k = 0; k < c->sh[i].n; k++)
        if (pred(&c->sh[i].cmds[k]))
            return true;
    return false;
}

/* RUN --mount=type=cache,...,target=<dir starting with prefix> */
static bool cache_mount(const struct ward_df_instr *in, const char *prefix)
{
    for (size_t f = 0; f < in->n_flags; f++) {
        if (strcmp(in->flags[f].name, "mount") != 0 || !in->flags[f].value)
            continue;
        const char *v = in->flags[f].value;
        if (!strstr(v, "type=cache"))
            continue;
        const char *t = strstr(v, "target=");
        if (!t)
            t = strstr(v, "dst=");
        if (!t)
            t = strstr(v, "destination=");
        if (t && strstr(t, prefix))
            return true;
    }
    return false;
}

/* --- package manager predicates --- */

static const char *const apt_value_opts[] = {
    "-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release", NULL};
static const char *const sub_install[] = {"install", NULL};

static bool apt_install(const struct ward_sh_cmd *cmd)
{
    return cmd_is(cmd, "apt-get") && has_sub(cmd, sub_install, apt_value_opts);
}

static bool apt_update(const struct ward_sh_cmd *cmd)
{
    static const char *const up[] = {"update", NULL};
    return cmd_is_any(cmd, (const char *const[]){"apt-get", "apt", NULL}) &&
           has_sub(cmd, up, apt_value_opts);
}

static bool rm_apt_lists(const struct ward_sh_cmd *cmd)
{
    if (!cmd_is(cmd, "rm"))
        return false;
    for (size_t i = 1; i < cmd->n; i++)
        if (starts(cmd->words[i], "/var/lib/apt/lists"))
            return true;
    return false;
}

static bool apk_add(const struct ward_sh_cmd *cmd)
{
    static const char *const sub[] = {"add", NULL};
    static const char *const vo[] = {"-X", "--repository", "-p", "--root", "--arch", NULL};
    return cmd_is(cmd, "apk") && has_sub(cmd, sub, vo);
}

static bool pip_install_at(const struct ward_sh_cmd *cmd, size_t *after)
{
    static const char *const pips[] = {"pip", "pip3", "pip2", NULL};
    size_t s = cmd_start(cmd);
    if (s >= cmd->n)
        return false;
    size_t i;
    const char *b = base(cmd->words[s]);
    if (str_in(b, pips) || starts(b, "pip3.")) {
        i = s + 1;
    } else if (starts(b, "python")) {
        i = s + 1;
        while (i < cmd->n && cmd->words[i][0] == '-' && strcmp(cmd->words[i], "-m") != 0)
            i++;
        if (i + 1 >= cmd->n || strcmp(cmd->words[i], "-m") != 0 ||
            strcmp(cmd->words[i + 1], "pip") != 0)
            return false;
        i += 2;
    } else {
        return false;
    }
    while (i < cmd->n && cmd->words[i][0] == '-')
        i++;
    if (i < cmd->n && strcmp(cmd->words[i], "install") == 0) {
        *after = i + 1;
        return true;
    }
    return false;
}

static bool pip_install(const struct ward_sh_cmd *cmd)
{
    size_t a;
    return pip_install_at(cmd, &a);
}

static const char *const yum_value_opts[] = {
    "-c", "--config",  "--installroot", "--enablerepo", "--disablerepo",
    "-x", "--exclude", "--releasever",  "--setopt",     NULL};

static bool yum_install(const struct ward_sh_cmd *cmd)
{
    return cmd_is(cmd, "yum") && has_sub(cmd, sub_install, yum_value_opts);
}

static bool dnf_install(const struct ward_sh_cmd *cmd)
{
    return cmd_is_any(cmd, (const char *const[]){"dnf", "microdnf", NULL}) &&
           has_sub(cmd, sub_install, yum_value_opts);
}

static bool zypper_install(const struct ward_sh_cmd *cmd)
{
    static const char *const sub[] = {"install", "in", NULL};
    return cmd_is(cmd, "zypper") && has_sub(cmd, sub, NULL);
}

static bool clean_all(const struct ward_sh_cmd *cmd, const char *prog)
{
    size_t s = cmd_start(cmd);
    if (!cmd_is(cmd, prog))
        return false;
    for (size_t i = s + 1; i + 1 < cmd->n; i++)
        if (strcmp(cmd->words[i], "clean") == 0 && strcmp(cmd->words[i + 1], "all") == 0)
            return true;
    return false;
}

static bool yum_clean(const struct ward_sh_cmd *cmd)
{
    return clean_all(cmd, "yum");
}

static bool dnf_clean(const struct ward_sh_cmd *cmd)
{
    return clean_all(cmd, "dnf") || clean_all(cmd, "microdnf");
}

static bool zypper_clean(const struct ward_sh_cmd *cmd)
{
    static const char *const sub[] = {"clean", "cc", NULL};
    return cmd_is(cmd, "zypper") && has_sub(cmd, sub, NULL);
}

static bool yarn_install(const struct ward_sh_cmd *cmd)
{
    static const char *const sub[] = {"install", "add", NULL};
    size_t s = cmd_start(cmd);
    if (!cmd_is(cmd, "yarn"))
        return false;
    /* bare `yarn` installs too */
    return s + 1 >= cmd->n || has_sub(cmd, sub, NULL);
}

static bool yarn_clean(const struct ward_sh_cmd *cmd)
{
    size_t s = cmd_start(cmd);
    return cmd_is(cmd, "yarn") && s + 2 < cmd->n + 0 && strcmp(cmd->words[s + 1], "cache") == 0 &&
           strcmp(cmd->words[s + 2], "clean") == 0;
}

/* --- rules --- */

static void dl1001(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t i = 0; i < c->df->n; i++) {
        const struct ward_df_instr *in = &c->df->instrs[i];
        if (in->n_ignores) {
            struct ward_df_instr copy = *in;
            copy.n_ignores = 0;
            copy.line = in->line > 1 ? in->line - 1 : 1;
            report(c, r, &copy, "an inline ignore pragma silences %s here", in->ignores[0]);
        }
    }
}

static bool abs_path(const char *p)
{
    return p[0] == '/' ||
           (isalpha((unsigned char)p[0]) && p[1] == ':' && (p[2] == '\\' || p[2] == '/'));
}

static void dl3000(struct ctx *c, const struct ward_lint_rule *r)
{
    each_kw (c, "WORKDIR", i, in) {
        if (!in->argc)
            continue;
        bool u = false;
        ward_autofree char *p = ward_df_expand(c->df, i, in->argv[0], &u);
        if (!p || (u && in->argv[0][0] == '$'))
            continue;
        if (!abs_path(p))
            report(c, r, in, "WORKDIR %s is relative; give an absolute path", in->argv[0]);
    }
}

static void dl3001(struct ctx *c, const struct ward_lint_rule *r)
{
    static const char *const pointless[] = {"ssh", "vim",  "shutdown", "service",  "ps",   "free",
                                            "top", "kill", "mount",    "ifconfig", "nano", NULL};
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (cmd_is_any(cmd, pointless))
            report(c, r, in, "'%s' has no useful effect while building an image",
                   cmd->words[cmd_start(cmd)]);
    }
}

static bool is_root_user(const char *u)
{
    size_t n = strcspn(u, ":");
    return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

/* Last USER of stage s (following FROM <stage> parents); NULL when none. */
static const struct ward_df_instr *last_user(const struct ward_dockerfile *df, int s, int depth)
{
    if (s < 0)
        return NULL;
    const struct ward_df_stage *st = &df->stages[s];
    for (size_t i = st->last + 1; i-- > st->first;)
        if (kw(&df->instrs[i], "USER") && df->instrs[i].argc)
            return &df->instrs[i];
    int p = parent_stage(df, (size_t)s);
    return depth < 8 && p >= 0 ? last_user(df, p, depth + 1) : NULL;
}

static void dl3002(struct ctx *c, const struct ward_lint_rule *r)
{
    const struct ward_df_instr *u = last_user(c->df, final_stage(c->df), 0);
    if (u && is_root_user(u->argv[0]))
        report(c, r, u, "the final image runs as root (USER %s); switch to an unprivileged user",
               u->argv[0]);
}

/* A program (and, when subs is set, one of its subcommands) that RUN should not use. */
struct cmd_msg {
    const char *prog;
    const char *const *subs;
    const char *msg;
};

static void run_cmd_rule(struct ctx *c, const struct ward_lint_rule *r)
{
    const struct cmd_msg *m = c->arg;
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (cmd_is(cmd, m->prog) && (!m->subs || has_sub(cmd, m->subs, NULL)))
            report(c, r, in, "%s", m->msg);
    }
}

static void dl3004(struct ctx *c, const struct ward_lint_rule *r)
{
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (cmd->n && strcmp(base(cmd->words[0]), "sudo") == 0)
            report(c, r, in,
                   "sudo in a build step; RUN already runs as the current USER, use gosu "
                   "or su-exec for privilege changes at run time");
    }
}

/* Split an image reference into tag and digest presence. */
static void image_parts(const char *img, bool *has_tag, const char **tag, bool *has_digest)
{
    const char *at = strchr(img, '@');
    *has_digest = at != NULL;
    const char *slash = strrchr(img, '/');
    const char *last = slash ? slash + 1 : img;
    const char *colon = strchr(last, ':');
    if (at && colon && colon > at)
        colon = NULL;
    *has_tag = colon != NULL;
    *tag = colon ? colon + 1 : NULL;
}

static bool stage_alias_before(const struct ward_dockerfile *df, size_t stage, const char *name)
{
    for (size_t s = 0; s < stage && s < df->n_stages; s++)
        if (df->stages[s].name && strcasecmp(df->stages[s].name, name) == 0)
            return true;
    return false;
}

/* Expanded FROM image of stage s, NULL when unresolved / scratch / an earlier stage. */
static char *from_image(const struct ctx *c, size_t s)
{
    const struct ward_df_stage *st = &c->df->stages[s];
    bool u = false;
    char *img = ward_df_expand(c->df, st->first, st->image, &u);
    if (!img || u || !*img || strcasecmp(img, "scratch") == 0 ||
        stage_alias_before(c->df, s, img)) {
        free(img);
        return NULL;
    }
    return img;
}

static void dl3006(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t s = 0; s < c->df->n_stages; s++) {
        ward_autofree char *img = from_image(c, s);
        if (!img)
            continue;
        bool ht, hd;
        const char *tag;
        image_parts(img, &ht, &tag, &hd);
        if (!ht && !hd)
            report(c, r, &c->df->instrs[c->df->stages[s].first],
                   "image %s has no tag; name a version explicitly", img);
    }
}

static void dl3007(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t s = 0; s < c->df->n_stages; s++) {
        ward_autofree char *img = from_image(c, s);
        if (!img)
            continue;
        bool ht, hd;
        const char *tag;
        image_parts(img, &ht, &tag, &hd);
        if (ht && !hd && strcmp(tag, "latest") == 0)
            report(c, r, &c->df->instrs[c->df->stages[s].first],
                   "image %s uses the moving 'latest' tag; pin a release tag or digest", img);
    }
}

static void dl3009(struct ctx *c, const struct ward_lint_rule *r)
{
    each_kw (c, "RUN", i, in) {
        if (!in_final_image(c->df, in->stage) || !run_has(c, i, apt_install))
            continue;
        if (run_has(c, i, rm_apt_lists) || cache_mount(in, "/var/lib/apt"))
            continue;
        report(c, r, in,
               "apt-get install leaves /var/lib/apt/lists in the layer; remove it in "
               "the same RUN (rm -rf /var/lib/apt/lists/*)");
    }
}

static bool archive_name(const char *s)
{
    static const char *const ext[] = {".tar",    ".tar.gz", ".tgz",     ".tar.bz2", ".tbz2",
                                      ".tar.xz", ".txz",    ".tar.zst", NULL};
    for (const char *const *e = ext; *e; e++)
        if (ends(s, *e))
            return true;
    return false;
}

static bool is_url(const char *s)
{
    return strstr(s, "://") != NULL || starts(s, "git@");
}

static bool tar_extract(const struct ward_sh_cmd *cmd)
{
    if (!cmd_is(cmd, "tar"))
        return false;
    size_t s = cmd_start(cmd);
    if (s + 1 < cmd->n && cmd->words[s + 1][0] != '-' && strchr(cmd->words[s + 1], 'x'))
        return true; /* old-style "tar xzf" */
    return has_opt(cmd, "--extract", 'x') || has_opt(cmd, "--get", 0);
}

static void dl3010(struct ctx *c, const struct ward_lint_rule *r)
{
    each_kw (c, "COPY", i, in) {
        if (in->argc < 2 || in->n_heredocs || ward_df_has_flag(in, "from"))
            continue;
        for (size_t a = 0; a + 1 < in->argc; a++) {
            const char *src = in->argv[a];
            if (!archive_name(src))
                continue;
            const char *bn = base(src);
            bool extracted = false;
            for (size_t j = i + 1; j < c->df->n && c->df->instrs[j].stage == in->stage; j++)
                for (size_t k = 0; k < c->sh[j].n && !extracted; k++) {
                    const struct ward_sh_cmd *cmd = &c->sh[j].cmds[k];
                    if (!tar_extract(cmd))
                        continue;
                    for (size_t w = 0; w < cmd->n; w++)
                        if (strcmp(base(cmd->words[w]), bn) == 0 ||
                            (cmd->words[w][0] == '-' && ends(cmd->words[w], bn)))
                            extracted = true;
                }
            if (extracted)
                report(c, r, in,
                       "%s is copied and then unpacked with tar; ADD extracts local "
                       "archives in one step",
                       src);
        }
    }
}

static void dl3011(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t i = 0; i < c->df->n; i++) {
        const struct ward_df_instr *in = &c->df->instrs[i];
        if (!kw(in, "EXPOSE"))
            continue;
        for (size_t a = 0; a < in->argc; a++) {
            const char *p = in->argv[a];
            if (strchr(p, '$'))
                continue;
            size_t n = strcspn(p, "/");
            const char *q = p;
            while (q < p + n) {
                uint64_t v = 0;
                const char *d = q;
                while (d < p + n && isdigit((unsigned char)*d) && v <= 70000)
                    v = v * 10 + (uint64_t)(*d++ - '0');
                if (d == q || v > 65535) {
                    report(c, r, in, "EXPOSE %s: a port must be a number from 0 to 65535", p);
                    break;
                }
                while (d < p + n && isdigit((unsigned char)*d))
                    d++;
                if (d < p + n && *d == '-')
                    d++;
                else if (d < p + n) {
                    report(c, r, in, "EXPOSE %s: a port must be a number from 0 to 65535", p);
                    break;
                }
                q = d;
            }
        }
    }
}

/* An instruction keyword and what to say about it. */
struct kw_msg {
    const char *keyword;
    const char *msg;
};

/* Report every instruction with the keyword. */
static void kw_rule(struct ctx *c, const struct ward_lint_rule *r)
{
    const struct kw_msg *m = c->arg;
    for (size_t i = 0; i < c->df->n; i++)
        if (kw(&c->df->instrs[i], m->keyword))
            report(c, r, &c->df->instrs[i], "%s", m->msg);
}

/* Report the second and later instructions with the keyword in one stage. */
static void repeated(struct ctx *c, const struct ward_lint_rule *r)
{
    const struct kw_msg *m = c->arg;
    for (size_t s = 0; s < c->df->n_stages; s++) {
        size_t seen = 0;
        for (size_t i = c->df->stages[s].first; i <= c->df->stages[s].last; i++)
            if (kw(&c->df->instrs[i], m->keyword) && ++seen > 1)
                report(c, r, &c->df->instrs[i], "%s", m->msg);
    }
}

static bool pip_pinned(const char *p)
{
    return strstr(p, "==") || strstr(p, ">=") || strstr(p, "<=") || strstr(p, "~=") ||
           strstr(p, "!=") || strchr(p, '<') || strchr(p, '>') || strchr(p, '@') || is_url(p) ||
           p[0] == '.' || p[0] == '/' || p[0] == '$' || ends(p, ".whl") || ends(p, ".tar.gz") ||
           ends(p, ".zip");
}

static const char *const pip_value_opts[] = {"-r",
                                             "--requirement",
                                             "-c",
                                             "--constraint",
                                             "-i",
                                             "--index-url",
                                             "--extra-index-url",
                                             "-f",
                                             "--find-links",
                                             "-t",
                                             "--target",
                                             "--prefix",
                                             "--root",
                                             "--trusted-host",
                                             "--platform",
                                             "--python-version",
                                             "--implementation",
                                             "--abi",
                                             "--no-binary",
                                             "--only-binary",
                                             "--progress-bar",
                                             "--log",
                                             "--proxy",
                                             "--timeout",
                                             "--retries",
                                             "--cache-dir",
                                             "--src",
                                             "--upgrade-strategy",
                                             "-e",
                                             "--editable",
                                             "--global-option",
                                             "--install-option",
                                             "--config-settings",
                                             "-C",
                                             NULL};

static void dl3013(struct ctx *c, const struct ward_lint_rule *r)
{
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        size_t after;
        if (!pip_install_at(cmd, &after))
            continue;
        const char *pk[256];
        size_t n = operands(cmd, after, pip_value_opts, pk, 256);
        for (size_t k = 0; k < n; k++)
            if (!pip_pinned(pk[k]))
                report(c, r, in, "pip install %s without a version; pin it (%s==<version>)", pk[k],
                       pk[k]);
    }
}

static void dl3014(struct ctx *c, const struct ward_lint_rule *r)
{
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (!apt_install(cmd))
            continue;
        bool yes = has_opt(cmd, "--yes", 'y') || has_opt(cmd, "--assume-yes", 0) ||
                   has_opt(cmd, "--quiet=2", 0);
        for (size_t w = 1; w < cmd->n && !yes; w++) {
            const char *s = cmd->words[w];
            if (strcmp(s, "-q=2") == 0)
                yes = true;
            else if (s[0] == '-' && s[1] != '-') {
                int q = 0;
                for (const char *p = s + 1; *p; p++)
                    q += *p == 'q';
                yes = q >= 2;
            }
        }
        if (!yes)
            report(c, r, in,
                   "apt-get install without -y waits for a confirmation a build cannot "
                   "give");
    }
}

static void dl3015(struct ctx *c, const struct ward_lint_rule *r)
{
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (!apt_install(cmd) || has_opt(cmd, "--no-install-recommends", 0))
            continue;
        bool off = false;
        for (size_t w = 1; w < cmd->n; w++)
            off |= strstr(cmd->words[w], "Install-Recommends=false") != NULL ||
                   strstr(cmd->words[w], "Install-Recommends=0") != NULL;
        if (!off)
            report(c, r, in,
                   "apt-get install pulls in recommended packages; add "
                   "--no-install-recommends");
    }
}

static void dl3019(struct ctx *c, const struct ward_lint_rule *r)
{
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (apk_add(cmd) && !has_opt(cmd, "--no-cache", 0) && !cache_mount(in, "/var/cache/apk"))
            report(c, r, in, "apk add keeps its index cache in the layer; add --no-cache");
    }
}

/* Sources of COPY/ADD (all but the last word). */
static size_t copy_sources(const struct ward_df_instr *in, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t a = 0; a + 1 < in->argc && n < max; a++)
        out[n++] = in->argv[a];
    return n;
}

static void dl3020(struct ctx *c, const struct ward_lint_rule *r)
{
    each_kw (c, "ADD", i, in) {
        if (in->n_heredocs)
            continue;
        const char *src[256];
        size_t n = copy_sources(in, src, 256);
        bool needs_add = false;
        for (size_t k = 0; k < n; k++)
            needs_add |= is_url(src[k]) || archive_name(src[k]) || ends(src[k], ".gz") ||
                         ends(src[k], ".bz2") || ends(src[k], ".xz") || strchr(src[k], '$');
        if (n && !needs_add)
            report(c, r, in,
                   "ADD of plain files; COPY does the same without ADD's URL and "
                   "archive magic");
    }
}

static void dl3021(struct ctx *c, const struct ward_lint_rule *r)
{
    each_kw (c, "COPY", i, in) {
        if (in->argc < 3 || in->n_heredocs)
            continue;
        const char *dst = in->argv[in->argc - 1];
        if (!ends(dst, "/") && !strchr(dst, '$'))
            report(c, r, in,
                   "COPY of several sources needs a directory destination ending in "
                   "'/' (got %s)",
                   dst);
    }
}

static void copy_from_rules(struct ctx *c, const struct ward_lint_rule *r, bool own)
{
    for (size_t i = 0; i < c->df->n; i++) {
        const struct ward_df_instr *in = &c->df->instrs[i];
        const char *from = kw(in, "COPY") ? ward_df_flag(in, "from") : NULL;
        if (!from || in->stage < 0 || strchr(from, '$'))
            continue;
        size_t cur = (size_t)in->stage;
        const struct ward_df_stage *st = &c->df->stages[cur];
        if (own) {
            if (st->name && strcasecmp(st->name, from) == 0)
                report(c, r, in, "COPY --from=%s names the stage it is in", from);
            continue;
        }
        bool digits = *from != 0;
        for (const char *p = from; *p; p++)
            digits &= isdigit((unsigned char)*p) != 0;
        if (digits) {
            if (strtoul(from, NULL, 10) >= cur)
                report(c, r, in, "COPY --from=%s: there is no earlier stage with that index", from);
            continue;
        }
        if (strpbrk(from, ":/@") || stage_alias_before(c->df, cur, from))
            continue;
        if (st->name && strcasecmp(st->name, from) == 0)
            continue; /* DL3023's business */
        report(c, r, in, "COPY --from=%s does not name an earlier stage", from);
    }
}

static void dl3022(struct ctx *c, const struct ward_lint_rule *r)
{
    copy_from_rules(c, r, false);
}

static void dl3023(struct ctx *c, const struct ward_lint_rule *r)
{
    copy_from_rules(c, r, true);
}

static void dl3024(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t s = 1; s < c->df->n_stages; s++) {
        const char *n = c->df->stages[s].name;
        if (n && stage_alias_before(c->df, s, n))
            report(c, r, &c->df->instrs[c->df->stages[s].first],
                   "stage name %s is already used by an earlier stage", n);
    }
}

static void dl3025(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t i = 0; i < c->df->n; i++) {
        const struct ward_df_instr *in = &c->df->instrs[i];
        if ((kw(in, "CMD") || kw(in, "ENTRYPOINT")) && !in->json && in->argc)
            report(c, r, in,
                   "%s in shell form runs under /bin/sh -c and does not receive "
                   "signals; use the JSON form",
                   in->keyword);
    }
}

static void dl3026(struct ctx *c, const struct ward_lint_rule *r)
{
    if (!c->opts->n_allowed_registries)
        return;
    for (size_t s = 0; s < c->df->n_stages; s++) {
        ward_autofree char *img = from_image(c, s);
        if (!img)
            continue;
        char reg[256] = "docker.io";
        const char *slash = strchr(img, '/');
        if (slash) {
            size_t l = (size_t)(slash - img);
            if ((memchr(img, '.', l) || memchr(img, ':', l) ||
                 (l == 9 && !strncmp(img, "localhost", 9))) &&
                l < sizeof(reg)) {
                memcpy(reg, img, l);
                reg[l] = 0;
            }
        }
        bool ok = false;
        for (size_t k = 0; k < c->opts->n_allowed_registries && !ok; k++) {
            const char *a = c->opts->allowed_registries[k];
            if (strcasecmp(a, reg) == 0)
                ok = true;
            else if (a[0] == '*' && ends(reg, a + 1))
                ok = true;
            else if (strcmp(reg, "docker.io") == 0 && strcasecmp(a, "hub.docker.com") == 0)
                ok = true;
        }
        if (!ok)
            report(c, r, &c->df->instrs[c->df->stages[s].first],
                   "image %s comes from registry %s, which is not in the allowed list", img, reg);
    }
}

static void dl3029(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t s = 0; s < c->df->n_stages; s++) {
        const char *p = c->df->stages[s].platform;
        if (p && !strchr(p, '$'))
            report(c, r, &c->df->instrs[c->df->stages[s].first],
                   "FROM --platform=%s hard-codes the platform; let the builder choose", p);
    }
}

/* A package manager's install command, as the version-pinning and -y rules see it. */
struct pkg_install {
    const char *what; /* as messages name it: "apt-get install" */
    bool (*match)(const struct ward_sh_cmd *cmd);
    const char *const *sub_opts; /* options taking a value, before the subcommand */
    const char *const *opts;     /* options taking a value, among the packages */
    bool (*pinned)(const char *pkg);
    const char *pin; /* what joins name and version in a pin: "=", "-", "@", ":" */
};

static bool apt_pinned(const char *p)
{
    return strchr(p, '=') || ends(p, ".deb") || p[0] == '.' || p[0] == '/' || p[0] == '$';
}

static bool apk_pinned(const char *p)
{
    return strpbrk(p, "=<>") || ends(p, ".apk") || p[0] == '$';
}

static bool zypper_pinned(const char *p)
{
    return strpbrk(p, "=<>") || ends(p, ".rpm") || p[0] == '$';
}

static bool rpm_pinned(const char *p)
{
    if (ends(p, ".rpm") || p[0] == '/' || p[0] == '.' || p[0] == '$' || is_url(p))
        return true;
    for (const char *d = strchr(p, '-'); d; d = strchr(d + 1, '-'))
        if (isdigit((unsigned char)d[1]))
            return true;
    return strchr(p, '=') != NULL;
}

static bool npm_pinned(const char *p)
{
    return strchr(p + 1, '@') || is_url(p) || p[0] == '.' || p[0] == '/' || p[0] == '~' ||
           p[0] == '$' || strchr(p, ':') || ends(p, ".tgz") || ends(p, ".tar.gz");
}

static bool gem_pinned(const char *p)
{
    return strchr(p, ':') || ends(p, ".gem") || p[0] == '$';
}

static const char *const apk_add_opts[] = {
    "-X", "--repository", "-p",         "--root",      "--arch",
    "-t", "--virtual",    "--keys-dir", "--cache-dir", NULL};
static const char *const npm_opts[] = {"--prefix", "--registry",  "--tag", "--cache",
                                       "-w",       "--workspace", NULL};
static const char *const gem_opts[] = {
    "-i", "--install-dir", "-n",         "--bindir", "--source", "-s",
    "-p", "--http-proxy",  "--platform", NULL};

static bool npm_install(const struct ward_sh_cmd *cmd)
{
    static const char *const sub[] = {"install", "i", "add", NULL};
    return cmd_is(cmd, "npm") && has_sub(cmd, sub, npm_opts);
}

/* gem install without --version (which pins every gem named) */
static bool gem_install(const struct ward_sh_cmd *cmd)
{
    return cmd_is(cmd, "gem") && has_sub(cmd, sub_install, NULL) && !has_opt(cmd, "--version", 'v');
}

static const struct pkg_install apt_pkgs = {"apt-get install", apt_install, apt_value_opts,
                                            apt_value_opts,    apt_pinned,  "="};
static const struct pkg_install apk_pkgs = {"apk add",    apk_add,    apk_add_opts,
                                            apk_add_opts, apk_pinned, "="};
static const struct pkg_install npm_pkgs = {"npm install", npm_install, npm_opts,
                                            npm_opts,      npm_pinned,  "@"};
static const struct pkg_install gem_pkgs = {"gem install", gem_install, NULL,
                                            gem_opts,      gem_pinned,  ":"};
static const struct pkg_install yum_pkgs = {"yum install",  yum_install, yum_value_opts,
                                            yum_value_opts, rpm_pinned,  "-"};
static const struct pkg_install dnf_pkgs = {"dnf install",  dnf_install, yum_value_opts,
                                            yum_value_opts, rpm_pinned,  "-"};
static const struct pkg_install zypper_pkgs = {
    "zypper install", zypper_install, NULL, NULL, zypper_pinned, "="};

/* DL3008, DL3016, DL3018, DL3028, DL3033, DL3037, DL3041: packages without a version. */
static void unpinned(struct ctx *c, const struct ward_lint_rule *r)
{
    const struct pkg_install *p = c->arg;
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (!p->match(cmd))
            continue;
        const char *pk[256];
        size_t n = operands(cmd, subcmd_at(cmd, p->sub_opts) + 1, p->opts, pk, 256);
        for (size_t k = 0; k < n; k++)
            if (!p->pinned(pk[k]))
                report(c, r, in, "%s %s without a version; pin it as %s%s<version>", p->what, pk[k],
                       pk[k], p->pin);
    }
}

/* DL3030, DL3038: yum/dnf install without -y. */
static void need_yes(struct ctx *c, const struct ward_lint_rule *r)
{
    const struct pkg_install *p = c->arg;
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (p->match(cmd) && !has_opt(cmd, "--assumeyes", 'y') && !has_opt(cmd, "--yes", 0))
            report(c, r, in, "%s without -y waits for a confirmation a build cannot give", p->what);
    }
}

/* An install whose cache must be cleaned in the same RUN (or kept in a cache mount). */
struct clean_spec {
    bool (*install)(const struct ward_sh_cmd *cmd);
    bool (*clean)(const struct ward_sh_cmd *cmd);
    const char *cache;
    const char *msg;
};

static void need_clean(struct ctx *c, const struct ward_lint_rule *r)
{
    const struct clean_spec *m = c->arg;
    for (size_t i = 0; i < c->df->n; i++) {
        const struct ward_df_instr *in = &c->df->instrs[i];
        if (kw(in, "RUN") && run_has(c, i, m->install) && !run_has(c, i, m->clean) &&
            !(m->cache && cache_mount(in, m->cache)))
            report(c, r, in, "%s", m->msg);
    }
}

static void dl3034(struct ctx *c, const struct ward_lint_rule *r)
{
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (!zypper_install(cmd))
            continue;
        if (has_opt(cmd, "--non-interactive", 'n') || has_opt(cmd, "--no-confirm", 'y'))
            continue;
        report(c, r, in,
               "zypper install without -n/-y waits for a confirmation a build cannot "
               "give");
    }
}

static bool env_truthy(const struct ctx *c, size_t i, const char *var)
{
    bool u = false;
    ward_autofree char *v = ward_df_expand(c->df, i, var, &u);
    return v && !u && *v && strcmp(v, "0") != 0 && strcasecmp(v, "false") != 0 &&
           strcasecmp(v, "off") != 0;
}

static void dl3042(struct ctx *c, const struct ward_lint_rule *r)
{
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (!pip_install(cmd) || has_opt(cmd, "--no-cache-dir", 0))
            continue;
        if (cache_mount(in, ".cache/pip") || env_truthy(c, i, "${PIP_NO_CACHE_DIR}"))
            continue;
        report(c, r, in, "pip install keeps downloaded wheels in the layer; add --no-cache-dir");
    }
}

static void dl3043(struct ctx *c, const struct ward_lint_rule *r)
{
    static const char *const bad[] = {"ONBUILD", "FROM", "MAINTAINER", NULL};
    for (size_t i = 0; i < c->df->n; i++) {
        const struct ward_df_instr *in = &c->df->instrs[i];
        if (in->onbuild && str_in(in->onbuild->keyword, bad))
            report(c, r, in, "ONBUILD cannot trigger %s", in->onbuild->keyword);
    }
}

/* Does value reference $name / ${name...}? */
static bool refs_var(const char *v, const char *name, size_t nl)
{
    for (const char *p = strchr(v, '$'); p; p = strchr(p + 1, '$')) {
        const char *q = p + 1;
        if (*q == '{')
            q++;
        if (strncmp(q, name, nl) == 0 && !(isalnum((unsigned char)q[nl]) || q[nl] == '_'))
            return true;
    }
    return false;
}

static void dl3044(struct ctx *c, const struct ward_lint_rule *r)
{
    each_kw (c, "ENV", i, in) {
        if (in->argc < 2 || !strchr(in->argv[0], '='))
            continue;
        for (size_t a = 1; a < in->argc; a++) {
            const char *v = strchr(in->argv[a], '=');
            if (!v)
                continue;
            for (size_t b = 0; b < a; b++) {
                const char *eq = strchr(in->argv[b], '=');
                if (!eq)
                    continue;
                size_t nl = (size_t)(eq - in->argv[b]);
                if (!refs_var(v + 1, in->argv[b], nl))
                    continue;
                char name[260];
                if (nl > 250)
                    continue;
                name[0] = '$';
                memcpy(name + 1, in->argv[b], nl);
                name[nl + 1] = 0;
                bool u = false;
                free(ward_df_expand(c->df, i, name, &u));
                if (u)
                    report(c, r, in,
                           "ENV uses %s in the same statement that defines it; the "
                           "new value is not visible yet",
                           name);
            }
        }
    }
}

static bool stage_has_workdir(const struct ward_dockerfile *df, int s, size_t upto, int depth)
{
    if (s < 0)
        return false;
    const struct ward_df_stage *st = &df->stages[s];
    for (size_t i = st->first; i < upto && i <= st->last; i++)
        if (kw(&df->instrs[i], "WORKDIR"))
            return true;
    int p = parent_stage(df, (size_t)s);
    return depth < 8 && p >= 0 && stage_has_workdir(df, p, df->stages[p].last + 1, depth + 1);
}

static void dl3045(struct ctx *c, const struct ward_lint_rule *r)
{
    each_kw (c, "COPY", i, in) {
        if (in->argc < 2)
            continue;
        const char *dst = in->argv[in->argc - 1];
        if (abs_path(dst) || dst[0] == '$' || stage_has_workdir(c->df, in->stage, i, 0))
            continue;
        report(c, r, in,
               "COPY to relative path %s with no WORKDIR set; the destination depends "
               "on the base image",
               dst);
    }
}

static void dl3046(struct ctx *c, const struct ward_lint_rule *r)
{
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (!cmd_is(cmd, "useradd") || has_opt(cmd, "--no-log-init", 'l'))
            continue;
        for (size_t w = cmd_start(cmd) + 1; w < cmd->n; w++) {
            const char *s = cmd->words[w];
            const char *uid = NULL;
            if ((strcmp(s, "-u") == 0 || strcmp(s, "--uid") == 0) && w + 1 < cmd->n)
                uid = cmd->words[w + 1];
            else if (starts(s, "--uid="))
                uid = s + 6;
            if (uid && strlen(uid) > 5 && strspn(uid, "0123456789") == strlen(uid))
                report(c, r, in,
                       "useradd with the high UID %s and without -l writes a huge "
                       "sparse /var/log/lastlog",
                       uid);
        }
    }
}

static void dl3047(struct ctx *c, const struct ward_lint_rule *r)
{
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (!cmd_is(cmd, "wget"))
            continue;
        if (has_opt(cmd, "--progress", 0) || has_opt(cmd, "--quiet", 'q') ||
            has_opt(cmd, "--no-verbose", 0) || has_opt(cmd, "-nv", 0))
            continue;
        bool nv = false;
        for (size_t w = 1; w < cmd->n; w++)
            nv |= strcmp(cmd->words[w], "-nv") == 0;
        if (!nv)
            report(c, r, in, "wget without --progress=dot:giga (or -q) floods the build log");
    }
}

/* LABEL key=value pairs: argv words "k=v" (legacy "LABEL k v" too). */
static bool label_key_ok(const char *k, size_t n)
{
    if (!n || !isalnum((unsigned char)k[0]) || !isalnum((unsigned char)k[n - 1]))
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = k[i];
        if (!(islower((unsigned char)ch) || isdigit((unsigned char)ch) || ch == '.' || ch == '-'))
            return false;
        if ((ch == '.' || ch == '-') && (k[i + 1] == '.' || k[i + 1] == '-'))
            return false;
    }
    static const char *const reserved[] = {"com.docker.", "io.docker.", "org.dockerproject.", NULL};
    for (const char *const *p = reserved; *p; p++)
        if (n >= strlen(*p) && strncmp(k, *p, strlen(*p)) == 0)
            return false;
    return true;
}

static void dl3048(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t i = 0; i < c->df->n; i++) {
        const struct ward_df_instr *in = &c->df->instrs[i];
        if (!kw(in, "LABEL"))
            continue;
        for (size_t a = 0; a < in->argc; a++) {
            const char *eq = strchr(in->argv[a], '=');
            size_t n = eq ? (size_t)(eq - in->argv[a]) : strlen(in->argv[a]);
            if (!eq && a > 0)
                break; /* legacy "LABEL key value..." */
            if (strchr(in->argv[a], '$'))
                continue;
            if (!label_key_ok(in->argv[a], n))
                report(c, r, in,
                       "label key %.*s: use lower-case letters, digits, '.' and '-', "
                       "outside the com.docker./io.docker. namespaces",
                       (int)WARD_MIN(n, 200), in->argv[a]);
        }
    }
}

static bool stage_has_kw(const struct ward_dockerfile *df, int s, const char *k, int depth)
{
    if (s < 0)
        return false;
    const struct ward_df_stage *st = &df->stages[s];
    for (size_t i = st->first; i <= st->last; i++)
        if (kw(&df->instrs[i], k))
            return true;
    int p = parent_stage(df, (size_t)s);
    return depth < 8 && p >= 0 && stage_has_kw(df, p, k, depth + 1);
}

/* --- label schema (DL3049-DL3058): labels of the final image, last value wins --- */

struct label {
    const char *key; /* borrowed from the instruction */
    size_t key_len;
    char *value;
    const struct ward_df_instr *in;
};

static void label_set(struct label **v, size_t *n, size_t *cap, const char *k, size_t kl,
                      const char *val, size_t vl, const struct ward_df_instr *in)
{
    for (size_t i = 0; i < *n; i++)
        if ((*v)[i].key_len == kl && memcmp((*v)[i].key, k, kl) == 0) {
            free((*v)[i].value);
            (*v)[i].value = ward_xstrndup(val, vl);
            (*v)[i].in = in;
            return;
        }
    WARD_GROW(*v, *n, *cap);
    (*v)[(*n)++] = (struct label){k, kl, ward_xstrndup(val, vl), in};
}

static size_t final_labels(const struct ward_dockerfile *df, struct label **out)
{
    struct label *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < df->n; i++) {
        const struct ward_df_instr *in = &df->instrs[i];
        if (!kw(in, "LABEL") || !in->argc || !in_final_image(df, in->stage))
            continue;
        if (!strchr(in->argv[0], '=')) { /* legacy "LABEL key value" */
            const char *val = in->args + strlen(in->argv[0]);
            while (*val == ' ' || *val == '\t')
                val++;
            label_set(&v, &n, &cap, in->argv[0], strlen(in->argv[0]), val, strlen(val), in);
            continue;
        }
        for (size_t a = 0; a < in->argc; a++) {
            const char *eq = strchr(in->argv[a], '=');
            if (eq)
                label_set(&v, &n, &cap, in->argv[a], (size_t)(eq - in->argv[a]), eq + 1,
                          strlen(eq + 1), in);
        }
    }
    *out = v;
    return n;
}

static void labels_free(struct label *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].value);
    free(v);
}

/* Schema entry for key: its format, or NULL when the key is not in the schema. */
static const char *schema_format(const struct ward_lint_opts *o, const char *k, size_t kl)
{
    for (size_t i = 0; i < o->n_label_schema; i++) {
        const char *s = o->label_schema[i];
        const char *colon = strrchr(s, ':');
        size_t sl = colon ? (size_t)(colon - s) : strlen(s);
        if (sl == kl && memcmp(s, k, kl) == 0)
            return colon ? colon + 1 : "text";
    }
    return NULL;
}

static bool valid_url(const char *v)
{
    const char *p = strstr(v, "://");
    if (!p || p == v || strchr(v, ' '))
        return false;
    for (const char *s = v; s < p; s++)
        if (!(isalnum((unsigned char)*s) || *s == '+' || *s == '-' || *s == '.'))
            return false;
    return p[3] && p[3] != '/';
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM) */
static bool valid_rfc3339(const char *v)
{
    size_t n = strlen(v);
    if (n < 20 || !digits(v, 4) || v[4] != '-' || !digits(v + 5, 2) || v[7] != '-' ||
        !digits(v + 8, 2) || (v[10] != 'T' && v[10] != 't' && v[10] != ' ') || !digits(v + 11, 2) ||
        v[13] != ':' || !digits(v + 14, 2) || v[16] != ':' || !digits(v + 17, 2))
        return false;
    const char *p = v + 19;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == 'Z' || *p == 'z')
        return p[1] == 0;
    return (*p == '+' || *p == '-') && strlen(p) == 6 && digits(p + 1, 2) && p[3] == ':' &&
           digits(p + 4, 2);
}

/* An SPDX licence expression of known ids joined by AND / OR / WITH and parentheses. */
static bool valid_spdx(const char *v)
{
    bool any = false;
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == '(' || *p == ')')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " ()");
        if (!((n == 3 && !strncmp(p, "AND", 3)) || (n == 2 && !strncmp(p, "OR", 2)) ||
              (n == 4 && !strncmp(p, "WITH", 4)))) {
            size_t idn = n && p[n - 1] == '+' ? n - 1 : n;
            if (!ward_spdx_license_id(p, idn) && strncmp(p, "LicenseRef-", 11) != 0 &&
                !strstr(p, "-exception"))
                return false;
            any = true;
        }
        p += n;
    }
    return any;
}

static bool valid_hash(const char *v)
{
    size_t n = strlen(v);
    if (n != 40 && n != 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)v[i]))
            return false;
    return true;
}

/* Semantic versioning 2.0.0: MAJOR.MINOR.PATCH[-pre][+build], no leading zeros. */
static bool valid_semver(const char *v)
{
    const char *p = v;
    for (int part = 0; part < 3; part++) {
        size_t n = strspn(p, "0123456789");
        if (!n || (n > 1 && p[0] == '0'))
            return false;
        p += n;
        if (part < 2) {
            if (*p != '.')
                return false;
            p++;
        }
    }
    if (*p == '-') {
        p++;
        size_t n = strspn(p, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.");
        if (!n || p[n - 1] == '.' || p[0] == '.')
            return false;
        p += n;
    }
    if (*p == '+') {
        p++;
        size_t n = strspn(p, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.");
        if (!n)
            return false;
        p += n;
    }
    return *p == 0;
}

/* addr-spec only: local@domain.tld, no spaces, one '@'. */
static bool valid_email(const char *v)
{
    const char *at = strchr(v, '@');
    if (!at || at == v || strchr(at + 1, '@') || strpbrk(v, " \t<>()[],;:\\\""))
        return false;
    const char *dot = strrchr(at + 1, '.');
    return dot && dot > at + 1 && dot[1];
}

/* DL3049-DL3058; c->arg names what to check: "missing", "superfluous", "empty"
 * or a value format of the label schema. */
static void label_rule(struct ctx *c, const struct ward_lint_rule *r)
{
    const char *want = c->arg;
    const struct ward_lint_opts *o = c->opts;
    if (!o->n_label_schema)
        return;
    struct label *ls = NULL;
    size_t n = final_labels(c->df, &ls);
    int fs = final_stage(c->df);
    if (strcmp(want, "missing") == 0 && fs >= 0) {
        for (size_t i = 0; i < o->n_label_schema; i++) {
            const char *s = o->label_schema[i];
            const char *colon = strrchr(s, ':');
            size_t sl = colon ? (size_t)(colon - s) : strlen(s);
            bool found = false;
            for (size_t k = 0; k < n && !found; k++)
                found = ls[k].key_len == sl && memcmp(ls[k].key, s, sl) == 0;
            if (!found)
                report(c, r, &c->df->instrs[c->df->stages[fs].first],
                       "the final image has no label %.*s", (int)WARD_MIN(sl, 200), s);
        }
    }
    for (size_t k = 0; k < n; k++) {
        const char *fmt = schema_format(o, ls[k].key, ls[k].key_len);
        const char *v = ls[k].value;
        int kl = (int)WARD_MIN(ls[k].key_len, 200);
        if (strcmp(want, "superfluous") == 0) {
            if (!fmt && o->strict_labels)
                report(c, r, ls[k].in, "label %.*s is not in the label schema", kl, ls[k].key);
            continue;
        }
        if (!fmt || strchr(v, '$'))
            continue;
        if (strcmp(want, "empty") == 0) {
            if (!*v)
                report(c, r, ls[k].in, "label %.*s is empty", kl, ls[k].key);
            continue;
        }
        if (!*v || strcmp(fmt, want) != 0)
            continue;
        bool ok = strcmp(want, "url") == 0       ? valid_url(v)
                  : strcmp(want, "rfc3339") == 0 ? valid_rfc3339(v)
                  : strcmp(want, "spdx") == 0    ? valid_spdx(v)
                  : strcmp(want, "hash") == 0    ? valid_hash(v)
                  : strcmp(want, "semver") == 0  ? valid_semver(v)
                  : strcmp(want, "email") == 0   ? valid_email(v)
                                                 : true;
        if (!ok)
            report(c, r, ls[k].in, "label %.*s=%s is not a valid %s value", kl, ls[k].key, v, want);
    }
    labels_free(ls, n);
}

static void dl3057(struct ctx *c, const struct ward_lint_rule *r)
{
    int fs = final_stage(c->df);
    if (fs >= 0 && !stage_has_kw(c->df, fs, "HEALTHCHECK", 0))
        report(c, r, &c->df->instrs[c->df->stages[fs].first],
               "the final stage defines no HEALTHCHECK");
}

static void dl3059(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t i = 1; i < c->df->n; i++) {
        const struct ward_df_instr *a = &c->df->instrs[i - 1], *b = &c->df->instrs[i];
        if (!kw(a, "RUN") || !kw(b, "RUN") || a->stage != b->stage || a->n_flags || b->n_flags ||
            a->n_heredocs || b->n_heredocs)
            continue;
        report(c, r, b, "consecutive RUN instructions; join them with && to save a layer");
    }
}

static void dl3061(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t i = 0; i < c->df->n; i++) {
        const struct ward_df_instr *in = &c->df->instrs[i];
        if (kw(in, "FROM"))
            return;
        if (!kw(in, "ARG")) {
            report(c, r, in, "%s before the first FROM; only ARG may come before FROM",
                   in->keyword);
            return;
        }
    }
}

static void dl3062(struct ctx *c, const struct ward_lint_rule *r)
{
    static const char *const vo[] = {"-C", "-modfile", "-o", "-p", "-tags", "-ldflags", NULL};
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (!cmd_is(cmd, "go") || !has_sub(cmd, sub_install, NULL))
            continue;
        const char *pk[256];
        size_t n = operands(cmd, subcmd_at(cmd, NULL) + 1, vo, pk, 256);
        for (size_t k = 0; k < n; k++) {
            const char *at = strchr(pk[k], '@');
            if (pk[k][0] == '.' || pk[k][0] == '/' || pk[k][0] == '$')
                continue;
            if (!at || strcmp(at, "@latest") == 0)
                report(c, r, in, "go install %s without a fixed version; use %s@<version>", pk[k],
                       pk[k]);
        }
    }
}

static void dl3063(struct ctx *c, const struct ward_lint_rule *r)
{
    static const char *const reserved[] = {"scratch", "context", NULL};
    for (size_t s = 0; s < c->df->n_stages; s++) {
        const char *n = c->df->stages[s].name;
        if (n && str_in(n, reserved))
            report(c, r, &c->df->instrs[c->df->stages[s].first],
                   "stage name %s is a reserved word for the builder", n);
    }
}

/* Name looks like it carries a secret (PASSWORD, API_KEY, TOKEN, ...). */
static bool secret_name(const char *name, size_t n)
{
    char up[256];
    if (n >= sizeof(up))
        n = sizeof(up) - 1;
    for (size_t i = 0; i < n; i++)
        up[i] = (char)toupper((unsigned char)name[i]);
    up[n] = 0;
    static const char *const safe_suffix[] = {"_FILE",    "_PATH",    "_DIR", "_URL",
                                              "_ID_FILE", "_VERSION", NULL};
    for (const char *const *s = safe_suffix; *s; s++)
        if (ends(up, *s))
            return false;
    if (strstr(up, "GPG_KEY") || strstr(up, "PUBLIC_KEY") || strstr(up, "KEYRING") ||
        strstr(up, "KEYSERVER"))
        return false;
    static const char *const words[] = {"PASSWORD", "PASSWD",     "SECRET",      "TOKEN",
                                        "API_KEY",  "APIKEY",     "PRIVATE_KEY", "ACCESS_KEY",
                                        "AUTH_KEY", "CREDENTIAL", "PASSPHRASE",  NULL};
    for (const char *const *w = words; *w; w++)
        if (strstr(up, *w))
            return true;
    return false;
}

/* Each NAME[=value] declared by ARG/ENV instruction in (legacy ENV form handled). */
static void each_decl(const struct ward_df_instr *in,
                      void (*cb)(struct ctx *, const struct ward_lint_rule *,
                                 const struct ward_df_instr *, const char *, size_t, const char *),
                      struct ctx *c, const struct ward_lint_rule *r)
{
    if (!(kw(in, "ARG") || kw(in, "ENV")) || !in->argc)
        return;
    if (kw(in, "ENV") && !strchr(in->argv[0], '=')) {
        const char *v = in->args + strlen(in->argv[0]);
        while (*v == ' ' || *v == '\t')
            v++;
        cb(c, r, in, in->argv[0], strlen(in->argv[0]), v);
        return;
    }
    for (size_t a = 0; a < in->argc; a++) {
        const char *eq = strchr(in->argv[a], '=');
        cb(c, r, in, in->argv[a], eq ? (size_t)(eq - in->argv[a]) : strlen(in->argv[a]),
           eq ? eq + 1 : NULL);
    }
}

static void dl3064_cb(struct ctx *c, const struct ward_lint_rule *r, const struct ward_df_instr *in,
                      const char *name, size_t n, const char *value)
{
    (void)value;
    if (secret_name(name, n))
        report(c, r, in,
               "%s %.*s looks like a secret; build args and env values are stored in "
               "the image history, use RUN --mount=type=secret",
               in->keyword, (int)WARD_MIN(n, 200), name);
}

static void dl3064(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t i = 0; i < c->df->n; i++)
        each_decl(&c->df->instrs[i], dl3064_cb, c, r);
}

static void dl3065(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t s = 0; s < c->df->n_stages; s++) {
        const char *p = c->df->stages[s].platform;
        if (p && (strcmp(p, "$TARGETPLATFORM") == 0 || strcmp(p, "${TARGETPLATFORM}") == 0))
            report(c, r, &c->df->instrs[c->df->stages[s].first],
                   "FROM --platform=%s is the default already; drop the flag", p);
    }
}

static void dl3066(struct ctx *c, const struct ward_lint_rule *r)
{
    each_kw (c, "USER", i, in) {
        if (!in->argc)
            continue;
        bool u = false;
        ward_autofree char *v = ward_df_expand(c->df, i, in->argv[0], &u);
        if (!v || u)
            continue;
        size_t n = strcspn(v, ":");
        if (n && strspn(v, "0123456789") < n)
            report(c, r, in,
                   "USER %s is a name; a numeric UID works even when the runtime "
                   "cannot read /etc/passwd",
                   v);
    }
}

static void dl3067(struct ctx *c, const struct ward_lint_rule *r)
{
    each_kw (c, "COPY", i, in) {
        if (!ward_df_flag(in, "from"))
            continue;
        const char *src[256];
        size_t n = copy_sources(in, src, 256);
        for (size_t k = 0; k < n; k++)
            if (strcmp(src[k], "/") == 0 || strcmp(src[k], "/.") == 0 || strcmp(src[k], "/*") == 0)
                report(c, r, in,
                       "COPY --from=%s %s copies a whole filesystem; copy only what "
                       "you need",
                       ward_df_flag(in, "from"), src[k]);
    }
}

static bool is_wget(const struct ward_sh_cmd *cmd)
{
    return cmd_is(cmd, "wget");
}

static bool is_curl(const struct ward_sh_cmd *cmd)
{
    return cmd_is(cmd, "curl");
}

static void dl4001(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t s = 0; s < c->df->n_stages; s++) {
        bool w = false, cu = false, done = false;
        for (size_t i = c->df->stages[s].first; i <= c->df->stages[s].last && !done; i++) {
            w |= run_has(c, i, is_wget);
            cu |= run_has(c, i, is_curl);
            if (w && cu) {
                report(c, r, &c->df->instrs[i],
                       "both wget and curl are used in this stage; "
                       "one download tool is enough");
                done = true;
            }
        }
    }
}

static void dl4005(struct ctx *c, const struct ward_lint_rule *r)
{
    FOR_RUN_CMDS(c, i, in, cmd)
    {
        if (!cmd_is(cmd, "ln") || cmd->n < 3)
            continue;
        if (strcmp(cmd->words[cmd->n - 1], "/bin/sh") == 0)
            report(c, r, in,
                   "relinking /bin/sh changes the shell behind RUN's back; use the "
                   "SHELL instruction");
    }
}

static bool has_pipefail(const struct ward_sh_script *sh, size_t upto)
{
    for (size_t k = 0; k < upto && k < sh->n; k++) {
        const struct ward_sh_cmd *cmd = &sh->cmds[k];
        if (!cmd_is(cmd, "set"))
            continue;
        for (size_t w = 1; w + 1 < cmd->n; w++)
            if (cmd->words[w][0] == '-' && strchr(cmd->words[w], 'o') &&
                strcmp(cmd->words[w + 1], "pipefail") == 0)
                return true;
    }
    return false;
}

static void dl4006(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t s = 0; s < c->df->n_stages; s++) {
        bool shell_ok = false, non_posix = false;
        for (size_t i = c->df->stages[s].first; i <= c->df->stages[s].last; i++) {
            const struct ward_df_instr *in = &c->df->instrs[i];
            if (kw(in, "SHELL") && in->argc) {
                const char *sh = base(in->argv[0]);
                non_posix = strstr(sh, "pwsh") || strstr(sh, "powershell") ||
                            strcasecmp(sh, "cmd") == 0 || strcasecmp(sh, "cmd.exe") == 0;
                shell_ok = false;
                for (size_t a = 1; a + 1 < in->argc; a++)
                    if (in->argv[a][0] == '-' && strchr(in->argv[a], 'o') &&
                        strcmp(in->argv[a + 1], "pipefail") == 0)
                        shell_ok = true;
            }
            if (!kw(in, "RUN") || in->json || shell_ok || non_posix || !c->sh[i].has_pipe)
                continue;
            /* pipefail must be set before the first piped command */
            size_t first_pipe = 0;
            while (first_pipe < c->sh[i].n && !c->sh[i].cmds[first_pipe].piped)
                first_pipe++;
            if (!has_pipefail(&c->sh[i], first_pipe))
                report(c, r, in,
                       "RUN with a pipe hides failures of the commands before the "
                       "last; set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]");
        }
    }
}

/* --- CIS Docker Benchmark 4.x --- */

static void cis_4_1(struct ctx *c, const struct ward_lint_rule *r)
{
    int fs = final_stage(c->df);
    if (fs < 0)
        return;
    const struct ward_df_instr *u = last_user(c->df, fs, 0);
    if (!u)
        report(c, r, &c->df->instrs[c->df->stages[fs].first],
               "no USER in the final stage: containers run as root (CIS 4.1)");
    else if (is_root_user(u->argv[0]))
        report(c, r, u, "the final USER is root: containers run as root (CIS 4.1)");
}

static void cis_4_6(struct ctx *c, const struct ward_lint_rule *r)
{
    int fs = final_stage(c->df);
    if (fs < 0)
        return;
    const struct ward_df_stage *st = &c->df->stages[fs];
    const struct ward_df_instr *hc = NULL;
    for (size_t i = st->first; i <= st->last; i++)
        if (kw(&c->df->instrs[i], "HEALTHCHECK"))
            hc = &c->df->instrs[i];
    if (!hc && stage_has_kw(c->df, fs, "HEALTHCHECK", 0))
        return; /* inherited from a parent stage */
    if (!hc)
        report(c, r, &c->df->instrs[st->first], "the final image has no HEALTHCHECK (CIS 4.6)");
    else if (hc->argc && strcasecmp(hc->argv[0], "NONE") == 0)
        report(c, r, hc, "HEALTHCHECK NONE disables the health check (CIS 4.6)");
}

static bool pkg_update(const struct ward_sh_cmd *cmd)
{
    static const char *const up[] = {"update", NULL};
    static const char *const mk[] = {"makecache", "check-update", NULL};
    static const char *const zr[] = {"refresh", "ref", NULL};
    return apt_update(cmd) || (cmd_is(cmd, "apk") && has_sub(cmd, up, NULL)) ||
           (cmd_is_any(cmd, (const char *const[]){"yum", "dnf", NULL}) && has_sub(cmd, mk, NULL)) ||
           (cmd_is(cmd, "zypper") && has_sub(cmd, zr, NULL));
}

static bool pkg_install(const struct ward_sh_cmd *cmd)
{
    static const char *const inst[] = {"install", "add", "upgrade",      "dist-upgrade", "in",
                                       "update",  "up",  "full-upgrade", "reinstall",    NULL};
    if (!cmd_is_any(cmd, (const char *const[]){"apt-get", "apt", "apk", "yum", "dnf", "zypper",
                                               "microdnf", NULL}))
        return false;
    if (pkg_update(cmd))
        return false;
    return has_sub(cmd, inst, apt_value_opts);
}

static void cis_4_7(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t i = 0; i < c->df->n; i++) {
        const struct ward_df_instr *in = &c->df->instrs[i];
        if (kw(in, "RUN") && run_has(c, i, pkg_update) && !run_has(c, i, pkg_install))
            report(c, r, in,
                   "package index update alone in a RUN: the cached layer goes stale; "
                   "update and install in the same RUN (CIS 4.7)");
    }
}

static bool secret_value(const char *v)
{
    if (!v)
        return false;
    if (strstr(v, "-----BEGIN") && strstr(v, "PRIVATE KEY"))
        return true;
    static const char *const prefixes[] = {"ghp_",  "gho_",  "ghs_",     "github_pat_", "glpat-",
                                           "xoxb-", "xoxp-", "sk_live_", "AIza",        NULL};
    for (const char *const *p = prefixes; *p; p++) {
        const char *f = strstr(v, *p);
        if (f && strlen(f) >= strlen(*p) + 16)
            return true;
    }
    for (const char *f = strstr(v, "AKIA"); f; f = strstr(f + 1, "AKIA")) {
        size_t k = 4;
        while (k < 20 && (isupper((unsigned char)f[k]) || isdigit((unsigned char)f[k])))
            k++;
        if (k == 20)
            return true;
    }
    return false;
}

static void cis_4_10_cb(struct ctx *c, const struct ward_lint_rule *r,
                        const struct ward_df_instr *in, const char *name, size_t n,
                        const char *value)
{
    bool literal = value && *value && value[0] != '$';
    if ((secret_name(name, n) && literal) || secret_value(value))
        report(c, r, in, "%s %.*s stores a secret value in the image (CIS 4.10)", in->keyword,
               (int)WARD_MIN(n, 200), name);
}

static void cis_4_10(struct ctx *c, const struct ward_lint_rule *r)
{
    for (size_t i = 0; i < c->df->n; i++)
        each_decl(&c->df->instrs[i], cis_4_10_cb, c, r);
}

/* --- the table --- */

static const struct rule_def rules[] = {
    {{"DL1001", WARD_LINT_OFF, "Inline ignore pragma in use"}, dl1001, NULL},
    {{"DL3000", WARD_LINT_ERROR, "WORKDIR must be an absolute path"}, dl3000, NULL},
    {{"DL3001", WARD_LINT_INFO, "Command makes no sense in a build (ssh, vim, service, ...)"},
     dl3001,
     NULL},
    {{"DL3002", WARD_LINT_WARNING, "Last USER is root"}, dl3002, NULL},
    {{"DL3003", WARD_LINT_WARNING, "cd in RUN instead of WORKDIR"},
     run_cmd_rule,
     &(const struct cmd_msg){
         "cd", NULL, "'cd' in RUN only lasts for that RUN; use WORKDIR to change directory"}},
    {{"DL3004", WARD_LINT_ERROR, "sudo in RUN"}, dl3004, NULL},
    {{"DL3006", WARD_LINT_WARNING, "FROM image without a tag"}, dl3006, NULL},
    {{"DL3007", WARD_LINT_WARNING, "FROM image uses the latest tag"}, dl3007, NULL},
    {{"DL3008", WARD_LINT_WARNING, "apt-get install without pinned versions"}, unpinned, &apt_pkgs},
    {{"DL3009", WARD_LINT_INFO, "apt lists not removed after apt-get install"}, dl3009, NULL},
    {{"DL3010", WARD_LINT_INFO, "Archive copied and unpacked instead of ADD"}, dl3010, NULL},
    {{"DL3011", WARD_LINT_ERROR, "EXPOSE port outside 0-65535"}, dl3011, NULL},
    {{"DL3012", WARD_LINT_ERROR, "More than one HEALTHCHECK"},
     repeated,
     &(const struct kw_msg){"HEALTHCHECK",
                            "more than one HEALTHCHECK in this stage; only the last counts"}},
    {{"DL3013", WARD_LINT_WARNING, "pip install without pinned versions"}, dl3013, NULL},
    {{"DL3014", WARD_LINT_WARNING, "apt-get install without -y"}, dl3014, NULL},
    {{"DL3015", WARD_LINT_INFO, "apt-get install without --no-install-recommends"}, dl3015, NULL},
    {{"DL3016", WARD_LINT_WARNING, "npm install without pinned versions"}, unpinned, &npm_pkgs},
    {{"DL3018", WARD_LINT_WARNING, "apk add without pinned versions"}, unpinned, &apk_pkgs},
    {{"DL3019", WARD_LINT_INFO, "apk add without --no-cache"}, dl3019, NULL},
    {{"DL3020", WARD_LINT_ERROR, "ADD used for plain files and folders"}, dl3020, NULL},
    {{"DL3021", WARD_LINT_ERROR, "COPY of several sources to a non-directory"}, dl3021, NULL},
    {{"DL3022", WARD_LINT_WARNING, "COPY --from names no earlier stage"}, dl3022, NULL},
    {{"DL3023", WARD_LINT_ERROR, "COPY --from names its own stage"}, dl3023, NULL},
    {{"DL3024", WARD_LINT_ERROR, "Duplicate stage name"}, dl3024, NULL},
    {{"DL3025", WARD_LINT_WARNING, "CMD/ENTRYPOINT in shell form"}, dl3025, NULL},
    {{"DL3026", WARD_LINT_ERROR, "FROM image from a registry not allowed"}, dl3026, NULL},
    {{"DL3027", WARD_LINT_WARNING, "apt used instead of apt-get"},
     run_cmd_rule,
     &(const struct cmd_msg){
         "apt", NULL,
         "'apt' has no stable command-line interface; use apt-get or apt-cache in scripts"}},
    {{"DL3028", WARD_LINT_WARNING, "gem install without pinned versions"}, unpinned, &gem_pkgs},
    {{"DL3029", WARD_LINT_WARNING, "FROM --platform hard-coded"}, dl3029, NULL},
    {{"DL3030", WARD_LINT_WARNING, "yum install without -y"}, need_yes, &yum_pkgs},
    {{"DL3032", WARD_LINT_WARNING, "yum clean all missing"},
     need_clean,
     &(const struct clean_spec){
         yum_install, yum_clean, "/var/cache/yum",
         "yum install without 'yum clean all' in the same RUN leaves its cache in the layer"}},
    {{"DL3033", WARD_LINT_WARNING, "yum install without pinned versions"}, unpinned, &yum_pkgs},
    {{"DL3034", WARD_LINT_WARNING, "zypper install without -n/-y"}, dl3034, NULL},
    {{"DL3035", WARD_LINT_WARNING, "zypper dist-upgrade in a build"},
     run_cmd_rule,
     &(const struct cmd_msg){"zypper", (const char *const[]){"dist-upgrade", "dup", NULL},
                             "zypper dist-upgrade in a build changes the base distribution; update "
                             "the base image instead"}},
    {{"DL3036", WARD_LINT_WARNING, "zypper clean missing"},
     need_clean,
     &(const struct clean_spec){
         zypper_install, zypper_clean, "/var/cache/zypp",
         "zypper install without 'zypper clean' in the same RUN leaves its cache in the layer"}},
    {{"DL3037", WARD_LINT_WARNING, "zypper install without pinned versions"},
     unpinned,
     &zypper_pkgs},
    {{"DL3038", WARD_LINT_WARNING, "dnf install without -y"}, need_yes, &dnf_pkgs},
    {{"DL3040", WARD_LINT_WARNING, "dnf clean all missing"},
     need_clean,
     &(const struct clean_spec){
         dnf_install, dnf_clean, "/var/cache/dnf",
         "dnf install without 'dnf clean all' in the same RUN leaves its cache in the layer"}},
    {{"DL3041", WARD_LINT_WARNING, "dnf install without pinned versions"}, unpinned, &dnf_pkgs},
    {{"DL3042", WARD_LINT_WARNING, "pip install without --no-cache-dir"}, dl3042, NULL},
    {{"DL3043", WARD_LINT_ERROR, "ONBUILD triggers ONBUILD, FROM or MAINTAINER"}, dl3043, NULL},
    {{"DL3044", WARD_LINT_ERROR, "ENV refers to a variable defined in the same ENV"}, dl3044, NULL},
    {{"DL3045", WARD_LINT_WARNING, "COPY to a relative path without WORKDIR"}, dl3045, NULL},
    {{"DL3046", WARD_LINT_WARNING, "useradd with a high UID and without -l"}, dl3046, NULL},
    {{"DL3047", WARD_LINT_INFO, "wget without --progress"}, dl3047, NULL},
    {{"DL3048", WARD_LINT_STYLE, "Invalid label key"}, dl3048, NULL},
    {{"DL3049", WARD_LINT_INFO, "Required label missing"}, label_rule, "missing"},
    {{"DL3050", WARD_LINT_INFO, "Label outside the label schema"}, label_rule, "superfluous"},
    {{"DL3051", WARD_LINT_WARNING, "Label is empty"}, label_rule, "empty"},
    {{"DL3052", WARD_LINT_WARNING, "Label is not a valid URL"}, label_rule, "url"},
    {{"DL3053", WARD_LINT_WARNING, "Label is not an RFC 3339 time"}, label_rule, "rfc3339"},
    {{"DL3054", WARD_LINT_WARNING, "Label is not an SPDX licence"}, label_rule, "spdx"},
    {{"DL3055", WARD_LINT_WARNING, "Label is not a git hash"}, label_rule, "hash"},
    {{"DL3056", WARD_LINT_WARNING, "Label is not a semantic version"}, label_rule, "semver"},
    {{"DL3057", WARD_LINT_OFF, "HEALTHCHECK missing"}, dl3057, NULL},
    {{"DL3058", WARD_LINT_WARNING, "Label is not an email address"}, label_rule, "email"},
    {{"DL3059", WARD_LINT_INFO, "Consecutive RUN instructions"}, dl3059, NULL},
    {{"DL3060", WARD_LINT_INFO, "yarn cache clean missing"},
     need_clean,
     &(const struct clean_spec){
         yarn_install, yarn_clean, "/usr/local/share/.cache/yarn",
         "yarn install without 'yarn cache clean' in the same RUN leaves its cache in the layer"}},
    {{"DL3061", WARD_LINT_ERROR, "Instruction before FROM other than ARG"}, dl3061, NULL},
    {{"DL3062", WARD_LINT_WARNING, "go install without a pinned version"}, dl3062, NULL},
    {{"DL3063", WARD_LINT_WARNING, "Stage name is a reserved word"}, dl3063, NULL},
    {{"DL3064", WARD_LINT_WARNING, "Secret-looking name in ARG or ENV"}, dl3064, NULL},
    {{"DL3065", WARD_LINT_WARNING, "FROM --platform=$TARGETPLATFORM is redundant"}, dl3065, NULL},
    {{"DL3066", WARD_LINT_INFO, "USER is a name, not a numeric UID"}, dl3066, NULL},
    {{"DL3067", WARD_LINT_WARNING, "COPY --from copies a whole filesystem"}, dl3067, NULL},
    {{"DL4000", WARD_LINT_ERROR, "MAINTAINER is deprecated"},
     kw_rule,
     &(const struct kw_msg){
         "MAINTAINER", "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors=..."}},
    {{"DL4001", WARD_LINT_WARNING, "Both wget and curl used"}, dl4001, NULL},
    {{"DL4003", WARD_LINT_WARNING, "More than one CMD"},
     repeated,
     &(const struct kw_msg){"CMD", "more than one CMD in this stage; only the last takes effect"}},
    {{"DL4004", WARD_LINT_ERROR, "More than one ENTRYPOINT"},
     repeated,
     &(const struct kw_msg){"ENTRYPOINT",
                            "more than one ENTRYPOINT in this stage; only the last takes effect"}},
    {{"DL4005", WARD_LINT_WARNING, "/bin/sh relinked instead of SHELL"}, dl4005, NULL},
    {{"DL4006", WARD_LINT_WARNING, "Pipe in RUN without -o pipefail"}, dl4006, NULL},
    {{"CIS-4.1", WARD_LINT_WARNING, "Image runs as root (no non-root USER)"}, cis_4_1, NULL},
    {{"CIS-4.6", WARD_LINT_INFO, "No HEALTHCHECK in the image"}, cis_4_6, NULL},
    {{"CIS-4.7", WARD_LINT_WARNING, "Package index update alone in a RUN"}, cis_4_7, NULL},
    {{"CIS-4.9", WARD_LINT_WARNING, "ADD used instead of COPY"},
     kw_rule,
     &(const struct kw_msg){"ADD", "ADD can fetch URLs and unpack archives; use COPY (CIS 4.9)"}},
    {{"CIS-4.10", WARD_LINT_ERROR, "Secret stored in ENV or ARG"}, cis_4_10, NULL},
};

static struct ward_lint_rule rule_view[WARD_ARRAY_LEN(rules)];

const struct ward_lint_rule *ward_lint_rules(size_t *n)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(rules); i++)
        rule_view[i] = rules[i].r;
    *n = WARD_ARRAY_LEN(rules);
    return rule_view;
}

const struct ward_lint_rule *ward_lint_rule_find(const char *id)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(rules); i++)
        if (strcasecmp(rules[i].r.id, id) == 0)
            return &rules[i].r;
    return NULL;
}

const char *ward_lint_sev_name(enum ward_lint_sev s)
{
    switch (s) {
    case WARD_LINT_ERROR:
        return "error";
    case WARD_LINT_WARNING:
        return "warning";
    case WARD_LINT_INFO:
        return "info";
    case WARD_LINT_STYLE:
        return "style";
    case WARD_LINT_OFF:
        break;
    }
    return "off";
}

int ward_lint_sev_parse(const char *s)
{
    static const char *const names[] = {"off", "style", "info", "warning", "error"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(names); i++)
        if (strcasecmp(s, names[i]) == 0)
            return (int)i;
    if (strcasecmp(s, "ignore") == 0 || strcasecmp(s, "none") == 0)
        return WARD_LINT_OFF;
    return -1;
}

static int cmp_finding(const void *a, const void *b)
{
    const struct ward_lint_finding *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    int r = strcmp(x->rule, y->rule);
    return r ? r : strcmp(x->msg, y->msg);
}

void ward_lint_result_sort(struct ward_lint_result *res)
{
    if (!res->n)
        return;
    qsort(res->items, res->n, sizeof(*res->items), cmp_finding);
    size_t w = 0;
    for (size_t i = 0; i < res->n; i++) {
        if (w && !cmp_finding(&res->items[w - 1], &res->items[i])) {
            free(res->items[i].msg);
            continue;
        }
        res->items[w++] = res->items[i];
    }
    res->n = w;
}

void ward_lint_result_free(struct ward_lint_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i].msg);
    free(r->items);
    free(r);
}

int ward_lint_dockerfile(struct ward_lint_result **out, const struct ward_dockerfile *df,
                         const struct ward_lint_opts *opts, struct ward_error **err)
{
    (void)err;
    struct ward_lint_opts none = {0};
    struct ctx c = {df, opts ? opts : &none, ward_xcalloc(1, sizeof(struct ward_lint_result)),
                    ward_xcalloc(df->n ? df->n : 1, sizeof(struct ward_sh_script)), NULL};
    for (size_t i = 0; i < df->n; i++) {
        const struct ward_df_instr *in = &df->instrs[i];
        if (!kw(in, "RUN"))
            continue;
        if (in->json) {
            /* exec form: the words are the command, nothing to split */
            struct ward_sh_script *s = &c.sh[i];
            if (in->argc) {
                s->cmds = ward_xcalloc(1, sizeof(*s->cmds));
                s->n = 1;
                s->cmds[0].words = ward_xcalloc(in->argc, sizeof(char *));
                for (size_t a = 0; a < in->argc; a++)
                    s->cmds[0].words[a] = ward_xstrdup(in->argv[a]);
                s->cmds[0].n = in->argc;
            }
            continue;
        }
        struct ward_buf text = WARD_BUF_INIT(WARD_DF_MAX_BYTES);
        ward_buf_adds(&text, in->args);
        /* a heredoc fed to a shell is the script itself */
        for (size_t h = 0; h < in->n_heredocs; h++) {
            const char *a = in->args;
            while (*a == ' ' || *a == '\t')
                a++;
            static const char *const shells[] = {"sh",  "bash",    "ash",       "dash",
                                                 "zsh", "/bin/sh", "/bin/bash", NULL};
            bool feeds_shell = starts(a, "<<");
            for (const char *const *s = shells; *s && !feeds_shell; s++)
                feeds_shell = starts(a, *s) && (a[strlen(*s)] == ' ' || a[strlen(*s)] == '<');
            if (feeds_shell) {
                ward_buf_addc(&text, '\n');
                ward_buf_adds(&text, in->heredocs[h].body);
            }
        }
        if (text.ptr)
            ward_sh_split(&c.sh[i], text.ptr, text.len);
        ward_buf_dispose(&text);
    }
    for (size_t k = 0; k < WARD_ARRAY_LEN(rules); k++) {
        const struct ward_lint_rule *r = &rules[k].r;
        if (cids_has(c.opts->ignore, c.opts->n_ignore, r->id))
            continue;
        if (r->sev == WARD_LINT_OFF && !c.opts->enable_all &&
            !cids_has(c.opts->enable, c.opts->n_enable, r->id))
            continue;
        c.arg = rules[k].arg;
        rules[k].fn(&c, r);
    }
    for (size_t i = 0; i < df->n; i++)
        ward_sh_dispose(&c.sh[i]);
    free(c.sh);
    ward_lint_result_sort(c.res);
    *out = c.res;
    return 0;
}
