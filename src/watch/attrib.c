/* attrib.c - who an event belongs to: container id (from /proc/PID/cgroup)
 * -> name, image and labels, asked of the Docker Engine once per container
 * and cached (an id the Engine does not know is asked again after 5 s). */
#include "watch/watch.h"

#include "engine/engine.h"
#include "util/json_in.h"

#include <string.h>
#include <time.h>

#define MAX_CONTAINERS 4096u /* cached entries; the oldest unknown ones go first */
#define RETRY_NS       (5ull * 1000000000ull)

struct ward_attrib {
    struct ward_engine *engine;
    struct ward_wctr **items;
    size_t n, cap, lookups;
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int ward_attrib_new(struct ward_attrib **out, struct ward_engine *engine)
{
    struct ward_attrib *a = ward_xcalloc(1, sizeof(*a));
    a->engine = engine;
    *out = a;
    return 0;
}

static void ctr_clear(struct ward_wctr *c)
{
    free(c->name);
    free(c->image);
    free(c->image_id);
    for (size_t i = 0; i < c->nlabels * 2; i++)
        free(c->labels[i]);
    free(c->labels);
    c->name = c->image = c->image_id = NULL;
    c->labels = NULL;
    c->nlabels = 0;
}

void ward_attrib_free(struct ward_attrib *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++) {
        ctr_clear(a->items[i]);
        free(a->items[i]);
    }
    free(a->items);
    free(a);
}

size_t ward_attrib_lookups(const struct ward_attrib *a)
{
    return a->lookups;
}

static void inspect(struct ward_attrib *a, struct ward_wctr *c)
{
    c->looked_up_ns = now_ns();
    if (!a->engine)
        return;
    char path[128];
    snprintf(path, sizeof(path), "/containers/%s/json", c->id);
    json_t *j = NULL;
    struct ward_error *err = NULL;
    a->lookups++;
    if (ward_engine_get_json(a->engine, path, &j, &err) < 0) {
        ward_error_free(err);
        return;
    }
    ctr_clear(c);
    const char *name = ward_jstr(j, "Name");
    if (name && name[0] == '/')
        name++;
    json_t *cfg = ward_jobj(j, "Config");
    const char *image = ward_jstr(cfg, "Image");
    const char *image_id = ward_jstr(j, "Image");
    c->name = name ? ward_xstrdup(name) : NULL;
    c->image = image ? ward_xstrdup(image) : NULL;
    c->image_id = image_id ? ward_xstrdup(image_id) : NULL;
    json_t *labels = ward_jobj(cfg, "Labels");
    if (labels && json_object_size(labels) > 0) {
        size_t n = WARD_MIN(json_object_size(labels), 256u);
        c->labels = ward_xcalloc(n * 2, sizeof(char *));
        const char *k;
        json_t *v;
        json_object_foreach(labels, k, v)
        {
            if (c->nlabels >= n)
                break;
            if (!json_is_string(v))
                continue;
            c->labels[c->nlabels * 2] = ward_xstrdup(k);
            c->labels[c->nlabels * 2 + 1] = ward_xstrdup(json_string_value(v));
            c->nlabels++;
        }
    }
    json_t *state = ward_jobj(j, "State");
    c->pid = (int)ward_jint(state, "Pid", 0);
    c->known = true;
    json_decref(j);
}

const struct ward_wctr *ward_attrib_container(struct ward_attrib *a, const char *id)
{
    for (size_t i = 0; i < a->n; i++) {
        struct ward_wctr *c = a->items[i];
        if (strcmp(c->id, id) != 0)
            continue;
        if (!c->known && now_ns() - c->looked_up_ns > RETRY_NS)
            inspect(a, c);
        return c;
    }
    if (a->n >= MAX_CONTAINERS) {
        /* forget the first entry (oldest); containers come and go */
        ctr_clear(a->items[0]);
        free(a->items[0]);
        memmove(a->items, a->items + 1, (a->n - 1) * sizeof(*a->items));
        a->n--;
    }
    struct ward_wctr *c = ward_xcalloc(1, sizeof(*c));
    snprintf(c->id, sizeof(c->id), "%s", id);
    inspect(a, c);
    WARD_GROW(a->items, a->n, a->cap);
    a->items[a->n++] = c;
    return c;
}
