/* sensor_proc.c - the kernel proc connector (NETLINK_CONNECTOR, CN_IDX_PROC):
 * exec and uid-change events host-wide, and the /proc snapshot taken as soon
 * as each event is read (a short-lived process may be gone a millisecond later). */
#include "watch/sensor.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static size_t read_small(int dirfd, const char *name, char *buf, size_t cap)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    size_t n = 0;
    while (n + 1 < cap) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    return n;
}

void ward_proc_snapshot(struct proc_snap *s, int pid)
{
    char dir[32];
    snprintf(dir, sizeof(dir), "/proc/%d", pid);
    s->pid = pid;
    s->comm[0] = s->exe[0] = s->cwd[0] = '\0';
    s->cmdline_len = s->status_len = s->stat_len = s->cgroup_len = 0;
    s->gone = false;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        s->gone = true;
        return;
    }
    /* cmdline first: an exiting process loses its memory (and so argv)
     * before its comm and status disappear */
    s->cmdline_len = read_small(dfd, "cmdline", s->cmdline, sizeof(s->cmdline));
    size_t n = read_small(dfd, "comm", s->comm, sizeof(s->comm));
    while (n > 0 && s->comm[n - 1] == '\n')
        s->comm[--n] = '\0';
    s->status_len = read_small(dfd, "status", s->status, sizeof(s->status));
    s->stat_len = read_small(dfd, "stat", s->stat, sizeof(s->stat));
    s->cgroup_len = read_small(dfd, "cgroup", s->cgroup, sizeof(s->cgroup));
    ssize_t l = readlinkat(dfd, "exe", s->exe, sizeof(s->exe) - 1);
    s->exe[l > 0 ? l : 0] = '\0';
    l = readlinkat(dfd, "cwd", s->cwd, sizeof(s->cwd) - 1);
    s->cwd[l > 0 ? l : 0] = '\0';
    /* a zombie or vanished process leaves status empty */
    if (s->status_len == 0)
        s->gone = true;
    close(dfd);
}

static int send_op(int fd, enum proc_cn_mcast_op op)
{
    union {
        char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(enum proc_cn_mcast_op))];
        struct nlmsghdr align;
    } u;
    memset(&u, 0, sizeof(u));
    struct nlmsghdr *nh = (struct nlmsghdr *)u.buf;
    nh->nlmsg_len = sizeof(u.buf);
    nh->nlmsg_type = NLMSG_DONE;
    nh->nlmsg_pid = (unsigned)getpid();
    struct cn_msg *cn = NLMSG_DATA(nh);
    cn->id.idx = CN_IDX_PROC;
    cn->id.val = CN_VAL_PROC;
    cn->len = sizeof(enum proc_cn_mcast_op);
    memcpy(cn->data, &op, sizeof(op));
    return send(fd, u.buf, sizeof(u.buf), 0) < 0 ? -1 : 0;
}

int ward_procconn_open(int *out, struct ward_error **err)
{
    int fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR);
    if (fd < 0)
        return ward_error_set(err, WARD_EUNSUPPORTED, errno, "proc connector socket");
    /* a large receive buffer rides out bursts (fork bombs, builds); as root
     * SO_RCVBUFFORCE goes past rmem_max */
    int sz = 16 << 20;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
    struct sockaddr_nl a = {.nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = 0};
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        int e = errno;
        close(fd);
        return ward_error_set(err, e == EPERM ? WARD_EUNSUPPORTED : WARD_EIO, e,
                              "proc connector bind (needs root)");
    }
    if (send_op(fd, PROC_CN_MCAST_LISTEN) < 0) {
        int e = errno;
        close(fd);
        return ward_error_set(err, WARD_EUNSUPPORTED, e, "proc connector listen");
    }
    *out = fd;
    return 0;
}

void ward_procconn_close(int fd)
{
    if (fd < 0)
        return;
    (void)send_op(fd, PROC_CN_MCAST_IGNORE);
    close(fd);
}

void ward_procconn_drain(int fd, struct proc_snap *snaps, size_t max, size_t *n, uint64_t *lost,
                         int self_pid)
{
    union {
        char buf[8192];
        struct nlmsghdr align;
    } u;
    while (*n < max) {
        struct sockaddr_nl from;
        socklen_t fl = sizeof(from);
        ssize_t r = recvfrom(fd, u.buf, sizeof(u.buf), 0, (struct sockaddr *)&from, &fl);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (errno == ENOBUFS) {
                (*lost)++; /* the kernel dropped messages: counted, reported */
                continue;
            }
            return; /* EAGAIN: drained */
        }
        if (from.nl_pid != 0)
            continue; /* only the kernel speaks here */
        size_t len = (size_t)r;
        for (struct nlmsghdr *nh = (struct nlmsghdr *)u.buf; NLMSG_OK(nh, len) && *n < max;
             nh = NLMSG_NEXT(nh, len)) {
            if (nh->nlmsg_type == NLMSG_NOOP || nh->nlmsg_type == NLMSG_ERROR)
                continue;
            if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(struct cn_msg)))
                continue;
            struct cn_msg *cn = NLMSG_DATA(nh);
            if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC ||
                cn->len < sizeof(struct proc_event) ||
                NLMSG_LENGTH(sizeof(struct cn_msg) + cn->len) > nh->nlmsg_len)
                continue;
            struct proc_event ev;
            memcpy(&ev, cn->data, sizeof(ev));
            struct proc_snap *s = &snaps[*n];
            s->path[0] = '\0';
            s->ev_ruid = s->ev_euid = -1;
            if (ev.what == PROC_EVENT_EXEC) {
                if ((int)ev.event_data.exec.process_tgid == self_pid)
                    continue;
                s->kind = RAW_EXEC;
                ward_proc_snapshot(s, (int)ev.event_data.exec.process_tgid);
                (*n)++;
            } else if (ev.what == PROC_EVENT_UID) {
                if ((int)ev.event_data.id.process_tgid == self_pid)
                    continue;
                s->kind = RAW_UID;
                s->ev_ruid = ev.event_data.id.r.ruid;
                s->ev_euid = ev.event_data.id.e.euid;
                ward_proc_snapshot(s, (int)ev.event_data.id.process_tgid);
                (*n)++;
            }
        }
    }
}
