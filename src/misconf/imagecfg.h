/* imagecfg.h - image-configuration checks (`ward scan --scanners config`):
 * CIS Docker Benchmark section 4 and Dockle-style checks over an opened image
 * (its config JSON, build history, merged file tree, /etc/passwd, /etc/group,
 * /etc/shadow) and its package inventory. Ids follow the public CIS-DI-*,
 * DKL-DI-*, DKL-LI-* numbering; checks without a public id are WARD-DI-*. */
#ifndef WARD_MISCONF_IMAGECFG_H
#define WARD_MISCONF_IMAGECFG_H

#include "image/image.h"
#include "inventory/inventory.h"
#include "misconf/checks.h"

struct ward_imagecfg_check {
    const char *id;
    enum ward_severity severity; /* default (some findings of one id are milder) */
    const char *title;
    const char *remediation;
};
/* The table of checks, in id order. */
const struct ward_imagecfg_check *ward_imagecfg_checks(size_t *n);

struct ward_imagecfg_opts {
    const char *target; /* the reference as the user typed it (DKL-DI-0006), may be NULL */
    bool content_trust; /* DOCKER_CONTENT_TRUST=1 in the scanning environment (CIS-DI-0005) */
};

/* Keep hook: the few files whose contents the checks read (passwd, group,
 * shadow). Matches ward_keep_fn; ud is unused. */
enum ward_keep ward_imagecfg_keep(const char *abs_path, uint32_t mode, uint64_t size, void *ud);
/* Changes whenever ward_imagecfg_keep changes (part of the layer cache key). */
const char *ward_imagecfg_fingerprint(void);

/* Run every check over img (and inv, may be NULL); appends findings with
 * scanner "config" to out. img->config may be NULL (rootfs dir): the config
 * checks are skipped and the file-tree checks still run.
 * @return 0; WARD_ELIMIT when a kept file is over its bound. */
int ward_imagecfg_scan(const struct ward_image *img, const struct ward_inventory *inv,
                       const struct ward_imagecfg_opts *opts, struct ward_check_findings *out,
                       struct ward_error **err);

#endif
