/* facts.c - gather once everything the CIS checks look at: the Engine API (version, info,
 * running containers, images, networks, swarm), the dockerd process that actually serves the
 * socket the user points at (found by its listening socket's inode, not "the newest dockerd"),
 * its command line and daemon.json, systemd units, audit rules, the docker group, sshd. */
#define WARD_LOG_MODULE "bench"
#include "bench/bench.h"
#include "engine/engine.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define PROC_FILE_MAX (1u << 20) /* one /proc file (cmdline, net/unix, cgroup) */
#define CONF_FILE_MAX (4u << 20) /* daemon.json, audit rules, /etc/group */

static char *fa_printf(struct ward_bench_facts *f, const char *fmt, ...) WARD_PRINTF(2, 3);
static char *fa_printf(struct ward_bench_facts *f, const char *fmt, ...)
{
    va_list ap;
    struct ward_buf b = WARD_BUF_INIT(1u << 16);
    va_start(ap, fmt);
    ward_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    char *s = ward_arena_strdup(&f->arena, b.ptr ? b.ptr : "");
    ward_buf_dispose(&b);
    return s;
}

/* host_root + path */
static char *hpath(struct ward_bench_facts *f, const char *path)
{
    return fa_printf(f, "%s%s", f->host_root, path);
}

static int read_file(struct ward_buf *b, const char *path, size_t max)
{
    struct ward_error *e = NULL;
    ward_buf_init(b, max);
    int rc = ward_file_read(b, AT_FDCWD, path, max, &e);
    int code = e ? e->sys_errno : 0;
    ward_error_free(e);
    if (rc < 0) {
        ward_buf_dispose(b);
        errno = code ? code : EIO;
        return -1;
    }
    return 0;
}

/* ---- Engine API ---- */

static int name_cmp(const void *a, const void *b)
{
    const char *x = ward_jstr(*(json_t *const *)a, "Name");
    const char *y = ward_jstr(*(json_t *const *)b, "Name");
    return strcmp(x ? x : "", y ? y : "");
}

static void gather_engine(struct ward_bench_facts *f, struct ward_engine *e, bool want_images)
{
    struct ward_error *err = NULL;
    if (ward_engine_get_json(e, "/version", &f->version, &err) < 0) {
        f->engine_err = fa_printf(f, "Docker Engine not reachable: %s", err->msg);
        ward_error_free(err);
        return;
    }
    if (ward_engine_get_json(e, "/info", &f->info, &err) < 0) {
        f->engine_err = fa_printf(f, "Docker Engine /info failed: %s", err->msg);
        ward_error_free(err);
        return;
    }
    ward_autojson list = NULL;
    if (ward_engine_get_json(e, "/containers/json", &list, &err) == 0 && json_is_array(list)) {
        size_t n = json_array_size(list);
        f->containers = ward_xcalloc(n ? n : 1, sizeof(*f->containers));
        for (size_t i = 0; i < n; i++) {
            const char *id = ward_jstr(json_array_get(list, i), "Id");
            if (!id)
                continue;
            ward_autofree char *eid = ward_engine_escape(id);
            ward_autofree char *path = ward_xasprintf("/containers/%s/json", eid);
            json_t *c = NULL;
            if (ward_engine_get_json(e, path, &c, &err) < 0) {
                /* it may have exited between the list and the inspect */
                ward_debug("inspect %s: %s", id, err->msg);
                ward_error_free(err);
                err = NULL;
                continue;
            }
            f->containers[f->ncontainers++] = c;
        }
        qsort(f->containers, f->ncontainers, sizeof(*f->containers), name_cmp);
    } else if (err) {
        f->engine_err = fa_printf(f, "Docker Engine /containers/json failed: %s", err->msg);
        ward_error_free(err);
        return;
    }
    if (ward_engine_get_json(e, "/networks", &f->networks, &err) < 0) {
        ward_debug("networks: %s", err->msg);
        ward_error_free(err);
        err = NULL;
    }
    json_t *sw = ward_jobj(f->info, "Swarm");
    const char *state = sw ? ward_jstr(sw, "LocalNodeState") : NULL;
    if (state && strcmp(state, "active") == 0 && ward_jbool(sw, "ControlAvailable", false)) {
        /* manager: the cluster objects are readable */
        const char *paths[] = {"/swarm", "/nodes", "/secrets"};
        json_t **dst[] = {&f->swarm, &f->nodes, &f->secrets};
        for (size_t i = 0; i < 3; i++) {
            if (ward_engine_get_json(e, paths[i], dst[i], &err) < 0) {
                ward_debug("%s: %s", paths[i], err->msg);
                ward_error_free(err);
                err = NULL;
            }
        }
    }
    if (!want_images)
        return;
    ward_autojson imgs = NULL;
    if (ward_engine_get_json(e, "/images/json", &imgs, &err) < 0 || !json_is_array(imgs)) {
        ward_debug("images: %s", err ? err->msg : "not an array");
        ward_error_free(err);
        return;
    }
    size_t n = json_array_size(imgs);
    f->images = ward_xcalloc(n ? n : 1, sizeof(*f->images));
    f->histories = ward_xcalloc(n ? n : 1, sizeof(*f->histories));
    for (size_t i = 0; i < n; i++) {
        const char *id = ward_jstr(json_array_get(imgs, i), "Id");
        if (!id)
            continue;
        ward_autofree char *eid = ward_engine_escape(id);
        ward_autofree char *p1 = ward_xasprintf("/images/%s/json", eid);
        ward_autofree char *p2 = ward_xasprintf("/images/%s/history", eid);
        json_t *img = NULL, *hist = NULL;
        if (ward_engine_get_json(e, p1, &img, &err) < 0) {
            ward_error_free(err);
            err = NULL;
            continue;
        }
        if (ward_engine_get_json(e, p2, &hist, &err) < 0) {
            ward_error_free(err);
            err = NULL;
        }
        f->images[f->nimages] = img;
        f->histories[f->nimages] = hist;
        f->nimages++;
    }
    f->have_images = true;
}

/* ---- the daemon process ---- */

static bool read_comm(const char *proc, const char *pid, char *out, size_t outsz)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s/comm", proc, pid);
    FILE *fp = fopen(path, "re");
    if (!fp)
        return false;
    bool ok = fgets(out, (int)outsz, fp) != NULL;
    fclose(fp);
    if (ok)
        out[strcspn(out, "\n")] = '\0';
    return ok;
}

/* inodes of listening sockets that serve the target, as seen in pid's network namespace */
struct inode_set {
    unsigned long v[64];
    size_t n;
};

static void unix_inodes(struct ward_bench_facts *f, const char *pid, const struct stat *sockst,
                        struct inode_set *set)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s/net/unix", f->proc_root, pid);
    struct ward_buf b;
    if (read_file(&b, path, 64u << 20) < 0)
        return;
    struct ward_span in = ward_span_of(b.ptr ? b.ptr : "", b.len), line;
    ward_span_line(&in, &line); /* header */
    while (ward_span_line(&in, &line) && set->n < WARD_ARRAY_LEN(set->v)) {
        /* Num RefCount Protocol Flags Type St Inode Path */
        ward_autofree char *l = ward_span_dup(line);
        char *save = NULL, *tok[8] = {0};
        int nt = 0;
        for (char *t = strtok_r(l, " ", &save); t && nt < 8; t = strtok_r(NULL, " ", &save))
            tok[nt++] = t;
        if (nt < 8 || tok[7][0] != '/')
            continue;
        if (strcmp(tok[3], "00010000") != 0) /* __SO_ACCEPTCON: listening */
            continue;
        struct stat st;
        if (stat(tok[7], &st) != 0 || st.st_dev != sockst->st_dev || st.st_ino != sockst->st_ino)
            continue;
        set->v[set->n++] = strtoul(tok[6], NULL, 10);
    }
    ward_buf_dispose(&b);
}

static void tcp_inodes(struct ward_bench_facts *f, const char *pid, unsigned port,
                       struct inode_set *set)
{
    const char *files[] = {"tcp", "tcp6"};
    for (size_t k = 0; k < 2; k++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s/net/%s", f->proc_root, pid, files[k]);
        struct ward_buf b;
        if (read_file(&b, path, 64u << 20) < 0)
            continue;
        struct ward_span in = ward_span_of(b.ptr ? b.ptr : "", b.len), line;
        ward_span_line(&in, &line);
        while (ward_span_line(&in, &line) && set->n < WARD_ARRAY_LEN(set->v)) {
            /* sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode */
            ward_autofree char *l = ward_span_dup(line);
            char *save = NULL, *tok[10] = {0};
            int nt = 0;
            for (char *t = strtok_r(l, " ", &save); t && nt < 10; t = strtok_r(NULL, " ", &save))
                tok[nt++] = t;
            if (nt < 10 || strcmp(tok[3], "0A") != 0) /* LISTEN */
                continue;
            char *colon = strrchr(tok[1], ':');
            if (!colon || strtoul(colon + 1, NULL, 16) != port)
                continue;
            set->v[set->n++] = strtoul(tok[9], NULL, 10);
        }
        ward_buf_dispose(&b);
    }
}

static bool has_socket_fd(struct ward_bench_facts *f, const char *pid, const struct inode_set *set)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s/fd", f->proc_root, pid);
    DIR *d = opendir(path);
    if (!d)
        return false;
    bool found = false;
    struct dirent *de;
    while (!found && (de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char lp[sizeof(path) + sizeof(de->d_name) + 2], target[128];
        snprintf(lp, sizeof(lp), "%s/%s", path, de->d_name);
        ssize_t l = readlink(lp, target, sizeof(target) - 1);
        if (l <= 0)
            continue;
        target[l] = '\0';
        if (strncmp(target, "socket:[", 8) != 0)
            continue;
        unsigned long ino = strtoul(target + 8, NULL, 10);
        for (size_t i = 0; i < set->n; i++)
            if (set->v[i] == ino)
                found = true;
    }
    closedir(d);
    return found;
}

/* does one of the daemon's -H values name our unix socket? */
static bool args_name_socket(const struct ward_bench_args *a, const char *sock)
{
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->key[i], "host") != 0)
            continue;
        const char *v = a->val[i];
        if (strncmp(v, "unix://", 7) == 0)
            v += 7;
        if (strcmp(v, sock) == 0)
            return true;
    }
    return false;
}

static int load_args(struct ward_bench_facts *f, pid_t pid, struct ward_bench_args *a)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%d/cmdline", f->proc_root, (int)pid);
    struct ward_buf b;
    if (read_file(&b, path, PROC_FILE_MAX) < 0)
        return -1;
    struct ward_error *e = NULL;
    int rc = ward_bench_parse_cmdline(a, b.ptr ? b.ptr : "", b.len, &e);
    ward_error_free(e);
    ward_buf_dispose(&b);
    return rc;
}

/* pid of the process that listens on the unix socket, from the kernel (SO_PEERCRED on a
 * connection to it); 0 if unknown. Socket activation gives the activator (pid 1) instead. */
static pid_t peer_pid(const char *sock)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(sock) >= sizeof(sa.sun_path))
        return 0;
    memcpy(sa.sun_path, sock, strlen(sock) + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    struct ucred cr = {0};
    socklen_t l = sizeof(cr);
    pid_t pid = 0;
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
        getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &l) == 0)
        pid = cr.pid;
    close(fd);
    return pid;
}

static void find_daemon(struct ward_bench_facts *f, const char *sock, unsigned tcp_port)
{
    struct stat sockst;
    if (sock && stat(sock, &sockst) != 0) {
        f->pid_why = fa_printf(f, "cannot stat socket %s: %s", sock, strerror(errno));
        sock = NULL;
    }
    DIR *d = opendir(f->proc_root);
    if (!d) {
        f->pid_why = fa_printf(f, "cannot read %s: %s", f->proc_root, strerror(errno));
        return;
    }
    pid_t cand[256];
    size_t nc = 0;
    struct dirent *de;
    while ((de = readdir(d)) && nc < WARD_ARRAY_LEN(cand)) {
        if (de->d_name[0] < '1' || de->d_name[0] > '9')
            continue;
        char comm[64];
        if (!read_comm(f->proc_root, de->d_name, comm, sizeof(comm)))
            continue;
        if (strcmp(comm, "dockerd") != 0)
            continue;
        cand[nc++] = (pid_t)strtol(de->d_name, NULL, 10);
    }
    closedir(d);
    if (nc == 0) {
        f->pid_why =
            "no dockerd process visible in /proc (is ward running in another PID namespace?)";
        return;
    }
    /* 0: the kernel's word: the peer of a connection to the socket (only when our /proc is
     * the one the pid refers to) */
    pid_t pp = sock && strcmp(f->proc_root, "/proc") == 0 ? peer_pid(sock) : 0;
    for (size_t i = 0; i < nc && pp > 0 && !f->pid; i++) {
        if (cand[i] == pp) {
            f->pid = pp;
            f->pid_how = "peer of the socket (SO_PEERCRED)";
        }
    }
    /* 1: the process holding the listening socket (works for socket activation and rootless,
     * whose dockerd lives in its own network namespace: read that namespace's table) */
    for (size_t i = 0; i < nc && !f->pid; i++) {
        char pid[32];
        snprintf(pid, sizeof(pid), "%d", (int)cand[i]);
        struct inode_set set = {.n = 0};
        if (sock)
            unix_inodes(f, pid, &sockst, &set);
        else if (tcp_port)
            tcp_inodes(f, pid, tcp_port, &set);
        if (set.n && has_socket_fd(f, pid, &set)) {
            f->pid = cand[i];
            f->pid_how = "holds the listening socket";
        }
    }
    /* 2: its -H flag names the socket */
    for (size_t i = 0; i < nc && !f->pid && sock; i++) {
        struct ward_bench_args a;
        if (load_args(f, cand[i], &a) < 0)
            continue;
        if (args_name_socket(&a, f->socket_path)) {
            f->pid = cand[i];
            f->pid_how = "its -H flag names the socket";
        }
        ward_bench_args_dispose(&a);
    }
    if (!f->pid) {
        f->pid_why =
            fa_printf(f, "none of the %zu dockerd process(es) could be tied to %s", nc, f->host);
        return;
    }
    if (load_args(f, f->pid, &f->args) == 0)
        f->have_args = true;
    char path[512], exe[WARD_LIMIT_PATH_LEN];
    snprintf(path, sizeof(path), "%s/%d/exe", f->proc_root, (int)f->pid);
    ssize_t l = readlink(path, exe, sizeof(exe) - 1);
    if (l > 0) {
        exe[l] = '\0';
        f->daemon_exe = ward_arena_strdup(&f->arena, exe);
    }
    snprintf(path, sizeof(path), "%s/%d", f->proc_root, (int)f->pid);
    struct stat st;
    if (stat(path, &st) == 0)
        f->daemon_uid = st.st_uid;
    /* the unit that runs it: "0::/system.slice/docker.service" */
    snprintf(path, sizeof(path), "%s/%d/cgroup", f->proc_root, (int)f->pid);
    struct ward_buf b;
    if (read_file(&b, path, PROC_FILE_MAX) == 0 && b.ptr) {
        char *u = strstr(b.ptr, ".service");
        if (u) {
            char *s = u;
            while (s > b.ptr && s[-1] != '/' && s[-1] != ':')
                s--;
            f->daemon_unit = ward_arena_strndup(&f->arena, s, (size_t)(u - s) + 8);
        }
        ward_buf_dispose(&b);
    }
}

/* environment variable of the daemon process (for rootless config paths) */
static char *daemon_env(struct ward_bench_facts *f, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%d/environ", f->proc_root, (int)f->pid);
    struct ward_buf b;
    if (read_file(&b, path, PROC_FILE_MAX) < 0)
        return NULL;
    size_t nl = strlen(name);
    char *res = NULL;
    for (size_t i = 0; i < b.len;) {
        const char *s = b.ptr + i;
        size_t l = strnlen(s, b.len - i);
        if (l > nl && memcmp(s, name, nl) == 0 && s[nl] == '=')
            res = ward_arena_strndup(&f->arena, s + nl + 1, l - nl - 1);
        i += l + 1;
    }
    ward_buf_dispose(&b);
    return res;
}

static void gather_config(struct ward_bench_facts *f)
{
    const char *cf = f->have_args ? ward_bench_args_get(&f->args, "config-file") : NULL;
    if (cf) {
        f->config_path = ward_arena_strdup(&f->arena, cf);
    } else if (f->rootless && f->pid) {
        char *x = daemon_env(f, "XDG_CONFIG_HOME");
        char *h = daemon_env(f, "HOME");
        if (x)
            f->config_path = fa_printf(f, "%s/docker/daemon.json", x);
        else if (h)
            f->config_path = fa_printf(f, "%s/.config/docker/daemon.json", h);
    }
    if (!f->config_path)
        f->config_path = "/etc/docker/daemon.json";
    struct ward_buf b;
    if (read_file(&b, hpath(f, f->config_path), CONF_FILE_MAX) < 0) {
        if (errno == ENOENT)
            f->config_missing = true;
        else
            f->config_why = fa_printf(f, "cannot read %s: %s", f->config_path, strerror(errno));
        return;
    }
    struct ward_error *e = NULL;
    if (ward_bench_parse_daemon_json(&f->daemon_json, b.ptr ? b.ptr : "", b.len, &e) < 0) {
        f->config_why = fa_printf(f, "%s: %s", f->config_path, e->msg);
        ward_error_free(e);
    }
    ward_buf_dispose(&b);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void gather_audit(struct ward_bench_facts *f)
{
    const char *main_rules = "/etc/audit/audit.rules";
    const char *dir = "/etc/audit/rules.d";
    size_t nread = 0;
    struct ward_buf src = WARD_BUF_INIT(1u << 16);
    const char *files[1024];
    size_t nf = 0;
    files[nf++] = main_rules;
    DIR *d = opendir(hpath(f, dir));
    if (d) {
        struct dirent *de;
        char *names[1023];
        size_t nn = 0;
        while ((de = readdir(d)) && nn < WARD_ARRAY_LEN(names)) {
            size_t l = strlen(de->d_name);
            if (l > 6 && strcmp(de->d_name + l - 6, ".rules") == 0)
                names[nn++] = ward_arena_strdup(&f->arena, de->d_name);
        }
        closedir(d);
        qsort(names, nn, sizeof(*names), str_cmp);
        for (size_t i = 0; i < nn; i++)
            files[nf++] = fa_printf(f, "%s/%s", dir, names[i]);
    }
    for (size_t i = 0; i < nf; i++) {
        struct ward_buf b;
        if (read_file(&b, hpath(f, files[i]), CONF_FILE_MAX) < 0)
            continue;
        struct ward_error *e = NULL;
        if (ward_bench_parse_audit_rules(&f->audit, b.ptr ? b.ptr : "", b.len, &e) < 0) {
            ward_warn("%s: %s", files[i], e->msg);
            ward_error_free(e);
        }
        ward_buf_dispose(&b);
        ward_buf_addf(&src, "%s%s", nread ? ", " : "", files[i]);
        nread++;
    }
    if (!nread)
        f->audit_why = "no audit rule files (/etc/audit/audit.rules, /etc/audit/rules.d/*.rules)";
    else
        f->audit_source = ward_arena_strdup(&f->arena, src.ptr);
    ward_buf_dispose(&src);
}

static const char *find_unit(struct ward_bench_facts *f, const char *name)
{
    static const char *const dirs[] = {"/etc/systemd/system", "/run/systemd/system",
                                       "/usr/local/lib/systemd/system", "/usr/lib/systemd/system",
                                       "/lib/systemd/system"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(dirs); i++) {
        char *p = fa_printf(f, "%s/%s", dirs[i], name);
        struct stat st;
        if (lstat(hpath(f, p), &st) == 0 && !S_ISLNK(st.st_mode))
            return p;
        if (lstat(hpath(f, p), &st) == 0 && S_ISLNK(st.st_mode)) {
            /* /etc/systemd/system/x -> /dev/null masks it; other links point at the file */
            char t[WARD_LIMIT_PATH_LEN];
            ssize_t l = readlink(hpath(f, p), t, sizeof(t) - 1);
            if (l > 0) {
                t[l] = '\0';
                if (strcmp(t, "/dev/null") != 0 && t[0] == '/')
                    return ward_arena_strdup(&f->arena, t);
            }
        }
    }
    return NULL;
}

static void gather_group(struct ward_bench_facts *f)
{
    struct ward_buf b;
    if (read_file(&b, hpath(f, "/etc/group"), CONF_FILE_MAX) < 0)
        return;
    char *members[256];
    size_t nm = 0;
    long gid = -1;
    struct ward_span in = ward_span_of(b.ptr ? b.ptr : "", b.len), line;
    while (ward_span_line(&in, &line)) {
        if (!ward_span_starts(line, "docker:"))
            continue;
        f->have_group = true;
        /* docker:x:GID:a,b */
        ward_autofree char *l = ward_span_dup(line);
        char *save = NULL;
        char *fld[4] = {0};
        char *p = l;
        for (int i = 0; i < 4 && p; i++) {
            fld[i] = p;
            p = strchr(p, ':');
            if (p)
                *p++ = '\0';
        }
        if (fld[2])
            gid = strtol(fld[2], NULL, 10);
        if (fld[3])
            for (char *t = strtok_r(fld[3], ",", &save); t && nm < 255;
                 t = strtok_r(NULL, ",", &save))
                if (*t)
                    members[nm++] = ward_arena_strdup(&f->arena, t);
        break;
    }
    ward_buf_dispose(&b);
    /* users whose primary group is docker are members too */
    if (gid >= 0 && read_file(&b, hpath(f, "/etc/passwd"), CONF_FILE_MAX) == 0) {
        in = ward_span_of(b.ptr ? b.ptr : "", b.len);
        while (ward_span_line(&in, &line) && nm < 255) {
            ward_autofree char *l = ward_span_dup(line);
            char *fld[5] = {0};
            char *p = l;
            for (int i = 0; i < 5 && p; i++) {
                fld[i] = p;
                p = strchr(p, ':');
                if (p)
                    *p++ = '\0';
            }
            if (fld[3] && strtol(fld[3], NULL, 10) == gid) {
                bool dup = false;
                for (size_t i = 0; i < nm; i++)
                    dup |= strcmp(members[i], fld[0]) == 0;
                if (!dup)
                    members[nm++] = ward_arena_strdup(&f->arena, fld[0]);
            }
        }
        ward_buf_dispose(&b);
    }
    if (!f->have_group)
        return;
    qsort(members, nm, sizeof(*members), str_cmp);
    f->docker_group = ward_arena_alloc(&f->arena, (nm + 1) * sizeof(char *));
    memcpy(f->docker_group, members, nm * sizeof(char *));
}

/* containers running sshd: a /proc scan tied to containers by cgroup (correct with --pid host,
 * unlike grepping ps inside the container); the Engine's /top when /proc is not the daemon's */
static void gather_sshd(struct ward_bench_facts *f, struct ward_engine *e)
{
    char **hit = ward_arena_alloc(&f->arena, (f->ncontainers + 1) * sizeof(char *));
    size_t nh = 0;
    if (f->pid) {
        DIR *d = opendir(f->proc_root);
        if (!d)
            return;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] < '1' || de->d_name[0] > '9')
                continue;
            char comm[64];
            if (!read_comm(f->proc_root, de->d_name, comm, sizeof(comm)) ||
                strcmp(comm, "sshd") != 0)
                continue;
            char path[512];
            snprintf(path, sizeof(path), "%s/%s/cgroup", f->proc_root, de->d_name);
            struct ward_buf b;
            if (read_file(&b, path, PROC_FILE_MAX) < 0 || !b.ptr)
                continue;
            for (size_t i = 0; i < f->ncontainers; i++) {
                const char *id = ward_jstr(f->containers[i], "Id");
                bool dup = false;
                for (size_t k = 0; k < nh; k++)
                    dup |= id && strcmp(hit[k], id) == 0;
                if (id && !dup && strstr(b.ptr, id))
                    hit[nh++] = ward_arena_strdup(&f->arena, id);
            }
            ward_buf_dispose(&b);
        }
        closedir(d);
    } else if (e && !f->engine_err) {
        for (size_t i = 0; i < f->ncontainers; i++) {
            const char *id = ward_jstr(f->containers[i], "Id");
            if (!id)
                continue;
            ward_autofree char *eid = ward_engine_escape(id);
            ward_autofree char *p = ward_xasprintf("/containers/%s/top", eid);
            ward_autojson top = NULL;
            struct ward_error *err = NULL;
            if (ward_engine_get_json(e, p, &top, &err) < 0) {
                ward_error_free(err);
                continue;
            }
            json_t *procs = ward_jarr(top, "Processes");
            size_t k;
            json_t *row;
            bool found = false;
            json_array_foreach(procs, k, row)
            {
                size_t m;
                json_t *col;
                json_array_foreach(row, m, col)
                {
                    const char *s = json_string_value(col);
                    if (s && strstr(s, "sshd"))
                        found = true;
                }
            }
            if (found)
                hit[nh++] = ward_arena_strdup(&f->arena, id);
        }
        f->sshd_why = "processes listed through the Engine API (daemon's /proc not visible)";
    }
    f->sshd_in = hit;
}

static bool is_loopback(const char *h, size_t n)
{
    return (n == 9 && memcmp(h, "localhost", 9) == 0) ||
           (n == 9 && memcmp(h, "127.0.0.1", 9) == 0) || (n == 5 && memcmp(h, "[::1]", 5) == 0);
}

int ward_bench_facts_gather(struct ward_bench_facts **out, const struct ward_bench_opts *o,
                            struct ward_error **err)
{
    ward_autoptr(ward_bench_facts) f = ward_xcalloc(1, sizeof(*f));
    ward_arena_init(&f->arena);
    const char *root = o->host_root && *o->host_root ? o->host_root : "/";
    size_t rl = strlen(root);
    while (rl > 0 && root[rl - 1] == '/')
        rl--;
    f->host_root = ward_arena_strndup(&f->arena, root, rl);
    f->proc_root = ward_arena_strdup(&f->arena, o->proc_root ? o->proc_root : "/proc");
    ward_autoptr(ward_engine) e = NULL;
    if (ward_engine_open(&e, o->host, err) < 0)
        return ward_error_wrap(err, "bench");
    f->host = ward_arena_strdup(&f->arena, ward_engine_host(e));
    const char *sock = ward_engine_socket(e);
    unsigned tcp_port = 0;
    if (sock) {
        f->local = true;
        f->socket_path = ward_arena_strdup(&f->arena, sock);
    } else {
        /* tcp://HOST:PORT: the files are ours only if HOST is this machine's loopback */
        const char *h = strstr(f->host, "://");
        h = h ? h + 3 : f->host;
        const char *colon = strrchr(h, ':');
        size_t hl = colon ? (size_t)(colon - h) : strlen(h);
        tcp_port = colon ? (unsigned)strtoul(colon + 1, NULL, 10) : 2375;
        if (is_loopback(h, hl)) {
            f->local = true;
        } else {
            f->remote_why = fa_printf(f,
                                      "the daemon at %s is remote; its host files are not "
                                      "reachable from here",
                                      f->host);
        }
    }
    gather_engine(f, e, true);
    if (f->local) {
        find_daemon(f, sock, tcp_port);
        json_t *secopts = f->info ? ward_jarr(f->info, "SecurityOptions") : NULL;
        size_t i;
        json_t *v;
        json_array_foreach(secopts, i, v)
        {
            const char *s = json_string_value(v);
            if (s && strstr(s, "name=rootless"))
                f->rootless = true;
        }
        if (f->have_args && ward_bench_args_get(&f->args, "rootless"))
            f->rootless = true;
        if (f->pid && f->daemon_uid != 0)
            f->rootless = true;
        gather_config(f);
        gather_audit(f);
        f->unit_service = find_unit(f, "docker.service");
        f->unit_socket = find_unit(f, "docker.socket");
        const char *ctd = f->have_args ? ward_bench_args_get(&f->args, "containerd") : NULL;
        f->containerd_sock =
            ward_arena_strdup(&f->arena, ctd ? ctd : "/run/containerd/containerd.sock");
        gather_group(f);
    }
    gather_sshd(f, e);
    *out = WARD_STEAL(&f);
    return 0;
}

void ward_bench_facts_free(struct ward_bench_facts *f)
{
    if (!f)
        return;
    json_t *js[] = {f->version, f->info,    f->swarm,      f->networks,
                    f->nodes,   f->secrets, f->daemon_json};
    for (size_t i = 0; i < WARD_ARRAY_LEN(js); i++)
        if (js[i])
            json_decref(js[i]);
    for (size_t i = 0; i < f->ncontainers; i++)
        json_decref(f->containers[i]);
    free(f->containers);
    for (size_t i = 0; i < f->nimages; i++) {
        json_decref(f->images[i]);
        if (f->histories[i])
            json_decref(f->histories[i]);
    }
    free(f->images);
    free(f->histories);
    ward_bench_args_dispose(&f->args);
    ward_bench_audit_dispose(&f->audit);
    ward_arena_dispose(&f->arena);
    free(f);
}
