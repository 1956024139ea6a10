/* yamldoc.h - small read-only helpers over libyaml's document (node graph)
 * API for the YAML lockfiles (pnpm-lock.yaml, pubspec.lock): load with a size
 * cap, look keys up in mappings, read scalars as NUL-terminated strings. */
#ifndef WARD_INVENTORY_YAMLDOC_H
#define WARD_INVENTORY_YAMLDOC_H

#include "util/error.h"

#include <yaml.h>

/* Load the first document of p[0..n) into *doc (caller: yaml_document_delete).
 * Documents over 64 MiB -> WARD_ELIMIT; syntax errors -> WARD_EFORMAT. An
 * empty stream gives a document without a root node. */
int ward_yaml_load(yaml_document_t *doc, const char *p, size_t n, struct ward_error **err);

/* Borrowed node lookups; NULL when absent or of another kind. */
yaml_node_t *ward_yaml_root(yaml_document_t *doc);
yaml_node_t *ward_yaml_get(yaml_document_t *doc, yaml_node_t *map, const char *key);
/* A scalar's value (libyaml keeps scalars NUL-terminated); NULL for non-scalars. */
const char *ward_yaml_scalar(const yaml_node_t *n);
/* map[key] as a scalar string, NULL when absent or not a scalar. */
const char *ward_yaml_get_str(yaml_document_t *doc, yaml_node_t *map, const char *key);

#endif
