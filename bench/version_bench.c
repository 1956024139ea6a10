/* version_bench.c - comparisons per second of each ward comparator over the
 * pairs of the shared vector tables (in-process, release build), and of the
 * node-semver range matcher. usage: version_bench TESTDATA [SECONDS_PER_SET] */
#include "version/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pair {
    char *a, *b;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t load(const char *path, struct pair **out)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        fprintf(stderr, "version_bench: cannot open %s\n", path);
        exit(2);
    }
    char *line = NULL;
    size_t cap = 0, n = 0, alloc = 0;
    struct pair *p = NULL;
    while (getline(&line, &cap, f) >= 0) {
        char *t[3];
        size_t nt = 0;
        for (char *s = line; *s && nt < 3;) {
            while (*s == ' ' || *s == '\t' || *s == '\n')
                *s++ = '\0';
            if (!*s)
                break;
            t[nt++] = s;
            while (*s && *s != ' ' && *s != '\t' && *s != '\n')
                s++;
        }
        if (nt < 3 || t[0][0] == '#' || t[0][0] == '/')
            continue;
        if (n == alloc) {
            alloc = alloc ? 2 * alloc : 1024;
            p = realloc(p, alloc * sizeof(*p));
        }
        p[n].a = strdup(t[0]);
        p[n++].b = strdup(t[2]);
    }
    free(line);
    fclose(f);
    *out = p;
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: version_bench TESTDATA [SECONDS_PER_SET]\n");
        return 2;
    }
    double secs = argc > 2 ? strtod(argv[2], NULL) : 1.0;
    static const struct {
        const char *file, *eco;
    } sets[] = {
        {"debian-versions-generated.txt", "Debian"},
        {"redhat-versions.txt", "Red Hat"},
        {"alpine-versions-generated.txt", "Alpine"},
        {"pypi-versions-generated.txt", "PyPI"},
        {"semver-versions.txt", "npm"},
        {"maven-versions-generated.txt", "Maven"},
        {"rubygems-versions-generated.txt", "RubyGems"},
        {"nuget-versions.txt", "NuGet"},
        {"packagist-versions-generated.txt", "Packagist"},
    };
    printf("%-10s %8s %14s %10s\n", "ecosystem", "pairs", "compares/s", "ns/compare");
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
        char path[2048];
        snprintf(path, sizeof(path), "%s/osv-scalibr/semantic/testdata/%s", argv[1], sets[i].file);
        struct pair *p;
        size_t n = load(path, &p);
        enum ward_version_scheme s;
        if (!n || ward_version_scheme_for(sets[i].eco, &s, NULL) < 0)
            continue;
        size_t done = 0;
        long sink = 0;
        double t0 = now(), t;
        do {
            for (size_t k = 0; k < n; k++) {
                int r = 0;
                (void)ward_version_cmp(s, p[k].a, strlen(p[k].a), p[k].b, strlen(p[k].b), &r, NULL);
                sink += r;
            }
            done += n;
        } while ((t = now() - t0) < secs);
        printf("%-10s %8zu %14.0f %10.1f%s\n", sets[i].eco, n, (double)done / t,
               t * 1e9 / (double)done, sink == 42 ? " " : "");
        for (size_t k = 0; k < n; k++)
            free(p[k].a), free(p[k].b);
        free(p);
    }
    /* node-semver ranges: a fixed mix */
    static const char *const rv[][2] = {{"1.2.3", "^1.2.0 || 2.x"},
                                        {"1.2.3-beta", "~1.2.3-alpha"},
                                        {"2.4.0", "1.0.0 - 2.3.x"},
                                        {"0.9.7", ">=0.2.3 <1.0.0-0"}};
    size_t done = 0;
    double t0 = now(), t;
    do {
        for (size_t k = 0; k < 4; k++) {
            bool ok;
            (void)ward_version_npm_satisfies(rv[k][0], rv[k][1], 0, &ok, NULL);
        }
        done += 4;
    } while ((t = now() - t0) < secs);
    printf("%-10s %8d %14.0f %10.1f\n", "npm range", 4, (double)done / t, t * 1e9 / (double)done);
    return 0;
}
