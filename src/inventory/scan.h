/* scan.h - inventory of a target: opens the image (or rootfs, or project
 * directory), routes the kept files to the catalogers, detects the distro and
 * attributes each package to the layer that introduced it. */
#ifndef WARD_INVENTORY_SCAN_H
#define WARD_INVENTORY_SCAN_H

#include "image/image.h"
#include "inventory/inventory.h"

struct ward_inventory_opts {
    const char *platform;
    const char *docker_host;
    const char *cache_dir;
    bool no_cache;
    const char *source;    /* force: "docker-archive", "oci", "rootfs", "docker", "registry",
                              "project"; NULL = detect */
    bool insecure_registry;
    /* Another scanner's wishes for file contents (e.g. the secrets scanner):
     * asked for files no cataloger wants; extra_keep_version joins the layer
     * cache key. All NULL = inventory only. */
    ward_keep_fn extra_keep;
    void *extra_ud;
    const char *extra_keep_version;
};

/* img_out (optional) receives the opened image for further scanners. */
int ward_inventory_scan(struct ward_inventory **out, const char *target,
                        const struct ward_inventory_opts *opts, struct ward_image **img_out,
                        struct ward_error **err);

/* Distro of a merged tree (os-release, then alpine-release / debian_version ...). */
void ward_inventory_detect_distro(const struct ward_image *img, struct ward_distro *d);

/* Packages found in a reduced blob (ELF catalogers' output) are stored as text
 * lines; exposed for the fuzzer. */
void ward_pkgs_serialise(const struct ward_pkglist *l, size_t from, struct ward_buf *out);
int ward_pkgs_deserialise(struct ward_pkglist *l, const char *p, size_t n,
                          struct ward_error **err);

#endif
