/* inventory.h - the package model (what an SBOM lists) and the cataloger
 * interface. Catalogers parse one file's bytes into packages; they never
 * touch the filesystem or the image themselves. */
#ifndef WARD_INVENTORY_INVENTORY_H
#define WARD_INVENTORY_INVENTORY_H

#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"

/* One installed package. All strings live in the owning list's arena;
 * NULL means "unknown / not declared". */
struct ward_pkg {
    const char *name;
    const char *version;        /* as the ecosystem writes it; rpm: "version-release" */
    const char *type;           /* "deb", "apk", "rpm", "python", "npm", "gomod", "jar", "gem",
                                   "cargo", "composer", "nuget", "hex", "pub", "conan" ... */
    const char *ecosystem;      /* OSV ecosystem name: "Debian", "Alpine", "PyPI", "npm" ... */
    const char *purl;           /* filled by ward_purl_fill() unless the cataloger set it */
    const char *source_name;    /* dpkg Source / rpm SRPM name / apk origin */
    const char *source_version; /* dpkg Source version when it differs */
    const char *arch;
    int epoch;                  /* rpm epoch (0 when none) */
    /* rpm MODULARITYLABEL "nodejs:18:8090020231019152822:a75119d5" (RHEL 8+
     * module streams); NULL for non-modular packages */
    const char *modularitylabel;
    const char *licenses;       /* declared licence expression(s), "; "-joined, NULL if none */
    const char *path;           /* file the package was found in, image-absolute ("/var/lib/dpkg/status") */
    const char *layer;          /* diff_id of the layer that introduced it (images only) */
    const char *cataloger;      /* "dpkg", "apk", "python-dist-info", "npm-lock" ... */
    const char *group;          /* Maven groupId, npm scope is part of name */
    bool dev;                   /* dev/test-only dependency in a lockfile */
    bool indirect;              /* transitive dependency (when the lockfile says) */
};

struct ward_pkglist {
    struct ward_arena arena;
    struct ward_pkg *items;
    size_t n, cap;
};

struct ward_pkglist *ward_pkglist_new(void);
void ward_pkglist_free(struct ward_pkglist *l);
WARD_DEFINE_AUTOPTR(ward_pkglist, ward_pkglist_free)
/* Append a zeroed package; returns it (valid until the next add). */
struct ward_pkg *ward_pkglist_add(struct ward_pkglist *l);
/* Arena helpers for catalogers. */
const char *ward_pkglist_str(struct ward_pkglist *l, const char *s);
const char *ward_pkglist_span(struct ward_pkglist *l, struct ward_span s);
/* Append a package found by a cataloger: name and version copied from the
 * spans, type/ecosystem/cataloger borrowed (string literals). */
struct ward_pkg *ward_pkglist_add_found(struct ward_pkglist *l, const char *type,
                                        const char *ecosystem, const char *cataloger,
                                        const char *path, struct ward_span name,
                                        struct ward_span version);
/* One entry per name@version among l->items[start..] (a lockfile naming a
 * package several times): dev and indirect stay set only when every copy has
 * them. Order of that range becomes (name, version). */
void ward_pkglist_merge_dups(struct ward_pkglist *l, size_t start);
/* Sort by (type, name, version, path) and drop exact duplicates. */
void ward_pkglist_sort(struct ward_pkglist *l);

/* The operating system of an image or rootfs (from os-release and friends). */
struct ward_distro {
    char *id;          /* "debian", "alpine", "rhel", "ubuntu" ... (os-release ID) */
    char *version_id;  /* "12", "3.10.2" */
    char *version_codename;
    char *pretty_name;
    char *name;
    char *id_like;
};
void ward_distro_dispose(struct ward_distro *d);

/* Everything the inventory knows about one scanned target: what it is, its
 * OS, its layers, its packages. Owned by the caller; ward_inventory_free(). */
struct ward_inventory {
    char *target;          /* as the user typed it */
    char *kind;            /* "docker-archive", "oci-layout", "rootfs", "docker-daemon",
                              "registry", "project", "cyclonedx", "spdx" */
    char *image_id;        /* config digest ("sha256:..."), images only */
    char *manifest_digest; /* manifest / repo digest when known */
    char **repo_tags;      /* "alpine:3.10" ... */
    size_t n_repo_tags;
    char **diff_ids;       /* layers, bottom first */
    size_t n_layers;
    char *os, *architecture; /* from the image config ("linux", "amd64") */
    char *created;           /* image config "created" */
    struct ward_distro distro; /* zeroed when unknown */
    struct ward_pkglist *pkgs;
};
struct ward_inventory *ward_inventory_new(const char *target, const char *kind);
void ward_inventory_free(struct ward_inventory *inv);
WARD_DEFINE_AUTOPTR(ward_inventory, ward_inventory_free)

/* Fill purls for every package that lacks one; distro qualifies OS packages. */
void ward_purl_fill(struct ward_pkglist *l, const struct ward_distro *d);
/* purl percent-encoding of one component (name/version/qualifier value) into b. */
void ward_purl_escape(struct ward_buf *b, const char *s);

/* A cataloger parses one file's bytes. path is image-absolute ("/usr/lib/x/package.json").
 * Packages are appended to out; malformed input returns WARD_EFORMAT with a message
 * naming the line or field; nothing is appended in that case unless documented. */
typedef int (*ward_cataloger_fn)(struct ward_pkglist *out, const char *path, const char *data,
                                 size_t len, struct ward_error **err);

/* How a cataloger chooses its files (checked against image-absolute paths). */
enum ward_match_kind {
    WARD_MATCH_EXACT,    /* path == pattern */
    WARD_MATCH_BASENAME, /* basename(path) == pattern */
    WARD_MATCH_SUFFIX,   /* path ends with pattern */
    WARD_MATCH_CHILD,    /* path is a direct child of directory pattern ("/var/lib/dpkg/status.d") */
    WARD_MATCH_ELF,      /* any executable ELF file: pattern unused; data is the whole file */
    WARD_MATCH_GLOB,     /* fnmatch(pattern) against the path's last k components, k = 1 +
                            the '/' in pattern ("*.dist-info/METADATA", "*requirements*.txt") */
};

struct ward_cataloger {
    const char *name;
    enum ward_match_kind kind;
    const char *pattern;
    ward_cataloger_fn fn;
    bool os;       /* OS package DB (dpkg/apk/rpm) */
    bool project;  /* also applies in project directories (lockfiles, manifests) */
};

/* The table of all catalogers (NULL-name terminated). */
extern const struct ward_cataloger ward_catalogers[];
/* First cataloger whose pattern matches path (NULL if none). For ELF matching
 * the caller checks the magic itself. */
const struct ward_cataloger *ward_cataloger_for_path(const char *path, bool project);

/* OS catalogers */
int ward_dpkg_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                    struct ward_error **err);
int ward_apk_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                   struct ward_error **err);
/* os-release (KEY=value, shell quoting) -> distro. */
int ward_osrelease_parse(struct ward_distro *d, const char *data, size_t len,
                         struct ward_error **err);

#endif
