/* bpf_event.c - turn one record of the eBPF sensor's ring buffer (bpf/event.h)
 * into the snapshot the watch loop evaluates: creds and ids as the kernel saw
 * them, argv, cgroup names and addresses. Built with or without libbpf (the
 * parser is unit-tested and fuzzed); argv and paths come from processes. */
#include "watch/sensor.h"

#include <linux/types.h>

#include "watch/bpf/event.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* the fuzz corpus and the BPF object rely on this layout */
_Static_assert(sizeof(struct ward_bpf_event) == 1624, "struct ward_bpf_event layout changed");

/* NUL-terminated copy of a fixed field of at most cap bytes (n: bytes valid). */
static size_t copy_field(char *dst, size_t dcap, const char *src, size_t cap)
{
    size_t n = strnlen(src, cap);
    if (n >= dcap)
        n = dcap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    return n;
}

static void addr_text(char *out, size_t cap, int family, const __u8 *a)
{
    out[0] = '\0';
    if (family == 2)
        inet_ntop(AF_INET, a, out, (socklen_t)cap);
    else if (family == 10)
        inet_ntop(AF_INET6, a, out, (socklen_t)cap);
}

static const char *l4_name(unsigned p)
{
    switch (p) {
    case 6:
        return "tcp";
    case 17:
        return "udp";
    case 1:
    case 58:
        return "icmp";
    default:
        return NULL;
    }
}

int ward_bpf_event_parse(const void *rec, size_t len, struct proc_snap *s, int *exit_pid)
{
    struct ward_bpf_event e;
    if (len < sizeof(e))
        return -1;
    memcpy(&e, rec, sizeof(e)); /* the ring is not aligned for us to borrow */
    if (e.kind == 0 || e.kind >= WARD_BPF_KIND_MAX || e.pid == 0 || e.pid > (1u << 22))
        return -1;
    if (e.kind == WARD_BPF_EXIT) {
        *exit_pid = (int)e.pid;
        return 0;
    }
    memset(&s->bpf, 0, sizeof(s->bpf));
    s->bpf.on = true;
    s->pid = (int)e.pid;
    s->gone = false;
    s->path[0] = s->exe[0] = s->cwd[0] = '\0';
    s->stat_len = 0;
    s->stat[0] = '\0';
    copy_field(s->comm, sizeof(s->comm), e.comm, sizeof(e.comm));

    /* argv: NUL-separated as in /proc/PID/cmdline; the kernel copy may end
     * mid-argument (truncated) */
    size_t an = e.args_len < WARD_BPF_ARGS_LEN ? e.args_len : WARD_BPF_ARGS_LEN;
    if (an > sizeof(s->cmdline) - 1)
        an = sizeof(s->cmdline) - 1;
    memcpy(s->cmdline, e.args, an);
    s->cmdline[an] = '\0';
    s->cmdline_len = an;

    /* creds and ids in the /proc/PID/status shape the watch loop parses */
    int sn =
        snprintf(s->status, sizeof(s->status),
                 "PPid:\t%u\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nNSpid:\t%u\t%u\n", e.ppid,
                 e.uid, e.euid, e.euid, e.euid, e.gid, e.egid, e.egid, e.egid, e.pid, e.vpid);
    s->status_len = sn > 0 ? (size_t)sn : 0;

    /* the cgroup as "0::/<parent>/<leaf>" (enough for the container id) */
    char parent[WARD_BPF_CGNAME + 1], leaf[WARD_BPF_CGNAME + 1];
    copy_field(parent, sizeof(parent), e.cg_parent, sizeof(e.cg_parent));
    copy_field(leaf, sizeof(leaf), e.cg_leaf, sizeof(e.cg_leaf));
    sn = snprintf(s->cgroup, sizeof(s->cgroup), "0::/%s/%s\n", parent, leaf);
    s->cgroup_len = sn > 0 ? WARD_MIN((size_t)sn, sizeof(s->cgroup) - 1) : 0;
    s->bpf.cgroup_id = e.cgroup_id;
    s->bpf.res = (long long)e.res;

    char path[WARD_BPF_PATH_LEN + 1];
    copy_field(path, sizeof(path), e.path, sizeof(e.path));
    char extra[sizeof(e.extra) + 1];
    copy_field(extra, sizeof(extra), e.extra, sizeof(e.extra));

    switch ((enum ward_bpf_kind)e.kind) {
    case WARD_BPF_EXEC:
        s->kind = RAW_EXEC;
        /* the file exec'd, as named to execve (symlinks not resolved) */
        snprintf(s->exe, sizeof(s->exe), "%s", path);
        s->bpf.stdio_socket = (e.flags & WARD_BPF_F_STDIO_SOCKET) != 0;
        break;
    case WARD_BPF_OPEN:
    case WARD_BPF_OPEN_W:
        s->kind = e.kind == WARD_BPF_OPEN ? RAW_OPEN : RAW_WRITE;
        snprintf(s->path, sizeof(s->path), "%s", path);
        snprintf(s->bpf.args, sizeof(s->bpf.args), "flags=%#llo", (unsigned long long)e.arg);
        break;
    case WARD_BPF_SETUID:
        s->kind = RAW_UID;
        s->ev_ruid = e.uid;
        s->ev_euid = e.euid;
        break;
    case WARD_BPF_SETGID:
        s->kind = RAW_EBPF;
        s->bpf.evt_type = "setgid";
        break;
    case WARD_BPF_CAPSET:
        s->kind = RAW_EBPF;
        s->bpf.evt_type = "capset";
        break;
    case WARD_BPF_MODULE:
        s->kind = RAW_EBPF;
        s->bpf.evt_type = "module";
        snprintf(s->path, sizeof(s->path), "%s", path);
        break;
    case WARD_BPF_MOUNT:
        s->kind = RAW_EBPF;
        s->bpf.evt_type = "mount";
        snprintf(s->path, sizeof(s->path), "%s", path);
        snprintf(s->bpf.args, sizeof(s->bpf.args), "fstype=%s flags=%#llx", extra,
                 (unsigned long long)e.arg);
        break;
    case WARD_BPF_CONNECT:
    case WARD_BPF_LISTEN:
    case WARD_BPF_DUP:
        s->kind = RAW_EBPF;
        s->bpf.evt_type = e.kind == WARD_BPF_CONNECT  ? "connect"
                          : e.kind == WARD_BPF_LISTEN ? "listen"
                                                      : "dup";
        if (e.family != 2 && e.family != 10)
            return -1;
        s->bpf.family = e.family;
        addr_text(s->bpf.sip, sizeof(s->bpf.sip), e.family, e.saddr);
        addr_text(s->bpf.rip, sizeof(s->bpf.rip), e.family, e.daddr);
        s->bpf.sport = e.sport;
        s->bpf.rport = e.dport;
        s->bpf.l4proto = l4_name(e.l4proto);
        if (e.kind == WARD_BPF_DUP)
            snprintf(s->bpf.args, sizeof(s->bpf.args), "newfd=%llu",
                     (unsigned long long)(e.arg & 0xffff));
        break;
    case WARD_BPF_EXIT:
    case WARD_BPF_KIND_MAX:
        return -1;
    }
    return 1;
}

void ward_bpf_event_fields(struct ward_arena *a, const struct proc_snap *s, struct ward_wevent *ev)
{
    const struct ward_bpf_snap *b = &s->bpf;
    if (!b->on)
        return;
    ev->f[WF_EVT_SOURCE] = "ebpf";
    if (s->kind == RAW_EBPF && b->evt_type)
        ev->f[WF_EVT_TYPE] = b->evt_type;
    ev->cgroup_id = b->cgroup_id;
    ev->f[WF_CGROUP_ID] = ward_arena_printf(a, "%llu", (unsigned long long)b->cgroup_id);
    if (s->kind == RAW_EXEC)
        ev->f[WF_PROC_STDIO_SOCK] = b->stdio_socket ? "true" : "false";
    if (s->kind == RAW_EBPF)
        ev->f[WF_EVT_RES] = ward_arena_printf(a, "%lld", b->res);
    if (b->args[0])
        ev->f[WF_EVT_ARGS] = ward_arena_strdup(a, b->args);
    if (b->family) {
        bool listen = b->evt_type && strcmp(b->evt_type, "listen") == 0;
        ev->f[WF_FD_L4PROTO] = b->l4proto;
        if (b->sip[0])
            ev->f[WF_FD_SIP] = ward_arena_strdup(a, b->sip);
        ev->f[WF_FD_SPORT] = ward_arena_printf(a, "%d", b->sport);
        if (!listen && b->rip[0])
            ev->f[WF_FD_RIP] = ward_arena_strdup(a, b->rip);
        if (!listen)
            ev->f[WF_FD_RPORT] = ward_arena_printf(a, "%d", b->rport);
        if (strcmp(b->evt_type ? b->evt_type : "", "dup") == 0 &&
            strncmp(b->args, "newfd=", 6) == 0)
            ev->f[WF_FD_NUM] = ward_arena_strdup(a, b->args + 6);
    }
}
