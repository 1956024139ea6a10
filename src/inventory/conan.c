/* conan.c - C/C++ Conan lockfiles: conan.lock v1 ("graph_lock.nodes", each with
 * a "ref" name/version@user/channel#rev; direct = required by the root node "0")
 * and v2 ("requires": ["name/version#rev%timestamp"]). */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "util/json_in.h"

#include <string.h>

/* "name/version[@user/channel][#rev[%time]]" -> name, version. */
static bool conan_ref(const char *ref, struct ward_span *name, struct ward_span *ver)
{
    const char *slash = ref ? strchr(ref, '/') : NULL;
    if (!slash || slash == ref)
        return false;
    size_t vl = strcspn(slash + 1, "@#%");
    if (!vl || memchr(slash + 1, '/', vl))
        return false; /* "wrong/ref/format" */
    *name = (struct ward_span){ref, (size_t)(slash - ref)};
    *ver = (struct ward_span){slash + 1, vl};
    return true;
}

static bool requires_id(json_t *node, const char *id)
{
    size_t i;
    json_t *r;
    json_array_foreach(ward_jarr(node, "requires"), i, r)
    {
        if (json_is_string(r) && strcmp(json_string_value(r), id) == 0)
            return true;
    }
    return false;
}

int ward_conan_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                          struct ward_error **err)
{
    ward_autojson doc = NULL;
    int jrc = ward_json_parse_object(&doc, path, data, len, err);
    if (jrc < 0)
        return jrc;
    size_t start = out->n;
    struct ward_span name, ver;
    json_t *nodes = ward_jobj(ward_jobj(doc, "graph_lock"), "nodes");
    if (nodes) {
        json_t *root = ward_jobj(nodes, "0");
        const char *id;
        json_t *n;
        json_object_foreach(nodes, id, n)
        {
            if (!conan_ref(ward_jstr(n, "ref"), &name, &ver))
                continue; /* the root (conanfile) has a path, no ref */
            struct ward_pkg *p =
                ward_pkglist_add_found(out, "conan", "ConanCenter", "conan-lock", path, name, ver);
            p->indirect = root && !requires_id(root, id);
            p->dev =
                strcmp(ward_jstr(n, "context") ? ward_jstr(n, "context") : "host", "build") == 0;
        }
    } else {
        size_t i;
        json_t *r;
        json_array_foreach(ward_jarr(doc, "requires"), i, r)
        {
            if (!conan_ref(json_string_value(r), &name, &ver))
                continue;
            ward_pkglist_add_found(out, "conan", "ConanCenter", "conan-lock", path, name, ver);
        }
    }
    ward_pkglist_merge_dups(out, start);
    return 0;
}
