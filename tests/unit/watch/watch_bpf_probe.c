/* watch_bpf_probe.c - e2e helper for the eBPF sensor's syscall bitmaps: load
 * the sensor, create READY, keep draining until STOP exists, then print the
 * syscall numbers the container's cgroup entered (one per line). Exit 77 when
 * the eBPF sensor is unavailable. usage: watch_bpf_probe READY STOP CONTAINER_ID */
#include "watch/sensor.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: watch_bpf_probe READY STOP CONTAINER_ID\n");
        return 2;
    }
    struct ward_sensor *s = NULL;
    struct ward_error *err = NULL;
    if (ward_sensor_open(&s, getpid(), true, &err) < 0) {
        fprintf(stderr, "watch_bpf_probe: %s\n", err->msg);
        ward_error_free(err);
        return 77;
    }
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0)
        close(fd);
    struct proc_snap *snaps = calloc(64, sizeof(*snaps));
    for (int i = 0; i < 1200 && access(argv[2], F_OK) != 0; i++) {
        struct pollfd pf = {ward_sensor_fd(s), POLLIN, 0};
        poll(&pf, 1, 100);
        size_t n = 0;
        while (ward_sensor_drain(s, snaps, 64, &n))
            n = 0;
    }
    free(snaps);
    uint64_t cg = 0;
    uint8_t bm[WARD_SYSCALL_BITMAP_BYTES];
    /* every cgroup of the container (a hybrid host can record two), OR-ed */
    int rc = ward_sensor_container_cgroup(s, argv[3], &cg, &err);
    if (rc == 0)
        rc = ward_sensor_container_syscalls(s, argv[3], bm, &err);
    if (rc < 0) {
        fprintf(stderr, "watch_bpf_probe: %s\n", err->msg);
        ward_error_free(err);
        ward_sensor_close(s);
        return 1;
    }
    fprintf(stderr, "watch_bpf_probe: cgroup %llu\n", (unsigned long long)cg);
    for (unsigned n = 0; n < WARD_SYSCALL_BITMAP_BYTES * 8; n++)
        if (bm[n / 8] & (1u << (n % 8)))
            printf("%u\n", n);
    ward_sensor_close(s);
    return 0;
}
