/* fuzz_secret_rules.c - user secret rule files (INI-like, regexes compiled by
 * PCRE2) on arbitrary bytes; a file that loads is then used on a short text. */
#include "secrets/secrets.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_secrets_opts o = {
        .rule_text = (const char *)data, .rule_text_len = size, .no_builtin = true};
    struct ward_error *err = NULL;
    struct ward_secrets *s = NULL;
    if (ward_secrets_new(&s, &o, &err) < 0) {
        ward_error_free(err);
        return 0;
    }
    static const char text[] = "token = \"abcd1234efgh5678ijkl\"\npassword: hunter22\n";
    struct ward_secret_findings f = {0};
    (void)ward_secrets_wants(s, "/etc/app.conf", sizeof(text));
    if (ward_secrets_scan_buf(s, "/etc/app.conf", NULL, -1, text, sizeof(text) - 1, &f, &err) < 0)
        ward_error_free(err);
    ward_secret_findings_dispose(&f);
    ward_secrets_free(s);
    return 0;
}
