/* policy.c - `ward policy eval|check|show-default`: evaluate a policy bundle
 * over a scan (the scan itself is `ward scan`'s code, run through
 * ward_cli_scan_run), validate a bundle, print the embedded default. */
#include "cli/cli.h"
#include "policy/policy.h"
#include "report/scan_report.h"
#include "util/json_out.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: ward policy eval [--policy FILE] [SCAN OPTIONS] TARGET\n"
          "       ward policy check FILE\n"
          "       ward policy show-default\n"
          "\n"
          "eval          scan TARGET (as `ward scan`) and evaluate the policy bundle: verdict\n"
          "              STOP/WARN/GO, triggered rules with their matches, risk score 0-100.\n"
          "              --policy FILE (YAML or JSON; default: the embedded bundle, also\n"
          "              named @default). -f table|json print the policy result only;\n"
          "              sarif/junit/cyclonedx/html print the full scan report with the\n"
          "              verdict. Exit 1 (or --exit-code N) on STOP, 0 on WARN/GO.\n"
          "check FILE    validate a bundle; errors name file:line:column and the key path\n"
          "show-default  print the embedded default bundle (docs/policy-default.yaml)\n"
          "\n"
          "See docs/policy.md for the bundle format and the risk score formula.\n",
          f);
}

/* `ward policy eval` output for table and JSON: the policy result alone. */
int ward_cli_policy_report(struct ward_buf *out, const struct ward_scan_result *res, int fmt,
                           const struct ward_report_opts *ro, struct ward_error **err)
{
    if (!res->policy || (fmt != WARD_SCAN_TABLE && fmt != WARD_SCAN_JSON))
        return ward_report_scan(out, res, (enum ward_scan_format)fmt, ro, err);
    const struct ward_inventory *inv = res->inv;
    const char *name = inv->n_repo_tags && inv->repo_tags[0] ? inv->repo_tags[0] : inv->target;
    if (fmt == WARD_SCAN_TABLE) {
        ward_buf_adds(out, name ? name : "");
        if (inv->distro.id)
            ward_buf_addf(out, " (%s %s)", inv->distro.id,
                          inv->distro.version_id ? inv->distro.version_id : "");
        ward_buf_addc(out, '\n');
        ward_policy_result_table(res->policy, out);
    } else {
        struct ward_json j;
        ward_json_init(&j, out, ro ? ro->pretty : true);
        ward_json_obj_begin(&j);
        ward_json_kv_int(&j, "schema_version", WARD_SCAN_SCHEMA_VERSION);
        ward_scan_json_subject(&j, inv);
        ward_json_key(&j, "policy");
        ward_policy_result_json(res->policy, &j);
        ward_json_obj_end(&j);
        ward_buf_addc(out, '\n');
    }
    if (ward_buf_check(out) < 0)
        return ward_error_set(err, WARD_ELIMIT, 0, "policy report too large");
    return 0;
}

static int cmd_check(int argc, char **argv)
{
    if (argc != 2)
        return ward_cli_usage_error("policy", "check wants exactly one FILE");
    struct ward_error *err = NULL;
    ward_autoptr(ward_policy_bundle) b = NULL;
    int rc = ward_policy_bundle_load(&b, argv[1], &err);
    if (rc == WARD_EFORMAT || rc == WARD_ELIMIT) {
        fprintf(stderr, "ward: policy: %s\n", err->msg);
        ward_error_free(err);
        return WARD_EXIT_FINDINGS;
    }
    if (rc < 0)
        return ward_cli_fail("policy", err);
    size_t np, nr, na, nm;
    ward_policy_bundle_counts(b, &np, &nr, &na, &nm);
    printf("%s: OK (bundle %s: %zu policies, %zu rules, %zu allowlist entries, %zu mappings)\n",
           argv[1], ward_policy_bundle_name(b), np, nr, na, nm);
    return WARD_EXIT_OK;
}

static int cmd_show_default(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return ward_cli_usage_error("policy", "show-default takes no arguments");
    size_t len;
    const char *t = ward_policy_default_text(&len);
    struct ward_buf b = {(char *)t, len, len, 0, 0};
    return ward_cli_write_stdout(&b);
}

int ward_cmd_policy(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return WARD_EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        usage(stdout);
        return WARD_EXIT_OK;
    }
    if (!strcmp(sub, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(sub, "show-default"))
        return cmd_show_default(argc - 1, argv + 1);
    if (!strcmp(sub, "eval")) {
        const struct ward_cli_scan_mode mode = {
            .default_policy = WARD_POLICY_BUILTIN,
            .policy_only = true,
        };
        return ward_cli_scan_run(argc - 1, argv + 1, &mode);
    }
    return ward_cli_usage_error("policy", "unknown subcommand '%s' (eval, check, show-default)",
                                sub);
}
