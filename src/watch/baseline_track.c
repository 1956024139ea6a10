/* baseline_track.c - the baseline tracker ward watch runs beside its rules:
 * in learn mode it adds each attributed event (exec, file write, connect,
 * listen) to its image's baseline; in enforce mode it raises one alert per
 * item outside the loaded baseline, deduplicated per image and item. */
#define WARD_LOG_MODULE "baseline"
#include "watch/baseline.h"
#include "watch/sensor.h"

#include "util/json_out.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

#define CONTAINERS_MAX 4096u  /* containers whose syscalls are collected at the end */

struct seen_ctr {
    char id[65];
    uint64_t cgroup_id; /* eBPF backend: the cgroup whose syscall bitmap to read */
    size_t bl;          /* index into t->bls */
};

struct ward_bltrack {
    enum ward_bl_mode mode;
    char *dir;
    struct ward_wsinks *sinks;
    struct ward_baseline **bls;
    size_t n, cap;
    struct ward_baseline *dedup; /* its PROCS set holds "image\x1fset\x1fitem" keys */
    struct ward_baseline *unknown; /* images without a baseline (warned once) */
    struct seen_ctr *ctrs;
    size_t nctrs, capctrs;
    int f_rip, f_rport, f_lport, f_proto; /* network fields, when the backend has them */
    struct ward_bltrack_stats st;
    const struct ward_watch_stats *wst; /* its sensor, for syscall bitmaps */
};

/* The alerts, rendered like rule alerts (ward_walert_json). */
static char tag_baseline[] = "baseline";
static char tag_process[] = "process", tag_file[] = "filesystem", tag_net[] = "network";
static char *tags_proc[] = {tag_baseline, tag_process};
static char *tags_file[] = {tag_baseline, tag_file};
static char *tags_net[] = {tag_baseline, tag_net};
static char r_proc_name[] = "baseline: new process";
static char r_proc_out[] = "Process outside the baseline of %container.image: %proc.exepath "
                           "(%proc.name) in %container.name (id %container.id, cmdline "
                           "%proc.cmdline, parent %proc.pname)";
static char r_write_name[] = "baseline: new file write";
static char r_write_out[] = "File write outside the baseline of %container.image: %fd.name by "
                            "%proc.exepath (%proc.name) in %container.name (id %container.id)";
static char r_out_name[] = "baseline: new outbound port";
static char r_out_out[] = "Outbound connection outside the baseline of %container.image by "
                          "%proc.exepath (%proc.name) in %container.name (id %container.id)";
static char r_listen_name[] = "baseline: new listening port";
static char r_listen_out[] = "Listening port outside the baseline of %container.image by "
                             "%proc.exepath (%proc.name) in %container.name (id %container.id)";

static const struct ward_wrule rule_proc = {.name = r_proc_name, .output = r_proc_out,
                                            .prio = WARD_PRIO_WARNING, .tags = tags_proc,
                                            .ntags = 2, .enabled = true};
static const struct ward_wrule rule_write = {.name = r_write_name, .output = r_write_out,
                                             .prio = WARD_PRIO_WARNING, .tags = tags_file,
                                             .ntags = 2, .enabled = true};
static const struct ward_wrule rule_out = {.name = r_out_name, .output = r_out_out,
                                           .prio = WARD_PRIO_WARNING, .tags = tags_net,
                                           .ntags = 2, .enabled = true};
static const struct ward_wrule rule_listen = {.name = r_listen_name, .output = r_listen_out,
                                              .prio = WARD_PRIO_WARNING, .tags = tags_net,
                                              .ntags = 2, .enabled = true};

static int field(const char *name)
{
    return ward_wfield_lookup(name, strlen(name));
}

int ward_bltrack_new(struct ward_bltrack **out, enum ward_bl_mode mode, const char *dir,
                     struct ward_wsinks *sinks, struct ward_error **err)
{
    ward_autoptr(ward_bltrack) t = ward_xcalloc(1, sizeof(*t));
    t->mode = mode;
    t->dir = ward_xstrdup(dir);
    t->sinks = sinks;
    ward_baseline_new(&t->dedup, "dedup", NULL);
    ward_baseline_new(&t->unknown, "unknown", NULL);
    t->f_rip = field("fd.rip");
    t->f_rport = field("fd.rport");
    t->f_lport = field("fd.sport");
    t->f_proto = field("fd.l4proto");
    if (mode == WARD_BL_ENFORCE) {
        if (ward_baseline_load_dir(dir, &t->bls, &t->n, err) < 0)
            return -1;
        t->cap = t->n;
        if (t->n == 0)
            return ward_error_set(err, WARD_ENOTFOUND, 0,
                                  "no baselines in %s (learn them with --learn DURATION)", dir);
    }
    *out = WARD_STEAL(&t);
    return 0;
}

void ward_bltrack_free(struct ward_bltrack *t)
{
    if (!t)
        return;
    ward_baseline_list_free(t->bls, t->n);
    ward_baseline_free(t->dedup);
    ward_baseline_free(t->unknown);
    free(t->ctrs);
    free(t->dir);
    free(t);
}

const struct ward_bltrack_stats *ward_bltrack_stats(const struct ward_bltrack *t)
{
    return &t->st;
}

size_t ward_bltrack_count(const struct ward_bltrack *t)
{
    return t->n;
}

const struct ward_baseline *ward_bltrack_get(const struct ward_bltrack *t, size_t i)
{
    return i < t->n ? t->bls[i] : NULL;
}

/* The baseline of the event's image (learn: created on first sight). */
static long baseline_of(struct ward_bltrack *t, const char *image, const char *image_id)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->bls[i]->image, image) == 0)
            return (long)i;
    if (t->mode == WARD_BL_ENFORCE) {
        for (size_t i = 0; i < t->n; i++)
            if (image_id && t->bls[i]->image_id && strcmp(t->bls[i]->image_id, image_id) == 0)
                return (long)i;
        if (ward_baseline_add(t->unknown, WARD_BL_PROCS, image) == 1) {
            t->st.unknown_images++;
            ward_warn("no baseline for image %s: its containers are not checked", image);
        }
        return -1;
    }
    if (t->n >= WARD_BL_IMAGES_MAX)
        return -1;
    WARD_GROW(t->bls, t->n, t->cap);
    ward_baseline_new(&t->bls[t->n], image, image_id);
    return (long)t->n++;
}

static void remember_container(struct ward_bltrack *t, const char *id, uint64_t cgroup_id,
                               size_t bl)
{
    if (!id || strlen(id) != 64)
        return;
    for (size_t i = 0; i < t->nctrs; i++) {
        if (strcmp(t->ctrs[i].id, id) == 0) {
            if (cgroup_id)
                t->ctrs[i].cgroup_id = cgroup_id;
            return;
        }
    }
    if (t->nctrs >= CONTAINERS_MAX)
        return;
    WARD_GROW(t->ctrs, t->nctrs, t->capctrs);
    snprintf(t->ctrs[t->nctrs].id, sizeof(t->ctrs[t->nctrs].id), "%s", id);
    t->ctrs[t->nctrs].cgroup_id = cgroup_id;
    t->ctrs[t->nctrs++].bl = bl;
}

void ward_bltrack_set_watch_stats(struct ward_bltrack *t, const struct ward_watch_stats *st)
{
    t->wst = st;
}

static size_t alert(struct ward_bltrack *t, const struct ward_baseline *bl,
                    const struct ward_wrule *r, enum ward_bl_set set, const char *item,
                    const struct ward_wevent *ev)
{
    t->st.new_items++;
    char sep[2] = {WARD_BL_SEP, 0};
    ward_autofree char *key = ward_xasprintf("%s%s%d%s%s", bl->image, sep, (int)set, sep, item);
    /* the dedup set holds WARD_BL_PROCS_MAX keys; past it alerts are still raised,
     * only no longer deduplicated */
    if (ward_baseline_has(t->dedup, WARD_BL_PROCS, key)) {
        t->st.suppressed++;
        return 0;
    }
    ward_baseline_add(t->dedup, WARD_BL_PROCS, key);
    struct ward_buf b = WARD_BUF_INIT(1u << 20);
    ward_walert_json(&b, r, ev);
    if (ward_buf_check(&b) == 0 && t->sinks)
        ward_wsinks_emit(t->sinks, r->prio, b.ptr, b.len);
    ward_buf_dispose(&b);
    t->st.alerts++;
    return 1;
}

static const char *fval(const struct ward_wevent *ev, int f)
{
    return f >= 0 && f < WF_COUNT ? ev->f[f] : NULL;
}

static const char *proto_of(const struct ward_bltrack *t, const struct ward_wevent *ev)
{
    const char *p = fval(ev, t->f_proto);
    return p && p[0] ? p : "tcp";
}

size_t ward_bltrack_event(const struct ward_wevent *ev, void *ud)
{
    struct ward_bltrack *t = ud;
    const char *image = ev->f[WF_CONTAINER_IMAGE], *type = ev->f[WF_EVT_TYPE];
    if (!image || !image[0] || !type)
        return 0;
    long at = baseline_of(t, image, ev->f[WF_CONTAINER_IMAGE_ID]);
    if (at < 0)
        return 0;
    struct ward_baseline *bl = t->bls[at];
    t->st.observed++;
    remember_container(t, ev->f[WF_CONTAINER_FULLID], ev->cgroup_id, (size_t)at);
    bool learn = t->mode == WARD_BL_LEARN;
    char *item = NULL;
    size_t raised = 0;

    if (strcmp(type, "execve") == 0) {
        const char *exe = ev->f[WF_PROC_EXEPATH], *name = ev->f[WF_PROC_NAME];
        if (!exe && !name)
            return 0;
        if (learn)
            t->st.new_items += ward_baseline_add_proc(bl, exe, name) == 1;
        else if (!ward_baseline_has_proc(bl, exe, name)) {
            char sep[2] = {WARD_BL_SEP, 0};
            item = ward_xasprintf("%s%s%s", exe ? exe : "", sep, name ? name : "");
            raised = alert(t, bl, &rule_proc, WARD_BL_PROCS, item, ev);
        }
    } else if (strcmp(type, "open_write") == 0) {
        const char *path = ev->f[WF_FD_NAME];
        if (!path)
            return 0;
        if (learn)
            t->st.new_items += ward_baseline_add_write(bl, path) == 1;
        else if (!ward_baseline_has_write(bl, path)) {
            item = ward_baseline_write_key(path);
            raised = alert(t, bl, &rule_write, WARD_BL_WRITES, item, ev);
        }
    } else if (strcmp(type, "connect") == 0) {
        const char *port = fval(ev, t->f_rport), *ip = fval(ev, t->f_rip);
        if (!port)
            return 0;
        item = ward_xasprintf("%s/%s", proto_of(t, ev), port);
        if (learn) {
            t->st.new_items += ward_baseline_add(bl, WARD_BL_OUTBOUND, item) == 1;
            if (ip) {
                ward_autofree char *peer = ward_xasprintf(
                    strchr(ip, ':') ? "%s/[%s]:%s" : "%s/%s:%s", proto_of(t, ev), ip, port);
                ward_baseline_add(bl, WARD_BL_PEERS, peer);
            }
        } else if (!ward_baseline_has(bl, WARD_BL_OUTBOUND, item)) {
            raised = alert(t, bl, &rule_out, WARD_BL_OUTBOUND, item, ev);
        }
    } else if (strcmp(type, "listen") == 0) {
        const char *port = fval(ev, t->f_lport);
        if (!port)
            return 0;
        item = ward_xasprintf("%s/%s", proto_of(t, ev), port);
        if (learn)
            t->st.new_items += ward_baseline_add(bl, WARD_BL_LISTEN, item) == 1;
        else if (!ward_baseline_has(bl, WARD_BL_LISTEN, item))
            raised = alert(t, bl, &rule_listen, WARD_BL_LISTEN, item, ev);
    }
    free(item);
    return raised;
}

void ward_bltrack_stop(void *ud)
{
    struct ward_bltrack *t = ud;
    struct ward_sensor *sensor = t->wst ? t->wst->sensor : NULL;
    if (t->mode != WARD_BL_LEARN || !sensor)
        return; /* only the eBPF backend keeps per-cgroup syscall bitmaps */
    for (size_t i = 0; i < t->nctrs; i++) {
        uint8_t bits[WARD_SYSCALL_BITMAP_BYTES];
        struct ward_error *e = NULL;
        if (ward_sensor_container_syscalls(sensor, t->ctrs[i].id, bits, &e) < 0) {
            ward_debug("no syscalls for container %.12s: %s", t->ctrs[i].id,
                       e ? e->msg : "unknown cgroup");
            ward_error_free(e);
            continue;
        }
        struct ward_baseline *bl = t->bls[t->ctrs[i].bl];
        bl->syscalls_recorded = true;
        for (unsigned nr = 0; nr < WARD_SYSCALL_BITMAP_BYTES * 8u; nr++) {
            const char *name = (bits[nr / 8] >> (nr % 8)) & 1 ? ward_syscall_name(nr) : NULL;
            if (name)
                ward_baseline_add(bl, WARD_BL_SYSCALLS, name);
        }
    }
}

int ward_bltrack_save(struct ward_bltrack *t, size_t *nimages, struct ward_error **err)
{
    *nimages = 0;
    if (t->mode != WARD_BL_LEARN)
        return 0;
    for (size_t i = 0; i < t->n; i++) {
        struct ward_baseline *bl = t->bls[i];
        struct ward_baseline *old = NULL;
        ward_autofree char *path = NULL;
        ward_autofree char *name = ward_baseline_file_name(bl->image);
        path = ward_xasprintf("%s/%s", t->dir, name);
        struct ward_error *e = NULL;
        /* learning again adds to what was learned before */
        if (access(path, F_OK) == 0) {
            if (ward_baseline_find(&old, t->dir, path, &e) < 0) {
                ward_warn("%s unreadable, replaced: %s", path, e->msg);
                ward_error_free(e);
            } else if (strcmp(old->image, bl->image) == 0) {
                ward_baseline_merge(bl, old);
            }
            ward_baseline_free(old);
        }
        if (ward_baseline_save(t->dir, bl, err) < 0)
            return -1;
        (*nimages)++;
    }
    return 0;
}
