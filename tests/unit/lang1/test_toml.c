/* test_toml.c - the lockfile TOML reader: every value kind, keys, errors. */
#include "harness.h"
#include "inventory/toml.h"

#include <string.h>

TEST(lang1_toml, values_and_tables)
{
    static const char doc[] = "# c\n"
                              "title = \"a \\\"q\\\" \\u00e9\"\n"
                              "lit = 'C:\\path'\n"
                              "ml = \"\"\"\nline1\nline2\"\"\"\n"
                              "n = -42\nf = 1.5\nb = true\nd = 1979-05-27T07:32:00Z\n"
                              "arr = [1, 2, [\"x\"], ]\n"
                              "inl = { a = 1, \"b.c\" = \"v\" }\n"
                              "[t.sub]\nk = 'v'\n"
                              "[[pkg]]\nname = \"one\"\n[[pkg]]\nname = \"two\"\nx.y = 3\n";
    struct ward_error *err = NULL;
    ward_autoptr(ward_toml) t = NULL;
    CHECK_OK(ward_toml_parse(&t, doc, sizeof(doc) - 1, &err), err);
    CHECK_STR(ward_toml_get_str(t, "title"), "a \"q\" \xc3\xa9");
    CHECK_STR(ward_toml_get_str(t, "lit"), "C:\\path");
    CHECK_STR(ward_toml_get_str(t, "ml"), "line1\nline2");
    CHECK_EQ_INT(ward_toml_int(ward_toml_get(t, "n"), 0), -42);
    CHECK_EQ_INT(ward_toml_type(ward_toml_get(t, "f")), WARD_TOML_FLOAT);
    CHECK(ward_toml_bool(ward_toml_get(t, "b"), false));
    CHECK_EQ_INT(ward_toml_type(ward_toml_get(t, "d")), WARD_TOML_DATETIME);
    CHECK_EQ_SIZE(ward_toml_len(ward_toml_get_array(t, "arr")), 3);
    const struct ward_toml *inl = ward_toml_get_table(t, "inl");
    CHECK_STR(ward_toml_get_str(inl, "b.c"), "v");
    CHECK_STR(ward_toml_get_str(ward_toml_get_table(ward_toml_get_table(t, "t"), "sub"), "k"), "v");
    const struct ward_toml *pkg = ward_toml_get_array(t, "pkg");
    CHECK_EQ_SIZE(ward_toml_len(pkg), 2);
    CHECK_STR(ward_toml_get_str(ward_toml_at(pkg, 1), "name"), "two");
    CHECK_EQ_INT(
        ward_toml_int(ward_toml_get(ward_toml_get_table(ward_toml_at(pkg, 1), "x"), "y"), 0), 3);
    CHECK_STR(ward_toml_key_at(t, 0), "title");
}

TEST(lang1_toml, errors)
{
    static const char *const bad[] = {
        "a = \"unterminated\n", "a = 1\na = 2\n", "[t]\n[t]\n", "a = [1, 2\n", "= 1\n",
        "a = { b = 1\n",        "a = 'x' junk\n",
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        struct ward_error *err = NULL;
        struct ward_toml *t = NULL;
        int rc = ward_toml_parse(&t, bad[i], strlen(bad[i]), &err);
        CHECK_MSG(rc == WARD_EFORMAT, "\"%s\" -> %d", bad[i], rc);
        ward_error_free(err);
    }
    /* deep nesting stops at the limit instead of recursing without bound */
    char deep[400];
    size_t n = 0;
    n += (size_t)snprintf(deep, sizeof(deep), "a = ");
    for (int i = 0; i < 200; i++)
        deep[n++] = '[';
    struct ward_error *err = NULL;
    struct ward_toml *t = NULL;
    CHECK(ward_toml_parse(&t, deep, n, &err) < 0);
    ward_error_free(err);
}
