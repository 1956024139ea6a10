/* sensor.bpf.c - ward watch's eBPF sensor (CO-RE, libbpf): process exec/exit,
 * inet connect/listen, sockets dup'ed onto stdio, sensitive opens, uid/gid/cap
 * changes, module loads and mounts, each written with the task's creds, argv
 * and cgroup into a ring buffer; plus a per-cgroup bitmap of syscalls seen. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "event.h"

char LICENSE[] SEC("license") = "GPL";

#define AF_INET       2
#define AF_INET6      10
#define S_IFMT        00170000
#define S_IFSOCK      0140000
#define O_WRONLY      01
#define O_RDWR        02
#define O_CREAT       0100
#define O_TRUNC       01000
#define OPEN_RATE_MAX 2000 /* open events per second and CPU; the rest is counted, not sent */

const volatile __u32 self_tgid = 0; /* ward itself: never reported */
/* per-cgroup syscall bitmaps cost a map lookup on every syscall of the host:
 * only kept while learning baselines (ward_sensor_open's record_syscalls) */
const volatile bool record_syscalls = false;

__u64 lost_events = 0;    /* ring buffer full */
__u64 open_throttled = 0; /* open events over OPEN_RATE_MAX */

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 8 << 20);
} events SEC(".maps");

/* the event being built: too large for the 512-byte BPF stack */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct ward_bpf_event);
} scratch SEC(".maps");

/* syscall enter -> exit state, per thread */
struct pending {
    __u32 kind;
    __s32 fd;
    __u64 arg;
    __u16 family, dport;
    __u8 daddr[16];
    char extra[64];
    char path[WARD_BPF_PATH_LEN];
};
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 16384);
    __type(key, __u32);
    __type(value, struct pending);
} pend SEC(".maps");
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct pending);
} pend_scratch SEC(".maps");

/* cgroup id -> syscalls seen (see ward_sensor_syscalls_seen) */
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 4096);
    __type(key, __u64);
    __type(value, struct ward_bpf_sysmap);
} sysmap SEC(".maps");
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct ward_bpf_sysmap);
} sysmap_scratch SEC(".maps");

/* open rate limit: [0] = second, [1] = count, per CPU */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 2);
    __type(key, __u32);
    __type(value, __u64);
} open_rate SEC(".maps");

/* The task's cgroup: its cgroup v2 cgroup when it is below the root there,
 * else (hybrid hosts, Docker on cgroup v1) its memory-controller cgroup. The
 * id is the cgroup directory's kernfs id (its inode number). */
static __always_inline struct cgroup *task_cgroup(struct task_struct *t)
{
    struct cgroup *cg = BPF_CORE_READ(t, cgroups, dfl_cgrp);
    if (cg && BPF_CORE_READ(cg, level) > 0)
        return cg;
    int idx = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
    if (idx < 0 || idx >= CGROUP_SUBSYS_COUNT)
        return cg;
    struct cgroup_subsys_state *css = BPF_CORE_READ(t, cgroups, subsys[idx]);
    struct cgroup *v1 = css ? BPF_CORE_READ(css, cgroup) : NULL;
    return v1 ? v1 : cg;
}

struct kernfs_node___old {
    struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline void cgroup_names(struct cgroup *cg, char *parent, char *leaf)
{
    struct kernfs_node *kn = BPF_CORE_READ(cg, kn);
    const char *name = BPF_CORE_READ(kn, name);
    bpf_probe_read_kernel_str(leaf, WARD_BPF_CGNAME, name);
    /* kernfs_node.parent became __parent in 6.15 */
    struct kernfs_node *pkn = NULL;
    struct kernfs_node___old *old = (void *)kn;
    if (bpf_core_field_exists(kn->__parent))
        pkn = BPF_CORE_READ(kn, __parent);
    else if (bpf_core_field_exists(old->parent))
        pkn = BPF_CORE_READ(old, parent);
    if (pkn) {
        name = BPF_CORE_READ(pkn, name);
        bpf_probe_read_kernel_str(parent, WARD_BPF_CGNAME, name);
    }
}

static __always_inline struct file *task_fd(struct task_struct *t, int fd)
{
    if (fd < 0)
        return NULL;
    struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
    unsigned int max = BPF_CORE_READ(fdt, max_fds);
    if ((unsigned int)fd >= max)
        return NULL;
    struct file **arr = BPF_CORE_READ(fdt, fd);
    struct file *f = NULL;
    bpf_probe_read_kernel(&f, sizeof(f), &arr[fd]);
    return f;
}

static __always_inline struct sock *file_sock(struct file *f)
{
    if (!f)
        return NULL;
    umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
    if ((mode & S_IFMT) != S_IFSOCK)
        return NULL;
    struct socket *so = BPF_CORE_READ(f, private_data);
    return so ? BPF_CORE_READ(so, sk) : NULL;
}

/* addresses and ports of an inet socket; false for other families */
static __always_inline bool sock_addrs(struct sock *sk, struct ward_bpf_event *e)
{
    if (!sk)
        return false;
    __u16 fam = BPF_CORE_READ(sk, __sk_common.skc_family);
    if (fam != AF_INET && fam != AF_INET6)
        return false;
    e->family = fam;
    e->l4proto = BPF_CORE_READ(sk, sk_protocol);
    e->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
    e->dport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
    if (fam == AF_INET) {
        __u32 s = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
        __u32 d = BPF_CORE_READ(sk, __sk_common.skc_daddr);
        __builtin_memcpy(e->saddr, &s, 4);
        __builtin_memcpy(e->daddr, &d, 4);
    } else {
        BPF_CORE_READ_INTO(&e->saddr, sk, __sk_common.skc_v6_rcv_saddr);
        BPF_CORE_READ_INTO(&e->daddr, sk, __sk_common.skc_v6_daddr);
    }
    return true;
}

/* The common part of every event: ids, creds, cgroup, comm and argv of the
 * current task. NULL when the scratch slot is unavailable or it is ward. */
static __always_inline struct ward_bpf_event *begin(__u32 kind)
{
    __u64 pt = bpf_get_current_pid_tgid();
    __u32 tgid = pt >> 32;
    if (tgid == self_tgid)
        return NULL;
    __u32 zero = 0;
    struct ward_bpf_event *e = bpf_map_lookup_elem(&scratch, &zero);
    if (!e)
        return NULL;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    e->kind = kind;
    e->pid = tgid;
    e->tid = (__u32)pt;
    e->ppid = BPF_CORE_READ(t, real_parent, tgid);
    unsigned int level = BPF_CORE_READ(t, group_leader, thread_pid, level);
    struct pid *tp = BPF_CORE_READ(t, group_leader, thread_pid);
    struct upid up = {};
    bpf_probe_read_kernel(&up, sizeof(up), &tp->numbers[level & 31]);
    e->vpid = up.nr;
    const struct cred *c = BPF_CORE_READ(t, cred);
    e->uid = BPF_CORE_READ(c, uid.val);
    e->euid = BPF_CORE_READ(c, euid.val);
    e->gid = BPF_CORE_READ(c, gid.val);
    e->egid = BPF_CORE_READ(c, egid.val);
    e->flags = 0;
    e->res = 0;
    e->arg = 0;
    e->family = e->sport = e->dport = e->l4proto = 0;
    __builtin_memset(e->saddr, 0, sizeof(e->saddr));
    __builtin_memset(e->daddr, 0, sizeof(e->daddr));
    e->ts_ns = bpf_ktime_get_ns();
    struct cgroup *cg = task_cgroup(t);
    e->cgroup_id = BPF_CORE_READ(cg, kn, id);
    e->cg_parent[0] = e->cg_leaf[0] = 0;
    cgroup_names(cg, e->cg_parent, e->cg_leaf);
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    e->extra[0] = 0;
    e->path[0] = 0;
    e->path_len = 0;
    /* argv lives in the task's own memory between arg_start and arg_end */
    unsigned long as = BPF_CORE_READ(t, mm, arg_start);
    unsigned long ae = BPF_CORE_READ(t, mm, arg_end);
    e->args_len = 0;
    if (ae > as) {
        unsigned long n = ae - as;
        if (n > WARD_BPF_ARGS_LEN - 1)
            n = WARD_BPF_ARGS_LEN - 1;
        n &= WARD_BPF_ARGS_LEN - 1; /* a bound the verifier can see */
        if (bpf_probe_read_user(e->args, n, (const void *)as) == 0)
            e->args_len = n;
    }
    return e;
}

static __always_inline void submit(struct ward_bpf_event *e)
{
    if (bpf_ringbuf_output(&events, e, sizeof(*e), 0) < 0)
        __sync_fetch_and_add(&lost_events, 1);
}

/* ---- process lifecycle ---------------------------------------------------- */

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
    struct ward_bpf_event *e = begin(WARD_BPF_EXEC);
    if (!e)
        return 0;
    const char *fn = BPF_CORE_READ(bprm, filename);
    long n = bpf_probe_read_kernel_str(e->path, sizeof(e->path), fn);
    e->path_len = n > 0 ? (__u32)(n - 1) : 0;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    for (int fd = 0; fd < 3; fd++)
        if (file_sock(task_fd(t, fd)))
            e->flags |= WARD_BPF_F_STDIO_SOCKET;
    submit(e);
    return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_exit, struct task_struct *p)
{
    /* whole processes only, not each thread */
    if (BPF_CORE_READ(p, pid) != BPF_CORE_READ(p, tgid))
        return 0;
    __u32 tgid = BPF_CORE_READ(p, tgid);
    if (tgid == self_tgid)
        return 0;
    struct ward_bpf_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        __sync_fetch_and_add(&lost_events, 1);
        return 0;
    }
    /* only the ids matter: userspace forgets what it cached for the pid */
    __builtin_memset(e, 0, 128);
    e->kind = WARD_BPF_EXIT;
    e->pid = tgid;
    e->tid = tgid;
    e->res = BPF_CORE_READ(p, exit_code);
    e->ts_ns = bpf_ktime_get_ns();
    e->args_len = e->path_len = 0;
    bpf_ringbuf_submit(e, 0);
    return 0;
}

/* ---- enter/exit pairs ----------------------------------------------------- */

static __always_inline struct pending *pend_new(__u32 kind)
{
    __u32 zero = 0;
    if ((__u32)(bpf_get_current_pid_tgid() >> 32) == self_tgid)
        return NULL;
    struct pending *p = bpf_map_lookup_elem(&pend_scratch, &zero);
    if (!p)
        return NULL;
    p->kind = kind;
    p->fd = -1;
    p->arg = 0;
    p->family = p->dport = 0;
    p->extra[0] = 0;
    p->path[0] = 0;
    return p;
}

static __always_inline void pend_save(struct pending *p)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    bpf_map_update_elem(&pend, &tid, p, BPF_ANY);
}

static __always_inline struct pending *pend_take(__u32 kind)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    struct pending *p = bpf_map_lookup_elem(&pend, &tid);
    if (!p || p->kind != kind)
        return NULL;
    return p;
}

static __always_inline void pend_drop(void)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    bpf_map_delete_elem(&pend, &tid);
}

static __noinline int dup_enter(int oldfd, int newfd)
{
    if (newfd < 0 || newfd > 2)
        return 0;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    if (!file_sock(task_fd(t, oldfd)))
        return 0;
    struct pending *p = pend_new(WARD_BPF_DUP);
    if (!p)
        return 0;
    p->fd = oldfd;
    p->arg = (__u64)newfd;
    pend_save(p);
    return 0;
}

static __noinline int dup_exit(long ret)
{
    struct pending *p = pend_take(WARD_BPF_DUP);
    if (!p)
        return 0;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    struct sock *sk = file_sock(task_fd(t, p->fd));
    struct ward_bpf_event *e = ret >= 0 && sk ? begin(WARD_BPF_DUP) : NULL;
    if (e && sock_addrs(sk, e)) {
        e->res = ret;
        e->arg = p->arg;
        submit(e);
    }
    pend_drop();
    return 0;
}

/* ---- opens of sensitive paths --------------------------------------------- */

static __always_inline bool has_prefix(const char *s, const char *p, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] != p[i])
            return false;
    return true;
}

#define PFX(s, lit) has_prefix((s), (lit), sizeof(lit) - 1)

/* Read-only opens worth a look: credential and sudo files. Writes: anything
 * below a system directory. Paths relative to a directory fd are not seen. */
static __always_inline bool open_wanted(const char *s, bool write)
{
    if (s[0] != '/')
        return false;
    if (PFX(s, "/etc/shadow") || PFX(s, "/etc/gshadow") || PFX(s, "/etc/sudoers") ||
        PFX(s, "/etc/security/opasswd") || PFX(s, "/root/.ssh/") || PFX(s, "/root/.aws/") ||
        PFX(s, "/root/.docker/") || PFX(s, "/root/.kube/"))
        return true;
    if (!write)
        return false;
    return PFX(s, "/etc/") || PFX(s, "/bin/") || PFX(s, "/sbin/") || PFX(s, "/usr/") ||
           PFX(s, "/lib/") || PFX(s, "/lib64/") || PFX(s, "/boot/");
}

static __always_inline bool open_rate_ok(void)
{
    __u32 k0 = 0, k1 = 1;
    __u64 *sec = bpf_map_lookup_elem(&open_rate, &k0);
    __u64 *cnt = bpf_map_lookup_elem(&open_rate, &k1);
    if (!sec || !cnt)
        return false;
    __u64 now = bpf_ktime_get_ns() / 1000000000ull;
    if (*sec != now) {
        *sec = now;
        *cnt = 0;
    }
    if (*cnt >= OPEN_RATE_MAX) {
        __sync_fetch_and_add(&open_throttled, 1);
        return false;
    }
    (*cnt)++;
    return true;
}

static __noinline int open_enter(const char *upath, long flags)
{
    struct pending *p = pend_new(WARD_BPF_OPEN);
    if (!p)
        return 0;
    if (bpf_probe_read_user_str(p->path, sizeof(p->path), upath) <= 0)
        return 0;
    bool write = (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
    if (!open_wanted(p->path, write))
        return 0;
    p->arg = (__u64)flags;
    if (write)
        p->kind = WARD_BPF_OPEN_W;
    pend_save(p);
    return 0;
}

static __noinline int open_exit(long ret)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    struct pending *p = bpf_map_lookup_elem(&pend, &tid);
    if (!p || (p->kind != WARD_BPF_OPEN && p->kind != WARD_BPF_OPEN_W))
        return 0;
    /* like fanotify: only opens that succeeded */
    if (ret >= 0 && open_rate_ok()) {
        struct ward_bpf_event *e = begin(p->kind);
        if (e) {
            e->res = ret;
            e->arg = p->arg;
            long n = bpf_probe_read_kernel_str(e->path, sizeof(e->path), p->path);
            e->path_len = n > 0 ? (__u32)(n - 1) : 0;
            submit(e);
        }
    }
    pend_drop();
    return 0;
}

/* ---- credentials, modules, mounts ----------------------------------------- */

/* after a successful call the task's creds are the new ones */
static __noinline int cred_exit(__u32 kind, long ret)
{
    if (ret != 0)
        return 0;
    struct ward_bpf_event *e = begin(kind);
    if (e) {
        e->res = ret;
        submit(e);
    }
    return 0;
}

/* module loads are reported whether or not they succeed (res says) */
static __noinline int module_exit(long ret)
{
    struct pending *p = pend_take(WARD_BPF_MODULE);
    if (!p)
        return 0;
    struct ward_bpf_event *e = begin(WARD_BPF_MODULE);
    if (e) {
        e->res = ret;
        long n = bpf_probe_read_kernel_str(e->path, sizeof(e->path), p->path);
        e->path_len = n > 0 ? (__u32)(n - 1) : 0;
        submit(e);
    }
    pend_drop();
    return 0;
}

static __noinline int connect_enter(int fd, const void *ua)
{
    __u16 fam = 0;
    if (bpf_probe_read_user(&fam, sizeof(fam), ua) < 0 || (fam != AF_INET && fam != AF_INET6))
        return 0;
    struct pending *p = pend_new(WARD_BPF_CONNECT);
    if (!p)
        return 0;
    p->fd = fd;
    p->family = fam;
    __u16 port = 0;
    bpf_probe_read_user(&port, sizeof(port), ua + 2);
    p->dport = __builtin_bswap16(port);
    __builtin_memset(p->daddr, 0, sizeof(p->daddr));
    if (fam == AF_INET)
        bpf_probe_read_user(p->daddr, 4, ua + 4);
    else
        bpf_probe_read_user(p->daddr, 16, ua + 8);
    pend_save(p);
    return 0;
}

static __noinline int connect_exit(long ret)
{
    struct pending *p = pend_take(WARD_BPF_CONNECT);
    if (!p)
        return 0;
    struct ward_bpf_event *e = begin(WARD_BPF_CONNECT);
    if (e) {
        e->res = ret;
        struct task_struct *t = (struct task_struct *)bpf_get_current_task();
        sock_addrs(file_sock(task_fd(t, p->fd)), e);
        /* the address asked for wins over the socket's (unset on failure) */
        e->family = p->family;
        e->dport = p->dport;
        __builtin_memcpy(e->daddr, p->daddr, 16);
        submit(e);
    }
    pend_drop();
    return 0;
}

static __noinline int listen_enter(int fd)
{
    struct pending *p = pend_new(WARD_BPF_LISTEN);
    if (!p)
        return 0;
    p->fd = fd;
    pend_save(p);
    return 0;
}

static __noinline int listen_exit(long ret)
{
    struct pending *p = pend_take(WARD_BPF_LISTEN);
    if (!p)
        return 0;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    struct sock *sk = file_sock(task_fd(t, p->fd));
    struct ward_bpf_event *e = sk ? begin(WARD_BPF_LISTEN) : NULL;
    if (e && sock_addrs(sk, e)) {
        e->res = ret;
        submit(e);
    }
    pend_drop();
    return 0;
}

/* module loads are reported whether or not they succeed (res says) */
static __noinline int module_enter(int fd)
{
    struct pending *p = pend_new(WARD_BPF_MODULE);
    if (!p)
        return 0;
    p->fd = fd;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    struct file *f = fd >= 0 ? task_fd(t, fd) : NULL;
    if (f) {
        const unsigned char *nm = BPF_CORE_READ(f, f_path.dentry, d_name.name);
        bpf_probe_read_kernel_str(p->path, sizeof(p->path), nm);
    }
    pend_save(p);
    return 0;
}

static __noinline int mount_enter(const char *dir, const char *type, unsigned long flags)
{
    struct pending *p = pend_new(WARD_BPF_MOUNT);
    if (!p)
        return 0;
    bpf_probe_read_user_str(p->path, sizeof(p->path), dir);
    bpf_probe_read_user_str(p->extra, sizeof(p->extra), type);
    p->arg = flags;
    pend_save(p);
    return 0;
}

static __noinline int mount_exit(long ret)
{
    struct pending *p = pend_take(WARD_BPF_MOUNT);
    if (!p)
        return 0;
    struct ward_bpf_event *e = begin(WARD_BPF_MOUNT);
    if (e) {
        e->res = ret;
        e->arg = p->arg;
        long n = bpf_probe_read_kernel_str(e->path, sizeof(e->path), p->path);
        e->path_len = n > 0 ? (__u32)(n - 1) : 0;
        bpf_probe_read_kernel_str(e->extra, sizeof(e->extra), p->extra);
        submit(e);
    }
    pend_drop();
    return 0;
}

/* ---- per-cgroup syscall bitmap -------------------------------------------- */

static __noinline int syscall_seen(long nr)
{
    if (!record_syscalls || nr < 0 || nr >= WARD_BPF_SYSCALLS)
        return 0;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    struct cgroup *cg = task_cgroup(t);
    if (!cg || BPF_CORE_READ(cg, level) == 0)
        return 0; /* the root cgroup: not a container */
    __u64 id = BPF_CORE_READ(cg, kn, id);
    struct ward_bpf_sysmap *m = bpf_map_lookup_elem(&sysmap, &id);
    if (!m) {
        __u32 zero = 0;
        struct ward_bpf_sysmap *s = bpf_map_lookup_elem(&sysmap_scratch, &zero);
        if (!s)
            return 0;
        __builtin_memset(s->bits, 0, sizeof(s->bits));
        s->cg_parent[0] = s->cg_leaf[0] = 0;
        cgroup_names(cg, s->cg_parent, s->cg_leaf);
        bpf_map_update_elem(&sysmap, &id, s, BPF_NOEXIST);
        m = bpf_map_lookup_elem(&sysmap, &id);
        if (!m)
            return 0;
    }
    __u64 bit = 1ull << (nr & 63);
    __u32 w = (nr >> 6) & (WARD_BPF_SYSCALLS / 64 - 1);
    if (!(m->bits[w] & bit))
        __sync_fetch_and_or(&m->bits[w], bit);
    return 0;
}

/* ---- syscall dispatch ----------------------------------------------------- */

/* Raw tracepoints need no tracefs (often unmounted on hosts and in CI). The
 * numbers are x86-64's; the build defines __TARGET_ARCH_x86. */
#define NR_OPEN         2
#define NR_DUP2         33
#define NR_CONNECT      42
#define NR_LISTEN       50
#define NR_SETUID       105
#define NR_SETGID       106
#define NR_SETREUID     113
#define NR_SETREGID     114
#define NR_SETRESUID    117
#define NR_SETRESGID    119
#define NR_CAPSET       126
#define NR_MOUNT        165
#define NR_INIT_MODULE  175
#define NR_OPENAT       257
#define NR_DUP3         292
#define NR_FINIT_MODULE 313

SEC("raw_tracepoint/sys_enter")
int on_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
    struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
    long nr = (long)ctx->args[1];
    syscall_seen(nr);
    switch (nr) {
    case NR_OPEN:
        return open_enter((const char *)BPF_CORE_READ(regs, di), (long)BPF_CORE_READ(regs, si));
    case NR_OPENAT:
        return open_enter((const char *)BPF_CORE_READ(regs, si), (long)BPF_CORE_READ(regs, dx));
    case NR_CONNECT:
        return connect_enter((int)BPF_CORE_READ(regs, di), (const void *)BPF_CORE_READ(regs, si));
    case NR_LISTEN:
        return listen_enter((int)BPF_CORE_READ(regs, di));
    case NR_DUP2:
    case NR_DUP3:
        return dup_enter((int)BPF_CORE_READ(regs, di), (int)BPF_CORE_READ(regs, si));
    case NR_INIT_MODULE:
        return module_enter(-1);
    case NR_FINIT_MODULE:
        return module_enter((int)BPF_CORE_READ(regs, di));
    case NR_MOUNT:
        return mount_enter((const char *)BPF_CORE_READ(regs, si),
                           (const char *)BPF_CORE_READ(regs, dx), BPF_CORE_READ(regs, r10));
    }
    return 0;
}

SEC("raw_tracepoint/sys_exit")
int on_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
    struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
    long ret = (long)ctx->args[1];
    long nr = BPF_CORE_READ(regs, orig_ax);
    switch (nr) {
    case NR_OPEN:
    case NR_OPENAT:
        return open_exit(ret);
    case NR_CONNECT:
        return connect_exit(ret);
    case NR_LISTEN:
        return listen_exit(ret);
    case NR_DUP2:
    case NR_DUP3:
        return dup_exit(ret);
    case NR_SETUID:
    case NR_SETREUID:
    case NR_SETRESUID:
        return cred_exit(WARD_BPF_SETUID, ret);
    case NR_SETGID:
    case NR_SETREGID:
    case NR_SETRESGID:
        return cred_exit(WARD_BPF_SETGID, ret);
    case NR_CAPSET:
        return cred_exit(WARD_BPF_CAPSET, ret);
    case NR_INIT_MODULE:
    case NR_FINIT_MODULE:
        return module_exit(ret);
    case NR_MOUNT:
        return mount_exit(ret);
    }
    return 0;
}
