/* test_briefing_form.c - the briefing session form: a valid session is stored as local
 * "YYYY-MM-DDTHH:MM" times, every bad field is reported once with its own message. */
#include "pages_briefing.h"
#include "str.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static struct briefing_form valid(void)
{
    return (struct briefing_form){
        .venue = "東京会場",
        .prefecture = "13",
        .address = "東京都文京区本駒込2-28-8",
        .date = "2019-08-30",
        .start = "14:00",
        .end = "16:30",
        .capacity = "105",
        .waitlist = "20",
        .reg_from = "2019-08-06",
        .reg_until = "2019-08-30",
        .online_url = "https://meet.example.jp/tokyo",
        .recording_url = "",
    };
}

/* The field names of the problems found, comma-separated. */
static const char *fields(const struct briefing_form *f, char *out, size_t n)
{
    struct briefing_values v;
    struct briefing_problem p[16];
    size_t k = briefing_form_check(f, &v, p, 16);
    out[0] = '\0';
    for (size_t i = 0; i < k && i < 16; i++) {
        size_t used = strlen(out);
        assert_true(str_fmt(out + used, n - used, "%s%s", i ? "," : "", p[i].field));
    }
    return out;
}

static void test_valid(void **state)
{
    (void)state;
    struct briefing_form f = valid();
    struct briefing_values v;
    struct briefing_problem p[4];
    assert_int_equal(briefing_form_check(&f, &v, p, 4), 0);
    assert_string_equal(v.starts_at, "2019-08-30T14:00");
    assert_string_equal(v.ends_at, "2019-08-30T16:30");
    assert_int_equal(v.capacity, 105);
    assert_int_equal(v.waitlist, 20);
    assert_int_equal(v.prefecture, 13);
    assert_string_equal(v.venue, "東京会場");
    f.prefecture = "";
    f.waitlist = "";
    assert_int_equal(briefing_form_check(&f, &v, p, 4), 0);
    assert_int_equal(v.prefecture, 0); /* online only */
    assert_int_equal(v.waitlist, 0);
}

static void test_each_bad_field(void **state)
{
    (void)state;
    char out[256];
    struct briefing_form f = valid();
    f.venue = "";
    assert_string_equal(fields(&f, out, sizeof out), "venue");
    f = valid();
    f.venue = "会場\n名";
    assert_string_equal(fields(&f, out, sizeof out), "venue");
    f = valid();
    f.prefecture = "48";
    assert_string_equal(fields(&f, out, sizeof out), "prefecture");
    f = valid();
    f.date = "2019-02-30";
    assert_string_equal(fields(&f, out, sizeof out), "date");
    f = valid();
    f.start = "24:00";
    f.end = "9:00";
    assert_string_equal(fields(&f, out, sizeof out), "start,end");
    f = valid();
    f.end = "14:00"; /* not after the start */
    assert_string_equal(fields(&f, out, sizeof out), "end");
    f = valid();
    f.capacity = "0";
    f.waitlist = "-1";
    assert_string_equal(fields(&f, out, sizeof out), "capacity,waitlist");
    f = valid();
    f.reg_until = "2019-08-05"; /* before it opens */
    assert_string_equal(fields(&f, out, sizeof out), "reg_until");
    f = valid();
    f.reg_until = "2019-08-31"; /* after the session */
    assert_string_equal(fields(&f, out, sizeof out), "reg_until");
    f = valid();
    f.online_url = "javascript:alert(1)";
    f.recording_url = "https://example.jp/a b";
    assert_string_equal(fields(&f, out, sizeof out), "online_url,recording_url");
}

static void test_helpers(void **state)
{
    (void)state;
    assert_true(briefing_valid_time("00:00"));
    assert_true(briefing_valid_time("23:59"));
    assert_false(briefing_valid_time("24:00"));
    assert_false(briefing_valid_time("12:60"));
    assert_false(briefing_valid_time("1200"));
    assert_true(briefing_valid_qualification("riss"));
    assert_true(briefing_valid_qualification("itc"));
    assert_false(briefing_valid_qualification("RISS"));
    assert_string_equal(briefing_check_url(""), "");
    assert_string_equal(briefing_check_url("http://a.jp/x?y=1"), "");
    assert_string_not_equal(briefing_check_url("https://"), "");
    assert_string_not_equal(briefing_check_url("https://a.jp/\"><script>"), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_each_bad_field),
        cmocka_unit_test(test_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
