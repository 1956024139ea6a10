/* rules.c - the built-in secret rules (cloud keys, private keys, service tokens,
 * JWTs, passwords in URLs and config files), their extra validators, and the
 * built-in allow rules (documentation trees, test fixtures, placeholder values). */
#include "secrets/secrets_int.h"

#include <string.h>

static int b64val(unsigned char c, bool url)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == (url ? '-' : '+'))
        return 62;
    if (c == (url ? '_' : '/'))
        return 63;
    return -1;
}

/* Decode up to max bytes of (url-safe or standard) base64; stops at '=' or junk. */
static size_t b64_decode(const char *p, size_t n, bool url, unsigned char *out, size_t max)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n && o < max; i++) {
        int v = b64val((unsigned char)p[i], url);
        if (v < 0)
            break;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    return o;
}

/* Docker auth: base64("user:password") with both sides non-empty. */
static bool valid_docker_auth(const char *p, size_t n)
{
    unsigned char buf[512];
    size_t m = b64_decode(p, n, false, buf, sizeof(buf));
    const unsigned char *colon = memchr(buf, ':', m);
    if (!colon || colon == buf || (size_t)(colon - buf) + 1 >= m)
        return false;
    for (size_t i = 0; i < m; i++)
        if (buf[i] < 0x20 || buf[i] == 0x7f)
            return false;
    return true;
}

/* JWT: the header is base64url JSON naming an algorithm. */
static bool valid_jwt(const char *p, size_t n)
{
    const char *dot = memchr(p, '.', n);
    if (!dot)
        return false;
    unsigned char buf[256];
    size_t m = b64_decode(p, (size_t)(dot - p), true, buf, sizeof(buf) - 1);
    buf[m] = '\0';
    return m > 2 && buf[0] == '{' && strstr((const char *)buf, "\"alg\"") != NULL;
}

/* Generic assignments: a mix of letters and digits, not a hex digest, not a UUID. */
static bool valid_generic(const char *p, size_t n)
{
    bool digit = false, alpha = false, nonhex = false;
    size_t dashes = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= '0' && c <= '9')
            digit = true;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            alpha = true;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            if (c == '-')
                dashes++;
            else
                nonhex = true;
        }
    }
    if (!digit || !alpha)
        return false;
    if (!nonhex && (dashes == 0 || (dashes == 4 && n == 36)))
        return false; /* hex digest or UUID */
    /* dotted identifiers and paths ("com.example.Foo", "a/b/c") are not secrets */
    size_t dots = 0, slashes = 0;
    for (size_t i = 0; i < n; i++) {
        dots += p[i] == '.';
        slashes += p[i] == '/';
    }
    return dots < 2 && slashes < 2;
}

/* Keep these most specific first: when two rules match the same bytes the
 * first one wins. Regexes are our own; names follow the services' spelling. */
const struct ward_secret_rule_def ward_secret_builtin_rules[] = {
    /* --- private keys --- */
    {"private-key", "PrivateKey", "Asymmetric private key", WARD_SECRET_HIGH, "private key",
     "-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:\\s|\\\\[nr])*+"
     "(?:[A-Za-z-]{2,40}:[^\\n\\\\]{0,200}(?:\\s|\\\\[nr])++)*+"
     "(?<secret>[A-Za-z0-9+/=]{16,}+(?:(?:\\s|\\\\[nr])++[A-Za-z0-9+/=]{4,}+){0,400}+)",
     4.5, NULL, NULL},
    /* --- AWS --- */
    {"aws-access-key-id", "AWS", "AWS access key ID", WARD_SECRET_CRITICAL,
     "akia|asia|abia|acca|a3t",
     "(?<![A-Za-z0-9])(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])",
     3.0, NULL, NULL},
    {"aws-secret-access-key", "AWS", "AWS secret access key", WARD_SECRET_CRITICAL, "aws",
     "(?i:aws[_.-]?(?:secret[_.-]?(?:access[_.-]?)?key|secret|sak))[\"']?\\s{0,5}(?:=>|:=|[:=])"
     "\\s{0,5}[\"']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
     4.2, NULL, NULL},
    /* --- GCP --- */
    {"gcp-service-account", "GCP", "GCP service account key", WARD_SECRET_CRITICAL,
     "private_key_id", "\"private_key_id\"\\s*:\\s*\"(?<secret>[a-f0-9]{40})\"", 3.0, NULL, NULL},
    {"gcp-api-key", "GCP", "Google API key", WARD_SECRET_HIGH, "aiza",
     "(?<![A-Za-z0-9_-])(?<secret>AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])", 3.5, NULL, NULL},
    /* --- Azure --- */
    {"azure-storage-key", "Azure", "Azure storage account key", WARD_SECRET_CRITICAL, "accountkey",
     "(?i:AccountKey)\\s*=\\s*(?<secret>[A-Za-z0-9+/]{86}==)", 4.5, NULL, NULL},
    {"azure-client-secret", "Azure", "Azure AD client secret", WARD_SECRET_HIGH, "q~",
     "(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})"
     "(?![A-Za-z0-9_~.-])",
     3.5, NULL, NULL},
    /* --- code hosting --- */
    {"github-pat", "GitHub", "GitHub token", WARD_SECRET_CRITICAL, "ghp_|gho_|ghu_|ghs_|ghr_",
     "(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36})(?![A-Za-z0-9_])", 3.5, NULL, NULL},
    {"github-fine-grained-pat", "GitHub", "GitHub fine-grained personal access token",
     WARD_SECRET_CRITICAL, "github_pat_",
     "(?<![A-Za-z0-9_])(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])", 3.5,
     NULL, NULL},
    {"gitlab-pat", "GitLab", "GitLab personal access token", WARD_SECRET_CRITICAL, "glpat-",
     "(?<![A-Za-z0-9_-])(?<secret>glpat-[A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])", 3.5, NULL, NULL},
    {"gitlab-runner-token", "GitLab", "GitLab runner token", WARD_SECRET_HIGH, "glrt-|gr1348941",
     "(?<![A-Za-z0-9_-])(?<secret>(?:glrt-|GR1348941)[A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])", 3.5,
     NULL, NULL},
    {"gitlab-pipeline-trigger-token", "GitLab", "GitLab pipeline trigger token", WARD_SECRET_HIGH,
     "glptt-", "(?<![A-Za-z0-9_-])(?<secret>glptt-[0-9a-f]{40})(?![A-Za-z0-9_-])", 3.0, NULL, NULL},
    {"gitlab-deploy-token", "GitLab", "GitLab deploy token", WARD_SECRET_HIGH, "gldt-",
     "(?<![A-Za-z0-9_-])(?<secret>gldt-[A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])", 3.5, NULL, NULL},
    /* --- chat, payments, registries --- */
    {"slack-token", "Slack", "Slack token", WARD_SECRET_HIGH,
     "xoxb-|xoxp-|xoxa-|xoxe-|xoxs-|xoxr-|xoxo-",
     "(?<![A-Za-z0-9-])(?<secret>xox[abposre]-[0-9]{8,14}-[0-9A-Za-z-]{10,160})(?![A-Za-z0-9-])",
     3.5, NULL, NULL},
    {"slack-webhook", "Slack", "Slack incoming webhook URL", WARD_SECRET_HIGH, "hooks.slack.com",
     "https?://hooks\\.slack\\.com/(?:services|workflows|triggers)/"
     "(?<secret>[A-Za-z0-9+/]{40,60}|T[A-Z0-9]{6,12}/[AB][A-Z0-9]{6,12}/[A-Za-z0-9]{20,32})",
     3.0, NULL, NULL},
    {"stripe-secret-key", "Stripe", "Stripe live secret key", WARD_SECRET_CRITICAL,
     "sk_live_|rk_live_",
     "(?<![A-Za-z0-9_])(?<secret>[sr]k_live_[A-Za-z0-9]{20,247})(?![A-Za-z0-9])", 3.5, NULL, NULL},
    {"npm-token", "npm", "npm access token", WARD_SECRET_CRITICAL, "npm_",
     "(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])", 3.5, NULL, NULL},
    {"npmrc-auth", "npm", "Registry credential in .npmrc", WARD_SECRET_HIGH,
     "_authtoken|_auth|_password",
     "(?:_authToken|_auth|_password)\\s*=\\s*[\"']?(?<secret>[^\\s\"'$][^\\s\"']{7,})", 3.0,
     "(?:^|/)\\.npmrc$", NULL},
    {"pypi-token", "PyPI", "PyPI upload token", WARD_SECRET_CRITICAL,
     "pypi-ageichlwas5vcmc|pypi-agendgvzdc5wexbplm9yzw",
     "(?<![A-Za-z0-9_-])(?<secret>pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)"
     "[A-Za-z0-9_-]{50,})",
     4.0, NULL, NULL},
    {"docker-config-auth", "Docker", "Registry credential in Docker config", WARD_SECRET_HIGH,
     "\"auth\"", "\"auth\"\\s*:\\s*\"(?<secret>[A-Za-z0-9+/]{8,}={0,2})\"", 2.5, NULL,
     valid_docker_auth},
    {"docker-hub-pat", "Docker", "Docker Hub personal access token", WARD_SECRET_CRITICAL,
     "dckr_pat_", "(?<![A-Za-z0-9_-])(?<secret>dckr_pat_[A-Za-z0-9_-]{27})(?![A-Za-z0-9_-])", 3.5,
     NULL, NULL},
    /* --- other services --- */
    {"openai-api-key", "OpenAI", "OpenAI API key", WARD_SECRET_CRITICAL, "t3blbkfj",
     "(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ"
     "[A-Za-z0-9_-]{20,74})(?![A-Za-z0-9_-])",
     3.5, NULL, NULL},
    {"anthropic-api-key", "Anthropic", "Anthropic API key", WARD_SECRET_CRITICAL, "sk-ant-",
     "(?<![A-Za-z0-9_-])(?<secret>sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,100})"
     "(?![A-Za-z0-9_-])",
     3.5, NULL, NULL},
    {"huggingface-token", "HuggingFace", "Hugging Face access token", WARD_SECRET_HIGH, "hf_",
     "(?<![A-Za-z0-9_])(?<secret>hf_[A-Za-z]{34})(?![A-Za-z0-9_])", 3.5, NULL, NULL},
    {"sendgrid-api-key", "SendGrid", "SendGrid API key", WARD_SECRET_HIGH, "sg.",
     "(?<![A-Za-z0-9_.-])(?<secret>SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])",
     3.5, NULL, NULL},
    {"shopify-token", "Shopify", "Shopify access token", WARD_SECRET_HIGH,
     "shpat_|shpca_|shppa_|shpss_",
     "(?<![A-Za-z0-9_])(?<secret>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})(?![A-Za-z0-9_])", 3.0, NULL,
     NULL},
    {"digitalocean-token", "DigitalOcean", "DigitalOcean token", WARD_SECRET_HIGH,
     "dop_v1_|doo_v1_|dor_v1_",
     "(?<![A-Za-z0-9_])(?<secret>do[opr]_v1_[a-f0-9]{64})(?![A-Za-z0-9_])", 3.0, NULL, NULL},
    {"age-secret-key", "Age", "age secret key", WARD_SECRET_HIGH, "age-secret-key-1",
     "(?<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})", 3.0, NULL, NULL},
    /* --- JWT --- */
    {"jwt", "JWT", "JSON Web Token", WARD_SECRET_MEDIUM, "eyj",
     "(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\."
     "[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])",
     3.5, NULL, valid_jwt},
    /* --- passwords --- */
    {"url-password", "Password", "Password in URL", WARD_SECRET_HIGH, "://",
     "://[^:@/\\s\"'<>()\\[\\]{}\\\\]{1,64}:"
     "(?<secret>[^@/\\s\"'<>()\\[\\]{}\\\\]{3,128})@"
     "(?!(?:[a-z0-9-]+\\.)*example\\.(?:com|org|net)\\b)[A-Za-z0-9_.-]{1,253}",
     0, NULL, NULL},
    {"netrc-password", "Password", "Password in .netrc", WARD_SECRET_HIGH, "password",
     "\\bpassword\\s+(?<secret>[^\\s]{4,})", 0, "(?:^|/)[._]netrc$", NULL},
    {"pypirc-password", "Password", "Password in .pypirc", WARD_SECRET_HIGH, "password",
     "(?m)^\\s*password\\s*[:=]\\s*(?<secret>[^\\s]{4,})", 0, "(?:^|/)\\.pypirc$", NULL},
    {"dotenv-secret", "Password", "Secret in environment variable", WARD_SECRET_MEDIUM,
     "pass|secret|token|key|pwd|credential",
     "(?<![A-Za-z0-9_])(?:export\\s+)?(?i:[A-Za-z0-9_]*(?:PASSW(?:OR)?D|PASSPHRASE|SECRET|TOKEN|"
     "API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|PWD)[A-Za-z0-9_]*)\\s*=\\s*[\"']?"
     "(?<secret>[^\\s\"'#$`]{6,200})",
     2.5, "(?:^|/)\\.env(?:\\.[A-Za-z0-9_.-]+)?$|^config:/(?:container_)?config/Env/", NULL},
    {"generic-secret", "Generic", "Generic secret assignment", WARD_SECRET_MEDIUM,
     "pass|secret|token|api_key|apikey|api-key|access_key|auth",
     "(?i:(?:passw(?:or)?d|secret|token|api[_.-]?key|access[_.-]?key|auth[_.-]?key)"
     "[A-Za-z0-9_.-]{0,20})[\"']?\\s{0,3}(?:=>|:=|[:=])\\s{0,3}"
     "[\"'](?<secret>[A-Za-z0-9+/=_.~!@#%^&*-]{16,128})[\"']",
     3.7, NULL, valid_generic},
    {NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL},
};

/* Paths never worth reading, and values that are obviously not secrets. Each
 * can be disabled by id in a rule file ("disable = allow-tests"). */
const struct ward_secret_allow_def ward_secret_builtin_allows[] = {
    {"allow-docs",
     "^/usr/(?:local/)?share/(?:doc|man|info|locale|i18n|zoneinfo|mime|common-licenses|"
     "help|gtk-doc|licenses|bash-completion|lintian|perl5?/[^/]+/unicore)/",
     NULL},
    {"allow-pkg-metadata", "^/var/lib/(?:dpkg|apt|rpm|apk)/|^/lib/apk/db/|^/var/cache/", NULL},
    {"allow-ssl-certs", "^/etc/ssl/certs/|^/usr/share/ca-certificates/|^/etc/pki/", NULL},
    {"allow-tests",
     "/(?:node_modules|site-packages|dist-packages|vendor|gems|lib/python[0-9.]*)/(?:.*/)?"
     "(?:tests?|testing|testdata|__tests__|spec|fixtures?|examples?)/",
     NULL},
    {"allow-package-docs",
     "/(?:node_modules|site-packages|dist-packages|gems)/(?:.*/)?(?:README[^/]*|[^/]+\\.(?:md|rst)|"
     "PKG-INFO|METADATA)$",
     NULL},
    {"allow-placeholders", NULL,
     "(?i)example|placeholder|changeme|change_me|dummy|sample|redacted|notreal|not_real|"
     "fake|your[_-]|<[a-z_ -]+>|xxxxx|\\*\\*\\*|\\$\\{|\\{\\{|%\\(|^\\$|0{8}|12345678|abcdefgh|"
     "^(?:password|passwd|pass|pwd|secret|token|user|username|admin|test|none|null|"
     "undefined|true|false|empty|blank|string)$"},
    {"allow-repeated", NULL, "^(.)\\1*$"},
    {NULL, NULL, NULL},
};

const char *const ward_secret_skip_ext[] = {
    "png",  "jpg",     "jpeg",  "gif", "bmp", "ico",    "icns",    "webp", "tif",  "tiff", "psd",
    "xcf",  "mp3",     "mp4",   "m4a", "avi", "mov",    "mkv",     "ogg",  "oga",  "wav",  "flac",
    "webm", "woff",    "woff2", "ttf", "otf", "eot",    "pcf",     "pfb",  "gz",   "tgz",  "bz2",
    "tbz2", "xz",      "txz",   "zst", "lz4", "lzma",   "z",       "zip",  "7z",   "rar",  "jar",
    "war",  "ear",     "whl",   "egg", "tar", "deb",    "udeb",    "rpm",  "apk",  "iso",  "img",
    "so",   "a",       "o",     "ko",  "pyc", "pyo",    "class",   "dll",  "exe",  "bin",  "wasm",
    "node", "mo",      "gmo",   "pdf", "db",  "sqlite", "sqlite3", "dat",  "pack", "idx",  "cache",
    "pf2",  "md5sums", "svgz",  "qm",  NULL,
};
