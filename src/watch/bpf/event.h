/* event.h - the record the eBPF sensor (sensor.bpf.c) writes into its ring
 * buffer and the loader (sensor_bpf.c) reads: one fixed-size layout shared by
 * the BPF program and userspace. Only fixed-width types; no pointers. */
#ifndef WARD_WATCH_BPF_EVENT_H
#define WARD_WATCH_BPF_EVENT_H

#define WARD_BPF_COMM_LEN 16
#define WARD_BPF_CGNAME   72   /* a cgroup directory name ("<64 hex>", "docker-<id>.scope") */
#define WARD_BPF_PATH_LEN 256  /* exec filename, open path, mount target, module name */
#define WARD_BPF_ARGS_LEN 1024 /* argv (NUL-separated), truncated */
#define WARD_BPF_SYSCALLS 512  /* syscall numbers tracked by the per-cgroup bitmap */

enum ward_bpf_kind {
    WARD_BPF_EXEC = 1,
    WARD_BPF_EXIT,
    WARD_BPF_CONNECT,
    WARD_BPF_LISTEN,
    WARD_BPF_DUP,    /* a socket duplicated onto fd 0, 1 or 2 */
    WARD_BPF_OPEN,   /* read-only open of a sensitive path */
    WARD_BPF_OPEN_W, /* open for writing below a system directory */
    WARD_BPF_SETUID,
    WARD_BPF_SETGID,
    WARD_BPF_CAPSET,
    WARD_BPF_MODULE,
    WARD_BPF_MOUNT,
    WARD_BPF_KIND_MAX,
};

/* flags */
#define WARD_BPF_F_STDIO_SOCKET 1u /* fd 0, 1 or 2 is a socket (exec) */

struct ward_bpf_event {
    __u32 kind;
    __u32 pid; /* tgid, host namespace */
    __u32 tid;
    __u32 ppid; /* real parent's tgid */
    __u32 vpid; /* tgid in the task's own pid namespace */
    __u32 uid, euid, gid, egid;
    __u32 flags;
    __s64 res;       /* syscall result (0 for exec) */
    __u64 cgroup_id; /* see sensor.bpf.c: task_cgroup() */
    __u64 ts_ns;     /* bpf_ktime_get_ns (monotonic) */
    __u64 arg;       /* open flags, dup newfd, mount flags */
    __u16 family;    /* AF_INET / AF_INET6 */
    __u16 sport, dport;
    __u16 l4proto; /* IPPROTO_TCP / IPPROTO_UDP */
    __u8 saddr[16], daddr[16];
    __u32 path_len, args_len;
    char comm[WARD_BPF_COMM_LEN];
    char cg_parent[WARD_BPF_CGNAME];
    char cg_leaf[WARD_BPF_CGNAME];
    char extra[64]; /* mount: fstype */
    char path[WARD_BPF_PATH_LEN];
    char args[WARD_BPF_ARGS_LEN];
};

/* value of the per-cgroup syscall bitmap map */
struct ward_bpf_sysmap {
    __u64 bits[WARD_BPF_SYSCALLS / 64];
    char cg_parent[WARD_BPF_CGNAME];
    char cg_leaf[WARD_BPF_CGNAME];
};

#endif
