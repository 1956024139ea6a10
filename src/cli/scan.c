/* scan.c - `ward scan TARGET`: inventory the target, match its packages
 * against the advisory DB, apply the user's filters (severity, unfixed,
 * package types, ignore file, OpenVEX) and report; the exit status follows
 * --exit-code / --fail-on. */
#define WARD_LOG_MODULE "scan"
#include "cli/cli.h"
#include "match/filter.h"
#include "match/match.h"
#include "report/scan_report.h"
#include "malware/malware.h"
#include "secrets/secrets.h"
#include "misconf/imagecfg.h"
#include "policy/policy.h"
#include "util/log.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_DB_MAX_AGE (7 * 24 * 3600) /* warn when the DB is older than this */

static void usage(FILE *f)
{
    fputs("usage: ward scan [OPTIONS] TARGET\n"
          "\n"
          "Find known vulnerabilities in the packages of TARGET: an image (tarball, OCI\n"
          "layout, Docker Engine, registry), a root filesystem, a project directory or a\n"
          "CycloneDX/SPDX SBOM file (see ward sbom --help for how TARGET is read).\n"
          "\n"
          "options:\n"
          "  -f, --format FMT        table (default on a terminal), json, sarif, cyclonedx,\n"
          "                          junit, html\n"
          "  -o, --output FILE       write the report to FILE instead of stdout\n"
          "      --db PATH           advisory DB (default $WARD_DB, else ~/.cache/ward/db.sqlite)\n"
          "  -s, --severity LIST     only these severities (e.g. HIGH,CRITICAL)\n"
          "      --ignore-unfixed    hide vulnerabilities without a fixed version\n"
          "      --pkg-types LIST    os, library (default both)\n"
          "      --include-dev-deps  keep dev/test-only dependencies of lockfiles (left out\n"
          "                          by default, as trivy does)\n"
          "      --ignorefile FILE   ids to hide, with reasons and expiry (default .wardignore\n"
          "                          when present; .trivyignore syntax is accepted)\n"
          "      --vex FILE          OpenVEX document: not_affected/fixed statements hide findings\n"
          "      --exit-code N       exit with N when findings remain (after filters)\n"
          "      --fail-on SEV       exit 1 (or --exit-code) only for findings of SEV or worse\n"
          "      --scanners LIST     vuln,secret,malware,config (default: all four)\n"
          "      --secret-config FILE  secret rules and allow rules (docs/secrets.md)\n"
          "      --malware-db DIR    ClamAV .hdb/.hsb/.ndb signature directory (default\n"
          "                          $WARD_MALWARE_DB; none: built-in EICAR check only)\n"
          "      --malware-engine E  ward (default: own hash/body matcher) or clamav (libclamav,\n"
          "                          when built with it)\n"
          "      --db-max-age DAYS   warn when the DB is older (default 7)\n"
          "      --policy FILE       evaluate a policy bundle (docs/policy.md; @default = the\n"
          "                          embedded one): verdict + risk score in the report, exit\n"
          "                          1 (or --exit-code N) on STOP, 0 on WARN/GO\n"
          "      --type KIND         force the source: docker-archive, oci, rootfs, docker,\n"
          "                          registry, project\n"
          "      --platform OS/ARCH  image platform from a multi-arch index\n"
          "      --host URL          Docker Engine (default $DOCKER_HOST or the local socket)\n"
          "      --insecure          plain HTTP / unverified TLS for the registry\n"
          "      --cache-dir DIR     layer cache directory\n"
          "      --no-cache          do not read or write the layer cache\n"
          "  -q, --quiet             no progress or warnings on stderr\n"
          "  -h, --help              this help\n",
          f);
}

size_t ward_cli_drop_dev(struct ward_inventory *inv)
{
    struct ward_pkglist *l = inv->pkgs;
    size_t k = 0;
    for (size_t i = 0; l && i < l->n; i++)
        if (!l->items[i].dev)
            l->items[k++] = l->items[i];
    size_t dropped = l ? l->n - k : 0;
    if (l)
        l->n = k;
    if (dropped)
        ward_info("%zu dev dependencies left out (--include-dev-deps keeps them)", dropped);
    return dropped;
}

static enum ward_keep secret_keep(const char *path, uint32_t mode, uint64_t size, void *ud)
{
    return ward_secrets_keep(ud, path, mode, size);
}

/* The scanners that read file contents (secret, malware, config) each name
 * the files they want; the layer pass keeps a file when any of them does. */
struct keep_chain {
    struct {
        ward_keep_fn fn;
        void *ud;
    } hook[4];
    size_t n;
    struct ward_buf version; /* fingerprints joined: part of the layer cache key */
};

static void chain_add(struct keep_chain *kc, ward_keep_fn fn, void *ud, const char *name,
                      const char *fingerprint)
{
    if (kc->n >= WARD_ARRAY_LEN(kc->hook))
        return;
    kc->hook[kc->n].fn = fn;
    kc->hook[kc->n].ud = ud;
    kc->n++;
    ward_buf_addf(&kc->version, "%s%s:%s", kc->version.len ? "," : "", name,
                  fingerprint ? fingerprint : "");
}

static enum ward_keep chain_keep(const char *path, uint32_t mode, uint64_t size, void *ud)
{
    const struct keep_chain *kc = ud;
    enum ward_keep best = WARD_KEEP_NO;
    for (size_t i = 0; i < kc->n && best != WARD_KEEP_RAW; i++) {
        enum ward_keep k = kc->hook[i].fn(path, mode, size, kc->hook[i].ud);
        if (k != WARD_KEEP_NO)
            best = k;
    }
    return best;
}

/* Exit-status accounting: does a finding of severity s count for --fail-on? */
static bool counts_for_exit(unsigned fail_bits, enum ward_severity s)
{
    return !fail_bits || (fail_bits & (1u << s));
}

int ward_cmd_scan(int argc, char **argv)
{
    return ward_cli_scan_run(argc, argv, NULL);
}

int ward_cli_scan_run(int argc, char **argv, const struct ward_cli_scan_mode *mode)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"db", required_argument, NULL, 'D'},
        {"severity", required_argument, NULL, 's'},
        {"ignore-unfixed", no_argument, NULL, 'U'},
        {"pkg-types", required_argument, NULL, 'T'},
        {"ignorefile", required_argument, NULL, 'i'},
        {"vex", required_argument, NULL, 'V'},
        {"exit-code", required_argument, NULL, 'E'},
        {"fail-on", required_argument, NULL, 'F'},
        {"scanners", required_argument, NULL, 'S'},
        {"secret-config", required_argument, NULL, 'R'},
        {"malware-db", required_argument, NULL, 'M'},
        {"malware-engine", required_argument, NULL, 'W'},
        {"db-max-age", required_argument, NULL, 'A'},
        {"policy", required_argument, NULL, 'P'},
        {"include-dev-deps", no_argument, NULL, WARD_CLI_OPT_INCLUDE_DEV},
        WARD_CLI_TARGET_LONGOPTS,
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *format = NULL, *output = NULL, *db_path_opt = NULL, *ignorefile = NULL,
               *vexfile = NULL, *fail_on = NULL, *secret_config = NULL,
               *malware_db = getenv("WARD_MALWARE_DB");
    bool malware_clamav = false, include_dev = false;
    bool want_vuln = true, want_secret = true, want_malware = true, want_config = true;
    const char *policy_file = mode ? mode->default_policy : NULL;
    struct ward_inventory_opts o = {0};
    struct ward_filter_opts fo = {0};
    int exit_code = -1;
    long max_age_days = DEFAULT_DB_MAX_AGE / 86400;
    struct ward_error *err = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:s:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            format = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'D':
            db_path_opt = optarg;
            break;
        case 's':
            if (ward_severities_parse(&fo.severities, optarg, &err) < 0) {
                int r = ward_cli_usage_error("scan", "%s", err->msg);
                ward_error_free(err);
                return r;
            }
            break;
        case 'U':
            fo.ignore_unfixed = true;
            break;
        case 'T':
            if (ward_pkg_classes_parse(&fo.pkg_classes, optarg, &err) < 0) {
                int r = ward_cli_usage_error("scan", "%s", err->msg);
                ward_error_free(err);
                return r;
            }
            break;
        case 'i':
            ignorefile = optarg;
            break;
        case 'V':
            vexfile = optarg;
            break;
        case 'E': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 255)
                return ward_cli_usage_error("scan", "--exit-code wants 0..255, not '%s'", optarg);
            exit_code = (int)v;
            break;
        }
        case 'F':
            fail_on = optarg;
            break;
        case 'S': {
            char *dup = strdup(optarg), *save = NULL;
            want_vuln = want_secret = want_malware = want_config = false;
            for (char *w = strtok_r(dup, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
                if (!strcmp(w, "vuln")) {
                    want_vuln = true;
                } else if (!strcmp(w, "secret")) {
                    want_secret = true;
                } else if (!strcmp(w, "malware")) {
                    want_malware = true;
                } else if (!strcmp(w, "config")) {
                    want_config = true;
                } else {
                    int r = ward_cli_usage_error("scan",
                                                 "scanner '%s' is not available in this build "
                                                 "(available: vuln, secret, malware, config)",
                                                 w);
                    free(dup);
                    return r;
                }
            }
            free(dup);
            if (!want_vuln && !want_secret && !want_malware && !want_config)
                return ward_cli_usage_error("scan", "--scanners names no scanner");
            break;
        }
        case 'R':
            secret_config = optarg;
            break;
        case 'M':
            malware_db = optarg;
            break;
        case 'W':
            if (strcmp(optarg, "ward") != 0 && strcmp(optarg, "clamav") != 0)
                return ward_cli_usage_error("scan", "--malware-engine wants ward or clamav, "
                                                    "not '%s'",
                                            optarg);
            malware_clamav = !strcmp(optarg, "clamav");
            break;
        case 'P':
            policy_file = optarg;
            break;
        case 'A': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0)
                return ward_cli_usage_error("scan", "--db-max-age wants days, not '%s'", optarg);
            max_age_days = v;
            break;
        }
        case WARD_CLI_OPT_INCLUDE_DEV:
            include_dev = true;
            break;
        case 'q':
            ward_log_set_level(WARD_LOG_ERROR);
            break;
        case 'h':
            usage(stdout);
            return WARD_EXIT_OK;
        default:
            if (ward_cli_target_option(c, optarg, &o))
                break;
            usage(stderr);
            return WARD_EXIT_USAGE;
        }
    }
    if (optind != argc - 1)
        return ward_cli_usage_error("scan", "expected exactly one TARGET");
    const char *target = argv[optind];
    if (!format)
        format = (isatty(1) && !output) ? "table" : "json";
    enum ward_scan_format fmt;
    if (ward_scan_format_parse(&fmt, format, &err) < 0) {
        int r = ward_cli_usage_error("scan", "%s", err->msg);
        ward_error_free(err);
        return r;
    }
    unsigned fail_bits = 0;
    if (fail_on) {
        enum ward_severity min = ward_severity_parse(fail_on);
        if (min == WARD_SEV_UNKNOWN && strcasecmp(fail_on, "unknown") != 0)
            return ward_cli_usage_error("scan", "--fail-on wants a severity, not '%s'", fail_on);
        for (int s = min; s <= WARD_SEV_CRITICAL; s++)
            fail_bits |= 1u << s;
    }

    /* Inputs the user named are read before the (long) scan, so mistakes fail fast. */
    ward_autoptr(ward_ignore) ignore = NULL;
    if (!ignorefile && access(".wardignore", R_OK) == 0)
        ignorefile = ".wardignore";
    if (ignorefile && ward_ignore_load(&ignore, ignorefile, &err) < 0)
        return ward_cli_fail("scan", err);
    ward_autoptr(ward_vex) vex = NULL;
    if (vexfile && ward_vex_load(&vex, vexfile, &err) < 0)
        return ward_cli_fail("scan", err);
    ward_autoptr(ward_policy_bundle) bundle = NULL;
    if (policy_file && ward_policy_bundle_load(&bundle, policy_file, &err) < 0)
        return ward_cli_fail("scan", err);

    /* From here on every exit goes through `out:`. */
    int ret = WARD_EXIT_ERROR, rc = 0;
    struct keep_chain kc = {.version = WARD_BUF_INIT(0)};
    struct ward_secret_findings sf = {0};
    struct ward_check_findings checks;
    struct ward_buf report = WARD_BUF_INIT(0);
    struct ward_image *img = NULL;
    ward_checks_init(&checks);
    ward_autoptr(ward_secrets) secrets = NULL;
    ward_autoptr(ward_malware) malware = NULL;
    ward_autoptr(ward_vulndb) db = NULL;
    ward_autoptr(ward_inventory) inv = NULL;
    ward_autoptr(ward_findings) findings = NULL;
    ward_autoptr(ward_policy_result) verdict = NULL;
    ward_autofree char *db_path = db_path_opt ? strdup(db_path_opt) : ward_vulndb_default_path();

    if (want_secret) {
        struct ward_secrets_opts so = {.rule_file = secret_config};
        if (ward_secrets_new(&secrets, &so, &err) < 0)
            goto fail;
        chain_add(&kc, secret_keep, secrets, "secret", ward_secrets_fingerprint(secrets));
    }
    if (want_malware) {
        struct ward_malware_opts mo = {.db_dir = malware_db && *malware_db ? malware_db : NULL,
                                       .clamav = malware_clamav};
        if (ward_malware_new(&malware, &mo, &err) < 0)
            goto fail;
        const struct ward_malware_stats *ms = ward_malware_stats(malware);
        if (ms->malformed || ms->skipped_any_size || ms->skipped_unsupported)
            ward_warn("malware signatures: %zu malformed line(s), %zu any-size hash(es) and %zu "
                      "signature(s) using unsupported features skipped",
                      ms->malformed, ms->skipped_any_size, ms->skipped_unsupported);
        if (mo.db_dir && !ms->hash_sigs && !ms->body_sigs)
            ward_warn("no usable malware signatures in %s (.hdb, .hsb, .ndb)", mo.db_dir);
        chain_add(&kc, ward_malware_keep_fn, malware, "malware", ward_malware_fingerprint(malware));
    }
    if (want_config) /* account files: USER name -> uid, empty passwords, duplicate ids */
        chain_add(&kc, ward_imagecfg_keep, NULL, "config", ward_imagecfg_fingerprint());
    bool want_files = want_secret || want_malware || want_config;
    if (kc.n) {
        o.extra_keep = chain_keep;
        o.extra_ud = &kc;
        o.extra_keep_version = kc.version.ptr;
    }

    if (want_vuln)
        rc = ward_vulndb_open(&db, db_path, &err);
    if (rc == WARD_ENOTFOUND) {
        fprintf(stderr,
                "ward: scan: no advisory database at %s\n"
                "ward: scan: create one with `ward db import PATH...` (OSV JSON/zip, Alpine "
                "secdb, Debian tracker) or `ward db update`\n",
                db_path);
        ward_error_free(err);
        goto out;
    }
    if (rc < 0)
        goto fail;
    int64_t built_at = 0;
    size_t n_adv = 0;
    if (db)
        ward_vulndb_summary(db, &built_at, &n_adv);
    if (built_at && max_age_days > 0 &&
        (int64_t)time(NULL) - built_at > (int64_t)max_age_days * 86400)
        ward_warn("advisory database %s is %lld days old: findings may be missing "
                  "(update with `ward db update` or `ward db import`)",
                  db_path, (long long)(((int64_t)time(NULL) - built_at) / 86400));
    if (db && !n_adv)
        ward_warn("advisory database %s holds no advisories", db_path);

    if (ward_cli_load_target(&inv, target, &o, want_files ? &img : NULL, &err) < 0)
        goto fail;
    if (!include_dev)
        ward_cli_drop_dev(inv);
    if (want_files && !img && strcmp(inv->kind, "cyclonedx") != 0 &&
        strcmp(inv->kind, "spdx") != 0)
        ward_warn("secret, malware and config scanning skipped: no file contents for %s",
                  target);
    if (want_secret && img) {
        if (ward_secrets_scan_image(secrets, img, &sf, &err) < 0)
            goto fail;
        ward_secret_findings_sort(&sf);
    }
    if (want_malware && img) {
        if (ward_malware_scan_image(malware, img, &checks, &err) < 0)
            goto fail;
        if (ward_malware_stats(malware)->files_too_large)
            ward_warn("malware: %zu file(s) larger than the body-signature bound not scanned",
                      ward_malware_stats(malware)->files_too_large);
    }
    if (want_config && img) {
        const char *dct = getenv("DOCKER_CONTENT_TRUST");
        struct ward_imagecfg_opts co = {.target = target,
                                        .content_trust = dct && !strcmp(dct, "1")};
        if (ward_imagecfg_scan(img, inv, &co, &checks, &err) < 0)
            goto fail;
    }
    ward_checks_sort(&checks);
    ward_image_free(img);
    img = NULL;

    if (want_vuln) {
        if (ward_match(&findings, db, inv, NULL, &err) < 0)
            goto fail;
    } else {
        findings = ward_xcalloc(1, sizeof(*findings));
        ward_arena_init(&findings->arena);
    }
    fo.ignore = ignore;
    fo.vex = vex;
    struct ward_filter_stats hidden = {0};
    ward_findings_filter(findings, &fo, &hidden);
    if (hidden.expired_rules)
        ward_warn("%zu ignore rule(s) in %s have expired and no longer hide findings",
                  hidden.expired_rules, ignorefile);
    if (!inv->distro.id && inv->pkgs && inv->pkgs->n && findings->packages_skipped)
        ward_warn("OS not detected: %zu OS packages could not be matched",
                  findings->packages_skipped);

    struct ward_scan_result res = {
        .inv = inv,
        .findings = findings,
        .hidden = &hidden,
        .db_path = db_path,
        .db_built_at = built_at,
        .db_advisories = n_adv,
        .secrets = want_secret ? &sf : NULL,
        .vuln_scanned = want_vuln,
        .checks = (want_malware || want_config) ? &checks : NULL,
    };
    if (bundle) { /* --policy: verdict + risk score over what the filters left */
        struct ward_policy_input pin = {.inv = inv,
                                        .findings = want_vuln ? findings : NULL,
                                        .secrets = res.secrets,
                                        .checks = res.checks};
        if (ward_policy_eval(&verdict, bundle, &pin, &err) < 0)
            goto fail;
        res.policy = verdict;
    }
    struct ward_report_opts ro = {.pretty = true};
    if ((mode && mode->policy_only ? ward_cli_policy_report(&report, &res, (int)fmt, &ro, &err)
                                   : ward_report_scan(&report, &res, fmt, &ro, &err)) < 0)
        goto fail;
    if ((rc = ward_cli_write_output(output, &report)) != 0) {
        ret = rc;
        goto out;
    }

    size_t failing = 0;
    for (size_t i = 0; i < findings->n; i++)
        failing += counts_for_exit(fail_bits, findings->items[i].severity);
    for (size_t i = 0; i < sf.n; i++) /* secret severities share the scale's names */
        failing += counts_for_exit(
            fail_bits, ward_severity_parse(ward_secret_severity_name(sf.items[i].severity)));
    for (size_t i = 0; i < checks.n; i++)
        failing += counts_for_exit(fail_bits, checks.items[i].severity);
    ret = WARD_EXIT_OK;
    if (failing && (exit_code > 0 || fail_on))
        ret = exit_code >= 0 ? exit_code : WARD_EXIT_FINDINGS;
    if (verdict) /* a policy decides instead: STOP fails, WARN and GO pass */
        ret = verdict->verdict != WARD_ACTION_STOP ? WARD_EXIT_OK
              : exit_code >= 0                     ? exit_code
                                                   : WARD_EXIT_FINDINGS;
    goto out;
fail:
    ret = ward_cli_fail("scan", err);
out:
    ward_image_free(img);
    ward_buf_dispose(&report);
    ward_checks_dispose(&checks);
    ward_secret_findings_dispose(&sf);
    ward_buf_dispose(&kc.version);
    return ret;
}
