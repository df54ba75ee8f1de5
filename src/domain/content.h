/* content.h - framework content loaded once from data/: principles, diagnosis, SME rules,
 * organization types, industries, prefectures, policy template, measures. */
#ifndef OTASUKE_CONTENT_H
#define OTASUKE_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A text in both languages; both are non-empty unless a field says otherwise. */
typedef struct {
    const char *ja;
    const char *en;
} dtext_t;

/* "en" selects English; anything else (NULL, "ja", unknown) selects Japanese. */
const char *dtext_get(const dtext_t *t, const char *lang);
bool lang_is_en(const char *lang);

#define DIAG_ITEMS 25
#define PRINCIPLES 5
#define SME_ROWS 15
#define PREFECTURES 47
#define MAX_ORG_TYPES 16
#define MAX_INDUSTRIES 16
#define MAX_JSIC 20
#define MAX_ITEM_MEASURES 8 /* example measures per diagnosis item */
#define MAX_MEASURES 64     /* action-plan measures */
#define MAX_ROLES 8
#define MAX_SMALL_SCALE 4
#define MAX_POLICY_SECTIONS 12
#define DIAG_BANDS 4

/* Answers to a diagnosis item; ANS_NONE means "not answered". */
enum diag_answer { ANS_NONE = 0, ANS_DONE, ANS_PARTLY, ANS_NOT_DONE, ANS_UNKNOWN, ANS_NOT_USED };
#define ANS_COUNT 6

enum diag_part { PART_BASIC = 0, PART_EMPLOYEE, PART_ORGANIZATION };
#define PART_COUNT 3

typedef struct {
    int no;
    dtext_t title;
    dtext_t explanation;
} principle_t;

typedef struct {
    const char *key; /* done, partly, not_done, unknown, not_used */
    int points;
    dtext_t label;
} answer_def_t;

typedef struct {
    const char *key; /* basic, employee, organization */
    int first, last; /* item numbers, inclusive */
    dtext_t label;
} part_def_t;

typedef struct {
    const char *key; /* achieved, partial, insufficient, urgent */
    int min, max;    /* total score range, inclusive */
    dtext_t label, meaning, next_step;
} band_def_t;

typedef struct {
    int no;
    enum diag_part part;
    bool not_used_allowed;
    dtext_t question;
    dtext_t note; /* both NULL when the item has no note */
    dtext_t risk; /* what can happen without it */
    size_t n_measures;
    dtext_t measures[MAX_ITEM_MEASURES]; /* example measures */
} diag_item_t;

typedef struct {
    int row;
    const char *key;
    dtext_t category;
    int64_t capital_max;   /* -1: judged on employees only */
    int64_t employees_max; /* -1: the limit of the main industry (rows 12-15) */
} sme_row_t;

typedef struct {
    const char *key;
    int64_t employees_max;
    dtext_t label;
} small_scale_t;

enum sme_judged_on { JUDGE_CAPITAL_OR_EMPLOYEES, JUDGE_EMPLOYEES, JUDGE_NEVER };

typedef struct {
    const char *key; /* CLI value, e.g. "sole-proprietor" */
    dtext_t label;
    int row; /* fixed SME row, or 0: the row of the industry */
    bool needs_industry;
    enum sme_judged_on judged_on;
    size_t n_jsic; /* JSIC divisions of fixed-row types; 0: those of the industry */
    const char *jsic[4];
} org_type_t;

typedef struct {
    const char *key; /* CLI value, e.g. "manufacturing" */
    dtext_t label;
    int row; /* 1-8 */
    const small_scale_t *small_scale;
    size_t n_jsic;
    const char *jsic[MAX_JSIC]; /* JSIC division codes A-T */
} industry_t;

typedef struct {
    const char *code;
    dtext_t label;
} jsic_division_t;

typedef struct {
    int code; /* 1-47 (JIS X 0401) */
    dtext_t name;
    dtext_t region;
    const char *metro; /* 首都圏, 中京圏, 近畿圏 or "" */
} prefecture_t;

typedef struct {
    const char *key;
    dtext_t label;
} role_t;

typedef struct {
    const char *id;
    int item; /* diagnosis item 1-25, or 0 for a telework measure */
    const role_t *owner;
    int month_offset; /* months after the first measure of the same item (0-11) */
    dtext_t title;
    dtext_t hb_title; /* handbook chapter */
    dtext_t hb_text;
} measure_t;

typedef struct {
    const char *key;
    dtext_t heading; /* may be empty (the opening statement) */
    dtext_t body;
} policy_section_t;

typedef struct content {
    principle_t principles[PRINCIPLES];
    answer_def_t answers[ANS_COUNT]; /* indexed by enum diag_answer; [ANS_NONE] unused */
    part_def_t parts[PART_COUNT];
    band_def_t bands[DIAG_BANDS];
    diag_item_t items[DIAG_ITEMS]; /* items[i].no == i + 1 */
    sme_row_t rows[SME_ROWS];      /* rows[i].row == i + 1 */
    size_t n_small_scale;
    small_scale_t small_scale[MAX_SMALL_SCALE];
    size_t n_org_types;
    org_type_t org_types[MAX_ORG_TYPES];
    size_t n_industries;
    industry_t industries[MAX_INDUSTRIES];
    size_t n_jsic;
    jsic_division_t jsic[MAX_JSIC];
    prefecture_t prefectures[PREFECTURES]; /* prefectures[i].code == i + 1 */
    size_t n_roles;
    role_t roles[MAX_ROLES];
    size_t n_measures;
    measure_t measures[MAX_MEASURES];
    dtext_t hb_intro_title, hb_intro_text;
    dtext_t policy_title;
    size_t n_policy_sections;
    policy_section_t policy_sections[MAX_POLICY_SECTIONS];
    dtext_t policy_footer;
    /* Owned storage the pointers above point into. */
    void *roots[8];
    char *prefectures_csv;
} content_t;

/* Loads and validates every file in datadir. On failure returns NULL and writes a message
 * naming the file and the field into err, e.g.
 * "data/diagnosis.json: items[8].risk.en: expected a non-empty string". */
content_t *content_load(const char *datadir, char *err, size_t errsz);
void content_free(content_t *c);

/* The process-wide content from share_path("data"), loaded on first use (thread-safe).
 * NULL if it could not be loaded; content_error() then says why. Never freed. */
const content_t *content_get(void);
const char *content_error(void);

const diag_item_t *content_item(const content_t *c, int no);
const sme_row_t *content_row(const content_t *c, int row);
const org_type_t *content_org_type(const content_t *c, const char *key);
const industry_t *content_industry(const content_t *c, const char *key);
const prefecture_t *content_prefecture(const content_t *c, int code);
const measure_t *content_measure(const content_t *c, const char *id);
const role_t *content_role(const content_t *c, const char *key);
const band_def_t *content_band(const content_t *c, int total);

#endif
