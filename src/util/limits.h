/* limits.h - every hostile-input limit in one place. */
#ifndef WARD_UTIL_LIMITS_H
#define WARD_UTIL_LIMITS_H

#define WARD_LIMIT_PATH_LEN         4096u                     /* one path inside an image */
#define WARD_LIMIT_PATH_DEPTH       256u                      /* components in a path */
#define WARD_LIMIT_SYMLINK_HOPS     40u                       /* as Linux's MAXSYMLINKS */
#define WARD_LIMIT_FILES_PER_LAYER  2000000u                  /* entries in one layer */
#define WARD_LIMIT_LAYERS           512u                      /* layers in one image */
#define WARD_LIMIT_LAYER_BYTES      (64ull << 30)             /* uncompressed bytes of one layer */
#define WARD_LIMIT_RATIO            2000u                     /* max decompression ratio (bomb guard) */
#define WARD_LIMIT_RATIO_FLOOR      (256ull << 20)            /* ratio only enforced past this size */
#define WARD_LIMIT_KEEP_FILE        (256ull << 20)            /* one file kept in memory (jar, db) */
#define WARD_LIMIT_KEEP_SMALL       (64ull << 20)             /* a text manifest kept in memory */
#define WARD_LIMIT_JSON_BYTES       (64ull << 20)             /* one JSON document */
#define WARD_LIMIT_JSON_DEPTH       256u                      /* nesting */
#define WARD_LIMIT_LINE             (1u << 20)                /* one line of a text DB */
#define WARD_LIMIT_MANIFEST         (4u << 20)                /* OCI manifest / index / config */
#define WARD_LIMIT_HTTP_BODY        (64ull << 20)             /* one buffered HTTP reply */
#define WARD_LIMIT_NESTED_ARCHIVE   4u                        /* jar in jar in war ... */

#endif
