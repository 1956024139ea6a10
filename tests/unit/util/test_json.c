/* test_json.c - JSON writer escaping/UTF-8 repair and the bounded reader. */
#include "harness.h"
#include "util/json_in.h"
#include "util/json_out.h"
#include "util/hash.h"

TEST(util_json, writer_escapes_and_repairs_utf8)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    struct ward_json j;
    ward_json_init(&j, &b, false);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "a", "q\"\\\n\x01");
    ward_json_kv_str(&j, "bad", "x\xff\xc3\xa9y");
    ward_json_kv_str(&j, "n", NULL);
    ward_json_key(&j, "arr");
    ward_json_arr_begin(&j);
    ward_json_int(&j, -5);
    ward_json_bool(&j, true);
    ward_json_arr_end(&j);
    ward_json_obj_end(&j);
    CHECK_EQ_INT(ward_buf_check(&b), 0);
    CHECK_STR(b.ptr, "{\"a\":\"q\\\"\\\\\\n\\u0001\",\"bad\":\"x\\ufffd\xc3\xa9y\",\"n\":null,"
                     "\"arr\":[-5,true]}");
    /* and it round-trips through the reader */
    json_t *root = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_json_parse(&root, b.ptr, b.len, 0, &err), err);
    CHECK_STR(ward_jstr(root, "bad"), "x\xef\xbf\xbd\xc3\xa9y");
    json_decref(root);
    ward_buf_dispose(&b);
}

TEST(util_json, reader_limits)
{
    char deep[2000];
    for (int i = 0; i < 1000; i++) {
        deep[i] = '[';
        deep[1999 - i] = ']';
    }
    json_t *root = NULL;
    struct ward_error *err = NULL;
    CHECK_EQ_INT(ward_json_parse(&root, deep, sizeof(deep), 0, &err), WARD_ELIMIT);
    ward_error_free(err);
    err = NULL;
    CHECK_EQ_INT(ward_json_parse(&root, "{\"a\":", 5, 0, &err), WARD_EFORMAT);
    ward_error_free(err);
    err = NULL;
    CHECK_EQ_INT(ward_json_parse(&root, "{}", 2, 1, &err), WARD_ELIMIT);
    ward_error_free(err);
}

TEST(util_hash, sha256_known_vector)
{
    char hex[72];
    ward_sha256_hex("abc", 3, hex);
    CHECK_STR(hex, "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(ward_digest_valid(hex));
    CHECK(!ward_digest_valid("sha256:BA78"));
}
