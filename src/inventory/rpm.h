/* rpm.h - rpm header blobs (the "index + data store" format rpm keeps for each
 * installed package) and the three rpm package databases that hold them:
 * sqlite rpmdb.sqlite, BerkeleyDB hash Packages and SUSE's ndb Packages.db.
 * Every reader is bounded and never touches the filesystem. */
#ifndef WARD_INVENTORY_RPM_H
#define WARD_INVENTORY_RPM_H

#include "inventory/inventory.h"

/* rpm header tags we read (rpmtag.h numbering). */
enum {
    WARD_RPMTAG_NAME = 1000,
    WARD_RPMTAG_VERSION = 1001,
    WARD_RPMTAG_RELEASE = 1002,
    WARD_RPMTAG_EPOCH = 1003,
    WARD_RPMTAG_SIZE = 1009,
    WARD_RPMTAG_VENDOR = 1011,
    WARD_RPMTAG_LICENSE = 1014,
    WARD_RPMTAG_ARCH = 1022,
    WARD_RPMTAG_SOURCERPM = 1044,
    WARD_RPMTAG_LONGSIZE = 5009,
    WARD_RPMTAG_MODULARITYLABEL = 5096,
};

/* Bounds on one header (rpm's own hdrchkTags / hdrchkData limits). */
#define WARD_RPM_MAX_TAGS 0xffffu
#define WARD_RPM_MAX_DATA (256u << 20)

/* The fields of one header that ward uses. Strings are borrowed: they point
 * into the blob given to ward_rpm_header_parse() (NUL-terminated there) and
 * live as long as it. NULL means the tag is absent. */
struct ward_rpm_header {
    const char *name, *version, *release, *arch;
    const char *sourcerpm; /* "bash-5.1.8-6.el9.src.rpm" */
    const char *license, *vendor, *modularitylabel;
    int epoch; /* 0 when absent (has_epoch false) */
    bool has_epoch;
    uint64_t size; /* SIZE or LONGSIZE, installed bytes */
    bool has_size;
};

/**
 * Parse one header blob: be32 index count, be32 data length, 16-byte index
 * entries (tag, type, offset, count), then the data store. Every offset and
 * count is checked against the blob.
 * @return 0, or WARD_EFORMAT (truncated, out-of-range entry, missing NAME).
 */
int ward_rpm_header_parse(struct ward_rpm_header *h, const void *blob, size_t len,
                          struct ward_error **err);

/* Split a source rpm file name "name-version-release.src.rpm" into name and
 * "version-release" spans. Returns false when it has no such shape. */
bool ward_rpm_srpm_split(const char *srpm, struct ward_span *name, struct ward_span *verrel);

/* Append h as a package (type "rpm", ecosystem "RPM", cataloger "rpm") unless
 * it is a gpg-pubkey pseudo package (a key rpm stores as a header, not
 * software); returns true when appended. */
bool ward_rpm_header_to_pkg(struct ward_pkglist *out, const char *path,
                            const struct ward_rpm_header *h);

/* Called for every header blob a database holds (in storage order); a negative
 * return stops the walk and is returned (with *err set by the callback). */
typedef int (*ward_rpm_blob_fn)(const uint8_t *blob, size_t len, void *payload,
                                struct ward_error **err);

/* Walk the blobs of one database file. The format is told by its magic:
 * "SQLite format 3", Berkeley DB hash magic 0x061561 (either byte order),
 * ndb "RpmP". An empty file holds no packages.
 * @return 0; WARD_EFORMAT for corrupt input; WARD_EUNSUPPORTED for encrypted
 *         or checksummed Berkeley DBs and unknown formats. */
int ward_rpmdb_walk(const char *path, const char *data, size_t len, ward_rpm_blob_fn fn,
                    void *payload, struct ward_error **err);
int ward_rpmdb_sqlite_walk(const char *path, const char *data, size_t len, ward_rpm_blob_fn fn,
                           void *payload, struct ward_error **err);
int ward_rpmdb_bdb_walk(const char *path, const char *data, size_t len, ward_rpm_blob_fn fn,
                        void *payload, struct ward_error **err);
int ward_rpmdb_ndb_walk(const char *path, const char *data, size_t len, ward_rpm_blob_fn fn,
                        void *payload, struct ward_error **err);

/* The cataloger (ward_cataloger_fn): any of the three formats -> packages.
 * On error nothing is appended. */
int ward_rpmdb_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                     struct ward_error **err);

/* /etc/redhat-release, /etc/centos-release, /etc/system-release, /etc/fedora-release:
 * "Rocky Linux release 9.3 (Blue Onyx)" -> id "rocky", version_id "9.3",
 * version_codename "Blue Onyx", name "Rocky Linux", pretty_name the line.
 * Fills only fields that are NULL in d. WARD_EFORMAT when no "release" word. */
int ward_redhat_release_parse(struct ward_distro *d, const char *data, size_t len,
                              struct ward_error **err);

#endif
