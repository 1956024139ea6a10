/* test_lint_rules.c - one test per lint rule: tests/data/dockerfiles/<RULE>/bad.Dockerfile
 * must raise the rule and good.Dockerfile must not (an optional `options` file
 * holds key=value settings such as allowed-registry=). A directory test makes
 * sure every rule has its pair and every pair names a rule. */
#include "harness.h"
#include "misconf/dockerfile.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

static char *data_path(const char *rule, const char *file)
{
    return ward_xasprintf("%s/tests/data/dockerfiles/%s/%s", harness_srcdir(), rule, file);
}

/* Count findings of `rule` in file; -1 when the file cannot be read or parsed. */
static int count_rule(const char *rule, const char *file, const struct ward_lint_opts *o,
                      size_t *first_line)
{
    ward_autofree char *path = data_path(rule, file);
    size_t len = 0;
    ward_autofree char *text = harness_slurp(path, &len);
    if (!text)
        return -1;
    struct ward_error *err = NULL;
    ward_autoptr(ward_dockerfile) df = NULL;
    if (ward_dockerfile_parse(&df, text, len, &err) < 0) {
        printf("# %s: %s\n", path, err->msg);
        ward_error_free(err);
        return -1;
    }
    ward_autoptr(ward_lint_result) res = NULL;
    if (ward_lint_dockerfile(&res, df, o, &err) < 0) {
        ward_error_free(err);
        return -1;
    }
    int n = 0;
    for (size_t i = 0; i < res->n; i++)
        if (strcmp(res->items[i].rule, rule) == 0) {
            if (n++ == 0 && first_line)
                *first_line = res->items[i].line;
            printf("# %s: line %zu: %s\n", file, res->items[i].line, res->items[i].msg);
        }
    return n;
}

static void check_rule(const char *rule)
{
    const char *regs[8], *labels[8];
    size_t nregs = 0, nlabels = 0;
    bool strict = false;
    ward_autofree char *opt_path = data_path(rule, "options");
    ward_autofree char *opts_text = harness_slurp(opt_path, NULL);
    for (char *line = opts_text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (strncmp(line, "allowed-registry=", 17) == 0 && nregs < 8)
            regs[nregs++] = line + 17;
        else if (strncmp(line, "require-label=", 14) == 0 && nlabels < 8)
            labels[nlabels++] = line + 14;
        else if (strcmp(line, "strict-labels=1") == 0)
            strict = true;
    }
    struct ward_lint_opts o = {.enable_all = true,
                               .allowed_registries = regs,
                               .n_allowed_registries = nregs,
                               .label_schema = labels,
                               .n_label_schema = nlabels,
                               .strict_labels = strict};
    CHECK_MSG(ward_lint_rule_find(rule) != NULL, "%s is not in the rule table", rule);
    size_t line = 0;
    int bad = count_rule(rule, "bad.Dockerfile", &o, &line);
    int good = count_rule(rule, "good.Dockerfile", &o, NULL);
    CHECK_MSG(bad > 0, "%s does not fire on bad.Dockerfile (%d)", rule, bad);
    CHECK_MSG(good == 0, "%s fires on good.Dockerfile (%d)", rule, good);
    CHECK(line >= 1);
    /* the same file with the rule ignored reports nothing for it */
    const char *ign[] = {rule};
    o.ignore = ign;
    o.n_ignore = 1;
    CHECK_EQ_INT(count_rule(rule, "bad.Dockerfile", &o, NULL), 0);
}

#define RULE_TEST(ident, id)                                                                       \
    TEST(lint_rule, ident)                                                                         \
    {                                                                                              \
        check_rule(id);                                                                            \
    }

RULE_TEST(CIS_4_1, "CIS-4.1")
RULE_TEST(CIS_4_10, "CIS-4.10")
RULE_TEST(CIS_4_6, "CIS-4.6")
RULE_TEST(CIS_4_7, "CIS-4.7")
RULE_TEST(CIS_4_9, "CIS-4.9")
RULE_TEST(DL1001, "DL1001")
RULE_TEST(DL3000, "DL3000")
RULE_TEST(DL3001, "DL3001")
RULE_TEST(DL3002, "DL3002")
RULE_TEST(DL3003, "DL3003")
RULE_TEST(DL3004, "DL3004")
RULE_TEST(DL3006, "DL3006")
RULE_TEST(DL3007, "DL3007")
RULE_TEST(DL3008, "DL3008")
RULE_TEST(DL3009, "DL3009")
RULE_TEST(DL3010, "DL3010")
RULE_TEST(DL3011, "DL3011")
RULE_TEST(DL3012, "DL3012")
RULE_TEST(DL3013, "DL3013")
RULE_TEST(DL3014, "DL3014")
RULE_TEST(DL3015, "DL3015")
RULE_TEST(DL3016, "DL3016")
RULE_TEST(DL3018, "DL3018")
RULE_TEST(DL3019, "DL3019")
RULE_TEST(DL3020, "DL3020")
RULE_TEST(DL3021, "DL3021")
RULE_TEST(DL3022, "DL3022")
RULE_TEST(DL3023, "DL3023")
RULE_TEST(DL3024, "DL3024")
RULE_TEST(DL3025, "DL3025")
RULE_TEST(DL3026, "DL3026")
RULE_TEST(DL3027, "DL3027")
RULE_TEST(DL3028, "DL3028")
RULE_TEST(DL3029, "DL3029")
RULE_TEST(DL3030, "DL3030")
RULE_TEST(DL3032, "DL3032")
RULE_TEST(DL3033, "DL3033")
RULE_TEST(DL3034, "DL3034")
RULE_TEST(DL3035, "DL3035")
RULE_TEST(DL3036, "DL3036")
RULE_TEST(DL3037, "DL3037")
RULE_TEST(DL3038, "DL3038")
RULE_TEST(DL3040, "DL3040")
RULE_TEST(DL3041, "DL3041")
RULE_TEST(DL3042, "DL3042")
RULE_TEST(DL3043, "DL3043")
RULE_TEST(DL3044, "DL3044")
RULE_TEST(DL3045, "DL3045")
RULE_TEST(DL3046, "DL3046")
RULE_TEST(DL3047, "DL3047")
RULE_TEST(DL3048, "DL3048")
RULE_TEST(DL3049, "DL3049")
RULE_TEST(DL3050, "DL3050")
RULE_TEST(DL3051, "DL3051")
RULE_TEST(DL3052, "DL3052")
RULE_TEST(DL3053, "DL3053")
RULE_TEST(DL3054, "DL3054")
RULE_TEST(DL3055, "DL3055")
RULE_TEST(DL3056, "DL3056")
RULE_TEST(DL3057, "DL3057")
RULE_TEST(DL3058, "DL3058")
RULE_TEST(DL3059, "DL3059")
RULE_TEST(DL3060, "DL3060")
RULE_TEST(DL3061, "DL3061")
RULE_TEST(DL3062, "DL3062")
RULE_TEST(DL3063, "DL3063")
RULE_TEST(DL3064, "DL3064")
RULE_TEST(DL3065, "DL3065")
RULE_TEST(DL3066, "DL3066")
RULE_TEST(DL3067, "DL3067")
RULE_TEST(DL4000, "DL4000")
RULE_TEST(DL4001, "DL4001")
RULE_TEST(DL4003, "DL4003")
RULE_TEST(DL4004, "DL4004")
RULE_TEST(DL4005, "DL4005")
RULE_TEST(DL4006, "DL4006")

/* Every rule has a test directory, and every directory is a rule. */
TEST(lint_rules, every_rule_has_a_pair)
{
    size_t n;
    const struct ward_lint_rule *r = ward_lint_rules(&n);
    CHECK(n >= 60);
    for (size_t i = 0; i < n; i++) {
        ward_autofree char *p = data_path(r[i].id, "bad.Dockerfile");
        ward_autofree char *q = data_path(r[i].id, "good.Dockerfile");
        CHECK_MSG(access(p, R_OK) == 0 && access(q, R_OK) == 0, "no test pair for %s", r[i].id);
    }
    ward_autofree char *dir = ward_xasprintf("%s/tests/data/dockerfiles", harness_srcdir());
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    struct dirent *e;
    size_t dirs = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        dirs++;
        if (!ward_lint_rule_find(e->d_name)) {
            closedir(d);
            CHECK_MSG(false, "%s/%s names no rule", dir, e->d_name);
        }
    }
    closedir(d);
    CHECK_EQ_SIZE(dirs, n);
}
