/* sensor_nobpf.c - stand-in for the eBPF sensor when ward is built without
 * libbpf/clang/bpftool or without kernel BTF (meson option ebpf): every call
 * says the backend is unsupported, so `ward watch` uses the proc connector. */
#include "watch/sensor.h"

int ward_sensor_open(struct ward_sensor **out, int self_pid, bool record_syscalls,
                     struct ward_error **err)
{
    (void)self_pid, (void)record_syscalls;
    *out = NULL;
    return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                          "eBPF: this ward was built without the eBPF sensor (meson -Debpf)");
}

void ward_sensor_close(struct ward_sensor *s)
{
    (void)s;
}

int ward_sensor_fd(const struct ward_sensor *s)
{
    (void)s;
    return -1;
}

bool ward_sensor_drain(struct ward_sensor *s, struct proc_snap *snaps, size_t max, size_t *n)
{
    (void)s, (void)snaps, (void)max, (void)n;
    return false;
}

void ward_sensor_counters(const struct ward_sensor *s, uint64_t *lost, uint64_t *throttled)
{
    (void)s;
    *lost = *throttled = 0;
}

int ward_sensor_syscalls_seen(struct ward_sensor *s, uint64_t cgroup_id,
                              uint8_t bitmap[WARD_SYSCALL_BITMAP_BYTES], struct ward_error **err)
{
    (void)s, (void)cgroup_id, (void)bitmap;
    return ward_error_set(err, WARD_EUNSUPPORTED, 0, "eBPF: not built in");
}

int ward_sensor_container_syscalls(struct ward_sensor *s, const char *container_id,
                                   uint8_t bitmap[WARD_SYSCALL_BITMAP_BYTES],
                                   struct ward_error **err)
{
    (void)s, (void)container_id, (void)bitmap;
    return ward_error_set(err, WARD_EUNSUPPORTED, 0, "eBPF: not built in");
}

int ward_sensor_container_cgroup(struct ward_sensor *s, const char *container_id,
                                 uint64_t *cgroup_id, struct ward_error **err)
{
    (void)s, (void)container_id, (void)cgroup_id;
    return ward_error_set(err, WARD_EUNSUPPORTED, 0, "eBPF: not built in");
}
