/* test_imagecfg.c - image-configuration checks on images built in memory:
 * USER resolution through /etc/passwd, history forms (classic builder, build
 * args, BuildKit), credential names and values, the latest-tag reference
 * forms, account-file checks and the tree checks with whiteouts applied.
 * The e2e test (tests/e2e/scan_config.sh) covers real images. */
#include "harness.h"
#include "misconf/imagecfg.h"

#include <string.h>
#include <sys/stat.h>

struct fake {
    struct ward_image img;
    struct ward_layer *layers[2];
};

static void add_file(struct ward_layer *l, const char *path, uint32_t mode, const char *data)
{
    size_t len = data ? strlen(data) : 0;
    ward_layer_add(l, path, NULL, mode, 0, 0, len, WARD_LF_NORMAL);
    if (data)
        ward_layer_add_blob(l, (uint32_t)(l->n_files - 1), ward_xstrdup(data), len, false);
}

/* config: JSON text (may be NULL); files of layer 0 and layer 1 as
 * {path, mode, data} triples ending with a NULL path. */
struct fentry {
    const char *path;
    uint32_t mode;
    const char *data;
};

static void fake_init(struct fake *f, const char *kind, const char *config, const struct fentry *l0,
                      const struct fentry *l1)
{
    memset(f, 0, sizeof(*f));
    f->img.kind = (char *)kind;
    if (config) {
        json_error_t je;
        f->img.config = json_loads(config, 0, &je);
        if (!f->img.config)
            printf("# bad test JSON: %s\n", je.text);
    }
    f->img.tree = ward_tree_new();
    const struct fentry *ls[2] = {l0, l1};
    for (int i = 0; i < 2; i++) {
        f->layers[i] = ward_layer_new();
        for (const struct fentry *e = ls[i]; e && e->path; e++) {
            const char *slash = strrchr(e->path, '/');
            if (slash && !strncmp(slash + 1, ".wh.", 4)) {
                char *gone =
                    ward_xasprintf("%.*s%s", (int)(slash + 1 - e->path), e->path, slash + 5);
                ward_layer_add(f->layers[i], gone, NULL, S_IFREG | 0644, 0, 0, 0, WARD_LF_WHITEOUT);
                free(gone);
                continue;
            }
            add_file(f->layers[i], e->path, e->mode, e->data);
        }
        struct ward_error *err = NULL;
        if (ward_tree_apply(f->img.tree, f->layers[i], i, &err) < 0) {
            printf("# tree: %s\n", err->msg);
            ward_error_free(err);
        }
    }
    f->img.layers = f->layers;
    f->img.n_layers = 2;
}

static void fake_dispose(struct fake *f)
{
    json_decref(f->img.config);
    ward_tree_free(f->img.tree);
    for (int i = 0; i < 2; i++)
        ward_layer_free(f->layers[i]);
}

static void run(struct fake *f, const char *target, struct ward_check_findings *out)
{
    ward_checks_init(out);
    struct ward_imagecfg_opts o = {.target = target, .content_trust = true};
    struct ward_error *err = NULL;
    if (ward_imagecfg_scan(&f->img, NULL, &o, out, &err) < 0) {
        printf("# scan: %s\n", err->msg);
        ward_error_free(err);
    }
}

static size_t n_id(const struct ward_check_findings *c, const char *id, const char *path)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->items[i].id, id) &&
            (!path || (c->items[i].path && !strcmp(c->items[i].path, path))))
            n++;
    return n;
}

/* Findings of check `id` when scanning an image of that kind and config (layer 0
 * holding l0, may be NULL) given as target. */
static size_t fires(const char *kind, const char *config, const struct fentry *l0,
                    const char *target, const char *id)
{
    struct fake f;
    fake_init(&f, kind, config, l0, NULL);
    struct ward_check_findings c;
    run(&f, target, &c);
    size_t n = n_id(&c, id, NULL);
    ward_checks_dispose(&c);
    fake_dispose(&f);
    return n;
}

/* An input string and the findings it must give. */
struct fire_row {
    const char *in;
    size_t want;
};

#define CHECK_FIRES(rows, expr)                                                                    \
    for (size_t i = 0; i < WARD_ARRAY_LEN(rows); i++) {                                            \
        size_t got_ = (expr);                                                                      \
        CHECK_MSG(got_ == (rows)[i].want, "%s[%zu] '%s': %zu findings, want %zu", #rows, i,        \
                  (rows)[i].in, got_, (rows)[i].want);                                             \
    }

static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
                             "app:x:1001:1001::/home/app:/bin/sh\n"
                             "toor:x:0:0::/root:/bin/sh\n";

static size_t user_fires(const char *user)
{
    const struct fentry l0[] = {
        {"etc", S_IFDIR | 0755, NULL}, {"etc/passwd", S_IFREG | 0644, passwd}, {NULL, 0, NULL}};
    char *cfg = ward_xasprintf("{\"config\":{\"User\":\"%s\"}}", user);
    size_t n = fires("docker-archive", cfg, l0, NULL, "CIS-DI-0001");
    free(cfg);
    return n;
}

TEST(imagecfg, user_resolution)
{
    static const struct fire_row users[] = {
        /* "": the default; toor is uid 0 under another name */
        {"", 1},
        {"root", 1},
        {"root:root", 1},
        {"0", 1},
        {"0:1000", 1},
        {"toor", 1},
        /* ghost is not in passwd: not known to be root */
        {"app", 0},
        {"1001", 0},
        {"1000:0", 0},
        {"ghost", 0},
    };
    CHECK_FIRES(users, user_fires(users[i].in));
}

/* Findings of check `id` for a docker-archive whose config is cfg (taken). */
static size_t json_fires(json_t *cfg, const char *id)
{
    char *text = json_dumps(cfg, 0);
    json_decref(cfg);
    size_t n = fires("docker-archive", text, NULL, NULL, id);
    free(text);
    return n;
}

static size_t history_fires(const char *created_by, const char *id)
{
    return json_fires(json_pack("{s:{}, s:[{s:s}]}", "config", "history", "created_by", created_by),
                      id);
}

TEST(imagecfg, history_forms)
{
    static const struct {
        const char *in, *id;
        size_t want;
    } rows[] = {
        {"/bin/sh -c apt-get update", "CIS-DI-0007", 1},
        {"RUN /bin/sh -c apt-get -q update # buildkit", "CIS-DI-0007", 1},
        {"|1 V=1 /bin/sh -c apt-get update && apt-get install -y x", "CIS-DI-0007", 0},
        {"/bin/sh -c apt update; apt full-upgrade -y", "DKL-DI-0003", 1},
        {"/bin/sh -c yum -y update", "DKL-DI-0003", 1},
        {"/bin/sh -c apt-get install -y libupgrade-dev", "DKL-DI-0003", 0},
        {"/bin/sh -c wget -qO- https://x.example/i | sudo -E bash", "WARD-DI-0001", 1},
        {"/bin/sh -c curl -sL https://x.example/a.tgz | tar xz", "WARD-DI-0001", 0},
        {"/bin/sh -c echo 'curl x | sh' > /notes", "WARD-DI-0001", 0},
        {"/bin/sh -c sudo -u app make", "DKL-DI-0001", 1},
        {"/bin/sh -c echo sudo", "DKL-DI-0001", 0},
        {"/bin/sh -c apk add --no-cache curl", "DKL-DI-0004", 0},
        {"/bin/sh -c apk update && apk add curl", "DKL-DI-0004", 1},
        {"/bin/sh -c #(nop) ADD --chown=1:1 https://e.org/x /x ", "CIS-DI-0009", 1},
        {"/bin/sh -c #(nop) ADD file:abc in / ", "CIS-DI-0009", 0},
        {"ADD app.tar /srv/ # buildkit", "CIS-DI-0009", 1},
        {"/bin/sh -c #(nop)  MAINTAINER x", "WARD-DI-0004", 1},
    };
    CHECK_FIRES(rows, history_fires(rows[i].in, rows[i].id));
}

static size_t env_fires(const char *env)
{
    return json_fires(json_pack("{s:{s:[s]}}", "config", "Env", env), "CIS-DI-0010");
}

TEST(imagecfg, credential_env)
{
    static const struct fire_row envs[] = {
        {"DB_PASSWORD=x", 1},
        {"GITHUB_TOKEN=abc", 1},
        {"aws_secret_access_key=abc", 1},
        {"NOTES=AKIAIOSFODNN7EXAMPLE", 1},
        {"DB_PASSWORD=", 0}, /* empty: nothing stored */
        {"GPG_KEYS=ABCDEF0123", 0},
        {"KEYCLOAK_URL=https://k", 0},
        {"PWD=/app", 0},
        {"PASSENGER_VERSION=6", 0},
    };
    CHECK_FIRES(envs, env_fires(envs[i].in));
}

TEST(imagecfg, latest_tag)
{
    static const struct {
        const char *kind, *in;
        size_t want;
    } refs[] = {
        {"docker-daemon", "docker:nginx", 1},
        {"docker-daemon", "nginx:latest", 1},
        {"registry", "docker://localhost:5000/team/app", 1},
        {"registry", "localhost:5000/team/app:1.2", 0},
        {"registry", "localhost:5000/app@sha256:0123", 0},
        {"docker-daemon", "sha256:0123456789ab", 0},
        {"docker-archive", "/tmp/x.tar", 0},
    };
    CHECK_FIRES(refs, fires(refs[i].kind, "{\"config\":{}}", NULL, refs[i].in, "DKL-DI-0006"));
}

TEST(imagecfg, accounts_and_tree)
{
    const struct fentry l0[] = {
        {"etc", S_IFDIR | 0755, NULL},
        {"etc/passwd", S_IFREG | 0644, passwd},
        {"etc/group", S_IFREG | 0644, "root:x:0:\napp:x:1001:\nwheel:x:1001:\n"},
        {"etc/shadow", S_IFREG | 0640, "root:*:1::::::\napp::1::::::\ntoor:!:1::::::\n"},
        {"usr", S_IFDIR | 0755, NULL},
        {"usr/bin", S_IFDIR | 0755, NULL},
        {"usr/bin/su", S_IFREG | 04755, "x"},
        {"usr/bin/wall", S_IFREG | 02755, "x"},
        {"tmp", S_IFDIR | 01777, NULL},
        {"drop", S_IFDIR | 0777, NULL},
        {"var", S_IFDIR | 0755, NULL},
        {"var/cache", S_IFDIR | 0755, NULL},
        {"var/cache/apk", S_IFDIR | 0755, NULL},
        {"var/cache/apk/APKINDEX.tar.gz", S_IFREG | 0644, "idx"},
        {"srv", S_IFDIR | 0755, NULL},
        {"srv/node_modules", S_IFDIR | 0755, NULL},
        {"srv/node_modules/.cache", S_IFDIR | 0755, NULL},
        {"srv/.env", S_IFREG | 0644, "A=1"},
        {NULL, 0, NULL}};
    const struct fentry l1[] = {{"usr/bin/.wh.su", 0, NULL},
                                {"var/cache/apk/.wh.APKINDEX.tar.gz", 0, NULL},
                                {NULL, 0, NULL}};
    struct fake f;
    fake_init(&f, "docker-archive", "{\"config\":{}}", l0, l1);
    struct ward_check_findings c;
    run(&f, NULL, &c);
    static const struct {
        const char *id, *path; /* path NULL: anywhere */
        size_t want;
    } rows[] = {
        {"DKL-LI-0001", "/etc/shadow", 1}, /* app; root '*', toor '!' */
        {"DKL-LI-0002", "/etc/passwd", 1}, /* toor reuses 0 */
        {"DKL-LI-0002", "/etc/group", 1},  /* wheel reuses 1001 */
        {"CIS-DI-0008", NULL, 1},          /* su removed in layer 1 */
        {"CIS-DI-0008", "/usr/bin/wall", 1},
        {"WARD-DI-0003", NULL, 1},
        {"WARD-DI-0003", "/drop", 1},
        {"DKL-DI-0005", NULL, 0}, /* the index was whited out */
        {"DKL-LI-0003", NULL, 0}, /* .cache under node_modules */
        {"CIS-DI-0010", "/srv/.env", 1},
        {"CIS-DI-0005", NULL, 0}, /* content_trust = true */
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(rows); i++) {
        size_t got = n_id(&c, rows[i].id, rows[i].path);
        CHECK_MSG(got == rows[i].want, "rows[%zu] %s at %s: %zu findings, want %zu", i, rows[i].id,
                  rows[i].path ? rows[i].path : "any path", got, rows[i].want);
    }
    for (size_t i = 0; i < c.n; i++) {
        CHECK_STR(c.items[i].scanner, "config");
        CHECK(c.items[i].title && c.items[i].message && c.items[i].remediation);
    }
    size_t n;
    const struct ward_imagecfg_check *t = ward_imagecfg_checks(&n);
    for (size_t i = 1; i < n; i++)
        CHECK(strcmp(t[i - 1].id, t[i].id) < 0);
    ward_checks_dispose(&c);
    fake_dispose(&f);
}

TEST(imagecfg, no_config_and_odd_config)
{
    struct fake f;
    fake_init(&f, "rootfs", NULL, NULL, NULL);
    struct ward_check_findings c;
    run(&f, NULL, &c);
    CHECK_EQ_SIZE(n_id(&c, "CIS-DI-0001", NULL), 0); /* no config: not judged */
    ward_checks_dispose(&c);
    fake_dispose(&f);
    fake_init(&f, "docker-archive",
              "{\"config\":{\"User\":5,\"Env\":{},\"Healthcheck\":{\"Test\":[\"NONE\"]},"
              "\"ExposedPorts\":[],\"Volumes\":{\"/proc/\":{}}},\"history\":{}}",
              NULL, NULL);
    run(&f, NULL, &c);
    CHECK_EQ_SIZE(n_id(&c, "CIS-DI-0006", NULL), 1);
    CHECK_EQ_SIZE(n_id(&c, "DKL-DI-0002", NULL), 1);
    CHECK_EQ_SIZE(n_id(&c, "CIS-DI-0001", NULL), 1);
    ward_checks_dispose(&c);
    fake_dispose(&f);
}
