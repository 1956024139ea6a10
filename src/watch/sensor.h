/* sensor.h - internal interface between ward watch's sensors (proc connector,
 * fanotify) and its event loop (watch.c): raw kernel events and the /proc
 * snapshot taken the moment an event is read, before the process can exit. */
#ifndef WARD_WATCH_SENSOR_H
#define WARD_WATCH_SENSOR_H

#include "watch/watch.h"

#include <limits.h>

enum raw_kind { RAW_EXEC, RAW_UID, RAW_OPEN, RAW_WRITE };

struct proc_snap {
    enum raw_kind kind;
    int pid;
    bool gone;                  /* the process exited before /proc could be read */
    long long ev_ruid, ev_euid; /* RAW_UID: the new ids from the kernel */
    char path[PATH_MAX];        /* RAW_OPEN/RAW_WRITE: file path */
    char comm[32];
    char cmdline[4096];
    size_t cmdline_len;
    char status[4096];
    size_t status_len;
    char stat[1024];
    size_t stat_len;
    char cgroup[4096];
    size_t cgroup_len;
    char exe[PATH_MAX];
    char cwd[PATH_MAX];
};

/* Read what is needed of /proc/PID now (comm, cmdline, status, stat, cgroup,
 * exe, cwd). Sets gone when the process no longer exists. */
void ward_proc_snapshot(struct proc_snap *s, int pid);

/* Proc connector (NETLINK_CONNECTOR, CN_IDX_PROC). */
int ward_procconn_open(int *fd, struct ward_error **err);
void ward_procconn_close(int fd);
/* Read the datagrams waiting on fd (non-blocking) and snapshot each exec and
 * uid event into snaps[*n...max). Kernel-side overruns (ENOBUFS) add to *lost. */
void ward_procconn_drain(int fd, struct proc_snap *snaps, size_t max, size_t *n, uint64_t *lost,
                         int self_pid);

/* fanotify: file opens of sensitive files and writes below system dirs. */
int ward_fan_open(int *fd, struct ward_error **err);
/* Mark the files (FAN_OPEN) and directories (FAN_CLOSE_WRITE of their
 * children) as seen from root ("/proc/PID/root" for a container). Returns
 * the number of marks placed. */
size_t ward_fan_mark_root(int fd, const char *root, char *const *files, size_t nfiles);
void ward_fan_drain(int fd, struct proc_snap *snaps, size_t max, size_t *n, uint64_t *lost,
                    int self_pid);

#endif
