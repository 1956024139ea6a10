/* bench.h - `ward bench`: audit a Docker host, its daemon and its running containers against
 * the CIS Docker Benchmark. Facts are gathered once (Engine API, /proc, daemon.json, systemd
 * units, audit rules, file modes), then every selected check of the data-driven table runs. */
#ifndef WARD_BENCH_BENCH_H
#define WARD_BENCH_BENCH_H

#include "util/arena.h"
#include "util/buf.h"
#include "util/json_in.h"

#include <sys/types.h>
#include <time.h>

enum ward_bench_verdict { WARD_BENCH_PASS, WARD_BENCH_WARN, WARD_BENCH_INFO, WARD_BENCH_NOTE };

struct bench_ctx;
struct ward_bench_result;
typedef void (*ward_bench_fn)(struct bench_ctx *ctx, struct ward_bench_result *r);

/* One row of src/bench/data/checks.tsv (generated into ward_bench_checks[]). */
struct ward_bench_check {
    const char *id;
    const char *title;
    bool is_section;
    bool scored;
    bool automated;
    bool by_default; /* sections 1-7; 8.x and C.* run only when selected */
    const char *rationale;
    const char *remediation;
    ward_bench_fn fn; /* NULL: manual check, reported as NOTE */
};
extern const struct ward_bench_check ward_bench_checks[];
extern const size_t ward_bench_nchecks;

/* An offending object named by a check (container, image, file, user). Strings in the arena. */
struct ward_bench_item {
    const char *name;
    const char *detail;
};

struct ward_bench_result {
    const struct ward_bench_check *check;
    enum ward_bench_verdict verdict;
    const char *details; /* one line: why this verdict (arena) */
    struct ward_bench_item *items;
    size_t nitems, cap;
};

struct ward_bench_opts {
    const char *host;          /* NULL: $DOCKER_HOST, else unix:///var/run/docker.sock */
    const char *host_root;     /* where the host's files are ("/" when NULL) */
    const char *proc_root;     /* "/proc" when NULL */
    const char *checks;        /* "5.4,5.10": IDs or ID prefixes ("5", "2.1"); NULL = default set */
    const char *sections;      /* "2,5": same matching as checks */
    const char *exclude;       /* IDs or prefixes left out */
    const char *trusted_users; /* comma list for 1.1.2; NULL = list members as INFO */
    const char *content_trust; /* value of DOCKER_CONTENT_TRUST to judge (4.5); NULL = unset */
};

/* Parsed daemon command line: flags normalised to their long name without dashes
 * ("-H x" -> host=x, "--icc=false" -> icc=false, "--live-restore" -> live-restore=true). */
struct ward_bench_args {
    size_t n, cap;
    char **key;
    char **val;
    char *argv0;
};

/* Paths watched by audit rules (-w PATH, -F path=PATH, -F dir=PATH). */
struct ward_bench_audit {
    size_t n, cap;
    char **paths;
    bool *recursive; /* -w and dir= cover everything below the path; path= only the path */
};

/* Everything the checks look at, gathered once. Reasons are set when a fact is unknown. */
struct ward_bench_facts {
    struct ward_arena arena;
    char *host;
    char *host_root; /* "" for "/", else the prefix without trailing '/' */
    char *proc_root;
    /* Engine API */
    const char *engine_err; /* NULL when the daemon answered */
    json_t *version, *info, *swarm, *networks, *nodes, *secrets;
    json_t **containers; /* inspect objects of running containers, sorted by name */
    size_t ncontainers;
    json_t **images;    /* image inspect objects */
    json_t **histories; /* parallel to images: /images/{id}/history arrays (may be NULL) */
    size_t nimages;
    bool have_images;
    /* where the daemon's own files are */
    bool local;             /* daemon files reachable from here */
    const char *remote_why; /* reason when !local */
    pid_t pid;              /* dockerd serving the socket, 0 if unknown */
    const char *daemon_exe; /* /proc/PID/exe target */
    const char *pid_how;    /* how it was found */
    const char *pid_why;    /* why it was not */
    struct ward_bench_args args;
    bool have_args;
    bool rootless;
    uid_t daemon_uid;
    const char *config_path; /* daemon.json the daemon reads */
    json_t *daemon_json;     /* NULL if missing or bad */
    const char *config_why;  /* set when daemon_json could not be read (not when absent) */
    bool config_missing;
    struct ward_bench_audit audit;
    const char *audit_why; /* no rule files found / unreadable */
    const char *audit_source;
    const char *unit_service; /* docker.service path, NULL if none */
    const char *unit_socket;  /* docker.socket path */
    const char *daemon_unit;  /* unit name from /proc/PID/cgroup */
    const char *socket_path;  /* the unix socket the user points at */
    const char *containerd_sock;
    char **docker_group; /* members of group docker; NULL-terminated; NULL if no group */
    bool have_group;
    char **sshd_in; /* container ids that run sshd (NULL-terminated) */
    const char *sshd_why;
};

/* Gather the facts. Unreachable parts are recorded as reasons, not errors; only bad
 * options fail. Caller frees with ward_bench_facts_free. */
int ward_bench_facts_gather(struct ward_bench_facts **out, const struct ward_bench_opts *o,
                            struct ward_error **err);
void ward_bench_facts_free(struct ward_bench_facts *f);
WARD_DEFINE_AUTOPTR(ward_bench_facts, ward_bench_facts_free)

struct ward_bench_report {
    struct ward_arena arena;
    struct ward_bench_result *results; /* selected checks and their section headers, table order */
    size_t n;
    const struct ward_bench_facts *facts; /* borrowed: valid while the facts live */
    size_t checks, pass, warn, info, note, scored_pass, scored_warn;
    int score; /* docker-bench-security's score: scored PASS minus scored WARN */
    time_t started, ended;
    double duration_ms;
};

/* Run the selected checks on gathered facts. */
int ward_bench_evaluate(struct ward_bench_report **out, const struct ward_bench_facts *f,
                        const struct ward_bench_opts *o, struct ward_error **err);
void ward_bench_report_free(struct ward_bench_report *r);
WARD_DEFINE_AUTOPTR(ward_bench_report, ward_bench_report_free)

/* Does spec (comma list of IDs or ID prefixes) select id? */
bool ward_bench_id_matches(const char *spec, const char *id);

enum ward_bench_format {
    WARD_BENCH_FMT_TEXT,
    WARD_BENCH_FMT_JSON,
    WARD_BENCH_FMT_DOCKER_BENCH,
    WARD_BENCH_FMT_JUNIT,
    WARD_BENCH_FMT_SARIF,
    WARD_BENCH_FMT_HTML,
};
int ward_bench_format_parse(const char *s, enum ward_bench_format *out);
/* Render the report. color: ANSI colours in text output. */
int ward_bench_write(struct ward_buf *out, const struct ward_bench_report *r,
                     enum ward_bench_format fmt, bool color, struct ward_error **err);
const char *ward_bench_verdict_name(enum ward_bench_verdict v);

/* Parsers of hostile input (fuzzed, unit-tested). */
/* /proc/PID/cmdline contents (NUL-separated) -> args. */
int ward_bench_parse_cmdline(struct ward_bench_args *out, const char *p, size_t n,
                             struct ward_error **err);
void ward_bench_args_dispose(struct ward_bench_args *a);
/* Last value given for key (long name without dashes), NULL if absent. */
const char *ward_bench_args_get(const struct ward_bench_args *a, const char *key);
/* Audit rule file -> watched paths (appended to out). */
int ward_bench_parse_audit_rules(struct ward_bench_audit *out, const char *p, size_t n,
                                 struct ward_error **err);
void ward_bench_audit_dispose(struct ward_bench_audit *a);
/* True if path (or a directory above it) is watched. */
bool ward_bench_audit_watches(const struct ward_bench_audit *a, const char *path);
/* daemon.json -> JSON object; rejects non-objects and duplicate-free checks are left to dockerd. */
int ward_bench_parse_daemon_json(json_t **out, const char *p, size_t n, struct ward_error **err);

#endif
