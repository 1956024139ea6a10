/* test_bpf_event.c - the eBPF sensor's ring-buffer records (bpf/event.h) as
 * the watch loop sees them: creds, argv, cgroup -> container id, addresses,
 * malformed records refused, and the network default rules on such events. */
#include "harness.h"
#include "watch/sensor.h"

#include <linux/types.h>

#include "watch/bpf/event.h"

#define CID "4f1c2b9a0d3e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c"

static void base(struct ward_bpf_event *e, __u32 kind)
{
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->pid = 4242;
    e->tid = 4242;
    e->ppid = 4000;
    e->vpid = 7;
    e->uid = 1000;
    e->euid = 0;
    e->gid = 1000;
    e->egid = 1000;
    e->cgroup_id = 987654321;
    memcpy(e->comm, "nc", 2);
    memcpy(e->cg_parent, "docker", 6);
    memcpy(e->cg_leaf, CID, 64);
    static const char argv[] = "nc\0"
                               "127.0.0.1\0"
                               "3333";
    memcpy(e->args, argv, sizeof(argv) - 1);
    e->args_len = sizeof(argv) - 1;
}

TEST(watch_bpf, exec_record)
{
    struct ward_bpf_event e;
    base(&e, WARD_BPF_EXEC);
    memcpy(e.path, "/tmp/xmrig", 10);
    e.path_len = 10;
    e.flags = WARD_BPF_F_STDIO_SOCKET;
    struct proc_snap *s = calloc(1, sizeof(*s));
    int xp = 0;
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), 1);
    CHECK_EQ_INT(s->kind, RAW_EXEC);
    CHECK_EQ_INT(s->pid, 4242);
    CHECK_STR(s->exe, "/tmp/xmrig");
    CHECK_STR(s->comm, "nc");
    CHECK(s->bpf.on && s->bpf.stdio_socket);
    /* the synthesised status parses back to the kernel's values */
    struct ward_proc_status ps;
    ward_watch_parse_status(s->status, s->status_len, &ps);
    CHECK_EQ_INT(ps.ppid, 4000);
    CHECK_EQ_INT(ps.uid, 1000);
    CHECK_EQ_INT(ps.euid, 0);
    CHECK_EQ_INT(ps.gid, 1000);
    CHECK_EQ_INT(ps.vpid, 7);
    char id[65];
    CHECK(ward_watch_cgroup_container(s->cgroup, s->cgroup_len, id));
    CHECK_STR(id, CID);
    struct ward_arena a;
    ward_arena_init(&a);
    char *exe, *args, *cmd;
    ward_watch_parse_cmdline(&a, s->cmdline, s->cmdline_len, 4096, &exe, &args, &cmd);
    CHECK_STR(cmd, "nc 127.0.0.1 3333");
    struct ward_wevent ev = {0};
    ward_bpf_event_fields(&a, s, &ev);
    CHECK_STR(ev.f[WF_EVT_SOURCE], "ebpf");
    CHECK_STR(ev.f[WF_PROC_STDIO_SOCK], "true");
    CHECK_STR(ev.f[WF_CGROUP_ID], "987654321");
    CHECK(ev.cgroup_id == 987654321);
    CHECK(ev.f[WF_FD_RIP] == NULL);
    ward_arena_dispose(&a);
    free(s);
}

TEST(watch_bpf, systemd_scope_cgroup)
{
    struct ward_bpf_event e;
    base(&e, WARD_BPF_EXEC);
    memset(e.cg_leaf, 0, sizeof(e.cg_leaf));
    memcpy(e.cg_parent, "system.slice", 13);
    memcpy(e.cg_leaf, "docker-" CID ".scope", 7 + 64 + 6);
    struct proc_snap *s = calloc(1, sizeof(*s));
    int xp = 0;
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), 1);
    char id[65];
    CHECK(ward_watch_cgroup_container(s->cgroup, s->cgroup_len, id));
    CHECK_STR(id, CID);
    /* a host process: no container id */
    memset(e.cg_parent, 0, sizeof(e.cg_parent));
    memset(e.cg_leaf, 0, sizeof(e.cg_leaf));
    memcpy(e.cg_leaf, "user.slice", 10);
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), 1);
    CHECK(!ward_watch_cgroup_container(s->cgroup, s->cgroup_len, id));
    free(s);
}

TEST(watch_bpf, connect_listen_dup)
{
    struct ward_bpf_event e;
    base(&e, WARD_BPF_CONNECT);
    e.family = 2;
    e.l4proto = 6;
    e.res = -115;
    e.sport = 40000;
    e.dport = 3333;
    memcpy(e.saddr, "\x7f\x00\x00\x01", 4);
    memcpy(e.daddr, "\x0a\x01\x02\x03", 4);
    struct proc_snap *s = calloc(1, sizeof(*s));
    int xp = 0;
    struct ward_arena a;
    ward_arena_init(&a);
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), 1);
    struct ward_wevent ev = {0};
    ward_bpf_event_fields(&a, s, &ev);
    CHECK_STR(ev.f[WF_EVT_TYPE], "connect");
    CHECK_STR(ev.f[WF_EVT_RES], "-115");
    CHECK_STR(ev.f[WF_FD_SIP], "127.0.0.1");
    CHECK_STR(ev.f[WF_FD_SPORT], "40000");
    CHECK_STR(ev.f[WF_FD_RIP], "10.1.2.3");
    CHECK_STR(ev.f[WF_FD_RPORT], "3333");
    CHECK_STR(ev.f[WF_FD_L4PROTO], "tcp");

    base(&e, WARD_BPF_LISTEN);
    e.family = 10;
    e.l4proto = 6;
    e.sport = 8080;
    e.saddr[15] = 1; /* ::1 */
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), 1);
    memset(&ev, 0, sizeof(ev));
    ward_bpf_event_fields(&a, s, &ev);
    CHECK_STR(ev.f[WF_EVT_TYPE], "listen");
    CHECK_STR(ev.f[WF_FD_SIP], "::1");
    CHECK_STR(ev.f[WF_FD_SPORT], "8080");
    CHECK(ev.f[WF_FD_RIP] == NULL && ev.f[WF_FD_RPORT] == NULL);

    base(&e, WARD_BPF_DUP);
    e.family = 2;
    e.l4proto = 6;
    e.arg = 1;
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), 1);
    memset(&ev, 0, sizeof(ev));
    ward_bpf_event_fields(&a, s, &ev);
    CHECK_STR(ev.f[WF_EVT_TYPE], "dup");
    CHECK_STR(ev.f[WF_FD_NUM], "1");
    ward_arena_dispose(&a);
    free(s);
}

TEST(watch_bpf, malformed_and_exit)
{
    struct ward_bpf_event e;
    struct proc_snap *s = calloc(1, sizeof(*s));
    int xp = 0;
    base(&e, WARD_BPF_EXEC);
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e) - 1, s, &xp), -1); /* short */
    e.kind = 0;
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), -1);
    e.kind = WARD_BPF_KIND_MAX;
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), -1);
    base(&e, WARD_BPF_CONNECT);
    e.family = 1; /* AF_UNIX is never sent; refuse it */
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), -1);
    base(&e, WARD_BPF_EXIT);
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), 0);
    CHECK_EQ_INT(xp, 4242);
    /* unterminated fixed fields and an argv length past the buffer stay bounded */
    base(&e, WARD_BPF_OPEN);
    memset(e.comm, 'A', sizeof(e.comm));
    memset(e.path, 'B', sizeof(e.path));
    memset(e.cg_leaf, 'C', sizeof(e.cg_leaf));
    memset(e.args, 'D', sizeof(e.args));
    e.args_len = 0xffffffffu;
    CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), 1);
    CHECK_EQ_INT(s->kind, RAW_OPEN);
    CHECK(strlen(s->comm) < sizeof(s->comm));
    CHECK_EQ_SIZE(strlen(s->path), WARD_BPF_PATH_LEN);
    CHECK_EQ_SIZE(s->cmdline_len, WARD_BPF_ARGS_LEN);
    free(s);
}

struct hits {
    const char *names[8];
    size_t n;
};

static void collect(const struct ward_wrule *r, const struct ward_wevent *ev, void *ud)
{
    (void)ev;
    struct hits *h = ud;
    if (h->n < 8)
        h->names[h->n++] = r->name;
}

static bool hit(const struct hits *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->names[i], name) == 0)
            return true;
    return false;
}

/* the network default rules on events built the way the watch loop builds them */
TEST(watch_bpf, network_rules)
{
    struct ward_wruleset *rs = NULL;
    struct ward_error *err = NULL;
    ward_wruleset_new(&rs);
    CHECK_OK(ward_wrules_load(rs, ward_watch_default_rules, ward_watch_default_rules_len,
                              "default.yaml", &err),
             err);
    CHECK_OK(ward_wrules_compile(rs, &err), err);
    struct ward_bpf_event e;
    struct proc_snap *s = calloc(1, sizeof(*s));
    struct ward_arena a;
    ward_arena_init(&a);
    int xp = 0;
    struct {
        __u32 kind;
        __u16 dport, sport;
        __s64 res;
        __u64 arg;
        const char *comm, *rule;
        bool fires;
    } cases[] = {
        {WARD_BPF_CONNECT, 3333, 0, -115, 0, "nc", "Connection to a mining pool port", true},
        {WARD_BPF_CONNECT, 443, 0, 0, 0, "nc", "Connection to a mining pool port", false},
        {WARD_BPF_CONNECT, 9, 0, 0, 0, "bash", "Shell made a network connection", true},
        {WARD_BPF_CONNECT, 9, 0, -111, 0, "bash", "Shell made a network connection", false},
        {WARD_BPF_LISTEN, 0, 4444, 0, 0, "nc", "Unexpected listening socket", true},
        {WARD_BPF_LISTEN, 0, 80, 0, 0, "nginx", "Unexpected listening socket", false},
        {WARD_BPF_DUP, 0, 0, 0, 0, "nc", "Socket attached to a shell's standard input or output",
         true},
        {WARD_BPF_MOUNT, 0, 0, -1, 0, "mount", "Mount attempted in a container", true},
        {WARD_BPF_MODULE, 0, 0, -1, 0, "insmod", "Kernel module load attempted in a container",
         true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        base(&e, cases[i].kind);
        memset(e.comm, 0, sizeof(e.comm));
        memcpy(e.comm, cases[i].comm, strlen(cases[i].comm));
        e.family = 2;
        e.l4proto = 6;
        e.dport = cases[i].dport;
        e.sport = cases[i].sport;
        e.res = cases[i].res;
        e.arg = cases[i].arg;
        memcpy(e.daddr, "\x7f\x00\x00\x01", 4);
        CHECK_EQ_INT(ward_bpf_event_parse(&e, sizeof(e), s, &xp), 1);
        struct ward_wevent ev = {0};
        ev.f[WF_EVT_TYPE] = s->kind == RAW_EXEC ? "execve" : NULL;
        ev.f[WF_PROC_NAME] = s->comm;
        ev.f[WF_PROC_VPID] = "12";
        ev.f[WF_CONTAINER_ID] = "4f1c2b9a0d3e";
        ward_bpf_event_fields(&a, s, &ev);
        struct hits h = {0};
        ward_wrules_eval(rs, &ev, WARD_PRIO_DEBUG, collect, &h);
        CHECK_MSG(hit(&h, cases[i].rule) == cases[i].fires, "case %zu: %s %s", i, cases[i].comm,
                  cases[i].rule);
    }
    ward_arena_dispose(&a);
    free(s);
    ward_wruleset_free(rs);
}
