/* vulndb_bench.c - matcher throughput: 1,000 packages (the 856 dpkg packages
 * of a real Debian 12 machine plus Go modules named by golang-vulndb) matched
 * against an advisory DB; prints the best and median time of N rounds.
 * usage: vulndb_bench DB DPKG_STATUS GO_OSV_DIR [ROUNDS [GO_VERSION]]
 * GO_VERSION v0.0.1 (default) makes nearly every Go module vulnerable. */
#include "inventory/inventory.h"
#include "match/match.h"
#include "util/file.h"
#include "util/json_in.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s DB DPKG_STATUS GO_OSV_DIR [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 50;
    if (rounds < 1 || rounds > 10000)
        rounds = 50;
    const char *gover = argc > 5 ? argv[5] : "v0.0.1";
    struct ward_error *err = NULL;
    struct ward_inventory *inv = ward_inventory_new("bench", "rootfs");
    inv->distro.id = ward_xstrdup("debian");
    inv->distro.version_id = ward_xstrdup("12");
    struct ward_buf st = WARD_BUF_INIT(64u << 20);
    if (ward_file_read(&st, AT_FDCWD, argv[2], 64u << 20, &err) < 0 ||
        ward_dpkg_parse(inv->pkgs, "/var/lib/dpkg/status", st.ptr, st.len, &err) < 0) {
        fprintf(stderr, "%s\n", err->msg);
        return 3;
    }
    ward_buf_dispose(&st);
    for (size_t i = 0; i < inv->pkgs->n; i++)
        inv->pkgs->items[i].ecosystem = "Debian";
    /* Go modules named by the Go DB's advisories, all at version gover. */
    DIR *d = opendir(argv[3]);
    struct dirent *de;
    while (d && inv->pkgs->n < 1000 && (de = readdir(d))) {
        if (!strstr(de->d_name, ".json"))
            continue;
        char *p = ward_xasprintf("%s/%s", argv[3], de->d_name);
        struct ward_buf b = WARD_BUF_INIT(16u << 20);
        json_t *j = NULL;
        if (ward_file_read(&b, AT_FDCWD, p, 16u << 20, NULL) == 0 &&
            ward_json_parse(&j, b.ptr, b.len, 0, NULL) == 0) {
            json_t *a = json_array_get(ward_jarr(j, "affected"), 0);
            const char *name = ward_jstr(ward_jobj(a, "package"), "name");
            if (name) {
                struct ward_pkg *pk = ward_pkglist_add(inv->pkgs);
                pk->name = ward_pkglist_str(inv->pkgs, name);
                pk->version = gover;
                pk->type = "gomod";
                pk->ecosystem = "Go";
            }
            json_decref(j);
        }
        ward_buf_dispose(&b);
        free(p);
    }
    if (d)
        closedir(d);
    struct ward_vulndb *db = NULL;
    if (ward_vulndb_open(&db, argv[1], &err) < 0) {
        fprintf(stderr, "%s\n", err->msg);
        return 3;
    }
    double *t = calloc((size_t)rounds, sizeof(*t));
    size_t findings = 0, checked = 0;
    for (int r = 0; r < rounds; r++) {
        struct ward_findings *f = NULL;
        double t0 = now();
        if (ward_match(&f, db, inv, NULL, &err) < 0) {
            fprintf(stderr, "%s\n", err->msg);
            return 3;
        }
        t[r] = now() - t0;
        findings = f->n;
        checked = f->packages_checked;
        ward_findings_free(f);
    }
    qsort(t, (size_t)rounds, sizeof(*t), cmp_d);
    printf("match (go modules at %s): %zu packages (%zu checked), %zu findings: best %.2f ms, "
           "median %.2f ms"
           " over %d rounds\n",
           gover, inv->pkgs->n, checked, findings, t[0] * 1e3, t[rounds / 2] * 1e3, rounds);
    free(t);
    ward_vulndb_close(db);
    ward_inventory_free(inv);
    return 0;
}
