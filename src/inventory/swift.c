/* swift.c - Apple-platform lockfiles: SwiftPM's Package.resolved (v1
 * "object.pins[].repositoryURL", v2/v3 "pins[].location"; packages named by the
 * repository URL without "https://" and ".git") and CocoaPods' Podfile.lock
 * (YAML "PODS" list of "Name (1.2.3)", optionally mapping to sub-dependencies). */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "inventory/yamldoc.h"
#include "util/json_in.h"

#include <string.h>

/* ----------------------------------------------------------- Package.resolved */

int ward_swift_resolved_parse(struct ward_pkglist *out, const char *path, const char *data,
                              size_t len, struct ward_error **err)
{
    ward_autojson doc = NULL;
    int jrc = ward_json_parse_object(&doc, path, data, len, err);
    if (jrc < 0)
        return jrc;
    bool v1 = ward_jint(doc, "version", 1) <= 1;
    json_t *pins = v1 ? ward_jarr(ward_jobj(doc, "object"), "pins") : ward_jarr(doc, "pins");
    size_t start = out->n, i;
    json_t *pin;
    json_array_foreach(pins, i, pin)
    {
        const char *url = ward_jstr(pin, v1 ? "repositoryURL" : "location");
        const char *ver = ward_jstr(ward_jobj(pin, "state"), "version");
        if (!url || !ver || !*ver)
            continue; /* pinned to a branch or revision: no version to match */
        struct ward_span name = ward_span_cstr(url);
        if (name.len > 8 && strncmp(name.ptr, "https://", 8) == 0) {
            name.ptr += 8;
            name.len -= 8;
        }
        if (name.len > 4 && strcmp(name.ptr + name.len - 4, ".git") == 0)
            name.len -= 4;
        if (!name.len)
            continue;
        ward_pkglist_add_found(out, "swift", "SwiftURL", "swift-package-resolved", path, name,
                               ward_span_cstr(ver));
    }
    ward_pkglist_merge_dups(out, start);
    return 0;
}

/* --------------------------------------------------------------- Podfile.lock */

/* "Name (1.2.3)" -> name, version; a subspec keeps its "Pod/Sub" name. */
static bool pod_entry(const char *s, struct ward_span *name, struct ward_span *ver)
{
    const char *sp = s ? strchr(s, ' ') : NULL;
    if (!sp || sp == s || sp[1] != '(')
        return false;
    const char *close = strchr(sp + 2, ')');
    if (!close || close == sp + 2 || close[1])
        return false;
    *name = (struct ward_span){s, (size_t)(sp - s)};
    *ver = (struct ward_span){sp + 2, (size_t)(close - sp - 2)};
    return true;
}

/* Names listed under DEPENDENCIES ("Name (= 1.2.3)", "Name", "Name (from `url`)"). */
static bool pod_direct(yaml_document_t *doc, yaml_node_t *deps, struct ward_span name)
{
    if (!deps || deps->type != YAML_SEQUENCE_NODE)
        return false;
    for (yaml_node_item_t *it = deps->data.sequence.items.start; it < deps->data.sequence.items.top;
         it++) {
        const char *s = ward_yaml_scalar(yaml_document_get_node(doc, *it));
        if (s && strncmp(s, name.ptr, name.len) == 0 && (s[name.len] == ' ' || !s[name.len]))
            return true;
    }
    return false;
}

int ward_podfile_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                            size_t len, struct ward_error **err)
{
    yaml_document_t doc;
    if (ward_yaml_load(&doc, data, len, err) < 0)
        return ward_error_wrap(err, "%s", path);
    yaml_node_t *root = ward_yaml_root(&doc);
    if (root && root->type != YAML_MAPPING_NODE) {
        yaml_document_delete(&doc);
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: not a YAML mapping", path);
    }
    yaml_node_t *pods = ward_yaml_get(&doc, root, "PODS");
    yaml_node_t *deps = ward_yaml_get(&doc, root, "DEPENDENCIES");
    size_t start = out->n;
    if (pods && pods->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = pods->data.sequence.items.start;
             it < pods->data.sequence.items.top; it++) {
            yaml_node_t *n = yaml_document_get_node(&doc, *it);
            const char *s = ward_yaml_scalar(n);
            /* "- Name (1.2.3):" followed by its dependencies is a one-key mapping */
            if (!s && n && n->type == YAML_MAPPING_NODE &&
                n->data.mapping.pairs.top - n->data.mapping.pairs.start == 1)
                s = ward_yaml_scalar(
                    yaml_document_get_node(&doc, n->data.mapping.pairs.start->key));
            struct ward_span name, ver;
            if (!pod_entry(s, &name, &ver))
                continue;
            struct ward_pkg *p = ward_pkglist_add_found(out, "cocoapods", "CocoaPods",
                                                        "cocoapods-podfile-lock", path, name, ver);
            p->indirect = deps && !pod_direct(&doc, deps, name);
        }
    }
    yaml_document_delete(&doc);
    ward_pkglist_merge_dups(out, start);
    return 0;
}
