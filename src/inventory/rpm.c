/* rpm.c - rpm header blobs: the big-endian "index + data store" format rpm
 * writes for every installed package (il, dl, il x {tag,type,offset,count},
 * dl bytes of data), the source-rpm name split, the header -> package mapping
 * and the /etc/redhat-release family of distro files. */
#include "inventory/rpm.h"

#include <limits.h>
#include <string.h>

/* rpm header data types (rpmtag.h rpmTagType) */
enum {
    T_NULL = 0,
    T_CHAR = 1,
    T_INT8 = 2,
    T_INT16 = 3,
    T_INT32 = 4,
    T_INT64 = 5,
    T_STRING = 6,
    T_BIN = 7,
    T_STRING_ARRAY = 8,
    T_I18NSTRING = 9,
};

static const uint8_t type_size[] = {0, 1, 1, 2, 4, 8, 1, 1, 1, 1};

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* The tags we keep, and which index entry (last one wins, as rpm lets a
 * "dribble" entry after the immutable region replace a region entry). */
static const uint32_t wanted[] = {
    WARD_RPMTAG_NAME,      WARD_RPMTAG_VERSION,  WARD_RPMTAG_RELEASE,         WARD_RPMTAG_EPOCH,
    WARD_RPMTAG_SIZE,      WARD_RPMTAG_VENDOR,   WARD_RPMTAG_LICENSE,         WARD_RPMTAG_ARCH,
    WARD_RPMTAG_SOURCERPM, WARD_RPMTAG_LONGSIZE, WARD_RPMTAG_MODULARITYLABEL,
};

static bool is_string_type(uint32_t t)
{
    return t == T_STRING || t == T_STRING_ARRAY || t == T_I18NSTRING;
}

int ward_rpm_header_parse(struct ward_rpm_header *h, const void *blob, size_t len,
                          struct ward_error **err)
{
    const uint8_t *p = blob;
    memset(h, 0, sizeof(*h));
    if (len < 8)
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "rpm header: %zu bytes, shorter than its 8-byte preamble", len);
    uint32_t il = be32(p), dl = be32(p + 4);
    if (il == 0 || il > WARD_RPM_MAX_TAGS)
        return ward_error_set(err, WARD_EFORMAT, 0, "rpm header: bad index count %u", il);
    if (dl > WARD_RPM_MAX_DATA)
        return ward_error_set(err, WARD_EFORMAT, 0, "rpm header: data store of %u bytes", dl);
    /* il <= 0xffff and dl <= 256 MiB: no overflow in size_t */
    size_t need = 8 + (size_t)il * 16 + dl;
    if (need > len)
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "rpm header: truncated (%u entries + %u data bytes need %zu, have "
                              "%zu)",
                              il, dl, need, len);
    const uint8_t *idx = p + 8, *ds = idx + (size_t)il * 16;
    int64_t at[WARD_ARRAY_LEN(wanted)];
    for (size_t w = 0; w < WARD_ARRAY_LEN(wanted); w++)
        at[w] = -1;

    for (uint32_t i = 0; i < il; i++) {
        const uint8_t *e = idx + (size_t)i * 16;
        uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8), cnt = be32(e + 12);
        if (type > T_I18NSTRING)
            return ward_error_set(err, WARD_EFORMAT, 0, "rpm header: entry %u (tag %u): type %u", i,
                                  tag, type);
        if (type == T_NULL)
            continue;
        if (off >= dl || cnt == 0)
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "rpm header: entry %u (tag %u): offset %u / count %u outside "
                                  "the %u-byte data store",
                                  i, tag, off, cnt, dl);
        if (type == T_STRING && cnt != 1)
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "rpm header: entry %u (tag %u): string with count %u", i, tag,
                                  cnt);
        /* fixed-size types must fit; string types are checked when read */
        if (!is_string_type(type) && (uint64_t)type_size[type] * cnt > (uint64_t)(dl - off))
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "rpm header: entry %u (tag %u): %u items of %u bytes at offset "
                                  "%u overrun the %u-byte data store",
                                  i, tag, cnt, type_size[type], off, dl);
        for (size_t w = 0; w < WARD_ARRAY_LEN(wanted); w++)
            if (wanted[w] == tag)
                at[w] = i;
    }

    for (size_t w = 0; w < WARD_ARRAY_LEN(wanted); w++) {
        if (at[w] < 0)
            continue;
        const uint8_t *e = idx + (size_t)at[w] * 16;
        uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8);
        if (is_string_type(type)) {
            /* the first string must end inside the data store */
            if (!memchr(ds + off, '\0', dl - off))
                return ward_error_set(err, WARD_EFORMAT, 0,
                                      "rpm header: tag %u: string at offset %u is not "
                                      "terminated inside the data store",
                                      tag, off);
            const char *s = (const char *)ds + off;
            switch (tag) {
            case WARD_RPMTAG_NAME:
                h->name = s;
                break;
            case WARD_RPMTAG_VERSION:
                h->version = s;
                break;
            case WARD_RPMTAG_RELEASE:
                h->release = s;
                break;
            case WARD_RPMTAG_ARCH:
                h->arch = s;
                break;
            case WARD_RPMTAG_SOURCERPM:
                h->sourcerpm = s;
                break;
            case WARD_RPMTAG_LICENSE:
                h->license = s;
                break;
            case WARD_RPMTAG_VENDOR:
                h->vendor = s;
                break;
            case WARD_RPMTAG_MODULARITYLABEL:
                h->modularitylabel = s;
                break;
            default:
                break; /* a numeric tag stored as a string: ignored */
            }
        } else if (type == T_INT32) {
            uint32_t v = be32(ds + off);
            if (tag == WARD_RPMTAG_EPOCH) {
                if (v > INT_MAX)
                    return ward_error_set(err, WARD_EFORMAT, 0, "rpm header: epoch %u", v);
                h->epoch = (int)v;
                h->has_epoch = true;
            } else if (tag == WARD_RPMTAG_SIZE && !h->has_size) {
                h->size = v;
                h->has_size = true;
            }
        } else if (type == T_INT64 && tag == WARD_RPMTAG_LONGSIZE) {
            h->size = be64(ds + off); /* LONGSIZE wins over SIZE */
            h->has_size = true;
        }
    }
    if (!h->name || !*h->name)
        return ward_error_set(err, WARD_EFORMAT, 0, "rpm header: no NAME tag");
    if (!h->version)
        return ward_error_set(err, WARD_EFORMAT, 0, "rpm header of %s: no VERSION tag", h->name);
    return 0;
}

bool ward_rpm_srpm_split(const char *srpm, struct ward_span *name, struct ward_span *verrel)
{
    struct ward_span s = ward_span_cstr(srpm);
    if (ward_span_ends(s, ".src.rpm"))
        s.len -= strlen(".src.rpm");
    else if (ward_span_ends(s, ".nosrc.rpm"))
        s.len -= strlen(".nosrc.rpm");
    else
        return false;
    /* name-version-release: release and version contain no '-', and none of
     * the three parts may be empty ("a-1-.src.rpm", "a--1.src.rpm", "-1-2") */
    size_t dash[2] = {0, 0}, seen = 0;
    for (size_t i = s.len; i > 0 && seen < 2; i--)
        if (s.ptr[i - 1] == '-')
            dash[seen++] = i - 1;
    if (seen < 2)
        return false;
    size_t dash1 = dash[0], dash2 = dash[1];
    if (dash2 == 0 || dash1 == dash2 + 1 || dash1 + 1 >= s.len)
        return false;
    *name = (struct ward_span){s.ptr, dash2};
    *verrel = (struct ward_span){s.ptr + dash2 + 1, s.len - dash2 - 1};
    return true;
}

bool ward_rpm_header_to_pkg(struct ward_pkglist *out, const char *path,
                            const struct ward_rpm_header *h)
{
    /* A gpg-pubkey "package" is a signing key imported with rpm --import,
     * not installed software (claircore and trivy drop it too). */
    if (!h->name || strcmp(h->name, "gpg-pubkey") == 0)
        return false;
    struct ward_pkg *p = ward_pkglist_add(out);
    p->name = ward_pkglist_str(out, h->name);
    if (h->release && *h->release)
        p->version = ward_arena_printf(&out->arena, "%s-%s", h->version, h->release);
    else
        p->version = ward_pkglist_str(out, h->version);
    p->epoch = h->epoch;
    p->type = "rpm";
    p->ecosystem = "RPM"; /* the distro decides the final ecosystem later */
    p->cataloger = "rpm";
    p->path = ward_pkglist_str(out, path);
    if (h->arch && *h->arch)
        p->arch = ward_pkglist_str(out, h->arch);
    if (h->license && *h->license)
        p->licenses = ward_pkglist_str(out, h->license);
    /* "name:stream:version:context": the matcher keys module streams by the
     * first two fields; an empty label (rpm writes none) is no module */
    if (h->modularitylabel && *h->modularitylabel)
        p->modularitylabel = ward_pkglist_str(out, h->modularitylabel);
    struct ward_span sn, sv;
    if (h->sourcerpm && ward_rpm_srpm_split(h->sourcerpm, &sn, &sv)) {
        p->source_name = ward_pkglist_span(out, sn);
        p->source_version = ward_pkglist_span(out, sv);
    } else {
        /* no (parsable) SOURCERPM: the package is its own source, as dpkg does */
        p->source_name = p->name;
        p->source_version = p->version;
    }
    return true;
}

/* --- /etc/redhat-release and friends -------------------------------------- */

static const struct {
    const char *prefix, *id;
} rh_ids[] = {
    {"Red Hat Enterprise Linux", "rhel"},
    {"CentOS", "centos"},
    {"Fedora", "fedora"},
    {"Rocky Linux", "rocky"},
    {"AlmaLinux", "almalinux"},
    {"Amazon Linux", "amzn"},
    {"Oracle Linux", "ol"},
    {"Scientific Linux", "scientific"},
    {"CloudLinux", "cloudlinux"},
    {"EuroLinux", "eurolinux"},
    {"openEuler", "openEuler"},
};

static void set_if_null(char **slot, struct ward_span v)
{
    if (!*slot && v.len)
        *slot = ward_span_dup(v);
}

int ward_redhat_release_parse(struct ward_distro *d, const char *data, size_t len,
                              struct ward_error **err)
{
    struct ward_span in = {data, len}, line = {NULL, 0};
    while (ward_span_line(&in, &line)) {
        line = ward_span_trim(line);
        if (line.len)
            break;
    }
    if (!line.len || line.len > 4096)
        return ward_error_set(err, WARD_EFORMAT, 0, "release file: no release line");
    /* "<name> release <version> (<codename>)" */
    const char *rel = NULL;
    for (size_t i = 0; i + 9 <= line.len; i++) {
        if (memcmp(line.ptr + i, " release ", 9) == 0) {
            rel = line.ptr + i;
            break;
        }
    }
    if (!rel)
        return ward_error_set(err, WARD_EFORMAT, 0, "release file: no \" release \" in \"%.*s\"",
                              (int)WARD_MIN(line.len, 200), line.ptr);
    struct ward_span name = ward_span_trim((struct ward_span){line.ptr, (size_t)(rel - line.ptr)});
    struct ward_span rest = {rel + 9, line.len - (size_t)(rel + 9 - line.ptr)};
    size_t vl = 0;
    while (vl < rest.len && rest.ptr[vl] != ' ' && rest.ptr[vl] != '(')
        vl++;
    struct ward_span ver = {rest.ptr, vl}, code = {NULL, 0};
    const char *open = memchr(rest.ptr, '(', rest.len);
    if (open) {
        const char *close = memchr(open, ')', rest.len - (size_t)(open - rest.ptr));
        if (close)
            code = ward_span_trim((struct ward_span){open + 1, (size_t)(close - open - 1)});
    }
    const char *id = NULL;
    for (size_t i = 0; i < WARD_ARRAY_LEN(rh_ids); i++)
        if (ward_span_starts(name, rh_ids[i].prefix))
            id = rh_ids[i].id;
    if (!d->id) {
        if (id) {
            d->id = ward_xstrdup(id);
        } else {
            /* unknown vendor: the first word, lower-cased, like os-release IDs */
            size_t n = 0;
            while (n < name.len && name.ptr[n] != ' ')
                n++;
            d->id = ward_xstrndup(name.ptr, n);
            for (char *c = d->id; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c - 'A' + 'a');
        }
    }
    set_if_null(&d->version_id, ver);
    set_if_null(&d->version_codename, code);
    set_if_null(&d->name, name);
    set_if_null(&d->pretty_name, line);
    return 0;
}
