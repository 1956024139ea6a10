/* k8s.h - Kubernetes manifest checks for `ward lint`: a bounded YAML reader
 * (libyaml events -> a small node tree with line numbers; multi-document
 * streams, Helm `# Source:` comments, List kinds; size, depth, node and alias
 * limits) and the K8S-0xx rules over every pod spec found in the workloads. */
#ifndef WARD_MISCONF_K8S_H
#define WARD_MISCONF_K8S_H

#include "misconf/dockerfile.h" /* struct ward_lint_rule / _opts / _result */

#define WARD_K8S_MAX_BYTES   (8u << 20) /* one manifest file */
#define WARD_K8S_MAX_DEPTH   64u        /* nesting of mappings and sequences */
#define WARD_K8S_MAX_NODES   500000u    /* nodes in one file */
#define WARD_K8S_MAX_ALIASES 1000u      /* *alias references (never expanded) */
#define WARD_K8S_MAX_DOCS    10000u     /* documents in one stream */

/* The K8S-0xx rules, in id order. */
const struct ward_lint_rule *ward_k8s_rules(size_t *n);
const struct ward_lint_rule *ward_k8s_rule_find(const char *id);

/* Does (p, n) look like a Kubernetes manifest (a top-level apiVersion and kind
 * in the first document that has keys)? A cheap sniff, no full parse. */
bool ward_k8s_sniff(const char *p, size_t n);

/* Parse the YAML stream (p, n) and run the enabled K8S rules over every
 * workload in it. opts->ignore, opts->enable_all and opts->no_inline_ignores
 * are honoured (the Dockerfile-only options are not used). *n_objects, when not
 * NULL, receives how many Kubernetes objects (documents or List items with
 * apiVersion and kind) were seen. *out is owned by the caller.
 * @return 0; WARD_EFORMAT for malformed YAML (the message names line and
 *         column); WARD_ELIMIT past a WARD_K8S_MAX_* bound. */
int ward_lint_k8s(struct ward_lint_result **out, const char *p, size_t n,
                  const struct ward_lint_opts *opts, size_t *n_objects, struct ward_error **err);

#endif
