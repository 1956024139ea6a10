/* dockerfile.h - Dockerfile parser (BuildKit syntax: directives, continuations,
 * heredocs, flags, exec/shell form, multi-stage), ARG/ENV expansion, a small
 * shell word splitter, and the lint rules (Hadolint DL3xxx/DL4xxx, CIS 4.x)
 * that run over the parsed file. Input is hostile: every size is bounded. */
#ifndef WARD_MISCONF_DOCKERFILE_H
#define WARD_MISCONF_DOCKERFILE_H

#include "util/buf.h"
#include "util/common.h"
#include "util/error.h"

#define WARD_DF_MAX_BYTES    (4u << 20) /* one Dockerfile */
#define WARD_DF_MAX_INSTRS   20000u     /* instructions in one file */
#define WARD_DF_MAX_HEREDOCS 16u        /* heredocs on one instruction */
#define WARD_DF_MAX_STAGES   512u       /* FROM lines: keeps stage-to-stage lookups small */
#define WARD_DF_MAX_WORDS    4096u      /* words / flags / JSON items on one instruction */
#define WARD_DF_MAX_EXPAND   65536u     /* bytes after variable expansion */

struct ward_df_flag {
    char *name;  /* without the leading "--" */
    char *value; /* NULL when the flag had no '=' */
};

struct ward_df_heredoc {
    char *word;      /* delimiter, quotes removed */
    char *body;      /* lines between the marker and the delimiter, '\n'-joined */
    bool strip_tabs; /* <<-WORD */
    bool quoted;     /* <<"WORD" or <<'WORD': no expansion in the body */
};

struct ward_df_instr {
    char *keyword;   /* upper case: "RUN" */
    char *args;      /* text after the keyword and flags, continuations joined */
    size_t line;     /* 1-based first line */
    size_t end_line; /* 1-based last line (heredoc bodies included) */
    struct ward_df_flag *flags;
    size_t n_flags;
    bool json;   /* exec (JSON array) form; argv holds the elements */
    char **argv; /* JSON elements, or args split into words (quotes removed) */
    size_t argc;
    struct ward_df_heredoc *heredocs;
    size_t n_heredocs;
    int stage;      /* index into stages, -1 before the first FROM */
    char **ignores; /* rule ids from "# hadolint ignore=" / "# ward ignore=" just above */
    size_t n_ignores;
    struct ward_df_instr *onbuild; /* ONBUILD: the wrapped instruction */
};

struct ward_df_stage {
    char *image;    /* FROM image as written */
    char *name;     /* AS name (lower-cased), or NULL */
    char *platform; /* --platform value, or NULL */
    size_t first;   /* index of its FROM instruction */
    size_t last;    /* index of its last instruction */
};

struct ward_dockerfile {
    char escape;  /* '\\' or '`' (# escape= directive) */
    char *syntax; /* # syntax= directive, or NULL */
    struct ward_df_instr *instrs;
    size_t n;
    struct ward_df_stage *stages;
    size_t n_stages;
    char **global_ignores; /* "# hadolint global ignore=" / "# ward global ignore=" */
    size_t n_global_ignores;
    void *expand_cache; /* private: ward_df_expand's scope cache (not thread-safe) */
};

/* Parse a Dockerfile from (p, n); never reads past n. *out is owned by the caller.
 * @return 0, WARD_ELIMIT past a WARD_DF_MAX_* bound, WARD_EFORMAT on input that
 *         is not a Dockerfile (an unterminated heredoc is kept, not an error). */
int ward_dockerfile_parse(struct ward_dockerfile **out, const char *p, size_t n,
                          struct ward_error **err);
void ward_dockerfile_free(struct ward_dockerfile *df);
WARD_DEFINE_AUTOPTR(ward_dockerfile, ward_dockerfile_free)

/* Flag value of instruction in ("from" for --from=...); NULL when absent or valueless. */
const char *ward_df_flag(const struct ward_df_instr *in, const char *name);
bool ward_df_has_flag(const struct ward_df_instr *in, const char *name);

/* Expand $VAR, ${VAR}, ${VAR:-w}, ${VAR-w}, ${VAR:+w}, ${VAR+w} in s with the ARG and
 * ENV values in scope just before instruction idx (idx == df->n: end of file; FROM
 * lines see the global ARGs). *unresolved is set when a variable had no value.
 * Returns a new string (caller frees), or NULL past WARD_DF_MAX_EXPAND.
 * Keeps a scope cache in df (calls with rising idx are linear overall), so one df
 * must not be expanded from two threads at once. */
char *ward_df_expand(const struct ward_dockerfile *df, size_t idx, const char *s, bool *unresolved);

/* --- shell word splitter (for RUN analysis) --- */
struct ward_sh_cmd {
    char **words; /* quote-removed words; leading VAR=x assignments dropped */
    size_t n;
    bool piped; /* this command's output goes into a '|' */
};
struct ward_sh_script {
    struct ward_sh_cmd *cmds;
    size_t n;
    bool has_pipe;
};
/* Split a shell command line on && || ; | & newlines and ( ) { }, honouring
 * quotes, backslashes and $(...). Never fails; bounded by WARD_DF_MAX_WORDS. */
void ward_sh_split(struct ward_sh_script *out, const char *s, size_t n);
void ward_sh_dispose(struct ward_sh_script *s);

/* --- lint --- */
enum ward_lint_sev {
    WARD_LINT_OFF = 0,
    WARD_LINT_STYLE = 1,
    WARD_LINT_INFO = 2,
    WARD_LINT_WARNING = 3,
    WARD_LINT_ERROR = 4,
};
const char *ward_lint_sev_name(enum ward_lint_sev s);
/* "error" "warning" "info" "style" "off"/"ignore"; -1 when unknown. */
int ward_lint_sev_parse(const char *s);

struct ward_lint_rule {
    const char *id;
    enum ward_lint_sev sev; /* default severity; OFF = only with --enable */
    const char *title;
};
const struct ward_lint_rule *ward_lint_rules(size_t *n);
const struct ward_lint_rule *ward_lint_rule_find(const char *id);

struct ward_lint_opts {
    const char *const *ignore; /* rule ids never reported */
    size_t n_ignore;
    const char *const *enable; /* rule ids that are off by default, turned on */
    size_t n_enable;
    bool enable_all;                       /* every rule on (tests) */
    const char *const *allowed_registries; /* DL3026: empty = rule inactive */
    size_t n_allowed_registries;
    bool no_inline_ignores; /* disregard "# hadolint ignore=" pragmas */
    /* DL3049-DL3058: required labels as "key:format", format one of text, url,
     * rfc3339, spdx, hash, semver, email; empty = those rules inactive */
    const char *const *label_schema;
    size_t n_label_schema;
    bool strict_labels; /* DL3050: labels outside the schema are findings */
};

struct ward_lint_finding {
    const char *rule; /* static rule id */
    enum ward_lint_sev sev;
    size_t line;
    char *msg;
};
struct ward_lint_result {
    struct ward_lint_finding *items; /* sorted by line, then rule id */
    size_t n, cap;
};

/* Run every enabled rule over df. */
int ward_lint_dockerfile(struct ward_lint_result **out, const struct ward_dockerfile *df,
                         const struct ward_lint_opts *opts, struct ward_error **err);
void ward_lint_result_free(struct ward_lint_result *r);
/* Sort by line, rule id, message and drop exact duplicates (rules that fire
 * twice on the same thing). */
void ward_lint_result_sort(struct ward_lint_result *r);
WARD_DEFINE_AUTOPTR(ward_lint_result, ward_lint_result_free)

struct ward_lint_file {
    const char *path;
    const struct ward_lint_result *result;
};
/* Render findings of n files as "table", "json", "sarif" or "checkstyle".
 * @return 0, WARD_EUNSUPPORTED for an unknown format, WARD_ELIMIT when out overflows. */
int ward_lint_render(struct ward_buf *out, const char *format, const struct ward_lint_file *files,
                     size_t n, struct ward_error **err);

#endif
