/* s6_ops.c - CIS section 6, security operations: image and container sprawl counts. */
#include "bench/bench_int.h"
#include "bench/checks_fns.h"

#include <string.h>

void bench_6_1(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    const struct ward_bench_facts *f = c->f;
    size_t used = 0;
    for (size_t i = 0; i < f->nimages; i++) {
        const char *id = ward_jstr(f->images[i], "Id");
        for (size_t k = 0; id && k < f->ncontainers; k++) {
            const char *img = ward_jstr(f->containers[k], "Image");
            if (img && strcmp(img, id) == 0) {
                used++;
                break;
            }
        }
    }
    int64_t total = ward_jint(f->info, "Images", (int64_t)f->nimages);
    bench_info(c, r, "%lld images, %zu used by running containers", (long long)total, used);
}

void bench_6_2(struct bench_ctx *c, struct ward_bench_result *r)
{
    if (!bench_need_engine(c, r))
        return;
    int64_t all = ward_jint(c->f->info, "Containers", 0);
    int64_t run = ward_jint(c->f->info, "ContainersRunning", 0);
    if (all - run > 25)
        bench_info(c, r, "%lld containers, %lld running: %lld not running", (long long)all,
                   (long long)run, (long long)(all - run));
    else
        bench_pass(c, r, "%lld containers, %lld running", (long long)all, (long long)run);
}
