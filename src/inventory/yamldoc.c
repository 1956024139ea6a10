/* yamldoc.c - libyaml document loading behind a size cap, and typed lookups
 * that never crash on an unexpected node kind. */
#include "inventory/yamldoc.h"

#include <string.h>

#define YAML_MAX_BYTES (64u << 20)

int ward_yaml_load(yaml_document_t *doc, const char *p, size_t n, struct ward_error **err)
{
    memset(doc, 0, sizeof(*doc));
    if (n > YAML_MAX_BYTES)
        return ward_error_set(err, WARD_ELIMIT, 0, "yaml: document too large");
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        ward_oom();
    yaml_parser_set_input_string(&parser, (const unsigned char *)p, n);
    int ok = yaml_parser_load(&parser, doc);
    int r = 0;
    if (!ok) {
        r = ward_error_set(err, WARD_EFORMAT, 0, "yaml: line %zu: %s",
                           (size_t)parser.problem_mark.line + 1,
                           parser.problem ? parser.problem : "syntax error");
        memset(doc, 0, sizeof(*doc));
    }
    yaml_parser_delete(&parser);
    return r;
}

yaml_node_t *ward_yaml_root(yaml_document_t *doc)
{
    return doc->nodes.start ? yaml_document_get_root_node(doc) : NULL;
}

const char *ward_yaml_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *ward_yaml_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    size_t kl = strlen(key);
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *k = yaml_document_get_node(doc, pr->key);
        if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == kl &&
            memcmp(k->data.scalar.value, key, kl) == 0)
            return yaml_document_get_node(doc, pr->value);
    }
    return NULL;
}

const char *ward_yaml_get_str(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
    return ward_yaml_scalar(ward_yaml_get(doc, map, key));
}
