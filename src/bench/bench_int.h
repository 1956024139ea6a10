/* bench_int.h - what the per-section check files share: the evaluation context, verdict and
 * item helpers, daemon option lookup (command line first, then daemon.json) and file helpers.
 * Internal to src/bench/. */
#ifndef WARD_BENCH_BENCH_INT_H
#define WARD_BENCH_BENCH_INT_H

#include "bench/bench.h"

#include <sys/stat.h>

struct bench_ctx {
    const struct ward_bench_facts *f;
    const struct ward_bench_opts *o;
    struct ward_arena *arena;
    bool live; /* paths name the live file system (sockets), not --host-root */
};

void bench_verdict(struct bench_ctx *c, struct ward_bench_result *r, enum ward_bench_verdict v,
                   const char *fmt, ...) WARD_PRINTF(4, 5);
#define bench_pass(c, r, ...) bench_verdict(c, r, WARD_BENCH_PASS, __VA_ARGS__)
#define bench_warn(c, r, ...) bench_verdict(c, r, WARD_BENCH_WARN, __VA_ARGS__)
#define bench_info(c, r, ...) bench_verdict(c, r, WARD_BENCH_INFO, __VA_ARGS__)
#define bench_note(c, r, ...) bench_verdict(c, r, WARD_BENCH_NOTE, __VA_ARGS__)
/* Name an offending object; detail may be NULL. */
void bench_item(struct bench_ctx *c, struct ward_bench_result *r, const char *name, const char *fmt,
                ...) WARD_PRINTF(4, 5);
char *bench_printf(struct bench_ctx *c, const char *fmt, ...) WARD_PRINTF(2, 3);

/* Guards: set INFO with the reason and return false when the fact is unknown. */
bool bench_need_engine(struct bench_ctx *c, struct ward_bench_result *r);
bool bench_need_local(struct bench_ctx *c, struct ward_bench_result *r);
/* Daemon configuration readable (local, daemon.json readable if present). */
bool bench_need_config(struct bench_ctx *c, struct ward_bench_result *r);
/* "; command line of dockerd not read: ..." or "" */
const char *bench_args_caveat(struct bench_ctx *c);

/* Effective daemon option: the command-line flag (long name) wins, else daemon.json key.
 * Returns true if set; *where names the source. json gets the daemon.json value. */
struct bench_opt {
    const char *val;    /* command-line value, or daemon.json scalar as text */
    const json_t *json; /* daemon.json value (NULL when from the command line) */
    const char *where;  /* "--icc=false on the command line" / "icc in /etc/docker/daemon.json" */
};
bool bench_opt(struct bench_ctx *c, const char *flag, const char *key, struct bench_opt *out);
/* Boolean option: dflt when unset. */
bool bench_opt_bool(struct bench_ctx *c, const char *flag, const char *key, bool dflt,
                    const char **where);
/* Count of values: repeated flags plus array/object entries in daemon.json. */
size_t bench_opt_count(struct bench_ctx *c, const char *flag, const char *key);

/* Running containers. */
const char *bench_cname(const json_t *ctr);
typedef const char *(*bench_cpred)(struct bench_ctx *c, const json_t *ctr);
/* WARN (or bad) naming each container for which pred returns a detail; PASS otherwise. */
void bench_per_container(struct bench_ctx *c, struct ward_bench_result *r, bench_cpred pred,
                         enum ward_bench_verdict bad, const char *what);
bool bench_str_in_array(const json_t *arr, const char *s);
bool bench_secopt_has(const json_t *info, const char *needle);

/* Host files (under opts->host_root). */
const char *bench_hpath(struct bench_ctx *c, const char *path);
/* Ownership: uid 0 and the named group (root/docker); missing file -> INFO. */
void bench_file_owner(struct bench_ctx *c, struct ward_bench_result *r, const char *path,
                      const char *group);
/* Mode no looser than max (e.g. 0644); missing file -> INFO. exact: must equal max. */
void bench_file_mode(struct bench_ctx *c, struct ward_bench_result *r, const char *path,
                     unsigned max, bool exact);
/* Audit watch for path; missing path -> INFO when skip_missing. */
void bench_audit_path(struct bench_ctx *c, struct ward_bench_result *r, const char *path,
                      bool skip_missing);
/* Group id -> name via the host's /etc/group (NULL if unknown). */
const char *bench_group_name(struct bench_ctx *c, gid_t gid);

#endif
