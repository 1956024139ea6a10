/* catalogers.c - the table of every cataloger and the path matching that
 * routes a file to its parser. Add a cataloger: one row here + its .c file. */
#include "inventory/inventory.h"

#include <string.h>

const struct ward_cataloger ward_catalogers[] = {
    {"dpkg", WARD_MATCH_EXACT, "/var/lib/dpkg/status", ward_dpkg_parse, true, false},
    {"dpkg-distroless", WARD_MATCH_CHILD, "/var/lib/dpkg/status.d", ward_dpkg_parse, true,
     false},
    {"apk", WARD_MATCH_EXACT, "/lib/apk/db/installed", ward_apk_parse, true, false},
    /* WARD-CATALOGER-TABLE-END (helpers: add rows above this line) */
    {NULL, 0, NULL, NULL, false, false},
};

static bool match(const struct ward_cataloger *c, const char *path)
{
    size_t pl = strlen(path), n = strlen(c->pattern);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    switch (c->kind) {
    case WARD_MATCH_EXACT:
        return strcmp(path, c->pattern) == 0;
    case WARD_MATCH_BASENAME:
        return strcmp(base, c->pattern) == 0;
    case WARD_MATCH_SUFFIX:
        return pl >= n && strcmp(path + pl - n, c->pattern) == 0;
    case WARD_MATCH_CHILD:
        return pl > n + 1 && strncmp(path, c->pattern, n) == 0 && path[n] == '/' &&
               strchr(path + n + 1, '/') == NULL;
    case WARD_MATCH_ELF:
        return false;
    }
    return false;
}

const struct ward_cataloger *ward_cataloger_for_path(const char *path, bool project)
{
    for (const struct ward_cataloger *c = ward_catalogers; c->name; c++) {
        if (project && !c->project)
            continue;
        if (match(c, path))
            return c;
    }
    return NULL;
}
