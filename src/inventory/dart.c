/* dart.c - Dart/Flutter's pubspec.lock (YAML): packages.<name> with version,
 * source (hosted, git, path, sdk) and dependency ("direct main", "direct dev",
 * "direct overridden", "transitive"). */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "inventory/yamldoc.h"

#include <string.h>

int ward_pubspec_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
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
    yaml_node_t *pkgs = ward_yaml_get(&doc, root, "packages");
    if (pkgs && pkgs->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *pr = pkgs->data.mapping.pairs.start;
             pr < pkgs->data.mapping.pairs.top; pr++) {
            const char *name = ward_yaml_scalar(yaml_document_get_node(&doc, pr->key));
            yaml_node_t *e = yaml_document_get_node(&doc, pr->value);
            const char *ver = ward_yaml_get_str(&doc, e, "version");
            const char *src = ward_yaml_get_str(&doc, e, "source");
            const char *dep = ward_yaml_get_str(&doc, e, "dependency");
            if (!name || !*name || !ver || !*ver)
                continue;
            /* SDK packages (flutter, flutter_test) ship with the SDK: "0.0.0" is no version */
            if (src && strcmp(src, "sdk") == 0)
                continue;
            struct ward_pkg *p = ward_pkglist_add(out);
            p->name = ward_pkglist_str(out, name);
            p->version = ward_pkglist_str(out, ver);
            p->type = "pub";
            p->ecosystem = "Pub";
            p->cataloger = "dart-pubspec-lock";
            p->path = ward_pkglist_str(out, path);
            p->dev = dep && strcmp(dep, "direct dev") == 0;
            p->indirect = dep && strcmp(dep, "transitive") == 0;
        }
    }
    yaml_document_delete(&doc);
    return 0;
}
