/* sensor_fanotify.c - file events for ward watch: fanotify inode marks on the
 * sensitive files of each container root (FAN_OPEN) and on its system
 * directories (FAN_CLOSE_WRITE of their direct children). Marks are placed
 * per container through /proc/PID/root, so no mount-wide event stream is needed. */
#include "watch/sensor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/fanotify.h>
#include <unistd.h>

/* Directories whose direct children are watched for writes. */
static const char *const write_dirs[] = {"/etc",      "/bin",       "/sbin",      "/usr/bin",
                                         "/usr/sbin", "/lib",       "/usr/lib",   "/usr/local/bin",
                                         "/etc/ssh",  "/root/.ssh", "/etc/cron.d"};

int ward_fan_open(int *out, struct ward_error **err)
{
    int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK,
                           O_RDONLY | O_LARGEFILE | O_CLOEXEC);
    if (fd < 0)
        return ward_error_set(err, WARD_EUNSUPPORTED, errno, "fanotify_init");
    *out = fd;
    return 0;
}

size_t ward_fan_mark_root(int fd, const char *root, char *const *files, size_t nfiles)
{
    char p[PATH_MAX];
    size_t marks = 0;
    for (size_t i = 0; i < nfiles; i++) {
        if (files[i][0] != '/')
            continue;
        if ((size_t)snprintf(p, sizeof(p), "%s%s", root, files[i]) >= sizeof(p))
            continue;
        /* FAN_MARK_DONT_FOLLOW: a symlink planted in the container must not
         * make us mark a host file */
        if (fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_DONT_FOLLOW, FAN_OPEN, AT_FDCWD, p) == 0)
            marks++;
    }
    for (size_t i = 0; i < WARD_ARRAY_LEN(write_dirs); i++) {
        if ((size_t)snprintf(p, sizeof(p), "%s%s", root, write_dirs[i]) >= sizeof(p))
            continue;
        if (fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_DONT_FOLLOW | FAN_MARK_ONLYDIR,
                          FAN_CLOSE_WRITE | FAN_EVENT_ON_CHILD, AT_FDCWD, p) == 0)
            marks++;
    }
    return marks;
}

void ward_fan_drain(int fd, struct proc_snap *snaps, size_t max, size_t *n, uint64_t *lost,
                    int self_pid)
{
    union {
        char buf[16384];
        struct fanotify_event_metadata align;
    } u;
    while (*n < max) {
        ssize_t r = read(fd, u.buf, sizeof(u.buf));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return;
        const struct fanotify_event_metadata *m = (const void *)u.buf;
        size_t len = (size_t)r;
        for (; FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len)) {
            if (m->vers != FANOTIFY_METADATA_VERSION)
                continue;
            if (m->mask & FAN_Q_OVERFLOW) {
                (*lost)++;
                continue;
            }
            if (m->fd < 0)
                continue;
            if (m->pid == self_pid || *n >= max) {
                if (*n >= max)
                    (*lost)++;
                close(m->fd);
                continue;
            }
            struct proc_snap *s = &snaps[*n];
            char link[64];
            snprintf(link, sizeof(link), "/proc/self/fd/%d", m->fd);
            ssize_t l = readlink(link, s->path, sizeof(s->path) - 1);
            s->path[l > 0 ? l : 0] = '\0';
            close(m->fd);
            s->ev_ruid = s->ev_euid = -1;
            s->kind = (m->mask & FAN_CLOSE_WRITE) ? RAW_WRITE : RAW_OPEN;
            ward_proc_snapshot(s, m->pid);
            (*n)++;
        }
    }
}
