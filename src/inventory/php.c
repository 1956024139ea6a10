/* php.c - PHP Composer catalogers: composer.lock ("packages" and
 * "packages-dev") and vendor/composer/installed.json (Composer 1's bare array
 * and Composer 2's {"packages": [...], "dev-package-names": [...]}). */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "util/json_in.h"
#include "util/limits.h"

#include <string.h>

static void emit(struct ward_pkglist *out, const char *path, const char *cataloger, json_t *e,
                 bool dev)
{
    const char *name = ward_jstr(e, "name"), *ver = ward_jstr(e, "version");
    if (!name || !*name || !ver || !*ver)
        return;
    struct ward_pkg *p = ward_pkglist_add(out);
    p->name = ward_pkglist_str(out, name);
    p->version = ward_pkglist_str(out, ver);
    p->type = "composer";
    p->ecosystem = "Packagist";
    p->cataloger = cataloger;
    p->path = ward_pkglist_str(out, path);
    p->dev = dev;
    /* "license": ["MIT"] (Composer also accepts a single string) */
    json_t *lic = json_object_get(e, "license");
    struct ward_buf b = WARD_BUF_INIT(WARD_LIMIT_LINE);
    if (json_is_string(lic)) {
        ward_buf_adds(&b, json_string_value(lic));
    } else if (json_is_array(lic)) {
        size_t i;
        json_t *l;
        json_array_foreach(lic, i, l)
        {
            const char *s = json_string_value(l);
            if (!s || !*s)
                continue;
            if (b.len)
                ward_buf_adds(&b, "; ");
            ward_buf_adds(&b, s);
        }
    }
    if (b.len && !b.err)
        p->licenses = ward_pkglist_str(out, b.ptr);
    ward_buf_dispose(&b);
}

static void emit_all(struct ward_pkglist *out, const char *path, const char *cataloger, json_t *arr,
                     bool dev, json_t *dev_names)
{
    size_t i;
    json_t *e;
    /* a set of the dev names, so hostile files stay linear */
    ward_autojson dev_set = json_object();
    json_array_foreach(dev_names, i, e)
    {
        if (json_is_string(e))
            json_object_set_new(dev_set, json_string_value(e), json_true());
    }
    json_array_foreach(arr, i, e)
    {
        const char *name = ward_jstr(e, "name");
        emit(out, path, cataloger, e, dev || (name && json_object_get(dev_set, name)));
    }
}

int ward_composer_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                             size_t len, struct ward_error **err)
{
    ward_autojson doc = NULL;
    int jrc = ward_json_parse_object(&doc, path, data, len, err);
    if (jrc < 0)
        return jrc;
    emit_all(out, path, "php-composer-lock", ward_jarr(doc, "packages"), false, NULL);
    emit_all(out, path, "php-composer-lock", ward_jarr(doc, "packages-dev"), true, NULL);
    return 0;
}

int ward_composer_installed_parse(struct ward_pkglist *out, const char *path, const char *data,
                                  size_t len, struct ward_error **err)
{
    ward_autojson doc = NULL;
    if (ward_json_parse(&doc, data, len, 0, err) < 0)
        return ward_error_wrap(err, "%s", path);
    if (json_is_array(doc)) /* Composer 1 */
        emit_all(out, path, "php-composer-installed", doc, false, NULL);
    else if (json_is_object(doc))
        emit_all(out, path, "php-composer-installed", ward_jarr(doc, "packages"), false,
                 ward_jarr(doc, "dev-package-names"));
    else
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: not a JSON array or object", path);
    return 0;
}
