/* test_diff.c - ward diff over a hand-built overlay2 layout (image layer, init
 * layer, container upper dir with whiteouts and opaque dirs), the Engine API
 * reply path, docker diff's text and the classified drift in JSON. */
#include "harness.h"
#include "runtime/runtime.h"
#include "util/json_in.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

static char *root_dir;

/* Create root/rel (parents made 0755) with mode and content. */
static void put(const char *layer, const char *rel, mode_t mode, const char *content)
{
    char *p = ward_xasprintf("%s/%s%s", root_dir, layer, rel);
    for (char *s = p + strlen(root_dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    if (S_ISDIR(mode)) {
        mkdir(p, mode & 07777);
        chmod(p, mode & 07777);
    } else {
        int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            if (content)
                (void)!write(fd, content, strlen(content));
            close(fd);
        }
        chmod(p, mode & 07777);
    }
    free(p);
}

/* Overlay's whiteout: a 0/0 character device. */
static int whiteout(const char *layer, const char *rel)
{
    char *p = ward_xasprintf("%s/%s%s", root_dir, layer, rel);
    int r = mknod(p, S_IFCHR | 0, makedev(0, 0));
    free(p);
    return r;
}

static int opaque(const char *layer, const char *rel)
{
    char *p = ward_xasprintf("%s/%s%s", root_dir, layer, rel);
    int r = lsetxattr(p, "trusted.overlay.opaque", "y", 1, 0);
    free(p);
    return r;
}

/* Give upper's copy the lower's timestamps (a copy-up without change). */
static void same_times(const char *rel)
{
    char *a = ward_xasprintf("%s/image%s", root_dir, rel);
    char *b = ward_xasprintf("%s/upper%s", root_dir, rel);
    struct stat st;
    if (lstat(a, &st) == 0) {
        struct timespec ts[2] = {st.st_atim, st.st_mtim};
        utimensat(AT_FDCWD, b, ts, AT_SYMLINK_NOFOLLOW);
    }
    free(a);
    free(b);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st;
    (void)flag;
    (void)f;
    return remove(p);
}

static void build_tree(void)
{
    /* the image layer */
    put("image", "/etc/passwd", 0644, "root:x:0:0::/root:/bin/sh\n");
    put("image", "/etc/hosts", 0644, "127.0.0.1 localhost\n");
    put("image", "/etc/ssl/cert.pem", 0644, "cert");
    put("image", "/etc/ssl/certs/ca.pem", 0644, "ca");
    put("image", "/usr/bin/tool", 0755, "\177ELF-tool");
    put("image", "/var/lib/dpkg/status", 0644, "Package: a\n");
    put("image", "/tmp/old", 0644, "old");
    put("image", "/home", S_IFDIR | 0755, NULL);
    put("image", "/lib/apk/db/installed", 0644, "P:musl\n");
    /* the init layer docker puts above the image */
    put("init", "/etc/hostname", 0644, "");
    put("init", "/.dockerenv", 0755, "");

    /* the container's writes */
    put("upper", "/etc/passwd", 0644, "root:x:0:0::/root:/bin/sh\nevil:x:0:0::/:/bin/sh\n");
    put("upper", "/etc/hosts", 0644, "127.0.0.1 localhost\n"); /* copied up, unchanged */
    same_times("/etc/hosts");
    put("upper", "/etc/ssl/new", 0644, "n");        /* rm -rf /etc/ssl; mkdir ... */
    put("upper", "/etc/ssl/certs/mine", 0644, "m"); /* ... /etc/ssl/certs/mine */
    put("upper", "/usr/local/bin/evil", 0755, "\177ELF-evil");
    put("upper", "/usr/bin/tool", 04755, "\177ELF-tool-patched");
    put("upper", "/var/lib/dpkg/status", 0644, "Package: a\n\nPackage: b\n");
    put("upper", "/home", S_IFDIR | 0700, NULL);
    put("upper", "/tmp", S_IFDIR | 0755, NULL);
}

TEST(runtime_diff, overlay_like_docker_naive_diff)
{
    char tmpl[] = "/tmp/ward-diff-XXXXXX";
    root_dir = mkdtemp(tmpl);
    CHECK(root_dir != NULL);
    build_tree();
    if (whiteout("upper", "/tmp/old") < 0) {
        nftw(root_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
        SKIP("cannot mknod a whiteout here (needs CAP_MKNOD)");
    }
    put("upper", "/lib/apk", S_IFDIR | 0755, NULL);
    CHECK_EQ_INT(whiteout("upper", "/lib/apk/db"), 0);
    int op = opaque("upper", "/etc/ssl");
    if (op < 0) {
        nftw(root_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
        SKIP("cannot set trusted.* xattrs here (needs CAP_SYS_ADMIN)");
    }

    char *upper = ward_xasprintf("%s/upper", root_dir);
    char *l0 = ward_xasprintf("%s/init", root_dir);
    char *l1 = ward_xasprintf("%s/image", root_dir);
    char *lowers[] = {l0, l1};
    struct ward_changes ch;
    struct ward_error *err = NULL;
    int rc = ward_diff_overlay(&ch, upper, lowers, 2, &err);
    struct ward_buf txt = WARD_BUF_INIT(1u << 20), js = WARD_BUF_INIT(1u << 20);
    if (rc == 0) {
        ward_diff_text(&ch, &txt);
        ward_diff_json(&ch, "abc", "c1", &js, false);
    }
    nftw(root_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(upper);
    free(l0);
    free(l1);
    CHECK_OK(rc, err);
    /* What dockerd's tree comparison reports for these writes (hand-checked
     * against docker diff on the same operations in tests/e2e/diff.sh). */
    CHECK_STR(txt.ptr, "C /etc\n"
                       "C /etc/passwd\n"
                       "C /etc/ssl\n"
                       "D /etc/ssl/cert.pem\n"
                       "C /etc/ssl/certs\n"
                       "D /etc/ssl/certs/ca.pem\n"
                       "A /etc/ssl/certs/mine\n"
                       "A /etc/ssl/new\n"
                       "C /home\n"
                       "C /lib\n"
                       "C /lib/apk\n"
                       "D /lib/apk/db\n"
                       "C /tmp\n"
                       "D /tmp/old\n"
                       "C /usr\n"
                       "C /usr/bin\n"
                       "C /usr/bin/tool\n"
                       "A /usr/local\n"
                       "A /usr/local/bin\n"
                       "A /usr/local/bin/evil\n"
                       "C /var\n"
                       "C /var/lib\n"
                       "C /var/lib/dpkg\n"
                       "C /var/lib/dpkg/status\n");

    json_t *j = NULL;
    CHECK_OK(ward_json_parse(&j, js.ptr, js.len, 0, &err), err);
    json_t *d = ward_jobj(j, "drift");
    CHECK(json_array_size(ward_jarr(d, "new_executables")) == 1);
    CHECK_STR(json_string_value(json_array_get(ward_jarr(d, "new_executables"), 0)),
              "/usr/local/bin/evil");
    CHECK(json_array_size(ward_jarr(d, "changed_binaries")) == 1);
    CHECK_STR(json_string_value(json_array_get(ward_jarr(d, "changed_binaries"), 0)),
              "/usr/bin/tool");
    CHECK(json_array_size(ward_jarr(d, "setuid_setgid")) == 1);
    CHECK_STR(json_string_value(json_array_get(ward_jarr(d, "setuid_setgid"), 0)), "/usr/bin/tool");
    CHECK(json_array_size(ward_jarr(d, "package_db_changes")) == 2); /* dpkg status, apk db */
    json_t *sw = ward_jarr(d, "system_writes");
    CHECK_STR(json_string_value(json_array_get(sw, 0)), "/etc/passwd");
    CHECK(ward_jint(ward_jobj(j, "summary"), "added", -1) == 5);
    CHECK(ward_jint(ward_jobj(j, "summary"), "deleted", -1) == 4);
    CHECK(ward_jbool(j, "read_only_rootfs_recommended", true) == false);
    json_decref(j);
    ward_buf_dispose(&txt);
    ward_buf_dispose(&js);
    ward_changes_dispose(&ch);
}

TEST(runtime_diff, engine_reply)
{
    static const char in[] =
        "[{\"Path\":\"/tmp\",\"Kind\":0},{\"Path\":\"/tmp/x\",\"Kind\":1},"
        "{\"Path\":\"/etc/shadow\",\"Kind\":2},{\"Path\":\"/etc\",\"Kind\":0}]";
    json_t *j = NULL;
    struct ward_error *err = NULL;
    struct ward_changes ch;
    CHECK_OK(ward_json_parse(&j, in, sizeof(in) - 1, 0, &err), err);
    CHECK_OK(ward_diff_engine_json(&ch, j, &err), err);
    json_decref(j);
    struct ward_buf b = WARD_BUF_INIT(0);
    ward_diff_text(&ch, &b);
    CHECK_STR(b.ptr, "C /etc\nD /etc/shadow\nC /tmp\nA /tmp/x\n");
    CHECK(ch.items[0].implied && ch.items[2].implied);
    ward_buf_dispose(&b);
    ward_changes_dispose(&ch);

    /* nothing changed: empty output, and read-only rootfs recommended */
    CHECK_OK(ward_json_parse(&j, "null", 4, 0, &err), err);
    CHECK_OK(ward_diff_engine_json(&ch, j, &err), err);
    json_decref(j);
    CHECK_EQ_INT(ch.n, 0);
    struct ward_buf js = WARD_BUF_INIT(0);
    CHECK_OK(ward_diff_json(&ch, "abc", "c1", &js, false), err);
    CHECK(strstr(js.ptr, "\"read_only_rootfs_recommended\":true") != NULL);
    ward_buf_dispose(&js);

    static const char bad[] = "[{\"Path\":\"relative\",\"Kind\":0}]";
    CHECK_OK(ward_json_parse(&j, bad, sizeof(bad) - 1, 0, &err), err);
    CHECK(ward_diff_engine_json(&ch, j, &err) == WARD_EFORMAT);
    json_decref(j);
    ward_error_free(err);
}
