/* pages_report_build.c - the final report's section builders (see pages_report_build.h). */
#include "pages_report_build.h"
#include "rules_summary.h"
#include "content.h"
#include "str.h"
#include "web.h"

#include <string.h>

json_t *report_section(const char *key, const char *title_msgid)
{
    return json_pack("{s:s,s:s,s:[],s:[]}", "key", key, "title", title_msgid, "rows", "list");
}

void report_row(json_t *section, const char *label_msgid, json_t *value)
{
    json_array_append_new(json_object_get(section, "rows"),
                          json_pack("{s:s,s:o}", "label", label_msgid, "value", value));
}

void report_item(json_t *section, json_t *value)
{
    json_array_append_new(json_object_get(section, "list"), value);
}

static json_t *msg(const char *msgid)
{
    return json_pack("{s:s}", "msgid", msgid);
}

json_t *report_both(const catalog_t *cat, const char *prefix_msgid, const char *text)
{
    char ja[1200], en[1200];
    if (!str_fmt(ja, sizeof ja, "%s: %s", catalog_get(cat, "ja", prefix_msgid), text))
        ja[0] = '\0';
    if (!str_fmt(en, sizeof en, "%s: %s", catalog_get(cat, "en", prefix_msgid), text))
        en[0] = '\0';
    return json_pack("{s:s,s:s}", "ja", ja, "en", en);
}

static json_t *date10(const char *iso)
{
    char d[11] = "";
    if (strlen(iso) >= 10)
        memcpy(d, iso, 10);
    return json_string(d);
}

/* The latest completed self-diagnosis: date, total, band. */
static json_t *sec_diagnosis(const struct report_ctx *c)
{
    json_t *s = report_section("diagnosis", N_("Self-diagnosis"));
    db_res_t *r = db_query(c->db,
                           "SELECT completed_at, total FROM diagnoses WHERE org_id = ? AND status "
                           "= 'completed' ORDER BY completed_at DESC, id DESC",
                           "i", c->org_id);
    if (r && db_res_rows(r) >= 1) {
        char score[32];
        int64_t total = db_res_int(r, 0, 1);
        str_fmt(score, sizeof score, "%lld / 100", (long long)total);
        report_row(s, N_("Completed on"), date10(db_res_text(r, 0, 0)));
        report_row(s, N_("Total score"), json_string(score));
        const content_t *ct = content_get();
        const band_def_t *b = ct ? content_band(ct, (int)total) : NULL;
        if (b)
            report_row(s, N_("Result"),
                       json_pack("{s:s,s:s}", "ja", dtext_get(&b->label, "ja"), "en",
                                 dtext_get(&b->label, "en")));
    } else {
        report_row(s, N_("Status"), msg(N_("No completed self-diagnosis yet")));
    }
    db_res_free(r);
    return s;
}

/* The newest published basic policy: version, date, public URL. */
static json_t *sec_policy(const struct report_ctx *c)
{
    json_t *s = report_section("policy", N_("Basic policy"));
    db_res_t *r = db_query(c->db,
                           "SELECT version, published_at, title FROM policies WHERE org_id = ? AND "
                           "status = 'published' ORDER BY version DESC",
                           "i", c->org_id);
    if (r && db_res_rows(r) >= 1) {
        char url[512];
        str_fmt(url, sizeof url, "%s/orgs/%lld/policy/v/%s", c->base_url ? c->base_url : "",
                (long long)c->org_id, db_res_text(r, 0, 0));
        report_row(s, N_("Title"), json_string(db_res_text(r, 0, 2)));
        report_row(s, N_("Version"), json_string(db_res_text(r, 0, 0)));
        report_row(s, N_("Published on"), date10(db_res_text(r, 0, 1)));
        report_row(s, N_("Public page"), json_string(url));
    } else {
        report_row(s, N_("Status"), msg(N_("No basic policy published yet")));
    }
    db_res_free(r);
    return s;
}

/* The action plan: number of measures and the high-priority ones (up to five). */
static json_t *sec_plan(const struct report_ctx *c)
{
    json_t *s = report_section("plan", N_("Action plan"));
    db_res_t *p =
        db_query(c->db, "SELECT id FROM plans WHERE org_id = ? ORDER BY id DESC", "i", c->org_id);
    int64_t plan = p && db_res_rows(p) >= 1 ? db_res_int(p, 0, 0) : 0;
    db_res_free(p);
    if (!plan) {
        report_row(s, N_("Status"), msg(N_("No action plan yet")));
        return s;
    }
    db_res_t *r = db_query(c->db,
                           "SELECT title, priority FROM plan_items WHERE plan_id = ? ORDER BY "
                           "CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, "
                           "month, sort, id",
                           "i", plan);
    char n[16];
    str_fmt(n, sizeof n, "%zu", r ? db_res_rows(r) : 0);
    report_row(s, N_("Number of measures"), json_string(n));
    for (size_t i = 0; r && i < db_res_rows(r) && i < 5; i++)
        if (str_eq(db_res_text(r, i, 1), "high"))
            report_item(s, report_both(c->cat, N_("High priority"), db_res_text(r, i, 0)));
    db_res_free(r);
    return s;
}

/* The SECURITY ACTION declaration level now. */
static json_t *sec_declaration(const struct report_ctx *c)
{
    json_t *s = report_section("declaration", N_("SECURITY ACTION"));
    db_res_t *r = db_query(c->db,
                           "SELECT level, declared_at, public_id FROM declarations WHERE org_id = "
                           "? AND status = 'active' ORDER BY level DESC",
                           "i", c->org_id);
    if (r && db_res_rows(r) >= 1) {
        bool two = db_res_int(r, 0, 0) == 2;
        report_row(s, N_("Level"), json_string(two ? "★★" : "★"));
        report_row(s, N_("Two stars declared"), msg(two ? N_("Yes") : N_("Not yet")));
        report_row(s, N_("Date of declaration"), date10(db_res_text(r, 0, 1)));
        report_row(s, N_("Declaration ID"), json_string(db_res_text(r, 0, 2)));
    } else {
        report_row(s, N_("Level"), msg(N_("Not declared")));
    }
    db_res_free(r);
    return s;
}

/* Appends text with each of keys replaced by the matching value (values are not scanned). */
static void fill_placeholders(buf_t *b, const char *text, const char *const *keys,
                              const char *const *vals, size_t n)
{
    while (*text) {
        size_t k = 0;
        for (; k < n; k++)
            if (str_starts(text, keys[k]))
                break;
        if (k < n) {
            buf_puts(b, vals[k]);
            text += strlen(keys[k]);
        } else {
            buf_putc(b, *text++);
        }
    }
}

/* The visits with their summaries. */
static json_t *sec_visits(const struct report_ctx *c)
{
    json_t *s = report_section("visits", N_("Visits"));
    db_res_t *r = db_query(c->db,
                           "SELECT visit_no, done_on, mode, minutes, summary FROM visits WHERE "
                           "match_id = ? AND status = 'done' ORDER BY visit_no",
                           "i", c->match_id);
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        const char *mode = str_eq(db_res_text(r, i, 2), "online") ? N_("Online") : N_("On site");
        json_t *v = json_object();
        static const char *const langs[] = {"ja", "en"};
        for (int l = 0; l < 2; l++) {
            const char *keys[] = {"{no}", "{date}", "{mode}", "{minutes}", "{summary}"};
            const char *vals[] = {db_res_text(r, i, 0), db_res_text(r, i, 1),
                                  catalog_get(c->cat, langs[l], mode), db_res_text(r, i, 3),
                                  db_res_text(r, i, 4)};
            buf_t b;
            buf_init(&b);
            fill_placeholders(
                &b,
                catalog_get(c->cat, langs[l],
                            N_("Visit {no} ({date}, {mode}, {minutes} minutes): {summary}")),
                keys, vals, 5);
            json_object_set_new(v, langs[l], json_string(buf_cstr(&b)));
            buf_free(&b);
        }
        report_item(s, v);
    }
    db_res_free(r);
    return s;
}

/* The sections, in the order of the report. The lead adds the related rules check and the
 * risk analysis here, one line each. */
/* A count as a row value. */
static json_t *count(json_int_t n)
{
    char b[24];
    str_fmt(b, sizeof b, "%lld", (long long)n);
    return json_string(b);
}

/* The related rules check (domain.md §4): chapters in place, being drafted, not yet. */
static json_t *sec_rules(const struct report_ctx *c)
{
    json_t *sum = rules_check_summary(c->db, c->org_id, "ja");
    if (!sum)
        return NULL;
    json_t *s = report_section("rules", N_("Related rules check"));
    static const struct {
        const char *key, *label;
    } rows[] = {{"in_place", N_("Chapters in place")},
                {"drafting", N_("Chapters being drafted")},
                {"not_yet", N_("Chapters not yet written")},
                {"not_needed", N_("Chapters not needed")}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        report_row(s, rows[i].label, count(json_integer_value(json_object_get(sum, rows[i].key))));
    json_decref(sum);
    return s;
}

/* The asset inventory and risk analysis: assets per risk band and the highest risks. */
static json_t *sec_risk(const struct report_ctx *c)
{
    json_t *sum = risk_analysis_summary(c->db, c->org_id, 5);
    if (!sum)
        return NULL;
    json_t *s = report_section("risk", N_("Risk analysis"));
    json_t *bands = json_object_get(sum, "bands");
    report_row(s, N_("Assets in the inventory"),
               count(json_integer_value(json_object_get(sum, "assets"))));
    report_row(s, N_("Urgent"), count(json_integer_value(json_object_get(bands, "urgent"))));
    report_row(s, N_("This term"), count(json_integer_value(json_object_get(bands, "this_term"))));
    report_row(s, N_("Desirable"), count(json_integer_value(json_object_get(bands, "desirable"))));
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(sum, "top"), i, a)
    {
        char t[600];
        str_fmt(t, sizeof t, "%s (%lld)", json_string_value(json_object_get(a, "name")),
                (long long)json_integer_value(json_object_get(a, "risk")));
        report_item(s, report_both(c->cat, N_("Risk"), t));
    }
    json_decref(sum);
    return s;
}

static const struct {
    const char *key;
    report_section_fn build;
} sections[] = {
    {"diagnosis", sec_diagnosis},     {"policy", sec_policy}, {"plan", sec_plan},
    {"declaration", sec_declaration}, {"rules", sec_rules},   {"risk", sec_risk},
    {"visits", sec_visits},
};

json_t *report_assemble(const struct report_ctx *c)
{
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        json_t *s = sections[i].build(c);
        if (s)
            json_array_append_new(list, s);
    }
    return json_pack("{s:o}", "sections", list);
}

static const char *value_text(const catalog_t *cat, const char *lang, const json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    const char *id = json_string_value(json_object_get(v, "msgid"));
    if (id)
        return catalog_get(cat, lang, id);
    const char *t = json_string_value(json_object_get(v, lang));
    return t ? t : "";
}

json_t *report_display(const catalog_t *cat, const char *lang, const json_t *snapshot)
{
    json_t *out = json_array();
    size_t i, k;
    json_t *s, *x;
    json_array_foreach(json_object_get(snapshot, "sections"), i, s)
    {
        const char *title = json_string_value(json_object_get(s, "title"));
        json_t *rows = json_array(), *list = json_array();
        json_array_foreach(json_object_get(s, "rows"), k, x)
        {
            const char *label = json_string_value(json_object_get(x, "label"));
            const char *val = value_text(cat, lang, json_object_get(x, "value"));
            json_array_append_new(
                rows, json_pack("{s:s,s:s,s:b}", "label",
                                catalog_get(cat, lang, label ? label : ""), "value", val, "is_url",
                                str_starts(val, "https://") || str_starts(val, "http://")));
        }
        json_array_foreach(json_object_get(s, "list"), k, x)
            json_array_append_new(list, json_string(value_text(cat, lang, x)));
        json_array_append_new(out, json_pack("{s:s,s:s,s:o,s:o}", "key",
                                             json_string_value(json_object_get(s, "key"))
                                                 ? json_string_value(json_object_get(s, "key"))
                                                 : "",
                                             "title", catalog_get(cat, lang, title ? title : ""),
                                             "rows", rows, "list", list));
    }
    return json_pack("{s:o}", "sections", out);
}
