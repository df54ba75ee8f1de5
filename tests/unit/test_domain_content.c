/* test_domain_content.c - the shipped data files are complete and correct, and broken data
 * is refused with a message naming the file and the field. */
#include "content.h"
#include "fileutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DATA OTASUKE_SOURCE_DIR "/data"

static content_t *C;

static int setup(void **state)
{
    (void)state;
    char err[512];
    C = content_load(DATA, err, sizeof err);
    if (!C)
        fail_msg("content: %s", err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    content_free(C);
    return 0;
}

static bool has_non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return true;
    return false;
}

/* Both languages present, Japanese actually Japanese, English not a copy of it. */
static void both(const dtext_t *t, const char *what)
{
    if (!t->ja || !*t->ja || !t->en || !*t->en)
        fail_msg("%s: missing a language", what);
    if (!has_non_ascii(t->ja))
        fail_msg("%s: Japanese text is ASCII only: %s", what, t->ja);
    if (strcmp(t->ja, t->en) == 0)
        fail_msg("%s: English equals Japanese", what);
}

static void test_diagnosis_items(void **state)
{
    (void)state;
    int per_part[PART_COUNT] = {0};
    for (int no = 1; no <= DIAG_ITEMS; no++) {
        const diag_item_t *it = content_item(C, no);
        assert_non_null(it);
        assert_int_equal(it->no, no);
        per_part[it->part]++;
        enum diag_part want = no <= 5 ? PART_BASIC : no <= 18 ? PART_EMPLOYEE : PART_ORGANIZATION;
        assert_int_equal(it->part, want);
        assert_int_equal(it->not_used_allowed, no == 9 || no == 23);
        both(&it->question, "question");
        both(&it->risk, "risk");
        if (it->note.ja)
            both(&it->note, "note");
        assert_true(it->n_measures >= 1);
        for (size_t k = 0; k < it->n_measures; k++)
            both(&it->measures[k], "example measure");
    }
    assert_int_equal(per_part[PART_BASIC], 5);
    assert_int_equal(per_part[PART_EMPLOYEE], 13);
    assert_int_equal(per_part[PART_ORGANIZATION], 7);
    assert_null(content_item(C, 0));
    assert_null(content_item(C, 26));
    assert_non_null(strstr(content_item(C, 9)->question.ja, "無線LAN"));
    assert_non_null(strstr(content_item(C, 23)->question.ja, "クラウドサービス"));
    assert_non_null(strstr(content_item(C, 17)->question.ja, "施錠忘れ"));
}

static void test_answers_parts_bands(void **state)
{
    (void)state;
    const int points[ANS_COUNT] = {0, 4, 2, 0, -1, 4};
    for (int a = 1; a < ANS_COUNT; a++) {
        assert_int_equal(C->answers[a].points, points[a]);
        both(&C->answers[a].label, "answer label");
    }
    assert_string_equal(C->answers[ANS_UNKNOWN].label.ja, "わからない");
    for (int p = 0; p < PART_COUNT; p++)
        both(&C->parts[p].label, "part");
    const int lo[DIAG_BANDS] = {100, 70, 50, -25}, hi[DIAG_BANDS] = {100, 99, 69, 49};
    for (int b = 0; b < DIAG_BANDS; b++) {
        assert_int_equal(C->bands[b].min, lo[b]);
        assert_int_equal(C->bands[b].max, hi[b]);
        both(&C->bands[b].label, "band label");
        both(&C->bands[b].meaning, "band meaning");
        both(&C->bands[b].next_step, "band next step");
    }
}

static void test_principles(void **state)
{
    (void)state;
    const char *needles[PRINCIPLES] = {"最新", "ウイルス対策", "パスワード", "共有設定", "手口"};
    for (int i = 0; i < PRINCIPLES; i++) {
        assert_int_equal(C->principles[i].no, i + 1);
        both(&C->principles[i].title, "principle title");
        both(&C->principles[i].explanation, "principle explanation");
        assert_non_null(strstr(C->principles[i].title.ja, needles[i]));
    }
}

static void test_sme_table(void **state)
{
    (void)state;
    const int64_t cap[SME_ROWS] = {300000000, 100000000, 50000000,  50000000, 300000000,
                                   300000000, 50000000,  300000000, -1,       -1,
                                   -1,        -1,        -1,        -1,       -1};
    const int64_t emp[SME_ROWS] = {300, 100, 100, 50, 900, 300, 200, 300,
                                   300, 300, 100, -1, -1,  -1,  -1};
    for (int r = 1; r <= SME_ROWS; r++) {
        const sme_row_t *row = content_row(C, r);
        assert_int_equal(row->row, r);
        assert_int_equal(row->capital_max, cap[r - 1]);
        assert_int_equal(row->employees_max, emp[r - 1]);
        both(&row->category, "sme row");
    }
    const char *types[] = {
        "company",        "sole-proprietor", "medical",       "social-welfare", "school",
        "chamber",        "sme-association", "special-union", "foundation",     "npo",
        "voluntary-group"};
    assert_int_equal(C->n_org_types, 11);
    for (size_t i = 0; i < 11; i++) {
        const org_type_t *o = content_org_type(C, types[i]);
        if (!o)
            fail_msg("org type %s missing", types[i]);
        both(&o->label, "org type");
    }
    const char *inds[] = {"manufacturing", "construction", "transport", "wholesale", "services",
                          "retail",        "rubber",       "software",  "inn",       "other"};
    assert_int_equal(C->n_industries, 10);
    for (size_t i = 0; i < 10; i++) {
        const industry_t *d = content_industry(C, inds[i]);
        if (!d)
            fail_msg("industry %s missing", inds[i]);
        both(&d->label, "industry");
        assert_true(d->n_jsic >= 1);
    }
    assert_string_equal(content_industry(C, "manufacturing")->jsic[0], "E");
    assert_int_equal(content_org_type(C, "school")->n_jsic, 1);
    assert_string_equal(content_org_type(C, "school")->jsic[0], "O");
    assert_int_equal(content_org_type(C, "company")->n_jsic, 0);
    assert_int_equal(content_industry(C, "retail")->small_scale->employees_max, 5);
    assert_int_equal(content_industry(C, "construction")->small_scale->employees_max, 20);
}

static void test_prefectures(void **state)
{
    (void)state;
    for (int i = 1; i <= PREFECTURES; i++) {
        const prefecture_t *p = content_prefecture(C, i);
        assert_int_equal(p->code, i);
        both(&p->name, "prefecture");
        both(&p->region, "region");
    }
    assert_string_equal(content_prefecture(C, 1)->name.ja, "北海道");
    assert_string_equal(content_prefecture(C, 47)->name.en, "Okinawa");
    assert_string_equal(content_prefecture(C, 23)->metro, "中京圏");
    assert_string_equal(content_prefecture(C, 15)->metro, "");
}

static void test_measures_and_policy(void **state)
{
    (void)state;
    size_t telework = 0;
    for (size_t i = 0; i < C->n_measures; i++) {
        const measure_t *m = &C->measures[i];
        both(&m->title, "measure title");
        both(&m->hb_title, "handbook title");
        both(&m->hb_text, "handbook text");
        both(&m->owner->label, "owner");
        telework += m->item == 0;
    }
    assert_true(telework >= 3);
    both(&C->hb_intro_title, "handbook intro");
    both(&C->hb_intro_text, "handbook intro");
    both(&C->policy_title, "policy title");
    assert_true(C->n_policy_sections >= 6);
    for (size_t i = 0; i < C->n_policy_sections; i++)
        both(&C->policy_sections[i].body, "policy body");
    both(&C->policy_footer, "policy footer");
}

/* No text may call the self-declaration a certification (BRIEF: never 認定). */
static void test_no_certification_wording(void **state)
{
    (void)state;
    const char *files[] = {"principles.json", "diagnosis.json", "measures.json",
                           "policy_template.json", "sme_rules.json"};
    for (size_t i = 0; i < 5; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", DATA, files[i]);
        char *s = file_read_all(path, 1 << 22, NULL);
        assert_non_null(s);
        if (strstr(s, "認定"))
            fail_msg("%s says 認定", files[i]);
        free(s);
    }
}

/* ---- broken data ---- */

static char tmpdir[256];

static void copy_data(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/otasuke-content-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    const char *files[] = {"principles.json",      "diagnosis.json",  "sme_rules.json",
                           "org_types.json",       "industries.json", "prefectures.csv",
                           "policy_template.json", "measures.json"};
    for (size_t i = 0; i < 8; i++) {
        char src[512], dst[512];
        snprintf(src, sizeof src, "%s/%s", DATA, files[i]);
        snprintf(dst, sizeof dst, "%s/%s", tmpdir, files[i]);
        size_t len;
        char *s = file_read_all(src, 1 << 22, &len);
        assert_non_null(s);
        FILE *f = fopen(dst, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(s, 1, len, f), len);
        fclose(f);
        free(s);
    }
}

static void remove_data(void)
{
    const char *files[] = {"principles.json",      "diagnosis.json",  "sme_rules.json",
                           "org_types.json",       "industries.json", "prefectures.csv",
                           "policy_template.json", "measures.json"};
    for (size_t i = 0; i < 8; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", tmpdir, files[i]);
        unlink(p);
    }
    rmdir(tmpdir);
}

static json_t *load(const char *file)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, file);
    json_t *j = json_load_file(p, 0, NULL);
    assert_non_null(j);
    return j;
}

static void save(const char *file, json_t *j)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, file);
    assert_int_equal(json_dump_file(j, p, JSON_INDENT(1)), 0);
    json_decref(j);
}

static void write_raw(const char *file, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, file);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void expect_load_error(const char *msg)
{
    char err[512] = "";
    content_t *c = content_load(tmpdir, err, sizeof err);
    if (c) {
        content_free(c);
        fail_msg("broken data was accepted; wanted \"%s\"", msg);
    }
    if (!strstr(err, msg))
        fail_msg("error \"%s\" lacks \"%s\"", err, msg);
}

static void test_broken_missing_english(void **state)
{
    (void)state;
    copy_data();
    json_t *j = load("diagnosis.json");
    json_object_del(json_object_get(json_array_get(json_object_get(j, "items"), 8), "risk"), "en");
    save("diagnosis.json", j);
    expect_load_error("data/diagnosis.json: items[8].risk.en: expected a non-empty string");
    remove_data();
}

static void test_broken_item_count_and_part(void **state)
{
    (void)state;
    copy_data();
    json_t *j = load("diagnosis.json");
    json_array_remove(json_object_get(j, "items"), 24);
    save("diagnosis.json", j);
    expect_load_error("data/diagnosis.json: items: expected 25 items, found 24");
    remove_data();
    copy_data();
    j = load("diagnosis.json");
    json_object_set_new(json_array_get(json_object_get(j, "items"), 5), "part",
                        json_string("basic"));
    save("diagnosis.json", j);
    expect_load_error("items[5].part: item 6 does not belong to part \"basic\"");
    remove_data();
}

static void test_broken_bands_overlap(void **state)
{
    (void)state;
    copy_data();
    json_t *j = load("diagnosis.json");
    json_object_set_new(json_array_get(json_object_get(j, "bands"), 2), "max", json_integer(70));
    save("diagnosis.json", j);
    expect_load_error("bands: total 70 falls in 2 bands");
    remove_data();
}

static void test_broken_sme_and_refs(void **state)
{
    (void)state;
    copy_data();
    json_t *j = load("sme_rules.json");
    json_object_set_new(json_array_get(json_object_get(j, "rows"), 11), "capital_max",
                        json_integer(1000));
    save("sme_rules.json", j);
    expect_load_error("data/sme_rules.json: rows[11].capital_max: rows 9-15 are judged on "
                      "employees only");
    remove_data();

    copy_data();
    j = load("measures.json");
    json_object_set_new(json_array_get(json_object_get(j, "measures"), 0), "owner",
                        json_string("ceo"));
    save("measures.json", j);
    expect_load_error("data/measures.json: measures[0].owner: \"ceo\" is not in roles");
    remove_data();

    copy_data();
    j = load("industries.json");
    json_array_append_new(
        json_object_get(json_array_get(json_object_get(j, "industries"), 0), "jsic"),
        json_string("Z"));
    save("industries.json", j);
    expect_load_error("data/industries.json: industries[0].jsic[1]: not a division");
    remove_data();

    copy_data();
    j = load("policy_template.json");
    json_object_set_new(json_object_get(j, "footer"), "ja", json_string("{{ceo}}"));
    save("policy_template.json", j);
    expect_load_error("data/policy_template.json: footer: unknown placeholder {{ceo}}");
    remove_data();
}

static void test_broken_files(void **state)
{
    (void)state;
    copy_data();
    write_raw("principles.json", "{\"_source\": \"x\", \"principles\": [");
    expect_load_error("data/principles.json: cannot read");
    remove_data();

    copy_data();
    write_raw("prefectures.csv", "# src\ncode,name_ja,name_en,region_ja,region_en,metro_area\n"
                                 "01,北海道,Hokkaido,北海道,Hokkaido,\n"
                                 "03,岩手県,Iwate,東北,Tohoku,\n");
    expect_load_error("data/prefectures.csv: line 4: code: expected 02");
    remove_data();

    copy_data();
    json_t *j = load("org_types.json");
    json_object_del(j, "_source");
    save("org_types.json", j);
    expect_load_error("data/org_types.json: _source");
    remove_data();
}

static void test_global_content(void **state)
{
    (void)state;
    const content_t *g = content_get();
    assert_non_null(g);
    assert_ptr_equal(g, content_get());
    assert_string_equal(dtext_get(&g->items[0].question, "en"),
                        "Do you always keep the OS and software of PCs, smartphones and other "
                        "devices up to date?");
    assert_string_equal(dtext_get(&g->answers[ANS_DONE].label, NULL), "実施している");
    assert_string_equal(dtext_get(&g->answers[ANS_DONE].label, "en-US"), "Done");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diagnosis_items),
        cmocka_unit_test(test_answers_parts_bands),
        cmocka_unit_test(test_principles),
        cmocka_unit_test(test_sme_table),
        cmocka_unit_test(test_prefectures),
        cmocka_unit_test(test_measures_and_policy),
        cmocka_unit_test(test_no_certification_wording),
        cmocka_unit_test(test_broken_missing_english),
        cmocka_unit_test(test_broken_item_count_and_part),
        cmocka_unit_test(test_broken_bands_overlap),
        cmocka_unit_test(test_broken_sme_and_refs),
        cmocka_unit_test(test_broken_files),
        cmocka_unit_test(test_global_content),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
