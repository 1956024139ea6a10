/* sensor.bpf.c - ward watch's eBPF sensor (CO-RE, libbpf): process exec/exit,
 * inet connect/listen, sockets dup'ed onto stdio, sensitive opens, uid/gid/cap
 * changes, module loads and mounts, each written with the task's creds, argv
 * and cgroup into a ring buffer; plus, while learning baselines, a per-cgroup
 * bitmap of syscalls seen. */
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

/* Reader wakeups are batched: a record wakes the reader when the last wakeup
 * is WAKE_NS old (so the first record after a quiet spell is read at once) or
 * WAKE_BYTES are waiting; sensor_bpf.c drains again WAKE_NS after a drain that
 * found records, which picks up the rest. Must match WARD_SENSOR_WAKE_MS. */
#define WAKE_NS    (10 * 1000000ull)
#define WAKE_BYTES (1u << 20)
__u64 last_wake = 0;

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

/* a user path being looked at, before it is known to be wanted */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, char[WARD_BPF_PATH_LEN]);
} path_scratch SEC(".maps");

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

static __always_inline __u64 wake_flags(void)
{
    __u64 now = bpf_ktime_get_ns();
    if (now - last_wake >= WAKE_NS || bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= WAKE_BYTES) {
        last_wake = now;
        return BPF_RB_FORCE_WAKEUP;
    }
    return BPF_RB_NO_WAKEUP;
}

static __always_inline void submit(struct ward_bpf_event *e)
{
    if (bpf_ringbuf_output(&events, e, sizeof(*e), wake_flags()) < 0)
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
    bpf_ringbuf_submit(e, wake_flags());
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

/* Every hook below runs at syscall exit: the result is known and the caller's
 * arguments are still in its saved registers and its memory. Paths and
 * addresses are read from user memory there, like at entry a thread sharing
 * that memory could rewrite them meanwhile (see docs/watch.md). */

/* like fanotify: only opens that succeeded */
static __noinline int open_exit(const char *upath, long flags, long ret)
{
    if (ret < 0 || (__u32)(bpf_get_current_pid_tgid() >> 32) == self_tgid)
        return 0;
    __u32 zero = 0;
    char *path = bpf_map_lookup_elem(&path_scratch, &zero);
    if (!path || bpf_probe_read_user_str(path, WARD_BPF_PATH_LEN, upath) <= 0)
        return 0;
    bool write = (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
    if (!open_wanted(path, write) || !open_rate_ok())
        return 0;
    struct ward_bpf_event *e = begin(write ? WARD_BPF_OPEN_W : WARD_BPF_OPEN);
    if (e) {
        e->res = ret;
        e->arg = (__u64)flags;
        long n = bpf_probe_read_kernel_str(e->path, sizeof(e->path), path);
        e->path_len = n > 0 ? (__u32)(n - 1) : 0;
        submit(e);
    }
    return 0;
}

/* dup2/dup3 of a socket onto fd 0-2 (oldfd stays open) */
static __noinline int dup_exit(int oldfd, int newfd, long ret)
{
    if (ret < 0 || newfd < 0 || newfd > 2)
        return 0;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    struct sock *sk = file_sock(task_fd(t, oldfd));
    struct ward_bpf_event *e = sk ? begin(WARD_BPF_DUP) : NULL;
    if (e && sock_addrs(sk, e)) {
        e->res = ret;
        e->arg = (__u64)newfd;
        submit(e);
    }
    return 0;
}

/* ---- credentials, modules, mounts, sockets -------------------------------- */

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

/* module loads are reported whether or not they succeed (res says); the
 * file behind finit_module's fd names the module */
static __noinline int module_exit(int fd, long ret)
{
    struct ward_bpf_event *e = begin(WARD_BPF_MODULE);
    if (!e)
        return 0;
    e->res = ret;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    struct file *f = fd >= 0 ? task_fd(t, fd) : NULL;
    if (f) {
        const unsigned char *nm = BPF_CORE_READ(f, f_path.dentry, d_name.name);
        long n = bpf_probe_read_kernel_str(e->path, sizeof(e->path), nm);
        e->path_len = n > 0 ? (__u32)(n - 1) : 0;
    }
    submit(e);
    return 0;
}

/* mounts are reported whether or not they succeed */
static __noinline int mount_exit(const char *dir, const char *type, unsigned long flags, long ret)
{
    struct ward_bpf_event *e = begin(WARD_BPF_MOUNT);
    if (!e)
        return 0;
    e->res = ret;
    e->arg = flags;
    long n = bpf_probe_read_user_str(e->path, sizeof(e->path), dir);
    e->path_len = n > 0 ? (__u32)(n - 1) : 0;
    if (bpf_probe_read_user_str(e->extra, sizeof(e->extra), type) < 0)
        e->extra[0] = 0;
    if (n < 0)
        e->path[0] = 0;
    submit(e);
    return 0;
}

/* inet connects, whatever the result; the address asked for is reported */
static __noinline int connect_exit(int fd, const void *ua, long ret)
{
    __u16 fam = 0;
    if (bpf_probe_read_user(&fam, sizeof(fam), ua) < 0 || (fam != AF_INET && fam != AF_INET6))
        return 0;
    struct ward_bpf_event *e = begin(WARD_BPF_CONNECT);
    if (!e)
        return 0;
    e->res = ret;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    sock_addrs(file_sock(task_fd(t, fd)), e);
    /* the address asked for wins over the socket's (unset on failure) */
    __u16 port = 0;
    bpf_probe_read_user(&port, sizeof(port), ua + 2);
    e->family = fam;
    e->dport = __builtin_bswap16(port);
    __builtin_memset(e->daddr, 0, sizeof(e->daddr));
    if (fam == AF_INET)
        bpf_probe_read_user(e->daddr, 4, ua + 4);
    else
        bpf_probe_read_user(e->daddr, 16, ua + 8);
    submit(e);
    return 0;
}

static __noinline int listen_exit(int fd, long ret)
{
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    struct sock *sk = file_sock(task_fd(t, fd));
    struct ward_bpf_event *e = sk ? begin(WARD_BPF_LISTEN) : NULL;
    if (e && sock_addrs(sk, e)) {
        e->res = ret;
        submit(e);
    }
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

/* ---- syscall hooks -------------------------------------------------------- */

/* BTF-typed raw tracepoints (tp_btf): no tracefs, and the registers are read
 * directly instead of through bpf_probe_read. Only sys_exit is hooked while
 * watching: one cheap dispatch per syscall and no entry/exit pairing state.
 * The numbers are x86-64's; the build defines __TARGET_ARCH_x86. */
#define NR_OPEN         2
#define NR_DUP2         33
#define NR_CONNECT      42
#define NR_LISTEN       50
#define NR_CREAT        85
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
#define NR_OPENAT2      437

/* A syscall a seccomp filter refused never ran, yet passes sys_exit with the
 * filter's error. True when the task's filters are not known to allow nr
 * whatever its arguments (the kernel's per-filter cache of such syscalls
 * covers the whole filter chain): a failure then may be the filter's. */
static __noinline bool seccomp_may_refuse(long nr)
{
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();
    struct seccomp_filter *f = BPF_CORE_READ(t, seccomp.filter);
    if (!f)
        return false;
    if (!bpf_core_field_exists(f->cache))
        return true;
    unsigned long w = 0;
    bpf_probe_read_kernel(&w, sizeof(w), &f->cache.allow_native[(nr >> 6) & 7]);
    return !(w & (1ul << (nr & 63)));
}

SEC("tp_btf/sys_exit")
int BPF_PROG(on_sys_exit, struct pt_regs *regs, long ret)
{
    long nr = regs->orig_ax;
    switch (nr) {
    case NR_OPENAT:
        return open_exit((const char *)regs->si, (long)regs->dx, ret);
    case NR_OPEN:
        return open_exit((const char *)regs->di, (long)regs->si, ret);
    case NR_CREAT:
        return open_exit((const char *)regs->di, O_CREAT | O_WRONLY | O_TRUNC, ret);
    case NR_OPENAT2: {
        __u64 flags = 0; /* struct open_how starts with the flags */
        if (ret >= 0)
            bpf_probe_read_user(&flags, sizeof(flags), (const void *)regs->dx);
        return open_exit((const char *)regs->si, (long)flags, ret);
    }
    case NR_CONNECT:
        if (ret < 0 && seccomp_may_refuse(nr))
            return 0;
        return connect_exit((int)regs->di, (const void *)regs->si, ret);
    case NR_LISTEN:
        if (ret < 0 && seccomp_may_refuse(nr))
            return 0;
        return listen_exit((int)regs->di, ret);
    case NR_DUP2:
    case NR_DUP3:
        return dup_exit((int)regs->di, (int)regs->si, ret);
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
        if (ret < 0 && seccomp_may_refuse(nr))
            return 0;
        return module_exit(-1, ret);
    case NR_FINIT_MODULE:
        if (ret < 0 && seccomp_may_refuse(nr))
            return 0;
        return module_exit((int)regs->di, ret);
    case NR_MOUNT:
        if (ret < 0 && seccomp_may_refuse(nr))
            return 0;
        return mount_exit((const char *)regs->si, (const char *)regs->dx, regs->r10, ret);
    }
    return 0;
}

/* Learning baselines needs every syscall a container enters: sensor_bpf.c
 * loads and attaches this one only then (record_syscalls). */
SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id)
{
    return syscall_seen(id);
}
