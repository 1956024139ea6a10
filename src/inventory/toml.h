/* toml.h - a bounded reader for the TOML subset lockfiles use (poetry.lock,
 * uv.lock, Cargo.lock, pdm.lock): tables, arrays of tables, dotted and quoted
 * keys, strings of all four kinds, integers, floats, booleans, datetimes (kept
 * as text), arrays and inline tables. The whole document becomes a read-only
 * tree; every node lives in one arena freed by ward_toml_free(). */
#ifndef WARD_INVENTORY_TOML_H
#define WARD_INVENTORY_TOML_H

#include "util/error.h"

enum ward_toml_type {
    WARD_TOML_STRING,
    WARD_TOML_INT,
    WARD_TOML_FLOAT, /* text in str */
    WARD_TOML_BOOL,
    WARD_TOML_DATETIME, /* text in str */
    WARD_TOML_ARRAY,    /* also an array of tables */
    WARD_TOML_TABLE,
};

struct ward_toml; /* a value: the document root is a table */

/* Parse p[0..n). Documents over 64 MiB, nested deeper than 64 levels or with
 * more than 4M values are rejected with WARD_ELIMIT; syntax errors give
 * WARD_EFORMAT naming the line. On success *out is the root table (free with
 * ward_toml_free). */
int ward_toml_parse(struct ward_toml **out, const char *p, size_t n, struct ward_error **err);
void ward_toml_free(struct ward_toml *root);
WARD_DEFINE_AUTOPTR(ward_toml, ward_toml_free)

/* Accessors; all NULL-safe and borrowed (valid while the root lives). */
enum ward_toml_type ward_toml_type(const struct ward_toml *v);
/* Number of entries of a table or items of an array; 0 for scalars and NULL. */
size_t ward_toml_len(const struct ward_toml *v);
/* i-th item of an array, or i-th value of a table (document order); NULL past the end. */
const struct ward_toml *ward_toml_at(const struct ward_toml *v, size_t i);
/* i-th key of a table; NULL when v is not a table or i is past the end. */
const char *ward_toml_key_at(const struct ward_toml *v, size_t i);
/* Value under key in a table (NULL when absent or v is not a table). */
const struct ward_toml *ward_toml_get(const struct ward_toml *table, const char *key);
/* Text of a string, float or datetime value (NULL for other types). */
const char *ward_toml_text(const struct ward_toml *v);
int64_t ward_toml_int(const struct ward_toml *v, int64_t dflt);
bool ward_toml_bool(const struct ward_toml *v, bool dflt);

/* Shorthands: table[key] as string / array / table, NULL when of another type. */
const char *ward_toml_get_str(const struct ward_toml *table, const char *key);
const struct ward_toml *ward_toml_get_array(const struct ward_toml *table, const char *key);
const struct ward_toml *ward_toml_get_table(const struct ward_toml *table, const char *key);

#endif
