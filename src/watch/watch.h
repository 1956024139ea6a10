/* watch.h - ward watch: a host-wide event sensor (kernel proc connector for
 * exec/uid changes, fanotify for sensitive file opens), attribution of each
 * event to its container, YAML rules with a small condition language, and
 * alert sinks (stdout JSON lines, file, syslog). */
#ifndef WARD_WATCH_WATCH_H
#define WARD_WATCH_WATCH_H

#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>

struct ward_engine;
struct ward_sensor; /* eBPF sensor, sensor.h */

/* ---- Events ---------------------------------------------------------------- */

/* Every field a condition or an output can name. All values are carried as
 * strings (numbers in decimal); NULL means the field is absent for this event. */
enum ward_wfield {
    WF_EVT_TYPE,           /* evt.type: execve, setuid, open, open_write */
    WF_EVT_SOURCE,         /* evt.source: proc-connector, fanotify */
    WF_PROC_NAME,          /* proc.name: the kernel's comm (15 chars) */
    WF_PROC_EXE,           /* proc.exe: argv[0] */
    WF_PROC_EXEPATH,       /* proc.exepath: /proc/PID/exe, inside the container's root */
    WF_PROC_CMDLINE,       /* proc.cmdline: argv joined by spaces */
    WF_PROC_ARGS,          /* proc.args: argv[1..] joined by spaces */
    WF_PROC_PID,           /* proc.pid: host pid */
    WF_PROC_VPID,          /* proc.vpid: pid inside its pid namespace (1 = entrypoint) */
    WF_PROC_CWD,           /* proc.cwd */
    WF_PROC_TTY,           /* proc.tty: tty_nr, 0 when none */
    WF_PROC_PPID,          /* proc.ppid */
    WF_PROC_PNAME,         /* proc.pname */
    WF_PROC_PCMDLINE,      /* proc.pcmdline */
    WF_PROC_PEXEPATH,      /* proc.pexepath */
    WF_USER_UID,           /* user.uid: real uid */
    WF_USER_EUID,          /* user.euid: effective uid */
    WF_USER_GID,           /* user.gid: real gid */
    WF_USER_EGID,          /* user.egid */
    WF_PROC_SETUID,        /* proc.setuid: "true" when euid != uid or egid != gid */
    WF_PROC_PUID,          /* proc.puid: the parent's effective uid */
    WF_FD_NAME,            /* fd.name: file path of a file event */
    WF_CONTAINER_ID,       /* container.id: 12-char short id, "host" outside containers */
    WF_CONTAINER_FULLID,   /* container.full_id */
    WF_CONTAINER_NAME,     /* container.name ("host" outside containers) */
    WF_CONTAINER_IMAGE,    /* container.image: as the container was created ("alpine:3.10") */
    WF_CONTAINER_IMAGE_ID, /* container.image.id */
    /* eBPF backend only (absent with the proc-connector backend) */
    WF_EVT_RES,         /* evt.res: the syscall's return value (connect, listen, mount, module) */
    WF_EVT_ARGS,        /* evt.args: "fstype=tmpfs flags=0x0", "newfd=0", "flags=01101" */
    WF_FD_SIP,          /* fd.sip: local address of the socket */
    WF_FD_SPORT,        /* fd.sport: local port */
    WF_FD_RIP,          /* fd.rip: remote address (connect, dup) */
    WF_FD_RPORT,        /* fd.rport: remote port */
    WF_FD_L4PROTO,      /* fd.l4proto: tcp, udp */
    WF_FD_NUM,          /* fd.num: the stdio fd a socket was dup'ed onto (dup) */
    WF_PROC_STDIO_SOCK, /* proc.stdio_socket: "true" when fd 0, 1 or 2 is a socket at exec */
    WF_CGROUP_ID,       /* cgroup.id: kernfs id of the task's cgroup (ward_sensor_syscalls_seen) */
    WF_COUNT,
};

/* "proc.name" -> WF_PROC_NAME; -1 when unknown. */
int ward_wfield_lookup(const char *name, size_t len);
const char *ward_wfield_name(enum ward_wfield f);

struct ward_wevent {
    const char *f[WF_COUNT];
    /* container labels as "key", "value" pairs (borrowed) */
    const char *const *labels;
    size_t nlabels;
    uint64_t ts_ns; /* CLOCK_REALTIME */
    uint64_t cgroup_id; /* eBPF backend: the task's cgroup id (sensor.h); 0 otherwise */
};

/* ---- Conditions ------------------------------------------------------------- */

struct ward_wnode; /* compiled condition, lives in its ruleset's arena */
struct ward_wruleset;

/* Compile a condition against rs's lists and macros (macros compiled on
 * first use). Errors: WARD_EFORMAT with the offset, WARD_ELIMIT past the
 * size/depth/cost limits below. */
int ward_wcond_compile(struct ward_wruleset *rs, const char *text, size_t len,
                       struct ward_wnode **out, struct ward_error **err);
bool ward_wcond_eval(const struct ward_wnode *n, const struct ward_wevent *ev);

#define WARD_WATCH_COND_MAX    (64u << 10) /* bytes of one condition */
#define WARD_WATCH_DEPTH_MAX   200u        /* nesting, macros included */
#define WARD_WATCH_COST_MAX    200000u     /* comparisons one evaluation may do */
#define WARD_WATCH_ITEMS_MAX   20000u      /* items of one list or value list */
#define WARD_WATCH_RULES_BYTES (4u << 20)  /* one rules file */
#define WARD_WATCH_OBJECTS_MAX 10000u      /* lists + macros + rules */

/* glob: '*' any run (also across '/'), '?' one char, [abc] [a-z] [!x]; linear time. */
bool ward_wglob(const char *pat, size_t plen, const char *s, size_t slen);

/* ---- Rules ------------------------------------------------------------------ */

enum ward_wprio {
    WARD_PRIO_EMERGENCY,
    WARD_PRIO_ALERT,
    WARD_PRIO_CRITICAL,
    WARD_PRIO_ERROR,
    WARD_PRIO_WARNING,
    WARD_PRIO_NOTICE,
    WARD_PRIO_INFO,
    WARD_PRIO_DEBUG,
};
/* "warning" (any case; "info"/"informational") -> prio; -1 when unknown. */
int ward_wprio_parse(const char *s);
const char *ward_wprio_name(enum ward_wprio p);

struct ward_wlist {
    char *name;
    char **items;
    size_t n;
};

struct ward_wmacro {
    char *name, *cond;
    struct ward_wnode *node; /* compiled */
    int state;               /* 0 not compiled, 1 compiling, 2 done */
    unsigned depth, cost;
    const char *file;
    int line;
};

struct ward_wexception {
    char *name;
    char *cond;    /* condition form */
    char **fields; /* or fields/comps/values tuples */
    char **comps;  /* NULL = "=" for every field */
    size_t nfields;
    char ***values; /* values[i][j], j < nfields */
    size_t nvalues;
};

struct ward_wrule {
    char *name, *desc, *cond, *output;
    enum ward_wprio prio;
    char **tags;
    size_t ntags;
    bool enabled;
    struct ward_wexception *exc;
    size_t nexc;
    struct ward_wnode *node; /* cond and not (exceptions) */
    const char *file;
    int line;
};

struct ward_wruleset {
    struct ward_arena arena;
    struct ward_wlist *lists;
    size_t nlists, caplists;
    struct ward_wmacro *macros;
    size_t nmacros, capmacros;
    struct ward_wrule *rules;
    size_t nrules, caprules;
    bool compiled;
    unsigned compile_nest; /* macro recursion while compiling */
    size_t nstrings;       /* scalars loaded (bounded) */
};

int ward_wruleset_new(struct ward_wruleset **out);
void ward_wruleset_free(struct ward_wruleset *rs);
WARD_DEFINE_AUTOPTR(ward_wruleset, ward_wruleset_free)

/* Add the lists, macros and rules of one YAML document (a sequence of
 * "- list:", "- macro:", "- rule:" maps). A later item with the name of an
 * earlier one replaces it; "- rule: X" with only "enabled:" toggles X.
 * WARD_EFORMAT with "file:line: what" on any error. */
int ward_wrules_load(struct ward_wruleset *rs, const char *data, size_t len, const char *file,
                     struct ward_error **err);
/* Compile every rule's condition, exceptions and output fields. */
int ward_wrules_compile(struct ward_wruleset *rs, struct ward_error **err);

/* Evaluate every enabled rule at or above min against ev; fn is called for
 * each match in file order. Returns the number of matches. */
typedef void (*ward_wmatch_fn)(const struct ward_wrule *r, const struct ward_wevent *ev, void *ud);
size_t ward_wrules_eval(const struct ward_wruleset *rs, const struct ward_wevent *ev,
                        enum ward_wprio min, ward_wmatch_fn fn, void *ud);
/* Index of the rule named name, or -1. */
long ward_wrules_find(const struct ward_wruleset *rs, const char *name);

/* The default rules shipped with ward (rules/default.yaml, embedded). */
extern const char ward_watch_default_rules[];
extern const size_t ward_watch_default_rules_len;

/* Render a rule output ("%proc.name ran %proc.cmdline") for ev. */
void ward_woutput_render(struct ward_buf *b, const char *fmt, const struct ward_wevent *ev);
/* Check every %field of an output names a known field. */
int ward_woutput_check(const char *fmt, struct ward_error **err);
/* One alert as a JSON line (with the trailing newline). */
void ward_walert_json(struct ward_buf *b, const struct ward_wrule *r, const struct ward_wevent *ev);
/* One raw event as a JSON line (--events). */
void ward_wevent_json(struct ward_buf *b, const struct ward_wevent *ev);

/* ---- /proc and cgroup text (hostile-ish: processes control them) ------------- */

/* The container id (64 lowercase hex) named by a /proc/PID/cgroup file:
 * "/docker/<id>", "docker-<id>.scope", ".../<id>" under any parent, cgroup v1
 * or v2. Returns true and fills id (65 bytes) when one is found. */
bool ward_watch_cgroup_container(const char *data, size_t len, char id[65]);
/* /proc/PID/status: PPid, the Uid/Gid lines (real, effective) and the last
 * NSpid value. Absent values are left at -1. */
struct ward_proc_status {
    long long ppid, uid, euid, gid, egid, vpid;
};
void ward_watch_parse_status(const char *data, size_t len, struct ward_proc_status *st);
/* /proc/PID/stat: tty_nr (field 7), after the last ')'. Returns -1 when malformed. */
long long ward_watch_parse_stat_tty(const char *data, size_t len);
/* /proc/PID/cmdline (NUL-separated) -> argv0, args and the whole line, each
 * space-joined into the arena, bounded to max bytes. */
void ward_watch_parse_cmdline(struct ward_arena *a, const char *data, size_t len, size_t max,
                              char **exe, char **args, char **cmdline);

/* ---- Attribution ------------------------------------------------------------- */

struct ward_wctr {
    char id[65];
    char *name, *image, *image_id;
    char **labels; /* key, value, key, value ... */
    size_t nlabels;
    int pid;    /* its init process on the host (State.Pid), 0 if unknown */
    bool known; /* the Engine knew it */
    uint64_t looked_up_ns;
};

struct ward_attrib;
/* engine may be NULL (no names/images, ids only). */
int ward_attrib_new(struct ward_attrib **out, struct ward_engine *engine);
void ward_attrib_free(struct ward_attrib *a);
WARD_DEFINE_AUTOPTR(ward_attrib, ward_attrib_free)
/* The container of id (64 hex), asking the Engine once per id (an unknown id
 * is asked again after 5 s). Borrowed, valid until ward_attrib_free. */
const struct ward_wctr *ward_attrib_container(struct ward_attrib *a, const char *id);
size_t ward_attrib_lookups(const struct ward_attrib *a);

/* ---- Sinks ------------------------------------------------------------------- */

struct ward_wsinks;
int ward_wsinks_new(struct ward_wsinks **out);
void ward_wsinks_free(struct ward_wsinks *s);
WARD_DEFINE_AUTOPTR(ward_wsinks, ward_wsinks_free)
/* "stdout", "file:PATH", "syslog". WARD_EFORMAT on an unknown spec, WARD_EIO
 * when a file cannot be opened. */
int ward_wsinks_add(struct ward_wsinks *s, const char *spec, struct ward_error **err);
/* Send one JSON line to every sink. A sink that fails counts a drop. */
void ward_wsinks_emit(struct ward_wsinks *s, enum ward_wprio prio, const char *line, size_t len);
uint64_t ward_wsinks_sent(const struct ward_wsinks *s);
uint64_t ward_wsinks_dropped(const struct ward_wsinks *s);
size_t ward_wsinks_count(const struct ward_wsinks *s);

/* ---- The watcher ------------------------------------------------------------- */

enum ward_watch_backend {
    WARD_WATCH_BACKEND_AUTO, /* eBPF when built in and loadable, else proc connector */
    WARD_WATCH_BACKEND_EBPF, /* eBPF or fail */
    WARD_WATCH_BACKEND_PROC, /* proc connector (+ fanotify) */
};

struct ward_watch_opts {
    struct ward_wruleset *rules; /* compiled */
    enum ward_watch_backend backend;
    struct ward_wsinks *sinks;
    struct ward_engine *engine; /* NULL: no names/images */
    enum ward_wprio min_prio;
    bool containers_only; /* ignore host processes */
    bool events;          /* also emit every event (debug) */
    bool no_fanotify;
    double duration_s;      /* 0 = until SIGINT/SIGTERM */
    const char *ready_file; /* created once the sensors listen */
    /* called once the sensors listen, with the backend in use (the CLI reports it) */
    void (*on_ready)(const char *backend, void *ud);
    void *ud;
    /* baselines (baseline.h): called for every event kept, after the rules,
     * returning the alerts it raised; on_stop runs before the sensors close */
    size_t (*on_event)(const struct ward_wevent *ev, void *hook_ud);
    void (*on_stop)(void *hook_ud);
    void *hook_ud;
    bool record_syscalls; /* eBPF: keep per-cgroup syscall bitmaps (baseline learning) */
};

struct ward_watch_stats {
    uint64_t events, alerts, lost, proc_gone, file_events, file_marks;
    uint64_t throttled; /* eBPF: open events over the kernel-side rate limit */
    char backend[96];   /* "ebpf", "proc-connector+fanotify", "proc-connector" */
    /* the eBPF sensor while ward_watch_run runs (hooks may read its syscall
     * bitmaps, sensor.h; still valid in on_stop); NULL with the proc backend */
    struct ward_sensor *sensor;
};

/* Run the sensors until the duration ends or SIGINT/SIGTERM. Needs root
 * (CAP_NET_ADMIN for the proc connector, CAP_SYS_ADMIN for fanotify).
 * WARD_EUNSUPPORTED when the proc connector is unavailable. */
int ward_watch_run(const struct ward_watch_opts *o, struct ward_watch_stats *st,
                   struct ward_error **err);

#endif
