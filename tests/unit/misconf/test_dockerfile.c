/* test_dockerfile.c - the Dockerfile parser (directives, continuations, heredocs,
 * flags, exec/shell form, stages, pragmas), ARG/ENV expansion, the shell word
 * splitter and the lint output formats. */
#include "harness.h"
#include "misconf/dockerfile.h"

#include <string.h>

static struct ward_dockerfile *parse(const char *s)
{
    struct ward_dockerfile *df = NULL;
    struct ward_error *err = NULL;
    if (ward_dockerfile_parse(&df, s, strlen(s), &err) < 0) {
        printf("# parse: %s\n", err->msg);
        ward_error_free(err);
        return NULL;
    }
    return df;
}

static bool fires(const struct ward_dockerfile *df, const char *rule, size_t line)
{
    struct ward_lint_opts o = {.enable_all = true};
    ward_autoptr(ward_lint_result) r = NULL;
    if (ward_lint_dockerfile(&r, df, &o, NULL) < 0)
        return false;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].rule, rule) == 0 && (!line || r->items[i].line == line))
            return true;
    return false;
}

/* Parse the text `in` into df (freed at scope exit); PARSED_N also requires n instructions. */
#define PARSED(df, in)                                                                             \
    ward_autoptr(ward_dockerfile) df = parse(in);                                                  \
    CHECK(df != NULL)
#define PARSED_N(df, in, n_)                                                                       \
    PARSED(df, in);                                                                                \
    CHECK_EQ_SIZE(df->n, n_)

/* What one instruction must be; NULL / 0 fields are not looked at. */
struct instr_row {
    size_t i;
    const char *keyword;
    size_t line, end_line;
    const char *args;
};

/* Every set field of every row; a failure names the table, the row and the field. */
#define CHECK_INSTRS(df, rows)                                                                     \
    for (size_t r_ = 0; r_ < WARD_ARRAY_LEN(rows); r_++) {                                         \
        const struct instr_row *w_ = &(rows)[r_];                                                  \
        const struct ward_df_instr *in_ = &(df)->instrs[w_->i];                                    \
        if (w_->keyword)                                                                           \
            CHECK_MSG(in_->keyword && !strcmp(in_->keyword, w_->keyword),                          \
                      "%s[%zu]: keyword %s, want %s", #rows, r_, in_->keyword, w_->keyword);       \
        if (w_->line)                                                                              \
            CHECK_MSG(in_->line == w_->line, "%s[%zu]: line %zu, want %zu", #rows, r_, in_->line,  \
                      w_->line);                                                                   \
        if (w_->end_line)                                                                          \
            CHECK_MSG(in_->end_line == w_->end_line, "%s[%zu]: end_line %zu, want %zu", #rows, r_, \
                      in_->end_line, w_->end_line);                                                \
        if (w_->args)                                                                              \
            CHECK_MSG(in_->args && !strcmp(in_->args, w_->args),                                   \
                      "%s[%zu]: args \"%s\", want \"%s\"", #rows, r_,                              \
                      in_->args ? in_->args : "(null)", w_->args);                                 \
    }

TEST(dockerfile, continuation_with_comments_and_blank_lines)
{
    static const char in[] = "FROM debian:12\n"
                             "RUN apt-get update && \\\n"
                             "    # a comment inside the continuation\n"
                             "\n"
                             "    apt-get install -y curl   \\   \n"
                             "    && echo done\n"
                             "USER 1000\n";
    PARSED_N(df, in, 3);
    static const struct instr_row rows[] = {
        {1, "RUN", 2, 6, "apt-get update &&     apt-get install -y curl       && echo done"},
        {2, NULL, 7, 0, NULL},
    };
    CHECK_INSTRS(df, rows);
}

TEST(dockerfile, escape_directive_backtick)
{
    static const char in[] = "# escape=`\n"
                             "# syntax=docker/dockerfile:1\n"
                             "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
                             "WORKDIR C:\\app\\\n"
                             "RUN dir C:\\ `\n"
                             "    && echo ok\n";
    PARSED_N(df, in, 3);
    CHECK_EQ_INT(df->escape, '`');
    CHECK_STR(df->syntax, "docker/dockerfile:1");
    static const struct instr_row rows[] = {
        {1, NULL, 0, 0, "C:\\app\\"},
        {2, NULL, 0, 0, "dir C:\\     && echo ok"},
    };
    CHECK_INSTRS(df, rows);
    CHECK(!fires(df, "DL3000", 0)); /* C:\app is absolute */
}

TEST(dockerfile, directive_after_comment_is_a_comment)
{
    static const char in[] = "# just a comment\n# escape=`\nFROM debian:12\nRUN a \\\n b\n";
    PARSED_N(df, in, 2);
    CHECK_EQ_INT(df->escape, '\\');
    static const struct instr_row rows[] = {{1, NULL, 0, 0, "a  b"}};
    CHECK_INSTRS(df, rows);
}

TEST(dockerfile, heredocs_multiple_and_dash)
{
    static const char in[] = "# syntax=docker/dockerfile:1.4\n"
                             "FROM debian:12\n"
                             "COPY --chmod=755 --link <<EOF1 <<-\"EOF2\" /app/\n"
                             "hello $X\n"
                             "EOF1\n"
                             "\tworld\n"
                             "\tEOF2\n"
                             "RUN <<EOT bash\n"
                             "set -e\n"
                             "cd /tmp\n"
                             "EOT\n"
                             "USER 1000\n";
    PARSED_N(df, in, 4);
    static const struct instr_row rows[] = {
        {1, "COPY", 3, 7, NULL},
        {3, "USER", 12, 0, NULL},
    };
    CHECK_INSTRS(df, rows);
    const struct ward_df_instr *cp = &df->instrs[1];
    CHECK_STR(ward_df_flag(cp, "chmod"), "755");
    CHECK(ward_df_has_flag(cp, "link"));
    CHECK_EQ_SIZE(cp->n_heredocs, 2);
    CHECK_STR(cp->heredocs[0].word, "EOF1");
    CHECK_STR(cp->heredocs[0].body, "hello $X\n");
    CHECK(!cp->heredocs[0].quoted);
    CHECK_STR(cp->heredocs[1].word, "EOF2");
    CHECK_STR(cp->heredocs[1].body, "world\n");
    CHECK(cp->heredocs[1].strip_tabs && cp->heredocs[1].quoted);
    const struct ward_df_instr *run = &df->instrs[2];
    CHECK_EQ_SIZE(run->n_heredocs, 1);
    CHECK_STR(run->heredocs[0].body, "set -e\ncd /tmp\n");
    /* the heredoc script is analysed as shell: its cd is found */
    CHECK(fires(df, "DL3003", 8));
    /* and a heredoc body is never taken for instructions */
    CHECK(!fires(df, "DL3061", 0));
}

TEST(dockerfile, heredoc_unterminated_kept)
{
    static const char in[] = "FROM debian:12\nRUN <<EOF\necho hi\n";
    PARSED_N(df, in, 2);
    CHECK_STR(df->instrs[1].heredocs[0].body, "echo hi\n");
}

TEST(dockerfile, shift_operator_is_not_a_heredoc)
{
    static const char in[] =
        "FROM debian:12\nRUN echo $((1 << 2)) \"<<EOF\" && cat <<< x\nUSER 1\n";
    PARSED_N(df, in, 3);
    CHECK_EQ_SIZE(df->instrs[1].n_heredocs, 0);
}

TEST(dockerfile, run_flags_and_forms)
{
    static const char in[] = "FROM debian:12\n"
                             "RUN --mount=type=cache,target=/var/cache/apt --network=none "
                             "--security=insecure echo hi\n"
                             "CMD [\"python3\", \"-c\", \"print(\\\"x\\\")\"]\n"
                             "ENTRYPOINT [not json\n"
                             "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n";
    PARSED(df, in);
    const struct ward_df_instr *run = &df->instrs[1];
    CHECK_EQ_SIZE(run->n_flags, 3);
    CHECK_STR(ward_df_flag(run, "mount"), "type=cache,target=/var/cache/apt");
    CHECK_STR(ward_df_flag(run, "network"), "none");
    CHECK_STR(ward_df_flag(run, "security"), "insecure");
    CHECK_STR(run->args, "echo hi");
    CHECK(!run->json);
    const struct ward_df_instr *cmd = &df->instrs[2];
    CHECK(cmd->json);
    CHECK_EQ_SIZE(cmd->argc, 3);
    CHECK_STR(cmd->argv[2], "print(\"x\")");
    CHECK(!df->instrs[3].json);
    CHECK(df->instrs[4].json);
    CHECK_EQ_SIZE(df->instrs[4].argc, 4);
}

TEST(dockerfile, stages_and_copy_from)
{
    static const char in[] = "ARG GO=1.22\n"
                             "FROM --platform=$BUILDPLATFORM golang:${GO} AS Build\n"
                             "RUN go build -o /out/app .\n"
                             "FROM gcr.io/distroless/static:nonroot\n"
                             "COPY --from=build /out/app /app\n";
    PARSED(df, in);
    CHECK_EQ_SIZE(df->n_stages, 2);
    CHECK_STR(df->stages[0].name, "build");
    CHECK_STR(df->stages[0].platform, "$BUILDPLATFORM");
    CHECK_EQ_INT(df->instrs[0].stage, -1);
    CHECK_EQ_INT(df->instrs[2].stage, 0);
    CHECK_EQ_INT(df->instrs[4].stage, 1);
    CHECK_STR(ward_df_flag(&df->instrs[4], "from"), "build");
    bool u = true;
    ward_autofree char *img = ward_df_expand(df, 1, df->stages[0].image, &u);
    CHECK_STR(img, "golang:1.22");
    CHECK(!u);
    CHECK(!fires(df, "DL3022", 0));
    CHECK(!fires(df, "DL3006", 0));
}

TEST(dockerfile, expansion_forms)
{
    static const char in[] = "ARG TAG=12\n"
                             "FROM debian:${TAG}\n"
                             "ARG TAG\n"
                             "ARG EMPTY=\n"
                             "ENV HOME_DIR=/srv APP=\"my app\"\n"
                             "ENV LEGACY some value here\n"
                             "RUN true\n";
    PARSED(df, in);
    struct {
        const char *in, *out;
        bool unresolved;
    } cases[] = {
        {"${TAG}", "12", false}, /* global default re-declared in the stage */
        {"$HOME_DIR/bin", "/srv/bin", false},
        {"${NOPE:-fallback}", "fallback", false},
        {"${EMPTY:-dflt}", "dflt", false},
        {"${EMPTY-dflt}", "", false},
        {"${HOME_DIR:+set}", "set", false},
        {"${EMPTY:+set}", "", false},
        {"${NOPE:-${HOME_DIR}/x}", "/srv/x", false},
        {"$NOPE", "", true},
        {"\\$HOME_DIR", "$HOME_DIR", false},
        {"${APP}", "my app", false},
        {"${LEGACY}", "some value here", false},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        bool u = false;
        ward_autofree char *r = ward_df_expand(df, 6, cases[i].in, &u);
        CHECK_STR(r, cases[i].out);
        CHECK_MSG(u == cases[i].unresolved, "%s: unresolved=%d", cases[i].in, u);
    }
    /* before the ENV, HOME_DIR is not set yet */
    bool u = false;
    ward_autofree char *r = ward_df_expand(df, 3, "$HOME_DIR", &u);
    CHECK(u);
}

TEST(dockerfile, inline_and_global_pragmas)
{
    static const char in[] = "# hadolint global ignore=DL3059\n"
                             "FROM debian:12\n"
                             "# hadolint ignore=DL3008,DL3015\n"
                             "RUN apt-get install -y curl\n"
                             "# ward ignore=DL3014\n"
                             "RUN apt-get install wget\n"
                             "RUN apt-get install -y git\n";
    PARSED(df, in);
    static const struct {
        const char *rule;
        size_t line; /* 0: any line */
        bool want;
    } rows[] = {
        {"DL3008", 4, false}, {"DL3015", 4, false}, {"DL3008", 6, true}, {"DL3014", 6, false},
        {"DL3008", 7, true},  {"DL3059", 0, false}, {"DL1001", 3, true},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(rows); i++)
        CHECK_MSG(fires(df, rows[i].rule, rows[i].line) == rows[i].want,
                  "rows[%zu]: %s line %zu %s", i, rows[i].rule, rows[i].line,
                  rows[i].want ? "did not fire" : "fired");
    /* --no-inline-ignores brings them back */
    struct ward_lint_opts o = {.no_inline_ignores = true};
    ward_autoptr(ward_lint_result) res = NULL;
    CHECK_OK(ward_lint_dockerfile(&res, df, &o, NULL), (struct ward_error *)NULL);
    bool seen = false;
    for (size_t i = 0; i < res->n; i++)
        seen |= strcmp(res->items[i].rule, "DL3008") == 0 && res->items[i].line == 4;
    CHECK(seen);
}

TEST(dockerfile, onbuild_inner_instruction)
{
    PARSED(df, "FROM debian:12\nONBUILD RUN --network=none make\n");
    CHECK(df->instrs[1].onbuild != NULL);
    CHECK_STR(df->instrs[1].onbuild->keyword, "RUN");
    CHECK_STR(ward_df_flag(df->instrs[1].onbuild, "network"), "none");
}

TEST(dockerfile, limits)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    for (unsigned i = 0; i <= WARD_DF_MAX_INSTRS; i++)
        ward_buf_adds(&b, "RUN x\n");
    struct ward_dockerfile *df = NULL;
    struct ward_error *err = NULL;
    int rc = ward_dockerfile_parse(&df, b.ptr, b.len, &err);
    ward_buf_dispose(&b);
    CHECK_EQ_INT(rc, WARD_ELIMIT);
    CHECK(df == NULL && err != NULL);
    ward_error_free(err);
    err = NULL;
    CHECK_EQ_INT(ward_dockerfile_parse(&df, "x", WARD_DF_MAX_BYTES + 1u, &err), WARD_ELIMIT);
    ward_error_free(err);
    err = NULL;
    struct ward_buf st = WARD_BUF_INIT(0);
    for (unsigned i = 0; i <= WARD_DF_MAX_STAGES; i++)
        ward_buf_addf(&st, "FROM s%u AS s%u\n", i, i + 1);
    rc = ward_dockerfile_parse(&df, st.ptr, st.len, &err);
    ward_buf_dispose(&st);
    CHECK_EQ_INT(rc, WARD_ELIMIT);
    ward_error_free(err);
}

TEST(shell, split_operators_quotes_redirections)
{
    static const char s[] = "DEBIAN_FRONTEND=noninteractive apt-get install -y 'a b' \"c\\\"d\" "
                            "2>/dev/null && cd /x || (echo $(date +%s) ; true) | tee log >> out";
    struct ward_sh_script sc;
    ward_sh_split(&sc, s, strlen(s));
    CHECK(sc.has_pipe);
    bool ok = sc.n == 5 && sc.cmds[0].n == 5 && strcmp(sc.cmds[0].words[0], "apt-get") == 0 &&
              strcmp(sc.cmds[0].words[3], "a b") == 0 && strcmp(sc.cmds[0].words[4], "c\"d") == 0 &&
              strcmp(sc.cmds[1].words[0], "cd") == 0 &&
              strcmp(sc.cmds[2].words[1], "$(date +%s)") == 0 &&
              strcmp(sc.cmds[3].words[0], "true") == 0 && sc.cmds[3].piped &&
              strcmp(sc.cmds[4].words[0], "tee") == 0 && sc.cmds[4].n == 2 && !sc.cmds[4].piped;
    ward_sh_dispose(&sc);
    CHECK(ok);
}

static char *render(const char *fmt, const struct ward_lint_result *r)
{
    struct ward_buf b = WARD_BUF_INIT(1u << 20);
    struct ward_lint_file f = {"dir/Docker file", r};
    struct ward_error *err = NULL;
    if (ward_lint_render(&b, fmt, &f, 1, &err) < 0) {
        ward_error_free(err);
        ward_buf_dispose(&b);
        return NULL;
    }
    return ward_buf_steal(&b);
}

TEST(lint_output, formats)
{
    ward_autoptr(ward_dockerfile) df = parse("FROM debian\nMAINTAINER \"a<b>&c\"\n");
    CHECK(df != NULL);
    ward_autoptr(ward_lint_result) r = NULL;
    CHECK_OK(ward_lint_dockerfile(&r, df, NULL, NULL), (struct ward_error *)NULL);
    ward_autofree char *t = render("table", r);
    ward_autofree char *j = render("json", r);
    ward_autofree char *s = render("sarif", r);
    ward_autofree char *c = render("checkstyle", r);
    CHECK(t && strstr(t, "dir/Docker file:1 DL3006"));
    CHECK(j && strstr(j, "\"rule\": \"DL4000\""));
    CHECK(s && strstr(s, "\"version\": \"2.1.0\"") && strstr(s, "dir/Docker%20file"));
    CHECK(c && strstr(c, "source=\"DL4000\"") && strstr(c, "<checkstyle"));
    CHECK(render("yaml", r) == NULL);
}
