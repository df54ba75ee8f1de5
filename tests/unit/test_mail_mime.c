/* test_mail_mime.c - message building: addresses, RFC 2047 words, base64 body, injection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mime.h"

#include <string.h>

static void test_addresses(void **state)
{
    (void)state;
    assert_true(mime_addr_valid("taro.yamada@example.co.jp"));
    assert_true(mime_addr_valid("a+tag@localhost"));
    assert_true(mime_addr_valid("o'brien@x-y.example"));
    assert_false(mime_addr_valid(""));
    assert_false(mime_addr_valid("a@"));
    assert_false(mime_addr_valid("@a.jp"));
    assert_false(mime_addr_valid("a@b.jp\r\nRCPT TO:<c@d.jp>"));
    assert_false(mime_addr_valid("a@b.jp>"));
    assert_false(mime_addr_valid("a..b@c.jp"));
    assert_false(mime_addr_valid("a@c..jp"));
    assert_false(mime_addr_valid("a@c-.jp"));
    assert_false(mime_addr_valid("a b@c.jp"));
    assert_false(mime_addr_valid("\xe5\xb1\xb1@c.jp"));
    assert_false(mime_addr_valid(NULL));
}

static void test_header_text(void **state)
{
    (void)state;
    assert_true(mime_header_text_ok("パスワード再設定のご案内"));
    assert_true(mime_header_text_ok("tab\tok"));
    assert_false(mime_header_text_ok("a\r\nBcc: x@y.z"));
    assert_false(mime_header_text_ok("a\nb"));
    assert_false(mime_header_text_ok("\xff\xfe"));
    assert_false(mime_header_text_ok("\xe3\x81")); /* truncated character */
}

static void test_encoded_words(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b);
    mime_encode_words(&b, "パスワード再設定のご案内"); /* 12 characters, 36 bytes: one word */
    assert_string_equal(b.data, "=?UTF-8?B?44OR44K544Ov44O844OJ5YaN6Kit5a6a44Gu44GU5qGI5YaF?=");
    buf_reset(&b);

    /* 13 three-byte characters: 12 in the first word, 1 in the second, never split */
    mime_encode_words(&b, "あいうえおかきくけこさしす");
    const char *fold = strstr(b.data, "\r\n ");
    assert_non_null(fold);
    assert_int_equal(fold - b.data, 10 + 48 + 2);
    assert_string_equal(fold + 3, "=?UTF-8?B?44GZ?=");
    buf_reset(&b);

    /* a 4-byte character straddling the 36-byte limit moves to the next word */
    mime_encode_words(&b, "ああああああああああああ\xf0\x9f\x94\x92"); /* 36 + 4 bytes */
    assert_non_null(strstr(b.data, "\r\n =?UTF-8?B?8J+Ukg==?="));
    buf_free(&b);
}

static void test_every_word_fits(void **state)
{
    (void)state;
    buf_t s;
    buf_init(&s);
    for (int i = 0; i < 100; i++)
        buf_puts(&s, i % 3 ? "漢" : (i % 5 ? "a" : "\xf0\x9f\x98\x80"));
    buf_t b;
    buf_init(&b);
    mime_encode_words(&b, s.data);
    buf_free(&s);
    char *line = b.data;
    while (line) {
        char *end = strstr(line, "\r\n");
        size_t n = end ? (size_t)(end - line) : strlen(line);
        assert_true(n <= 1 + MIME_WORD_MAX);
        line = end ? end + 2 : NULL;
    }
    buf_free(&b);
}

static void test_body_lines_and_refusals(void **state)
{
    (void)state;
    char body[600];
    memset(body, 'x', sizeof body - 1);
    body[sizeof body - 1] = '\0';
    struct mime_message m = {"from@example.jp", "事務局", "to@example.jp", "件名", body, 0,
                             "abc@example.jp"};
    buf_t b;
    buf_init(&b);
    char err[128];
    assert_int_equal(mime_build(&b, &m, err, sizeof err), 0);
    assert_non_null(strstr(b.data, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
    const char *body_start = strstr(b.data, "\r\n\r\n") + 4;
    assert_int_equal(strcspn(body_start, "\r"), 76);

    m.subject = "件名\r\nBcc: x@y.jp";
    buf_reset(&b);
    assert_int_equal(mime_build(&b, &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "subject"));
    m.subject = "ok";
    m.body = "\xff";
    assert_int_equal(mime_build(&b, &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "body"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_header_text),
        cmocka_unit_test(test_encoded_words),
        cmocka_unit_test(test_every_word_fits),
        cmocka_unit_test(test_body_lines_and_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
