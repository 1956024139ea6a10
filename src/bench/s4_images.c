/* s4_images.c - CIS section 4, images and build files: the user of running containers,
 * content trust, and per-image health checks and build history (from /images/{id}/history). */
#include "bench/bench_int.h"
#include "bench/checks_fns.h"

#include <string.h>

static const char *p_4_1(struct bench_ctx *c, const json_t *ctr)
{
    const char *u = ward_jstr(ward_jobj(ctr, "Config"), "User");
    if (!u || !*u)
        return "runs as root (no user set)";
    size_t l = strcspn(u, ":");
    if ((l == 1 && u[0] == '0') || (l == 4 && strncmp(u, "root", 4) == 0))
        return bench_printf(c, "runs as %s", u);
    return NULL;
}

void bench_4_1(struct bench_ctx *c, struct ward_bench_result *r)
{
    bench_per_container(c, r, p_4_1, WARD_BENCH_WARN, "running as root");
}

void bench_4_5(struct bench_ctx *c, struct ward_bench_result *r)
{
    const char *v = c->o->content_trust;
    if (v && strcmp(v, "1") == 0)
        bench_pass(c, r, "DOCKER_CONTENT_TRUST=1");
    else
        bench_warn(c, r, "DOCKER_CONTENT_TRUST is %s%s", v ? "set to " : "not set", v ? v : "");
}

static const char *image_name(struct bench_ctx *c, const json_t *img)
{
    const json_t *tags = ward_jarr(img, "RepoTags");
    const char *t = json_string_value(json_array_get(tags, 0));
    if (t && strcmp(t, "<none>:<none>") != 0)
        return t;
    const char *id = ward_jstr(img, "Id");
    if (!id)
        return "?";
    if (strncmp(id, "sha256:", 7) == 0)
        id += 7;
    return bench_printf(c, "%.12s", id);
}

static bool need_images(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return false;
    if (!c->f->have_images) {
        bench_info(c, r, "images could not be listed");
        return false;
    }
    if (!c->f->nimages) {
        bench_info(c, r, "no images");
        return false;
    }
    return true;
}

void bench_4_6(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!need_images(c, r))
        return;
    for (size_t i = 0; i < c->f->nimages; i++) {
        const json_t *hc = ward_jobj(ward_jobj(c->f->images[i], "Config"), "Healthcheck");
        const char *t0 = json_string_value(json_array_get(ward_jarr(hc, "Test"), 0));
        if (!hc || (t0 && strcmp(t0, "NONE") == 0))
            bench_item(c, r, image_name(c, c->f->images[i]), "no HEALTHCHECK");
    }
    if (r->nitems)
        bench_warn(c, r, "%zu of %zu images have no HEALTHCHECK", r->nitems, c->f->nimages);
    else
        bench_pass(c, r, "%zu images checked", c->f->nimages);
}

static bool has_word(const char *s, const char *w)
{
    size_t wl = strlen(w);
    for (const char *p = strstr(s, w); p; p = strstr(p + 1, w)) {
        bool left = p == s || p[-1] == ' ' || p[-1] == '\t' || p[-1] == ';' || p[-1] == '&';
        bool right = !p[wl] || p[wl] == ' ' || p[wl] == '\t' || p[wl] == ';' || p[wl] == '&';
        if (left && right)
            return true;
    }
    return false;
}

void bench_4_7(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!need_images(c, r))
        return;
    for (size_t i = 0; i < c->f->nimages; i++) {
        size_t k;
        json_t *h;
        json_array_foreach(c->f->histories[i], k, h)
        {
            const char *cb = ward_jstr(h, "CreatedBy");
            /* an index update with no install/upgrade in the same instruction */
            if (cb && has_word(cb, "update") && !has_word(cb, "install") &&
                !has_word(cb, "upgrade") && !has_word(cb, "add") && !strstr(cb, "#(nop)")) {
                bench_item(c, r, image_name(c, c->f->images[i]), "%.200s", cb);
                break;
            }
        }
    }
    if (r->nitems)
        bench_info(c, r, "%zu images have an update instruction on its own", r->nitems);
    else
        bench_pass(c, r, "%zu images checked", c->f->nimages);
}

void bench_4_9(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!need_images(c, r))
        return;
    for (size_t i = 0; i < c->f->nimages; i++) {
        const json_t *hist = c->f->histories[i];
        size_t n = json_array_size(hist);
        /* history is newest first; the oldest entry is the base image's own ADD */
        for (size_t k = 0; k + 1 < n; k++) {
            const char *cb = ward_jstr(json_array_get(hist, k), "CreatedBy");
            if (cb && (strstr(cb, "#(nop) ADD ") || strncmp(cb, "ADD ", 4) == 0)) {
                bench_item(c, r, image_name(c, c->f->images[i]), "%.200s", cb);
                break;
            }
        }
    }
    if (r->nitems)
        bench_info(c, r, "%zu images were built with ADD", r->nitems);
    else
        bench_pass(c, r, "%zu images checked", c->f->nimages);
}
