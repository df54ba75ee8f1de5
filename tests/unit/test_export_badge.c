/* test_export_badge.c - badge keys, signing, verification, tampering and malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "badge.h"
#include "str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fixture {
    char dir[64];
    char keyfile[128];
    struct badge_keys keys;
    struct badge_info info;
    buf_t svg;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    str_copy(f->dir, sizeof f->dir, "/tmp/otasuke-badge-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    str_fmt(f->keyfile, sizeof f->keyfile, "%s/badge.key", f->dir);
    char err[256];
    if (badge_keys_load_or_create(f->keyfile, &f->keys, err, sizeof err) != 0)
        return -1;
    f->info.level = 2;
    str_copy(f->info.id, sizeof f->info.id, "SA2-2026-000123");
    str_copy(f->info.org, sizeof f->info.org, "株式会社やまだ建設 & <Partners>");
    str_copy(f->info.declared_at, sizeof f->info.declared_at, "2026-11-22");
    str_copy(f->info.url, sizeof f->info.url, "https://otasuke.example/verify/SA2-2026-000123");
    buf_init(&f->svg);
    if (badge_svg(&f->keys, &f->info, &f->svg) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    unlink(f->keyfile);
    rmdir(f->dir);
    buf_free(&f->svg);
    free(f);
    return 0;
}

/* Replaces the first occurrence of from (after offset `after`) by to; returns a new string. */
static char *replace(const char *s, const char *after, const char *from, const char *to)
{
    const char *base = after ? strstr(s, after) : s;
    assert_non_null(base);
    const char *p = strstr(base, from);
    assert_non_null(p);
    buf_t b;
    buf_init(&b);
    buf_append(&b, s, (size_t)(p - s));
    buf_puts(&b, to);
    buf_puts(&b, p + strlen(from));
    return buf_steal(&b);
}

static void test_key_file(void **state)
{
    struct fixture *f = *state;
    struct stat st;
    assert_int_equal(stat(f->keyfile, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    struct badge_keys again;
    char err[256];
    assert_int_equal(badge_keys_load_or_create(f->keyfile, &again, err, sizeof err), 0);
    assert_memory_equal(again.pk, f->keys.pk, BADGE_PK_BYTES);
    assert_memory_equal(again.sk, f->keys.sk, BADGE_SK_BYTES);

    chmod(f->keyfile, 0644);
    assert_int_equal(badge_keys_load_or_create(f->keyfile, &again, err, sizeof err), -1);
    assert_non_null(strstr(err, "chmod 600"));
    chmod(f->keyfile, 0600);

    char other[160];
    str_fmt(other, sizeof other, "%s/garbage.key", f->dir);
    FILE *fp = fopen(other, "w");
    fputs("not a key\n", fp);
    fclose(fp);
    chmod(other, 0600);
    assert_int_equal(badge_keys_load_or_create(other, &again, err, sizeof err), -1);
    assert_non_null(strstr(err, "not an otasuke badge key"));
    unlink(other);
}

static void test_sign_and_verify(void **state)
{
    struct fixture *f = *state;
    const char *svg = f->svg.data;
    assert_non_null(strstr(svg, "role=\"img\""));
    assert_non_null(strstr(svg, "二つ星を宣言しました"));
    assert_null(strstr(svg, "認定"));
    assert_null(strstr(svg, "取得"));
    assert_non_null(
        strstr(svg, "url(#badge-text)\">株式会社やまだ建設 &amp; &lt;Partners&gt;</text>"));
    assert_non_null(strstr(svg, "宣言日: 2026-11-22"));
    assert_non_null(strstr(svg, "★★"));
    assert_non_null(strstr(svg, "<path fill=\"#000000\" d=\"M4 4h7v1h-7z")); /* QR finder */

    struct badge_info got;
    char err[256];
    assert_int_equal(badge_verify(svg, f->svg.len, NULL, &got, err, sizeof err), BADGE_VALID);
    assert_string_equal(got.org, f->info.org);
    assert_string_equal(got.id, f->info.id);
    assert_int_equal(got.level, 2);
    assert_string_equal(got.declared_at, "2026-11-22");
    assert_string_equal(got.url, f->info.url);
    assert_memory_equal(got.signer_pk, f->keys.pk, BADGE_PK_BYTES);
    assert_int_equal(badge_verify(svg, f->svg.len, f->keys.pk, &got, err, sizeof err), BADGE_VALID);

    /* a one-star badge with a full timestamp */
    struct badge_info one = f->info;
    one.level = 1;
    str_copy(one.declared_at, sizeof one.declared_at, "2026-01-05T09:30:00Z");
    buf_t b;
    buf_init(&b);
    assert_int_equal(badge_svg(&f->keys, &one, &b), 0);
    assert_non_null(strstr(b.data, "一つ星を宣言しました"));
    assert_null(strstr(b.data, "★★"));
    assert_int_equal(badge_verify(b.data, b.len, f->keys.pk, &got, err, sizeof err), BADGE_VALID);
    assert_int_equal(got.level, 1);
    buf_free(&b);
}

static void test_tampering_fails(void **state)
{
    struct fixture *f = *state;
    char err[256];
    struct {
        const char *after, *from, *to;
    } edits[] = {
        {"clip-path=\"url(#badge-text)\">株式", "やまだ建設", "やまだ建築"}, /* visible */
        {"<ob:org>", "やまだ建設", "やまだ建築"},                            /* metadata */
        {"<ob:level>", "2", "1"},
        {"<ob:url>", "otasuke.example", "evil.example"},
        {"<ob:declared_at>", "2026", "2025"},
        {"<path fill=\"#000000\"", "M4 4h7", "M4 4h6"}, /* the QR code */
        {"fill=\"#ffd43d\">", "★★", "★★★"},
        {"</svg>\n</g>", "</svg>", "</svg><text>extra</text>"},
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char *t = replace(f->svg.data, edits[i].after, edits[i].from, edits[i].to);
        int rc = badge_verify(t, strlen(t), NULL, NULL, err, sizeof err);
        if (rc != BADGE_INVALID)
            fail_msg("edit %zu was not detected (rc %d, %s)", i, rc, err);
        assert_non_null(strstr(err, "altered"));
        free(t);
    }
}

static void test_wrong_pinned_key_fails(void **state)
{
    struct fixture *f = *state;
    char other[160], err[256];
    str_fmt(other, sizeof other, "%s/other.key", f->dir);
    struct badge_keys k2;
    assert_int_equal(badge_keys_load_or_create(other, &k2, err, sizeof err), 0);
    assert_int_equal(badge_verify(f->svg.data, f->svg.len, k2.pk, NULL, err, sizeof err),
                     BADGE_INVALID);
    assert_non_null(strstr(err, "different key"));

    /* a badge re-signed by another key swapped in whole: valid alone, refused when pinned */
    buf_t b;
    buf_init(&b);
    assert_int_equal(badge_svg(&k2, &f->info, &b), 0);
    assert_int_equal(badge_verify(b.data, b.len, NULL, NULL, err, sizeof err), BADGE_VALID);
    assert_int_equal(badge_verify(b.data, b.len, f->keys.pk, NULL, err, sizeof err), BADGE_INVALID);
    buf_free(&b);
    unlink(other);
}

static void test_crlf_conversion_still_valid(void **state)
{
    struct fixture *f = *state;
    buf_t b;
    buf_init(&b);
    for (size_t i = 0; i < f->svg.len; i++) {
        if (f->svg.data[i] == '\n')
            buf_putc(&b, '\r');
        buf_putc(&b, f->svg.data[i]);
    }
    char err[256];
    assert_int_equal(badge_verify(b.data, b.len, f->keys.pk, NULL, err, sizeof err), BADGE_VALID);
    buf_free(&b);
}

static void test_malformed_input(void **state)
{
    struct fixture *f = *state;
    char err[256];
    assert_int_equal(badge_verify("", 0, NULL, NULL, err, sizeof err), BADGE_MALFORMED);
    assert_int_equal(badge_verify("<svg/>", 6, NULL, NULL, err, sizeof err), BADGE_MALFORMED);
    assert_non_null(strstr(err, "not an otasuke badge"));
    assert_int_equal(badge_verify("\xff\xfe<svg", 6, NULL, NULL, err, sizeof err), BADGE_MALFORMED);
    /* every truncation is refused without a crash */
    for (size_t n = 1; n < f->svg.len; n += 97) {
        char *t = malloc(n);
        memcpy(t, f->svg.data, n);
        int rc = badge_verify(t, n, NULL, NULL, err, sizeof err);
        assert_true(rc == BADGE_MALFORMED || rc == BADGE_INVALID);
        free(t);
    }
    struct {
        const char *after, *from, *to;
    } edits[] = {
        {"<ob:sig>", "<ob:sig>", "<ob:sig>!!"},
        {"<ob:pubkey>", "<ob:pubkey>", "<ob:pubkey>AAAA"},
        {"<ob:alg>", "Ed25519", "RSA"},
        {"<ob:level>", "2", "3"},
        {"<ob:id>", "SA2", "SA 2"},
        {"<ob:org>", "&amp;", "&nbsp;"},
        {"</ob:url>", "</ob:url>", "</ob:url><ob:url>x</ob:url>"},
        {NULL, "<ob:declared_at>", "<ob:date>"},
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char *t = replace(f->svg.data, edits[i].after, edits[i].from, edits[i].to);
        int rc = badge_verify(t, strlen(t), NULL, NULL, err, sizeof err);
        if (rc != BADGE_MALFORMED)
            fail_msg("edit %zu: expected malformed, got %d (%s)", i, rc, err);
        assert_true(strlen(err) > 10);
        free(t);
    }
}

static void test_long_name_wraps_beside_the_qr_code(void **state)
{
    struct fixture *f = *state;
    struct badge_info info = f->info;
    /* 60 full-width characters: two lines of 20 at 12px (248px), the rest cut with "…" */
    buf_t name, b;
    buf_init(&name);
    buf_init(&b);
    for (int i = 0; i < 60; i++)
        buf_puts(&name, i < 20 ? "一" : i < 40 ? "二" : "三");
    str_copy(info.org, sizeof info.org, name.data);
    assert_int_equal(badge_svg(&f->keys, &info, &b), 0);
    assert_non_null(strstr(b.data, "y=\"92\" font-size=\"12\""));
    assert_non_null(
        strstr(b.data, "url(#badge-text)\">一一一一一一一一一一一一一一一一一一一一</text>"));
    assert_non_null(
        strstr(b.data, "url(#badge-text)\">二二二二二二二二二二二二二二二二二二二…</text>"));
    char title[400];
    str_fmt(title, sizeof title, "★ %s</title>", name.data); /* the full name stays readable */
    assert_non_null(strstr(b.data, title));
    struct badge_info got;
    char err[256];
    assert_int_equal(badge_verify(b.data, b.len, f->keys.pk, &got, err, sizeof err), BADGE_VALID);
    assert_string_equal(got.org, name.data);
    buf_free(&name);
    buf_free(&b);
}

static void test_info_checked(void **state)
{
    struct fixture *f = *state;
    struct badge_info bad = f->info;
    char err[256];
    buf_t b;
    buf_init(&b);
    str_copy(bad.org, sizeof bad.org, "名前\nid=forged");
    assert_int_equal(badge_info_check(&bad, err, sizeof err), -1);
    assert_int_equal(badge_svg(&f->keys, &bad, &b), -1);
    bad = f->info;
    str_copy(bad.url, sizeof bad.url, "javascript:alert(1)");
    assert_int_equal(badge_info_check(&bad, err, sizeof err), -1);
    bad = f->info;
    str_copy(bad.declared_at, sizeof bad.declared_at, "2026-02-30");
    assert_int_equal(badge_info_check(&bad, err, sizeof err), -1);
    str_copy(bad.declared_at, sizeof bad.declared_at, "2026-02-03T-1:00:00Z");
    assert_int_equal(badge_info_check(&bad, err, sizeof err), -1);
    bad = f->info;
    bad.level = 3;
    assert_int_equal(badge_info_check(&bad, err, sizeof err), -1);
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_key_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sign_and_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tampering_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_pinned_key_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf_conversion_still_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_name_wraps_beside_the_qr_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_info_checked, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
