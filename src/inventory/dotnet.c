/* dotnet.c - .NET catalogers: NuGet's packages.lock.json (per target
 * framework), the runtime's <app>.deps.json ("libraries" of type "package"),
 * the classic packages.config XML and central package management's
 * Directory.Packages.props. */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "util/json_in.h"
#include "util/limits.h"

#include <string.h>
#include <strings.h>

static struct ward_pkg *add(struct ward_pkglist *out, const char *path, const char *cataloger,
                            struct ward_span name, struct ward_span version)
{
    return ward_pkglist_add_found(out, "nuget", "NuGet", cataloger, path, name, version);
}

int ward_nuget_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                          struct ward_error **err)
{
    ward_autojson doc = NULL;
    int jrc = ward_json_parse_object(&doc, path, data, len, err);
    if (jrc < 0)
        return jrc;
    size_t start = out->n;
    const char *fw, *name;
    json_t *deps, *d;
    json_object_foreach(ward_jobj(doc, "dependencies"), fw, deps)
    {
        json_object_foreach(deps, name, d)
        {
            const char *type = ward_jstr(d, "type"), *ver = ward_jstr(d, "resolved");
            if (!ver || !*ver || !*name || (type && strcmp(type, "Project") == 0))
                continue; /* project references are the solution's own code */
            struct ward_pkg *p =
                add(out, path, "dotnet-packages-lock", ward_span_cstr(name), ward_span_cstr(ver));
            p->indirect =
                type && (strcmp(type, "Transitive") == 0 || strcmp(type, "CentralTransitive") == 0);
        }
    }
    ward_pkglist_merge_dups(out, start);
    return 0;
}

int ward_dotnet_deps_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                           struct ward_error **err)
{
    ward_autojson doc = NULL;
    int jrc = ward_json_parse_object(&doc, path, data, len, err);
    if (jrc < 0)
        return jrc;
    size_t start = out->n;
    const char *key;
    json_t *lib;
    json_object_foreach(ward_jobj(doc, "libraries"), key, lib)
    {
        const char *type = ward_jstr(lib, "type");
        if (!type || strcmp(type, "package") != 0)
            continue; /* "project" and "reference" entries are the app itself */
        const char *slash = strrchr(key, '/');
        if (!slash || slash == key || !slash[1])
            continue;
        add(out, path, "dotnet-deps", ward_span_of(key, (size_t)(slash - key)),
            ward_span_cstr(slash + 1));
    }
    ward_pkglist_merge_dups(out, start);
    return 0;
}

/* attr="value" inside one XML tag (t, n); no entity decoding is needed for
 * package ids and versions. */
static bool xml_attr(struct ward_span tag, const char *attr, struct ward_span *val)
{
    size_t al = strlen(attr);
    for (size_t i = 1; i + al + 2 < tag.len; i++) {
        if ((tag.ptr[i - 1] != ' ' && tag.ptr[i - 1] != '\t' && tag.ptr[i - 1] != '\n' &&
             tag.ptr[i - 1] != '\r') ||
            strncasecmp(tag.ptr + i, attr, al) != 0)
            continue;
        size_t j = i + al;
        while (j < tag.len && (tag.ptr[j] == ' ' || tag.ptr[j] == '\t'))
            j++;
        if (j >= tag.len || tag.ptr[j] != '=')
            continue;
        j++;
        while (j < tag.len && (tag.ptr[j] == ' ' || tag.ptr[j] == '\t'))
            j++;
        if (j >= tag.len || (tag.ptr[j] != '"' && tag.ptr[j] != '\''))
            continue;
        char q = tag.ptr[j++];
        const char *end = memchr(tag.ptr + j, q, tag.len - j);
        if (!end)
            return false;
        *val = ward_span_of(tag.ptr + j, (size_t)(end - tag.ptr - j));
        return true;
    }
    return false;
}

int ward_packages_config_parse(struct ward_pkglist *out, const char *path, const char *data,
                               size_t len, struct ward_error **err)
{
    const char *p = data, *end = data + len;
    bool root = false;
    size_t start = out->n;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            break;
        const char *gt = memchr(lt, '>', (size_t)(end - lt));
        if (!gt) {
            out->n = start;
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: unterminated XML tag", path);
        }
        struct ward_span tag = ward_span_of(lt, (size_t)(gt - lt) + 1);
        p = gt + 1;
        if (ward_span_starts(tag, "<packages") &&
            (tag.ptr[9] == '>' || tag.ptr[9] == ' ' || tag.ptr[9] == '/')) {
            root = true;
            continue;
        }
        if (!ward_span_starts(tag, "<package") ||
            (tag.ptr[8] != ' ' && tag.ptr[8] != '\t' && tag.ptr[8] != '\n' && tag.ptr[8] != '\r'))
            continue;
        struct ward_span id, ver, devdep;
        if (!xml_attr(tag, "id", &id) || !xml_attr(tag, "version", &ver) || !id.len || !ver.len)
            continue;
        struct ward_pkg *pk = add(out, path, "dotnet-packages-config", id, ver);
        pk->dev = xml_attr(tag, "developmentDependency", &devdep) && ward_span_eq(devdep, "true");
    }
    if (!root) {
        out->n = start;
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: no <packages> element", path);
    }
    return 0;
}

/* ------------------------------------------------------ Directory.Packages.props */

static bool msbuild_property(struct ward_span s)
{
    return s.len >= 3 && s.ptr[0] == '$' && s.ptr[1] == '(' && s.ptr[s.len - 1] == ')';
}

/* tag starts with "<elem" followed by white space, '/' or '>' */
static bool tag_is(struct ward_span tag, const char *elem)
{
    size_t n = strlen(elem);
    if (tag.len < n + 2 || tag.ptr[0] != '<' || memcmp(tag.ptr + 1, elem, n) != 0)
        return false;
    char c = tag.ptr[n + 1];
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>';
}

int ward_packages_props_parse(struct ward_pkglist *out, const char *path, const char *data,
                              size_t len, struct ward_error **err)
{
    const char *p = data, *end = data + len;
    bool project = false, in_group = false;
    size_t start = out->n;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            break;
        if ((size_t)(end - lt) >= 4 && memcmp(lt, "<!--", 4) == 0) {
            const char *q = lt + 4;
            for (; q + 3 <= end && memcmp(q, "-->", 3) != 0; q++)
                ;
            if (q + 3 > end)
                break; /* unterminated comment: nothing more to read */
            p = q + 3;
            continue;
        }
        const char *gt = memchr(lt, '>', (size_t)(end - lt));
        if (!gt) {
            out->n = start;
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: unterminated XML tag", path);
        }
        struct ward_span tag = ward_span_of(lt, (size_t)(gt - lt) + 1);
        p = gt + 1;
        if (tag_is(tag, "Project")) {
            project = true;
            continue;
        }
        if (tag_is(tag, "ItemGroup")) {
            in_group = project && tag.ptr[tag.len - 2] != '/';
            continue;
        }
        if (ward_span_starts(tag, "</ItemGroup")) {
            in_group = false;
            continue;
        }
        /* MSBuild items count only inside <Project><ItemGroup> */
        if (!in_group || (!tag_is(tag, "PackageVersion") && !tag_is(tag, "PackageReference")))
            continue;
        struct ward_span name = {NULL, 0}, ver;
        /* Update names the package more precisely than Include when both are given */
        if (!xml_attr(tag, "Update", &name) || !name.len)
            xml_attr(tag, "Include", &name);
        name = ward_span_trim(name);
        if (!xml_attr(tag, "Version", &ver))
            continue;
        ver = ward_span_trim(ver);
        if (!name.len || !ver.len || msbuild_property(name) || msbuild_property(ver))
            continue;
        add(out, path, "dotnet-packages-props", name, ver);
    }
    if (!project) {
        out->n = start;
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: no <Project> element", path);
    }
    ward_pkglist_merge_dups(out, start);
    return 0;
}
