/* imagecfg.c - image-configuration checks (CIS Docker Benchmark 4.x and
 * Dockle-style ids) over an opened image: config JSON, build history (split
 * with the Dockerfile shell splitter), the merged file tree (modes, owners,
 * whiteouts applied), account files, and the package inventory. */
#include "misconf/imagecfg.h"
#include "misconf/dockerfile.h"

#include "util/buf.h"
#include "util/common.h"
#include "util/limits.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_ACCOUNT_FILE (4u << 20) /* passwd/group/shadow kept in memory */
#define MAX_LISTED       2000u      /* findings of one per-file check */
#define SNIP             160        /* history text quoted in a message */

static const struct ward_imagecfg_check checks[] = {
    {"CIS-DI-0001", WARD_SEV_MEDIUM, "Image runs as root",
     "Create an unprivileged account and end the Dockerfile with USER <name or uid>."},
    {"CIS-DI-0003", WARD_SEV_LOW, "Build tools (compilers) are installed in the image",
     "Build in a separate stage and copy only the artefacts into the final image."},
    {"CIS-DI-0005", WARD_SEV_LOW, "Docker Content Trust is not enabled",
     "Export DOCKER_CONTENT_TRUST=1 so pulls and pushes require signed images."},
    {"CIS-DI-0006", WARD_SEV_LOW, "No HEALTHCHECK in the image",
     "Add a HEALTHCHECK instruction that probes the service."},
    {"CIS-DI-0007", WARD_SEV_MEDIUM, "Package index updated in a layer of its own",
     "Run the index update and the install in the same RUN (apt-get update && apt-get "
     "install ...), so a cached stale index is never reused."},
    {"CIS-DI-0008", WARD_SEV_LOW, "setuid/setgid file",
     "Remove the file or its setuid/setgid bits (chmod u-s,g-s) unless the image needs it."},
    {"CIS-DI-0009", WARD_SEV_LOW, "ADD used instead of COPY",
     "Use COPY for local files; fetch remote files with a verified download in RUN."},
    {"CIS-DI-0010", WARD_SEV_HIGH, "Credentials stored in the image",
     "Pass secrets at run time (secret mounts, orchestrator secrets), never through ENV or "
     "files baked into a layer."},
    {"DKL-DI-0001", WARD_SEV_MEDIUM, "sudo in the image",
     "Drop sudo: run build steps as root and switch USER afterwards; use gosu/setpriv in "
     "entrypoints."},
    {"DKL-DI-0002", WARD_SEV_HIGH, "Sensitive host directory declared as a volume",
     "Remove VOLUME entries for /proc, /sys, /dev and the Docker socket."},
    {"DKL-DI-0003", WARD_SEV_MEDIUM, "Distribution upgrade in the build",
     "Rebuild on an updated base image instead of running upgrade/dist-upgrade in the image."},
    {"DKL-DI-0004", WARD_SEV_LOW, "apk add without --no-cache",
     "Use apk add --no-cache so the index is not stored in the layer."},
    {"DKL-DI-0005", WARD_SEV_LOW, "Package manager cache left in the image",
     "Clean caches in the RUN that fills them (rm -rf /var/lib/apt/lists/*, apk --no-cache, "
     "yum/dnf clean all)."},
    {"DKL-DI-0006", WARD_SEV_MEDIUM, "Image referenced by the latest tag",
     "Pin a version tag or, better, a digest (name@sha256:...)."},
    {"DKL-LI-0001", WARD_SEV_HIGH, "Account with an empty password",
     "Lock the account (passwd -l) or set a password hash; never ship an empty one."},
    {"DKL-LI-0002", WARD_SEV_MEDIUM, "Duplicate UID or GID",
     "Give every account and group its own numeric id."},
    {"DKL-LI-0003", WARD_SEV_LOW, "File not needed at run time",
     "Exclude it with .dockerignore or delete it in the same layer that adds it."},
    {"WARD-DI-0001", WARD_SEV_HIGH, "Remote script piped into a shell",
     "Download to a file, verify its checksum or signature, then run it."},
    {"WARD-DI-0002", WARD_SEV_MEDIUM, "SSH port 22 exposed",
     "Do not run sshd in containers; use docker exec / kubectl exec for access."},
    {"WARD-DI-0003", WARD_SEV_MEDIUM, "World-writable directory without the sticky bit",
     "chmod o-w the directory, or add the sticky bit (chmod +t) for shared temp dirs."},
    {"WARD-DI-0004", WARD_SEV_LOW, "Deprecated MAINTAINER instruction",
     "Replace MAINTAINER with LABEL org.opencontainers.image.authors=\"...\"."},
};

const struct ward_imagecfg_check *ward_imagecfg_checks(size_t *n)
{
    *n = WARD_ARRAY_LEN(checks);
    return checks;
}

static const struct ward_imagecfg_check *check_of(const char *id)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(checks); i++)
        if (!strcmp(checks[i].id, id))
            return &checks[i];
    return NULL;
}

struct ctx {
    const struct ward_image *img;
    const struct ward_inventory *inv;
    const struct ward_imagecfg_opts *opts;
    struct ward_check_findings *out;
    struct ward_buf msg;
    size_t listed[WARD_ARRAY_LEN(checks)];
};

/* Append one finding; path is image-absolute or NULL, layer < 0 when unknown. */
WARD_PRINTF(6, 7)
static void add(struct ctx *c, const char *id, enum ward_severity sev, const char *path, int layer,
                const char *fmt, ...)
{
    const struct ward_imagecfg_check *k = check_of(id);
    size_t ki = (size_t)(k - checks);
    if (c->listed[ki]++ >= MAX_LISTED)
        return;
    ward_buf_reset(&c->msg);
    va_list ap;
    va_start(ap, fmt);
    ward_buf_vaddf(&c->msg, fmt, ap);
    va_end(ap);
    if (c->listed[ki] == MAX_LISTED)
        ward_buf_addf(&c->msg, " (further %s findings not listed)", id);
    const char *diff = NULL;
    if (layer >= 0 && (size_t)layer < c->img->n_layers && c->img->layers[layer]->diff_id[0])
        diff = c->img->layers[layer]->diff_id;
    struct ward_check_finding f = {
        .scanner = "config",
        .id = id,
        .title = k->title,
        .message = ward_buf_check(&c->msg) == 0 && c->msg.ptr ? c->msg.ptr : k->title,
        .severity = sev ? sev : k->severity,
        .path = path,
        .layer = diff,
        .layer_index = layer,
        .remediation = k->remediation,
    };
    ward_checks_add(c->out, &f);
}

/* ---- small helpers ---- */

static const char *basename_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static json_t *cfg_obj(const struct ward_image *img)
{
    json_t *c = img->config ? json_object_get(img->config, "config") : NULL;
    return json_is_object(c) ? c : NULL;
}

/* Bounded copy of text for a message (history lines can be huge). */
static void snip(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(s);
    size_t k = n < cap - 4 ? n : cap - 4;
    memcpy(dst, s, k);
    if (k < n)
        memcpy(dst + k, "...", 4);
    else
        dst[k] = 0;
    for (char *p = dst; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
}

/* ---- config checks ---- */

/* Numeric uid of a USER value's user part through /etc/passwd; -1 when unknown. */
static long passwd_uid(const struct ward_image *img, const char *name)
{
    const struct ward_layer_blob *b = ward_image_blob(img, "/etc/passwd");
    if (!b)
        return -1;
    struct ward_span in = ward_span_of(b->data, b->len), line;
    size_t nl = strlen(name);
    while (ward_span_line(&in, &line)) {
        if (line.len > nl && !memcmp(line.ptr, name, nl) && line.ptr[nl] == ':') {
            struct ward_span f = ward_span_of(line.ptr + nl + 1, line.len - nl - 1), a, r;
            uint64_t v;
            if (ward_span_cut(f, ':', &a, &r) && ward_span_cut(r, ':', &a, &r) &&
                ward_span_u64(a, &v) == 0)
                return (long)(v > 0x7fffffff ? 0x7fffffff : v);
            return -1;
        }
    }
    return -1;
}

static void check_user(struct ctx *c, json_t *cfg)
{
    const char *user = json_string_value(json_object_get(cfg, "User"));
    if (!user || !*user) {
        add(c, "CIS-DI-0001", 0, NULL, -1,
            "no USER is set: processes in the container run as root (uid 0)");
        return;
    }
    char name[256];
    size_t n = strcspn(user, ":");
    if (n >= sizeof(name))
        n = sizeof(name) - 1;
    memcpy(name, user, n);
    name[n] = 0;
    bool numeric = n > 0 && strspn(name, "0123456789") == n;
    if (numeric) {
        if (strtoul(name, NULL, 10) == 0)
            add(c, "CIS-DI-0001", 0, NULL, -1, "USER %s is uid 0 (root)", user);
        return;
    }
    if (!strcmp(name, "root")) {
        add(c, "CIS-DI-0001", 0, NULL, -1, "USER %s is root", user);
        return;
    }
    if (passwd_uid(c->img, name) == 0)
        add(c, "CIS-DI-0001", 0, "/etc/passwd", -1,
            "USER %s has uid 0 in /etc/passwd: it is root under another name", user);
}

static void check_healthcheck(struct ctx *c, json_t *cfg)
{
    json_t *hc = json_object_get(cfg, "Healthcheck");
    json_t *test = hc ? json_object_get(hc, "Test") : NULL;
    if (!json_is_array(test) || json_array_size(test) == 0) {
        add(c, "CIS-DI-0006", 0, NULL, -1, "the image config has no HEALTHCHECK");
        return;
    }
    const char *t0 = json_string_value(json_array_get(test, 0));
    if (t0 && !strcmp(t0, "NONE"))
        add(c, "CIS-DI-0006", 0, NULL, -1, "HEALTHCHECK NONE disables the health check");
}

static void check_ports_volumes(struct ctx *c, json_t *cfg)
{
    json_t *ports = json_object_get(cfg, "ExposedPorts");
    const char *k;
    json_t *v;
    if (json_is_object(ports))
        json_object_foreach(ports, k, v)
        {
            (void)v;
            if (!strcmp(k, "22") || !strncmp(k, "22/", 3))
                add(c, "WARD-DI-0002", 0, NULL, -1, "EXPOSE %s: the SSH port is exposed", k);
        }
    static const char *const sensitive[] = {
        "/", "/proc", "/sys", "/dev", "/var/run/docker.sock", "/run/docker.sock", "/boot", "/etc"};
    json_t *vols = json_object_get(cfg, "Volumes");
    if (json_is_object(vols))
        json_object_foreach(vols, k, v)
        {
            (void)v;
            char p[512];
            snip(p, sizeof(p), k);
            size_t n = strlen(p);
            while (n > 1 && p[n - 1] == '/')
                p[--n] = 0;
            for (size_t i = 0; i < WARD_ARRAY_LEN(sensitive); i++) {
                size_t m = strlen(sensitive[i]);
                bool under = m > 1 && !strncmp(p, sensitive[i], m) && p[m] == '/' &&
                             (!strcmp(sensitive[i], "/proc") || !strcmp(sensitive[i], "/sys") ||
                              !strcmp(sensitive[i], "/dev"));
                if (!strcmp(p, sensitive[i]) || under) {
                    add(c, "DKL-DI-0002", 0, NULL, -1,
                        "VOLUME %s: a host mount there exposes the host to the container", k);
                    break;
                }
            }
        }
}

/* Does an environment variable name look like it carries a credential? */
static bool credential_name(const char *name, size_t n)
{
    static const char *const parts[] = {"PASS",   "PASSWD",     "PASSWORD",   "PASSPHRASE",
                                        "PWD",    "SECRET",     "TOKEN",      "KEY",
                                        "APIKEY", "ACCESSKEY",  "CREDENTIAL", "CREDENTIALS",
                                        "AUTH",   "PRIVATEKEY", "SECRETKEY",  "ACCESS_KEY"};
    char up[128];
    if (n == 0 || n >= sizeof(up))
        return false;
    for (size_t i = 0; i < n; i++)
        up[i] = (char)toupper((unsigned char)name[i]);
    up[n] = 0;
    /* GPG_KEY(S) holds public key fingerprints (official images use it); PWD
     * alone is the working directory. */
    if (!strncmp(up, "GPG_KEY", 7) || !strcmp(up, "PWD") || !strcmp(up, "OLDPWD"))
        return false;
    char *save = NULL;
    for (char *w = strtok_r(up, "_-.", &save); w; w = strtok_r(NULL, "_-.", &save))
        for (size_t i = 0; i < WARD_ARRAY_LEN(parts); i++)
            if (!strcmp(w, parts[i]))
                return true;
    return false;
}

/* Well-known credential formats in a value (never quoted in messages). */
static const char *credential_value(const char *v)
{
    for (const char *p = v; *p; p++) {
        if ((!strncmp(p, "AKIA", 4) || !strncmp(p, "ASIA", 4)) &&
            (p == v || !isalnum((unsigned char)p[-1]))) {
            size_t k = 4;
            while (k < 20 && ((p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= '0' && p[k] <= '9')))
                k++;
            if (k == 20 && !isalnum((unsigned char)p[20]))
                return "an AWS access key id";
        }
        if (!strncmp(p, "-----BEGIN ", 11) && strstr(p, "PRIVATE KEY"))
            return "a private key";
        if ((!strncmp(p, "ghp_", 4) || !strncmp(p, "gho_", 4) || !strncmp(p, "glpat-", 6)) &&
            (p == v || !isalnum((unsigned char)p[-1])))
            return "a GitHub/GitLab token";
    }
    return NULL;
}

static void check_env(struct ctx *c, json_t *cfg)
{
    json_t *env = json_object_get(cfg, "Env");
    size_t i;
    json_t *e;
    if (!json_is_array(env))
        return;
    json_array_foreach(env, i, e)
    {
        const char *s = json_string_value(e);
        if (!s)
            continue;
        const char *eq = strchr(s, '=');
        size_t nl = eq ? (size_t)(eq - s) : strlen(s);
        const char *val = eq ? eq + 1 : "";
        char name[128];
        snip(name, sizeof(name), s);
        if (nl < sizeof(name))
            name[nl] = 0;
        const char *what = credential_value(val);
        if (what)
            add(c, "CIS-DI-0010", 0, NULL, -1, "ENV %s holds what looks like %s", name, what);
        else if (*val && credential_name(s, nl))
            add(c, "CIS-DI-0010", 0, NULL, -1,
                "ENV %s: the variable name suggests a credential, and its value is stored in "
                "the image config",
                name);
    }
}

static void check_latest(struct ctx *c)
{
    const char *kind = c->img->kind ? c->img->kind : "";
    const char *t = c->opts ? c->opts->target : NULL;
    if (t && (!strcmp(kind, "docker-daemon") || !strcmp(kind, "registry"))) {
        static const char *const pfx[] = {"docker://", "docker-daemon:", "docker:", "registry:"};
        for (size_t i = 0; i < WARD_ARRAY_LEN(pfx); i++)
            if (!strncmp(t, pfx[i], strlen(pfx[i]))) {
                t += strlen(pfx[i]);
                break;
            }
        if (strchr(t, '@'))
            return; /* pinned by digest */
        /* An image id ("sha256:..." or a hex prefix) is as good as a digest. */
        if (!strncmp(t, "sha256:", 7) ||
            (strlen(t) >= 12 && strspn(t, "0123456789abcdef") == strlen(t)))
            return;
        const char *slash = strrchr(t, '/');
        const char *colon = strchr(slash ? slash : t, ':');
        if (!colon)
            add(c, "DKL-DI-0006", 0, NULL, -1, "%s has no tag, so it means %s:latest", t, t);
        else if (!strcmp(colon + 1, "latest"))
            add(c, "DKL-DI-0006", 0, NULL, -1, "%s uses the latest tag", t);
        return;
    }
    /* Archives and layouts: the tags recorded in the archive. */
    size_t latest = 0;
    for (size_t i = 0; i < c->img->n_repo_tags; i++) {
        const char *r = c->img->repo_tags[i];
        size_t n = strlen(r);
        latest += n > 7 && !strcmp(r + n - 7, ":latest");
    }
    if (latest && latest == c->img->n_repo_tags)
        add(c, "DKL-DI-0006", 0, NULL, -1, "the image is tagged only as %s", c->img->repo_tags[0]);
}

/* ---- history ---- */

static bool word_is(const char *w, const char *name)
{
    return !strcmp(basename_of(w), name);
}

/* Index of the first word after "sudo [opts]" / "env" style wrappers. */
static size_t skip_wrappers(const struct ward_sh_cmd *cmd)
{
    size_t i = 0;
    while (i < cmd->n && (word_is(cmd->words[i], "sudo") || word_is(cmd->words[i], "env") ||
                          word_is(cmd->words[i], "nohup") || word_is(cmd->words[i], "exec"))) {
        i++;
        while (i < cmd->n && cmd->words[i][0] == '-')
            i++;
    }
    return i;
}

static bool has_word(const struct ward_sh_cmd *cmd, size_t from, const char *w)
{
    for (size_t i = from; i < cmd->n; i++)
        if (!strcmp(cmd->words[i], w))
            return true;
    return false;
}

static bool is_apt(const char *w)
{
    return word_is(w, "apt-get") || word_is(w, "apt") || word_is(w, "aptitude");
}

/* The shell text of a history entry: NULL for metadata (#(nop)) entries. */
static const char *run_text(const char *cb, size_t *len)
{
    const char *s = cb;
    if (!strncmp(s, "RUN ", 4))
        s += 4;
    /* classic builder build args: "|2 A=1 B=2 /bin/sh -c ..." */
    if (*s == '|') {
        const char *p = strstr(s, "/bin/sh -c ");
        if (p)
            s = p;
    }
    if (!strncmp(s, "/bin/sh -c ", 11))
        s += 11;
    else if (!strncmp(s, "/bin/bash -c ", 13))
        s += 13;
    else if (s == cb)
        return NULL;
    if (strstr(s, "#(nop)") == s)
        return NULL;
    size_t n = strlen(s);
    static const char bk[] = " # buildkit";
    if (n >= sizeof(bk) - 1 && !strcmp(s + n - (sizeof(bk) - 1), bk))
        n -= sizeof(bk) - 1;
    *len = n;
    return s;
}

/* The instruction text of a metadata entry ("ADD file:.. in /"), or NULL. */
static const char *nop_text(const char *cb)
{
    const char *p = strstr(cb, "#(nop)");
    if (p) {
        p += 6;
        while (*p == ' ')
            p++;
        return p;
    }
    /* BuildKit writes metadata instructions bare: "ADD file:... in / # buildkit" */
    if (!strncmp(cb, "ADD ", 4) || !strncmp(cb, "COPY ", 5) || !strncmp(cb, "MAINTAINER ", 11))
        return cb;
    return NULL;
}

static void check_run(struct ctx *c, size_t hi, const char *cb, const char *s, size_t n)
{
    char q[SNIP];
    snip(q, sizeof(q), cb);
    struct ward_sh_script sc;
    ward_sh_split(&sc, s, n);
    bool update = false, install = false, sudo = false, upgrade = false, apk_nocache = true,
         pipe_sh = false;
    const char *upword = NULL;
    for (size_t i = 0; i < sc.n; i++) {
        const struct ward_sh_cmd *cmd = &sc.cmds[i];
        if (!cmd->n)
            continue;
        if (word_is(cmd->words[0], "sudo"))
            sudo = true;
        size_t w = skip_wrappers(cmd);
        if (w >= cmd->n)
            continue;
        const char *prog = cmd->words[w];
        if (is_apt(prog) || word_is(prog, "yum") || word_is(prog, "dnf") ||
            word_is(prog, "microdnf") || word_is(prog, "zypper")) {
            if (has_word(cmd, w + 1, "update") && is_apt(prog))
                update = true;
            if (has_word(cmd, w + 1, "install") || has_word(cmd, w + 1, "upgrade") ||
                has_word(cmd, w + 1, "dist-upgrade") || has_word(cmd, w + 1, "full-upgrade"))
                install = true;
            static const char *const ups[] = {"upgrade", "dist-upgrade", "full-upgrade"};
            for (size_t u = 0; u < WARD_ARRAY_LEN(ups); u++)
                if (has_word(cmd, w + 1, ups[u])) {
                    upgrade = true;
                    upword = ups[u];
                }
            /* yum/dnf "update" upgrades every package */
            if (!is_apt(prog) && has_word(cmd, w + 1, "update")) {
                upgrade = true;
                upword = "update";
            }
        }
        if (word_is(prog, "apk") && has_word(cmd, w + 1, "add") &&
            !has_word(cmd, w + 1, "--no-cache"))
            apk_nocache = false;
        if (cmd->piped && (word_is(prog, "curl") || word_is(prog, "wget")) && i + 1 < sc.n) {
            const struct ward_sh_cmd *nx = &sc.cmds[i + 1];
            size_t nw = skip_wrappers(nx);
            static const char *const shells[] = {"sh",  "bash",   "zsh",     "ash", "dash",
                                                 "ksh", "python", "python3", "perl"};
            for (size_t k = 0; nw < nx->n && k < WARD_ARRAY_LEN(shells); k++)
                if (word_is(nx->words[nw], shells[k]))
                    pipe_sh = true;
        }
    }
    ward_sh_dispose(&sc);
    if (update && !install)
        add(c, "CIS-DI-0007", 0, NULL, -1,
            "history[%zu] updates the package index without installing in the same step: %s", hi,
            q);
    if (sudo)
        add(c, "DKL-DI-0001", 0, NULL, -1, "history[%zu] runs sudo: %s", hi, q);
    if (upgrade)
        add(c, "DKL-DI-0003", 0, NULL, -1, "history[%zu] runs %s: %s", hi, upword, q);
    if (!apk_nocache)
        add(c, "DKL-DI-0004", 0, NULL, -1, "history[%zu] runs apk add without --no-cache: %s", hi,
            q);
    if (pipe_sh)
        add(c, "WARD-DI-0001", 0, NULL, -1,
            "history[%zu] pipes a download straight into an interpreter: %s", hi, q);
}

static void check_history(struct ctx *c)
{
    json_t *hist = c->img->config ? json_object_get(c->img->config, "history") : NULL;
    size_t i;
    json_t *h;
    bool seen_author = false;
    if (json_is_array(hist))
        json_array_foreach(hist, i, h)
        {
            const char *cb = json_string_value(json_object_get(h, "created_by"));
            if (!cb)
                continue;
            size_t n = 0;
            const char *s = run_text(cb, &n);
            if (s) {
                check_run(c, i, cb, s, n);
                continue;
            }
            const char *nop = nop_text(cb);
            if (!nop)
                continue;
            char q[SNIP];
            snip(q, sizeof(q), nop);
            if (!strncmp(nop, "ADD ", 4)) {
                const char *src = nop + 4;
                for (;;) { /* skip --chown=... --chmod=... flags */
                    while (*src == ' ')
                        src++;
                    if (strncmp(src, "--", 2) != 0)
                        break;
                    src += strcspn(src, " ");
                }
                if (!strncmp(src, "http://", 7) || !strncmp(src, "https://", 8))
                    add(c, "CIS-DI-0009", WARD_SEV_MEDIUM, NULL, -1,
                        "history[%zu] ADDs a remote URL (not verified): %s", i, q);
                else if (i == 0 && !strncmp(src, "file:", 5) && strstr(src, " in / "))
                    continue; /* the base image's root filesystem tarball */
                else if (!(i == 0 && !strncmp(src, "file:", 5)))
                    add(c, "CIS-DI-0009", 0, NULL, -1, "history[%zu] uses ADD: %s", i, q);
            } else if (!strncmp(nop, "MAINTAINER ", 11)) {
                seen_author = true;
                add(c, "WARD-DI-0004", 0, NULL, -1, "history[%zu]: %s", i, q);
            }
        }
    const char *author =
        c->img->config ? json_string_value(json_object_get(c->img->config, "author")) : NULL;
    if (!seen_author && author && *author) {
        char q[SNIP];
        snip(q, sizeof(q), author);
        add(c, "WARD-DI-0004", 0, NULL, -1, "the image config names an author (MAINTAINER %s)", q);
    }
}

/* ---- packages ---- */

static bool compiler_pkg(const char *n)
{
    static const char *const exact[] = {"gcc",     "g++",  "clang", "build-essential", "build-base",
                                        "gcc-c++", "make", "cmake", "golang",          "rustc"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(exact); i++)
        if (!strcmp(n, exact[i]))
            return true;
    /* versioned drivers: gcc-12, g++-12, clang-16 (not gcc-12-base, the runtime) */
    static const char *const pfx[] = {"gcc-", "g++-", "clang-"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(pfx); i++) {
        size_t k = strlen(pfx[i]);
        if (!strncmp(n, pfx[i], k) && n[k] && strspn(n + k, "0123456789.") == strlen(n + k))
            return true;
    }
    return false;
}

static void check_packages(struct ctx *c)
{
    if (!c->inv || !c->inv->pkgs)
        return;
    static const char *const os_types[] = {"deb", "apk", "rpm"};
    for (size_t i = 0; i < c->inv->pkgs->n; i++) {
        const struct ward_pkg *p = &c->inv->pkgs->items[i];
        bool os = false;
        for (size_t k = 0; p->type && k < WARD_ARRAY_LEN(os_types); k++)
            os |= !strcmp(p->type, os_types[k]);
        if (!os || !p->name)
            continue;
        if (!strcmp(p->name, "sudo"))
            add(c, "DKL-DI-0001", WARD_SEV_LOW, p->path, -1, "package sudo %s is installed",
                p->version ? p->version : "");
        else if (compiler_pkg(p->name))
            add(c, "CIS-DI-0003", 0, p->path, -1, "package %s %s is installed", p->name,
                p->version ? p->version : "");
    }
}

/* ---- account files ---- */

static void check_accounts(struct ctx *c)
{
    const struct ward_layer_blob *b = ward_image_blob(c->img, "/etc/shadow");
    if (b) {
        struct ward_span in = ward_span_of(b->data, b->len), line, user, rest, pw, r2;
        size_t ln = 0;
        while (ward_span_line(&in, &line)) {
            ln++;
            if (!ward_span_cut(line, ':', &user, &rest) || !user.len || user.ptr[0] == '#')
                continue;
            if (!ward_span_cut(rest, ':', &pw, &r2))
                pw = rest;
            if (pw.len == 0) {
                char u[128];
                size_t k = WARD_MIN(user.len, sizeof(u) - 1);
                memcpy(u, user.ptr, k);
                u[k] = 0;
                struct ward_check_finding *f = NULL;
                size_t before = c->out->n;
                add(c, "DKL-LI-0001", 0, "/etc/shadow", -1,
                    "account %s has an empty password field (line %zu): it can log in without "
                    "a password",
                    u, ln);
                if (c->out->n > before) {
                    f = &c->out->items[c->out->n - 1];
                    f->line = (uint32_t)ln;
                }
            }
        }
    }
    static const char *const files[] = {"/etc/passwd", "/etc/group"};
    for (size_t fi = 0; fi < WARD_ARRAY_LEN(files); fi++) {
        b = ward_image_blob(c->img, files[fi]);
        if (!b)
            continue;
        /* id -> first name, in a small open-addressed table (files are bounded) */
        size_t cap = 64;
        while (cap < b->len / 8 + 64)
            cap *= 2;
        struct slot {
            uint64_t id;
            const char *name;
            size_t nlen;
            bool used;
        } *tab = ward_xcalloc(cap, sizeof(*tab));
        struct ward_span in = ward_span_of(b->data, b->len), line, name, rest, f2, idf, r2;
        size_t ln = 0;
        while (ward_span_line(&in, &line)) {
            ln++;
            uint64_t id;
            if (!ward_span_cut(line, ':', &name, &rest) || !name.len || name.ptr[0] == '#' ||
                name.ptr[0] == '+' || name.ptr[0] == '-' || !ward_span_cut(rest, ':', &f2, &r2))
                continue;
            if (!ward_span_cut(r2, ':', &idf, &rest))
                idf = r2;
            if (ward_span_u64(idf, &id) < 0)
                continue;
            size_t h = (size_t)(id * 0x9e3779b97f4a7c15ull) & (cap - 1);
            while (tab[h].used && tab[h].id != id)
                h = (h + 1) & (cap - 1);
            if (!tab[h].used) {
                tab[h] = (struct slot){id, name.ptr, name.len, true};
                continue;
            }
            size_t before = c->out->n;
            add(c, "DKL-LI-0002", 0, files[fi], -1, "%s %.*s (line %zu) reuses %s %llu of %.*s",
                fi ? "group" : "account", (int)WARD_MIN(name.len, 64), name.ptr, ln,
                fi ? "gid" : "uid", (unsigned long long)id, (int)WARD_MIN(tab[h].nlen, 64),
                tab[h].name);
            if (c->out->n > before)
                c->out->items[c->out->n - 1].line = (uint32_t)ln;
        }
        free(tab);
    }
}

/* ---- merged tree ---- */

static bool unneeded_name(const char *base, bool dir)
{
    static const char *const files[] = {".DS_Store",           "Dockerfile", "docker-compose.yml",
                                        "docker-compose.yaml", ".vimrc",     "Thumbs.db"};
    static const char *const dirs[] = {".git",   ".svn", ".hg",     ".cache", ".aws",
                                       ".azure", ".gcp", ".vscode", ".idea",  ".npm"};
    const char *const *v = dir ? dirs : files;
    size_t n = dir ? WARD_ARRAY_LEN(dirs) : WARD_ARRAY_LEN(files);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(base, v[i]))
            return true;
    return false;
}

static bool credential_file(const char *base)
{
    static const char *const names[] = {
        "credentials.json", "credentials",    "credential",  "password.txt",
        "id_rsa",           "id_dsa",         "id_ecdsa",    "id_ed25519",
        "secret_token.rb",  "carrierwave.rb", "omniauth.rb", "database.yml",
        "credentials.xml",  ".env",           ".netrc",      ".pgpass",
        ".git-credentials", ".htpasswd"};
    static const char *const exts[] = {".ovpn",     ".private_key", ".jks",
                                       ".keychain", ".psafe3",      ".agilekeychain",
                                       ".kdbx",     ".p12",         ".pfx"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(names); i++)
        if (!strcmp(base, names[i]))
            return true;
    size_t n = strlen(base);
    for (size_t i = 0; i < WARD_ARRAY_LEN(exts); i++) {
        size_t k = strlen(exts[i]);
        if (n > k && !strcmp(base + n - k, exts[i]))
            return true;
    }
    return false;
}

/* Cache directories of package managers: contents there are stale downloads. */
struct cache_dir {
    const char *dir; /* relative to the root, with a trailing '/' */
    const char *what;
    size_t files;
    uint64_t bytes;
    int layer;
};

struct walk_ctx {
    struct ctx *c;
    struct cache_dir caches[6];
    struct ward_buf abs;
};

static bool cache_ignored(const char *rel)
{
    /* apt's own bookkeeping, present even in a cleaned image */
    const char *b = basename_of(rel);
    return !strcmp(b, "lock") || !strcmp(b, ".keep") ||
           !strncmp(rel, "var/lib/apt/lists/partial", 25) ||
           !strncmp(rel, "var/lib/apt/lists/auxfiles", 26) ||
           !strncmp(rel, "var/cache/apt/archives/partial", 30);
}

static int visit(const char *path, const struct ward_tree_node *n, void *ud)
{
    struct walk_ctx *w = ud;
    struct ctx *c = w->c;
    const struct ward_layer_file *f = n->f;
    if (!f || f->kind == WARD_LF_WHITEOUT)
        return 0;
    uint32_t mode = f->mode;
    ward_buf_reset(&w->abs);
    ward_buf_addc(&w->abs, '/');
    ward_buf_adds(&w->abs, path);
    if (ward_buf_check(&w->abs))
        return 0;
    const char *abs = w->abs.ptr;
    const char *base = basename_of(path);
    bool in_deps = strstr(abs, "/node_modules/") || strstr(abs, "/vendor/");

    if (S_ISREG(mode) && (mode & (S_ISUID | S_ISGID))) {
        const char *bits = (mode & S_ISUID) && (mode & S_ISGID) ? "setuid and setgid"
                           : (mode & S_ISUID)                   ? "setuid"
                                                                : "setgid";
        add(c, "CIS-DI-0008", 0, abs, n->layer, "%s is %s (mode %04o, owner %u:%u)", abs, bits,
            mode & 07777, f->uid, f->gid);
    }
    if (S_ISDIR(mode) && (mode & S_IWOTH) && !(mode & S_ISVTX))
        add(c, "WARD-DI-0003", 0, abs, n->layer,
            "%s is writable by every user and has no sticky bit (mode %04o)", abs, mode & 07777);
    if (!in_deps && unneeded_name(base, S_ISDIR(mode)))
        add(c, "DKL-LI-0003", 0, abs, n->layer, "%s%s is not needed at run time", abs,
            S_ISDIR(mode) ? "/" : "");
    if (S_ISREG(mode) && credential_file(base) && strncmp(abs, "/usr/share/doc/", 15) != 0)
        add(c, "CIS-DI-0010", 0, abs, n->layer, "%s is a credential file stored in a layer", abs);
    if (!S_ISDIR(mode)) {
        for (size_t i = 0; i < WARD_ARRAY_LEN(w->caches) && w->caches[i].dir; i++) {
            struct cache_dir *cd = &w->caches[i];
            size_t k = strlen(cd->dir);
            if (!strncmp(path, cd->dir, k) && !cache_ignored(path)) {
                cd->files++;
                cd->bytes += f->size;
                if (n->layer > cd->layer)
                    cd->layer = n->layer;
            }
        }
    }
    return 0;
}

static void check_tree(struct ctx *c)
{
    if (!c->img->tree)
        return;
    struct walk_ctx w = {
        .c = c,
        .caches =
            {
                {"var/lib/apt/lists/", "apt package lists", 0, 0, -1},
                {"var/cache/apt/", "apt package cache", 0, 0, -1},
                {"var/cache/apk/", "apk package cache", 0, 0, -1},
                {"var/cache/yum/", "yum cache", 0, 0, -1},
                {"var/cache/dnf/", "dnf cache", 0, 0, -1},
                {"var/cache/zypp/", "zypper cache", 0, 0, -1},
            },
        .abs = WARD_BUF_INIT(WARD_LIMIT_PATH_LEN + 2),
    };
    ward_image_walk(c->img, visit, &w);
    ward_buf_dispose(&w.abs);
    for (size_t i = 0; i < WARD_ARRAY_LEN(w.caches); i++) {
        const struct cache_dir *cd = &w.caches[i];
        if (!cd->files)
            continue;
        char dir[64];
        snip(dir, sizeof(dir), cd->dir);
        dir[strlen(dir) - 1] = 0; /* drop the trailing '/' */
        char abs[72] = "/";
        memcpy(abs + 1, dir, strlen(dir) + 1);
        add(c, "DKL-DI-0005", 0, abs, cd->layer, "%s left in %s: %zu files, %llu bytes", cd->what,
            abs, cd->files, (unsigned long long)cd->bytes);
    }
}

/* ---- entry points ---- */

enum ward_keep ward_imagecfg_keep(const char *abs_path, uint32_t mode, uint64_t size, void *ud)
{
    (void)ud;
    if (!S_ISREG(mode) || size > MAX_ACCOUNT_FILE)
        return WARD_KEEP_NO;
    if (!strcmp(abs_path, "/etc/passwd") || !strcmp(abs_path, "/etc/group") ||
        !strcmp(abs_path, "/etc/shadow"))
        return WARD_KEEP_RAW;
    return WARD_KEEP_NO;
}

const char *ward_imagecfg_fingerprint(void)
{
    return "imagecfg1";
}

int ward_imagecfg_scan(const struct ward_image *img, const struct ward_inventory *inv,
                       const struct ward_imagecfg_opts *opts, struct ward_check_findings *out,
                       struct ward_error **err)
{
    (void)err;
    static const struct ward_imagecfg_opts none = {0};
    struct ctx c = {
        .img = img,
        .inv = inv,
        .opts = opts ? opts : &none,
        .out = out,
        .msg = WARD_BUF_INIT(8192),
    };
    json_t *cfg = cfg_obj(img);
    if (img->config) {
        /* A config without a "config" object has no USER, HEALTHCHECK... either. */
        json_t *empty = cfg ? NULL : json_object();
        json_t *use = cfg ? cfg : empty;
        check_user(&c, use);
        check_healthcheck(&c, use);
        check_ports_volumes(&c, use);
        check_env(&c, use);
        check_history(&c);
        json_decref(empty);
    }
    if (!c.opts->content_trust)
        add(&c, "CIS-DI-0005", 0, NULL, -1,
            "DOCKER_CONTENT_TRUST is not 1 here: image signatures are not enforced on pull");
    check_latest(&c);
    check_packages(&c);
    check_accounts(&c);
    check_tree(&c);
    ward_buf_dispose(&c.msg);
    return 0;
}
