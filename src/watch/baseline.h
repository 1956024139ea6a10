/* baseline.h - learned per-image behaviour profiles for ward watch: the
 * processes, file-write paths, network ports/peers and syscalls seen while
 * learning, stored as one sorted JSON file per image; diff, merge, seccomp
 * profile export, and the tracker that learns or enforces during a watch. */
#ifndef WARD_WATCH_BASELINE_H
#define WARD_WATCH_BASELINE_H

#include "watch/watch.h"

/* The sets a baseline holds. Items are strings; processes are "exe\x1fname". */
enum ward_bl_set {
    WARD_BL_PROCS,    /* processes: exe path + comm */
    WARD_BL_WRITES,   /* file writes: exact paths or "DIR/" "*" (anything below DIR) */
    WARD_BL_OUTBOUND, /* outbound ports: "tcp/443" */
    WARD_BL_LISTEN,   /* listening ports: "tcp/8080" */
    WARD_BL_PEERS,    /* outbound peers: "tcp/10.0.0.1:443", "tcp/[::1]:80" */
    WARD_BL_SYSCALLS, /* syscall names (x86_64) */
    WARD_BL_NSETS,
};

#define WARD_BL_ITEM_MAX     4096u /* bytes of one item */
#define WARD_BL_PROCS_MAX    2048u
#define WARD_BL_WRITES_MAX   512u
#define WARD_BL_NET_MAX      512u
#define WARD_BL_SYSCALLS_MAX 1024u
#define WARD_BL_DIR_FILES    8u             /* distinct files below one dir before "DIR/" "*" */
#define WARD_BL_FILE_BYTES   (8u << 20)     /* one baseline file */
#define WARD_BL_IMAGES_MAX   4096u          /* baselines in one directory */
#define WARD_BL_SEP          '\x1f'         /* exe/name separator inside a process item */

struct ward_strset {
    char **v; /* sorted (strcmp), unique, owned */
    size_t n, cap;
};

struct ward_baseline {
    char *image;    /* as containers name it ("alpine:3.10"); never NULL */
    char *image_id; /* "sha256:..." or NULL */
    struct ward_strset sets[WARD_BL_NSETS];
    bool syscalls_recorded;   /* a backend that reports syscalls took part */
    bool truncated;           /* a set hit its cap while learning (saved in the file) */
};

int ward_baseline_new(struct ward_baseline **out, const char *image, const char *image_id);
void ward_baseline_free(struct ward_baseline *bl);
WARD_DEFINE_AUTOPTR(ward_baseline, ward_baseline_free)

/* Add an item to a set. Returns 1 when new, 0 when known, WARD_ELIMIT when
 * the set is full (the item is not added; bl->truncated is set). */
int ward_baseline_add(struct ward_baseline *bl, enum ward_bl_set set, const char *item);
bool ward_baseline_has(const struct ward_baseline *bl, enum ward_bl_set set, const char *item);
/* Process item helpers ("exe\x1fname"; either part may be empty). */
int ward_baseline_add_proc(struct ward_baseline *bl, const char *exe, const char *name);
bool ward_baseline_has_proc(const struct ward_baseline *bl, const char *exe, const char *name);
/* Writes are generalised: below scratch dirs (/tmp, /var/tmp, /dev/shm, /run,
 * /var/run, /var/cache, /var/log, /proc, /dev) and for file names that look
 * generated (long digit/hex runs) the item is "DIR/" "*"; more than
 * WARD_BL_DIR_FILES distinct files in one dir collapse into "DIR/" "*". */
int ward_baseline_add_write(struct ward_baseline *bl, const char *path);
/* True when path is listed or below a "DIR/" "*" item. */
bool ward_baseline_has_write(const struct ward_baseline *bl, const char *path);
/* The generalised form of a write path, as add_write would store it (caller frees). */
char *ward_baseline_write_key(const char *path);

/* Union of src into dst (image ids: dst's kept unless NULL). */
void ward_baseline_merge(struct ward_baseline *dst, const struct ward_baseline *src);

/* Stable pretty JSON (sorted sets, fixed key order, trailing newline). */
void ward_baseline_json(struct ward_buf *b, const struct ward_baseline *bl);
/* Parse a baseline file. WARD_EFORMAT on a wrong shape, WARD_ELIMIT past caps. */
int ward_baseline_parse(struct ward_baseline **out, const char *p, size_t n,
                        struct ward_error **err);

/* Lines "+ process /bin/busybox (wget)" for items of b not in a, "- ..."
 * for items of a not in b, grouped by set. Returns the number of lines. */
size_t ward_baseline_diff(struct ward_buf *b, const struct ward_baseline *a,
                          const struct ward_baseline *bb);

/* Docker / OCI seccomp profile (x86_64): defaultAction SCMP_ACT_ERRNO (EPERM),
 * the baseline's syscalls plus ward_seccomp_runtime[] allowed.
 * WARD_EUNSUPPORTED when the baseline has no syscalls recorded. */
int ward_baseline_seccomp(struct ward_buf *b, const struct ward_baseline *bl,
                          struct ward_error **err);
/* The syscalls runc needs between loading the filter and exec'ing the
 * container's process, and the dynamic loader's start-up (documented in docs/watch.md). */
extern const char *const ward_seccomp_runtime[];
extern const size_t ward_seccomp_runtime_len;

/* ---- storage: one file per image in a directory ------------------------------- */

/* $WARD_BASELINE_DIR, else $XDG_DATA_HOME/ward/baselines, else
 * ~/.local/share/ward/baselines (caller frees). */
char *ward_baseline_default_dir(void);
/* "alpine_3.10-1a2b3c4d.json": the image name made file-safe plus 8 hex of
 * its sha256 (caller frees). */
char *ward_baseline_file_name(const char *image);
/* Write bl to dir (created), atomically (temp file + rename). */
int ward_baseline_save(const char *dir, const struct ward_baseline *bl, struct ward_error **err);
/* Every *.json baseline of dir, sorted by image. A missing dir is an empty list.
 * Files that do not parse are skipped with a warning. */
int ward_baseline_load_dir(const char *dir, struct ward_baseline ***out, size_t *n,
                           struct ward_error **err);
void ward_baseline_list_free(struct ward_baseline **v, size_t n);
/* The baseline of image (name, full id, or an id prefix of 12+ hex), or a
 * path to a baseline file. WARD_ENOTFOUND when none matches. */
int ward_baseline_find(struct ward_baseline **out, const char *dir, const char *what,
                       struct ward_error **err);

/* ---- x86_64 syscall names (generated from <sys/syscall.h>) ---------------------- */
const char *ward_syscall_name(unsigned nr); /* NULL when unknown */
unsigned ward_syscall_max(void);            /* highest known number + 1 */
int ward_syscall_number(const char *name);  /* -1 when unknown */

/* ---- the tracker: learning or enforcing during ward watch ------------------- */

enum ward_bl_mode { WARD_BL_LEARN, WARD_BL_ENFORCE };

struct ward_bltrack_stats {
    uint64_t observed;  /* events of containers with an image */
    uint64_t new_items; /* learn: items added; enforce: items outside the baseline */
    uint64_t alerts;    /* enforce: alerts raised (deduplicated) */
    uint64_t unknown_images; /* enforce: images without a baseline (each counted once) */
    uint64_t suppressed;     /* enforce: repeats of an alerted item, or past the dedup cap */
};

struct ward_bltrack;
/* enforce: loads every baseline of dir now. sinks receives the alerts
 * (may be NULL in learn mode). */
int ward_bltrack_new(struct ward_bltrack **out, enum ward_bl_mode mode, const char *dir,
                     struct ward_wsinks *sinks, struct ward_error **err);
void ward_bltrack_free(struct ward_bltrack *t);
WARD_DEFINE_AUTOPTR(ward_bltrack, ward_bltrack_free)
/* Feed one attributed event; returns the alerts raised (enforce). Matches the
 * ward_watch_opts.on_event hook. */
size_t ward_bltrack_event(const struct ward_wevent *ev, void *t);
/* Before the sensors close: collect the syscalls each seen container made
 * (when the backend records them). Matches ward_watch_opts.on_stop. */
void ward_bltrack_stop(void *t);
/* The running watch's stats: in on_stop their sensor (eBPF) gives the
 * syscall bitmaps. Set before ward_watch_run. */
void ward_bltrack_set_watch_stats(struct ward_bltrack *t, const struct ward_watch_stats *st);
/* learn: merge what was learned into dir's files and save them; *nimages
 * gets the number of images written. */
int ward_bltrack_save(struct ward_bltrack *t, size_t *nimages, struct ward_error **err);
const struct ward_bltrack_stats *ward_bltrack_stats(const struct ward_bltrack *t);
/* The learned (or loaded) baselines, borrowed. */
size_t ward_bltrack_count(const struct ward_bltrack *t);
const struct ward_baseline *ward_bltrack_get(const struct ward_bltrack *t, size_t i);

#endif
