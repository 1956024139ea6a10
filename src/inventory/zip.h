/* zip.h - a bounded ZIP reader over bytes in memory (jar/war/ear): central
 * directory (zip64 included), stored and deflate entries, CRC-checked, with a
 * size cap and a compression-ratio cap per entry. Nothing touches the disk. */
#ifndef WARD_INVENTORY_ZIP_H
#define WARD_INVENTORY_ZIP_H

#include "util/buf.h"

struct ward_zip_entry {
    char *name;           /* NUL-terminated copy; never contains "..", never absolute */
    uint64_t csize, size; /* compressed / uncompressed as the central directory says */
    uint64_t local_off;   /* offset of the local header in the file */
    uint32_t crc;
    uint16_t method, flags;
};

struct ward_zip {
    const unsigned char *p;
    size_t n;
    struct ward_zip_entry *e;
    size_t count;
    size_t unsafe; /* entries dropped for an escaping or NUL-bearing name */
};

/* Read the central directory of data[0..len). WARD_EFORMAT when there is none
 * or it is corrupt, WARD_ELIMIT past the entry cap. *out borrows data. */
int ward_zip_open(struct ward_zip **out, const char *data, size_t len, struct ward_error **err);
void ward_zip_free(struct ward_zip *z);
WARD_DEFINE_AUTOPTR(ward_zip, ward_zip_free)

/* Inflate entry i into out (reset first). WARD_ELIMIT when it is larger than
 * max or its compression ratio exceeds WARD_LIMIT_RATIO (bomb guard),
 * WARD_EFORMAT on a corrupt stream or CRC mismatch, WARD_EUNSUPPORTED for
 * encrypted entries or methods other than stored/deflate. */
int ward_zip_read(const struct ward_zip *z, size_t i, struct ward_buf *out, size_t max,
                  struct ward_error **err);

#endif
