/* test_survey.c - the questionnaire files load; answers are checked like a user expects. */
#include "survey.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>

static json_t *J(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j)
        fail_msg("bad test JSON: %s", e.text);
    return j;
}

/* A complete, valid set of SME answers. */
static json_t *sme_ok(void)
{
    return J("{\"industry\":\"E\",\"employees\":\"1-5\",\"outcome\":\"much\","
             "\"expertise\":\"high\",\"communication\":\"smooth\",\"fee\":\"under_120k\","
             "\"future_support\":\"occasional\",\"next_topics\":[\"education\",\"management\"],"
             "\"comments\":\"  とても分かりやすかったです。\\n  \"}");
}

static void files_load_with_report_questions(void **state)
{
    (void)state;
    const survey_t *s = survey_get("sme"), *e = survey_get("expert");
    assert_non_null(s);
    assert_non_null(e);
    assert_null(survey_get("other"));
    /* the fee question offers exactly the report's three price bands */
    const survey_question_t *fee = survey_question(s, "fee");
    assert_non_null(fee);
    assert_int_equal(fee->n_options, 3);
    assert_string_equal(fee->options[0].label.ja, "12万円未満");
    assert_string_equal(fee->options[2].label.ja, "18万円以上");
    const survey_question_t *emp = survey_question(s, "employees");
    assert_int_equal(emp->n_options, 6);
    assert_string_equal(emp->options[0].label.ja, "5人以下");
    const survey_question_t *ind = survey_question(s, "industry");
    assert_int_equal(ind->n_options, 20); /* JSIC A-T */
    const survey_question_t *m = survey_question(e, "mgmt_motivation");
    assert_int_equal(m->type, SQ_SINGLE);
    assert_true(m->required);
    assert_string_equal(m->options[1].label.ja, "向上しなかった");
    assert_int_equal(survey_question(e, "future_support")->n_options, 2);
    assert_int_equal(survey_question(s, "comments")->type, SQ_TEXT);
    assert_false(survey_question(s, "comments")->required);
}

static void valid_answers_are_cleaned(void **state)
{
    (void)state;
    const survey_t *s = survey_get("sme");
    json_t *a = sme_ok(), *clean = NULL;
    survey_problem_t p[8];
    assert_int_equal(survey_validate(s, a, p, 8, &clean), 0);
    assert_non_null(clean);
    /* text trimmed, multiple choices in the definition's order */
    assert_string_equal(json_string_value(json_object_get(clean, "comments")),
                        "とても分かりやすかったです。");
    json_t *t = json_object_get(clean, "next_topics");
    assert_int_equal(json_array_size(t), 2);
    assert_string_equal(json_string_value(json_array_get(t, 0)), "management");
    json_decref(clean);
    /* an optional text left empty is simply not stored */
    json_object_set_new(a, "comments", json_string("　 "));
    assert_int_equal(survey_validate(s, a, p, 8, &clean), 0);
    assert_null(json_object_get(clean, "comments"));
    json_decref(clean);
    json_decref(a);
}

static void required_missing_reported_per_question(void **state)
{
    (void)state;
    const survey_t *s = survey_get("sme");
    json_t *a = sme_ok(), *clean = NULL;
    json_object_del(a, "fee");
    json_object_set_new(a, "outcome", json_string(""));
    json_object_set_new(a, "next_topics", json_array());
    survey_problem_t p[8];
    assert_int_equal(survey_validate(s, a, p, 8, &clean), 3);
    assert_null(clean);
    assert_string_equal(p[0].question, "outcome");
    assert_int_equal(p[0].err, SE_REQUIRED);
    assert_string_equal(p[1].question, "fee");
    assert_string_equal(p[2].question, "next_topics");
    json_decref(a);
}

static void choices_outside_the_list_refused(void **state)
{
    (void)state;
    const survey_t *s = survey_get("sme");
    survey_problem_t p[8];
    json_t *a = sme_ok();
    json_object_set_new(a, "fee", json_string("free"));
    assert_int_equal(survey_validate(s, a, p, 8, NULL), 1);
    assert_string_equal(p[0].question, "fee");
    assert_int_equal(p[0].err, SE_NOT_OPTION);
    json_decref(a);

    a = sme_ok();
    json_object_set_new(a, "next_topics", J("[\"education\",\"hacking\"]"));
    assert_int_equal(survey_validate(s, a, p, 8, NULL), 1);
    assert_int_equal(p[0].err, SE_NOT_OPTION);
    json_decref(a);

    a = sme_ok(); /* the same choice twice */
    json_object_set_new(a, "next_topics", J("[\"education\",\"education\"]"));
    assert_int_equal(survey_validate(s, a, p, 8, NULL), 1);
    assert_int_equal(p[0].err, SE_TYPE);
    json_decref(a);

    a = sme_ok(); /* a list where one choice is expected */
    json_object_set_new(a, "industry", J("[\"E\"]"));
    assert_int_equal(survey_validate(s, a, p, 8, NULL), 1);
    assert_int_equal(p[0].err, SE_TYPE);
    json_decref(a);

    a = sme_ok(); /* a question that does not exist */
    json_object_set_new(a, "salary", json_string("1"));
    assert_int_equal(survey_validate(s, a, p, 8, NULL), 1);
    assert_int_equal(p[0].err, SE_UNKNOWN);
    json_decref(a);

    json_t *arr = J("[1,2]");
    assert_int_equal(survey_validate(s, arr, p, 8, NULL), 1);
    json_decref(arr);
}

static void text_length_counts_characters(void **state)
{
    (void)state;
    const survey_t *s = survey_get("sme");
    survey_problem_t p[4];
    char big[2001 * 3 + 1];
    /* 2000 Japanese characters are fine, 2001 are too long */
    for (size_t i = 0; i < 2000; i++)
        memcpy(big + i * 3, "あ", 3);
    big[2000 * 3] = '\0';
    json_t *a = sme_ok();
    json_object_set_new(a, "comments", json_string(big));
    assert_int_equal(survey_validate(s, a, p, 4, NULL), 0);
    memcpy(big + 2000 * 3, "あ", 3);
    big[2001 * 3] = '\0';
    json_object_set_new(a, "comments", json_string(big));
    assert_int_equal(survey_validate(s, a, p, 4, NULL), 1);
    assert_int_equal(p[0].err, SE_TOO_LONG);
    /* control characters other than line breaks are refused */
    json_object_set_new(a, "comments", json_string("a\x01z"));
    assert_int_equal(survey_validate(s, a, p, 4, NULL), 1);
    assert_int_equal(p[0].err, SE_TYPE);
    json_decref(a);
}

static void broken_definitions_refused(void **state)
{
    (void)state;
    char err[256];
    static const char *bad[] = {
        "{}",
        "{\"kind\":\"sme\",\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"intro\":{\"ja\":\"a\",\"en\":"
        "\"a\"},\"questions\":[{\"key\":\"x\",\"type\":\"single\",\"required\":true,\"text\":"
        "{\"ja\":\"a\",\"en\":\"a\"},\"options\":[{\"key\":\"o\",\"label\":{\"ja\":\"a\","
        "\"en\":\"a\"}}]}]}",
        "{\"kind\":\"sme\",\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"intro\":{\"ja\":\"a\",\"en\":"
        "\"a\"},\"questions\":[{\"key\":\"x\",\"type\":\"text\",\"required\":true,\"text\":"
        "{\"ja\":\"a\",\"en\":\"\"},\"max_chars\":10}]}",
        "{\"kind\":\"sme\",\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"intro\":{\"ja\":\"a\",\"en\":"
        "\"a\"},\"questions\":[{\"key\":\"x\",\"type\":\"rating\",\"required\":true}]}",
    };
    static const char *why[] = {"kind", "options", "text", "type"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_null(survey_parse(bad[i], strlen(bad[i]), err, sizeof err));
        assert_non_null(strstr(err, why[i]));
    }
    survey_t *ok = survey_load(SURVEY_SRC "/data/surveys/expert.json", err, sizeof err);
    assert_non_null(ok);
    survey_free(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_load_with_report_questions),
        cmocka_unit_test(valid_answers_are_cleaned),
        cmocka_unit_test(required_missing_reported_per_question),
        cmocka_unit_test(choices_outside_the_list_refused),
        cmocka_unit_test(text_length_counts_characters),
        cmocka_unit_test(broken_definitions_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
