/* sme.c - SME eligibility per domain.md §1 with a reason an owner understands.
 *
 * Rules: rows 1-8 (company by industry): capital <= X OR employees <= Y, either suffices;
 * sole proprietors on employees alone; rows 9-11 on employees alone; rows 12-15 on
 * employees alone with the limit of the main industry's row (1-8); voluntary groups never.
 * When a company gives no capital we can only judge on employees and say so. */
#include "sme.h"

#include "str.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* Formats v (< 10000 groups) with thousands separators into out. */
static bool commas(char *out, size_t outsz, int64_t v)
{
    char digits[32];
    if (!str_fmt(digits, sizeof digits, "%lld", (long long)v))
        return false;
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            if (o + 1 >= outsz)
                return false;
            out[o++] = ',';
        }
        if (o + 1 >= outsz)
            return false;
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return true;
}

bool sme_yen_ja(char *out, size_t outsz, int64_t yen)
{
    if (yen < 0 || outsz == 0)
        return false;
    static const struct {
        int64_t unit;
        const char *name;
    } units[] = {{INT64_C(1000000000000), "兆"}, {100000000, "億"}, {10000, "万"}, {1, ""}};
    out[0] = '\0';
    if (yen == 0)
        return str_copy(out, outsz, "0円");
    int64_t rest = yen;
    size_t used = 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        int64_t q = rest / units[i].unit;
        rest %= units[i].unit;
        if (q == 0)
            continue;
        char num[40];
        if (!commas(num, sizeof num, q))
            return false;
        if (!str_fmt(out + used, outsz - used, "%s%s", num, units[i].name))
            return false;
        used = strlen(out);
    }
    return str_fmt(out + used, outsz - used, "円");
}

bool sme_yen_en(char *out, size_t outsz, int64_t yen)
{
    char num[40];
    if (yen < 0 || !commas(num, sizeof num, yen))
        return false;
    return str_fmt(out, outsz, "¥%s", num);
}

const char *sme_err_text(sme_err_t e, const char *lang)
{
    bool en = lang_is_en(lang);
    switch (e) {
    case SME_OK:
        return en ? "OK." : "問題ありません。";
    case SME_E_ORG_TYPE:
        return en ? "Choose the type of organization." : "組織の形態を選んでください。";
    case SME_E_INDUSTRY_REQUIRED:
        return en ? "Choose the main industry; the limits depend on it."
                  : "主な業種を選んでください。業種によって基準が変わります。";
    case SME_E_INDUSTRY:
        return en ? "Choose an industry from the list." : "業種を一覧から選んでください。";
    case SME_E_CAPITAL:
        return en ? "Capital must be 0 yen or more." : "資本金は0円以上で入力してください。";
    case SME_E_EMPLOYEES:
        return en ? "The number of employees must be 0 or more."
                  : "従業員数は0人以上で入力してください。";
    }
    return en ? "Invalid input." : "入力内容を確認してください。";
}

static const char *people_en(int64_t n)
{
    return n == 1 ? "employee" : "employees";
}

/* Rows 1-8 for a company: capital OR employees. */
static void judge_company(const sme_row_t *row, const dtext_t *what, const sme_input_t *in,
                          sme_result_t *out)
{
    char lim_cap_ja[64], lim_cap_en[64], cap_ja[64], cap_en[64];
    sme_yen_ja(lim_cap_ja, sizeof lim_cap_ja, row->capital_max);
    sme_yen_en(lim_cap_en, sizeof lim_cap_en, row->capital_max);
    long long lim_emp = (long long)row->employees_max, emp = (long long)in->employees;
    bool emp_ok = in->employees <= row->employees_max;
    char rule_ja[512], rule_en[512];
    str_fmt(rule_ja, sizeof rule_ja, "%sでは、資本金%s以下または従業員%lld人以下が中小企業です。",
            what->ja, lim_cap_ja, lim_emp);
    str_fmt(rule_en, sizeof rule_en,
            "In %s, an organization is an SME with capital of %s or less or %lld employees or "
            "fewer; either one is enough.",
            what->en, lim_cap_en, lim_emp);
    if (!in->has_capital) {
        out->eligible = emp_ok;
        if (emp_ok) {
            str_fmt(out->reason_ja, sizeof out->reason_ja,
                    "%s資本金の入力がないため従業員数で判定しました。従業員%lld人なので対象です。",
                    rule_ja, emp);
            str_fmt(out->reason_en, sizeof out->reason_en,
                    "%s No capital was given, so we judged on employees: with %lld %s you "
                    "are eligible.",
                    rule_en, emp, people_en(in->employees));
        } else {
            str_fmt(out->reason_ja, sizeof out->reason_ja,
                    "%s資本金の入力がないため従業員数で判定しました。従業員%lld人で%lld人を超えて"
                    "いるため、このままでは対象外です。資本金が%s以下なら対象になりますので、"
                    "資本金を入力してください。",
                    rule_ja, emp, lim_emp, lim_cap_ja);
            str_fmt(out->reason_en, sizeof out->reason_en,
                    "%s No capital was given, so we judged on employees: %lld %s is more than "
                    "%lld, so you are not eligible as entered. If your capital is %s or less "
                    "you are eligible; please enter it.",
                    rule_en, emp, people_en(in->employees), lim_emp, lim_cap_en);
        }
        return;
    }
    sme_yen_ja(cap_ja, sizeof cap_ja, in->capital);
    sme_yen_en(cap_en, sizeof cap_en, in->capital);
    bool cap_ok = in->capital <= row->capital_max;
    out->eligible = cap_ok || emp_ok;
    if (cap_ok && emp_ok) {
        str_fmt(out->reason_ja, sizeof out->reason_ja,
                "%s資本金%s、従業員%lld人で、どちらの基準も満たしているので対象です。", rule_ja,
                cap_ja, emp);
        str_fmt(out->reason_en, sizeof out->reason_en,
                "%s With capital of %s and %lld %s you meet both limits, so you are eligible.",
                rule_en, cap_en, emp, people_en(in->employees));
    } else if (cap_ok) {
        str_fmt(out->reason_ja, sizeof out->reason_ja,
                "%s従業員は%lld人で%lld人を超えていますが、資本金%sが%s以下なので対象です。",
                rule_ja, emp, lim_emp, cap_ja, lim_cap_ja);
        str_fmt(out->reason_en, sizeof out->reason_en,
                "%s You have %lld %s, more than %lld, but your capital of %s is within %s, so "
                "you are eligible.",
                rule_en, emp, people_en(in->employees), lim_emp, cap_en, lim_cap_en);
    } else if (emp_ok) {
        str_fmt(out->reason_ja, sizeof out->reason_ja,
                "%s資本金は%sで%sを超えていますが、従業員%lld人が%lld人以下なので対象です。",
                rule_ja, cap_ja, lim_cap_ja, emp, lim_emp);
        str_fmt(out->reason_en, sizeof out->reason_en,
                "%s Your capital of %s is more than %s, but %lld %s is within %lld, so you are "
                "eligible.",
                rule_en, cap_en, lim_cap_en, emp, people_en(in->employees), lim_emp);
    } else {
        str_fmt(out->reason_ja, sizeof out->reason_ja,
                "%s資本金%s、従業員%lld人で、どちらの基準も超えているため対象外です。", rule_ja,
                cap_ja, emp);
        str_fmt(out->reason_en, sizeof out->reason_en,
                "%s With capital of %s and %lld %s you are over both limits, so you are not "
                "eligible.",
                rule_en, cap_en, emp, people_en(in->employees));
    }
}

/* Employees only: sole proprietors (row of the industry), rows 9-11 and 12-15. */
static void judge_employees(const sme_row_t *row, const industry_t *ind, const sme_input_t *in,
                            sme_result_t *out)
{
    long long emp = (long long)in->employees;
    long long lim = (long long)out->employees_limit;
    out->eligible = in->employees <= out->employees_limit;
    char head_ja[512], head_en[512];
    if (row->row <= 8) { /* sole proprietor */
        str_fmt(head_ja, sizeof head_ja,
                "個人事業主は資本金に関係なく従業員数だけで判定します。%sでは従業員%lld人以下が"
                "中小企業です。",
                ind->label.ja, lim);
        str_fmt(head_en, sizeof head_en,
                "Sole proprietors are judged on employees alone, whatever the capital. In %s the "
                "limit is %lld employees.",
                ind->label.en, lim);
    } else if (row->employees_max < 0) { /* rows 12-15: main industry */
        str_fmt(head_ja, sizeof head_ja,
                "%sは従業員数だけで判定し、主な業種「%s」の基準である従業員%lld人以下が中小企業"
                "です。",
                row->category.ja, ind->label.ja, lim);
        str_fmt(head_en, sizeof head_en,
                "For %s only regular employees count, with the limit of the main industry "
                "\"%s\": %lld employees.",
                row->category.en, ind->label.en, lim);
    } else {
        str_fmt(head_ja, sizeof head_ja,
                "%sは従業員数だけで判定し、従業員%lld人以下が中小企業です。", row->category.ja,
                lim);
        str_fmt(head_en, sizeof head_en,
                "For %s only regular employees count; the limit is %lld employees.",
                row->category.en, lim);
    }
    if (out->eligible) {
        str_fmt(out->reason_ja, sizeof out->reason_ja, "%s従業員%lld人なので対象です。", head_ja,
                emp);
        str_fmt(out->reason_en, sizeof out->reason_en, "%s With %lld %s you are eligible.", head_en,
                emp, people_en(in->employees));
    } else {
        str_fmt(out->reason_ja, sizeof out->reason_ja,
                "%s従業員%lld人で%lld人を超えているため対象外です。", head_ja, emp, lim);
        str_fmt(out->reason_en, sizeof out->reason_en,
                "%s With %lld %s, more than %lld, you are not eligible.", head_en, emp,
                people_en(in->employees), lim);
    }
}

sme_err_t sme_check(const content_t *c, const sme_input_t *in, sme_result_t *out)
{
    memset(out, 0, sizeof *out);
    out->capital_limit = -1;
    out->employees_limit = -1;
    out->small_scale_limit = -1;
    const org_type_t *ot = content_org_type(c, in->org_type);
    if (!ot)
        return SME_E_ORG_TYPE;
    const industry_t *ind = NULL;
    if (in->industry && *in->industry) {
        ind = content_industry(c, in->industry);
        if (!ind)
            return SME_E_INDUSTRY;
    }
    if (ot->needs_industry && !ind)
        return SME_E_INDUSTRY_REQUIRED;
    if (in->has_capital && in->capital < 0)
        return SME_E_CAPITAL;
    if (in->employees < 0)
        return SME_E_EMPLOYEES;

    if (ot->judged_on == JUDGE_NEVER) {
        str_fmt(out->reason_ja, sizeof out->reason_ja,
                "%sは、中小企業等の支援制度の対象になりません。対象になるのは会社・個人事業主・"
                "NPO法人などです。",
                ot->label.ja);
        str_fmt(out->reason_en, sizeof out->reason_en,
                "A %s is not covered by the SME support programs; they cover companies, sole "
                "proprietors, NPOs and similar organizations.",
                ot->label.en);
        return SME_OK;
    }
    /* Industry fields are ignored for types with a fixed row (rows 9-11). */
    const sme_row_t *row = content_row(c, ot->row ? ot->row : ind->row);
    out->rule = row->row;
    if (row->employees_max >= 0)
        out->employees_limit = row->employees_max;
    else
        out->employees_limit = content_row(c, ind->row)->employees_max;
    if (ot->judged_on == JUDGE_CAPITAL_OR_EMPLOYEES) {
        out->capital_limit = row->capital_max;
        judge_company(row, &ind->label, in, out);
    } else {
        judge_employees(row, ot->needs_industry ? ind : NULL, in, out);
    }
    if (ot->needs_industry && ind) {
        out->small_scale_known = true;
        out->small_scale_limit = ind->small_scale->employees_max;
        out->small_scale = out->eligible && in->employees <= out->small_scale_limit;
    }
    return SME_OK;
}

char *sme_result_to_json(const sme_result_t *r)
{
    json_t *o = json_pack("{s:b, s:o, s:{s:s, s:s}}", "eligible", r->eligible, "rule",
                          r->rule ? json_integer(r->rule) : json_null(), "reason", "ja",
                          r->reason_ja, "en", r->reason_en);
    if (!o)
        return NULL;
    char *s = json_dumps(o, JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}
