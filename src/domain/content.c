/* content.c - load and validate the framework content under data/ once. */
#include "content.h"

#include "fileutil.h"
#include "log.h"
#include "str.h"

#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA_MAX_BYTES (4u * 1024u * 1024u)

/* Loader state: the file being read and the first error, which wins. */
typedef struct {
    const char *dir;
    const char *file; /* e.g. "diagnosis.json" */
    char *err;
    size_t errsz;
    bool failed;
} ldr_t;

static void fail(ldr_t *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(ldr_t *l, const char *fmt, ...)
{
    if (l->failed)
        return;
    l->failed = true;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(l->err, l->errsz, "data/%s: %s", l->file, msg);
}

bool lang_is_en(const char *lang)
{
    return lang && lang[0] == 'e' && lang[1] == 'n' && (lang[2] == '\0' || lang[2] == '-');
}

const char *dtext_get(const dtext_t *t, const char *lang)
{
    const char *s = lang_is_en(lang) ? t->en : t->ja;
    return s ? s : "";
}

static json_t *load_json(ldr_t *l, content_t *c, size_t slot, const char *file)
{
    l->file = file;
    char path[1024];
    if (!str_fmt(path, sizeof path, "%s/%s", l->dir, file)) {
        fail(l, "path too long");
        return NULL;
    }
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        fail(l, "cannot read: %s (line %d, column %d)", je.text, je.line, je.column);
        return NULL;
    }
    c->roots[slot] = root;
    if (!json_is_object(root)) {
        fail(l, "top level must be an object");
        return NULL;
    }
    const char *src = json_string_value(json_object_get(root, "_source"));
    if (!src || !*src)
        fail(l, "_source: expected a non-empty string citing the source");
    return root;
}

static json_t *get_array(ldr_t *l, json_t *obj, const char *key, const char *where)
{
    json_t *a = json_object_get(obj, key);
    if (!json_is_array(a)) {
        fail(l, "%s%s: expected an array", where, key);
        return NULL;
    }
    return a;
}

static const char *get_str(ldr_t *l, json_t *obj, const char *key, const char *where)
{
    const char *s = json_string_value(json_object_get(obj, key));
    if (!s || !*s) {
        fail(l, "%s%s: expected a non-empty string", where, key);
        return "";
    }
    return s;
}

static bool get_bool(ldr_t *l, json_t *obj, const char *key, const char *where, bool dflt,
                     bool required)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            fail(l, "%s%s: expected true or false", where, key);
        return dflt;
    }
    if (!json_is_boolean(v)) {
        fail(l, "%s%s: expected true or false", where, key);
        return dflt;
    }
    return json_is_true(v);
}

/* Integer in [min,max]; null allowed when null_val is given (returned for null). */
static int64_t get_int(ldr_t *l, json_t *obj, const char *key, const char *where, int64_t min,
                       int64_t max, const int64_t *null_val)
{
    json_t *v = json_object_get(obj, key);
    if (null_val && (!v || json_is_null(v)))
        return *null_val;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        fail(l, "%s%s: expected an integer from %lld to %lld%s", where, key, (long long)min,
             (long long)max, null_val ? " or null" : "");
        return min;
    }
    return json_integer_value(v);
}

/* {"ja": "...", "en": "..."}; allow_empty permits "" in both (but not a missing key). */
static dtext_t get_text_ex(ldr_t *l, json_t *obj, const char *key, const char *where,
                           bool allow_empty)
{
    dtext_t t = {"", ""};
    json_t *o = json_object_get(obj, key);
    if (!json_is_object(o)) {
        fail(l, "%s%s: expected an object with \"ja\" and \"en\"", where, key);
        return t;
    }
    const char *ja = json_string_value(json_object_get(o, "ja"));
    const char *en = json_string_value(json_object_get(o, "en"));
    if (!ja || (!allow_empty && !*ja)) {
        fail(l, "%s%s.ja: expected a non-empty string", where, key);
        return t;
    }
    if (!en || (!allow_empty && !*en)) {
        fail(l, "%s%s.en: expected a non-empty string", where, key);
        return t;
    }
    if ((*ja == '\0') != (*en == '\0')) {
        fail(l, "%s%s: ja and en must both be present or both empty", where, key);
        return t;
    }
    t.ja = ja;
    t.en = en;
    return t;
}

static dtext_t get_text(ldr_t *l, json_t *obj, const char *key, const char *where)
{
    return get_text_ex(l, obj, key, where, false);
}

static void load_principles(ldr_t *l, content_t *c)
{
    json_t *root = load_json(l, c, 0, "principles.json");
    json_t *arr = root ? get_array(l, root, "principles", "") : NULL;
    if (!arr)
        return;
    if (json_array_size(arr) != PRINCIPLES) {
        fail(l, "principles: expected %d entries, found %zu", PRINCIPLES, json_array_size(arr));
        return;
    }
    for (size_t i = 0; i < PRINCIPLES && !l->failed; i++) {
        char where[64];
        snprintf(where, sizeof where, "principles[%zu].", i);
        json_t *p = json_array_get(arr, i);
        principle_t *pr = &c->principles[i];
        pr->no = (int)get_int(l, p, "no", where, (int64_t)i + 1, (int64_t)i + 1, NULL);
        pr->title = get_text(l, p, "title", where);
        pr->explanation = get_text(l, p, "explanation", where);
    }
}

static const char *const answer_keys[ANS_COUNT] = {NULL,       "done",    "partly",
                                                   "not_done", "unknown", "not_used"};
static const char *const part_keys[PART_COUNT] = {"basic", "employee", "organization"};
static const char *const band_keys[DIAG_BANDS] = {"achieved", "partial", "insufficient", "urgent"};

static void load_diagnosis(ldr_t *l, content_t *c)
{
    json_t *root = load_json(l, c, 1, "diagnosis.json");
    if (!root)
        return;
    json_t *ans = get_array(l, root, "answers", "");
    if (ans && json_array_size(ans) != ANS_COUNT - 1)
        fail(l, "answers: expected %d entries", ANS_COUNT - 1);
    for (size_t i = 0; ans && i + 1 < ANS_COUNT && !l->failed; i++) {
        char where[64];
        snprintf(where, sizeof where, "answers[%zu].", i);
        json_t *a = json_array_get(ans, i);
        answer_def_t *d = &c->answers[i + 1];
        d->key = get_str(l, a, "key", where);
        if (!l->failed && strcmp(d->key, answer_keys[i + 1]) != 0)
            fail(l, "%skey: expected \"%s\"", where, answer_keys[i + 1]);
        d->points = (int)get_int(l, a, "points", where, -4, 4, NULL);
        d->label = get_text(l, a, "label", where);
    }
    if (!l->failed && c->answers[ANS_NOT_USED].points != c->answers[ANS_DONE].points)
        fail(l, "answers: not_used must score the same as done (domain.md §3)");

    json_t *parts = get_array(l, root, "parts", "");
    if (parts && json_array_size(parts) != PART_COUNT)
        fail(l, "parts: expected %d entries", PART_COUNT);
    int next = 1;
    for (size_t i = 0; parts && i < PART_COUNT && !l->failed; i++) {
        char where[64];
        snprintf(where, sizeof where, "parts[%zu].", i);
        json_t *p = json_array_get(parts, i);
        part_def_t *d = &c->parts[i];
        d->key = get_str(l, p, "key", where);
        if (!l->failed && strcmp(d->key, part_keys[i]) != 0)
            fail(l, "%skey: expected \"%s\"", where, part_keys[i]);
        d->first = (int)get_int(l, p, "first", where, next, next, NULL);
        d->last = (int)get_int(l, p, "last", where, d->first, DIAG_ITEMS, NULL);
        d->label = get_text(l, p, "label", where);
        next = d->last + 1;
    }
    if (!l->failed && next != DIAG_ITEMS + 1)
        fail(l, "parts: must cover items 1 to %d", DIAG_ITEMS);

    json_t *items = get_array(l, root, "items", "");
    if (items && json_array_size(items) != DIAG_ITEMS)
        fail(l, "items: expected %d items, found %zu", DIAG_ITEMS, json_array_size(items));
    for (size_t i = 0; items && i < DIAG_ITEMS && !l->failed; i++) {
        char where[64];
        snprintf(where, sizeof where, "items[%zu].", i);
        json_t *it = json_array_get(items, i);
        diag_item_t *d = &c->items[i];
        d->no = (int)get_int(l, it, "no", where, (int64_t)i + 1, (int64_t)i + 1, NULL);
        const char *part = get_str(l, it, "part", where);
        int pi = -1;
        for (int k = 0; k < PART_COUNT; k++)
            if (strcmp(part, part_keys[k]) == 0)
                pi = k;
        if (!l->failed && (pi < 0 || d->no < c->parts[pi].first || d->no > c->parts[pi].last))
            fail(l, "%spart: item %d does not belong to part \"%s\"", where, d->no, part);
        d->part = pi < 0 ? PART_BASIC : (enum diag_part)pi;
        d->not_used_allowed = get_bool(l, it, "not_used_allowed", where, false, true);
        d->question = get_text(l, it, "question", where);
        if (json_object_get(it, "note"))
            d->note = get_text(l, it, "note", where);
        d->risk = get_text(l, it, "risk", where);
        json_t *m = json_object_get(it, "measures");
        json_t *mja = json_object_get(m, "ja"), *men = json_object_get(m, "en");
        if (!json_is_array(mja) || !json_is_array(men) || json_array_size(mja) == 0 ||
            json_array_size(mja) != json_array_size(men) ||
            json_array_size(mja) > MAX_ITEM_MEASURES) {
            fail(l, "%smeasures: expected ja and en arrays of the same length (1-%d)", where,
                 MAX_ITEM_MEASURES);
            break;
        }
        d->n_measures = json_array_size(mja);
        for (size_t k = 0; k < d->n_measures && !l->failed; k++) {
            const char *ja = json_string_value(json_array_get(mja, k));
            const char *en = json_string_value(json_array_get(men, k));
            if (!ja || !*ja || !en || !*en)
                fail(l, "%smeasures[%zu]: expected non-empty ja and en strings", where, k);
            d->measures[k].ja = ja;
            d->measures[k].en = en;
        }
    }

    json_t *bands = get_array(l, root, "bands", "");
    if (bands && json_array_size(bands) != DIAG_BANDS)
        fail(l, "bands: expected %d entries", DIAG_BANDS);
    for (size_t i = 0; bands && i < DIAG_BANDS && !l->failed; i++) {
        char where[64];
        snprintf(where, sizeof where, "bands[%zu].", i);
        json_t *b = json_array_get(bands, i);
        band_def_t *d = &c->bands[i];
        d->key = get_str(l, b, "key", where);
        if (!l->failed && strcmp(d->key, band_keys[i]) != 0)
            fail(l, "%skey: expected \"%s\"", where, band_keys[i]);
        d->min = (int)get_int(l, b, "min", where, -100, 100, NULL);
        d->max = (int)get_int(l, b, "max", where, d->min, 100, NULL);
        d->label = get_text(l, b, "label", where);
        d->meaning = get_text(l, b, "meaning", where);
        d->next_step = get_text(l, b, "next_step", where);
    }
    /* Every possible total must fall in exactly one band. */
    int lo = DIAG_ITEMS * c->answers[ANS_UNKNOWN].points;
    int hi = DIAG_ITEMS * c->answers[ANS_DONE].points;
    for (int t = lo; t <= hi && !l->failed; t++) {
        int n = 0;
        for (int i = 0; i < DIAG_BANDS; i++)
            n += t >= c->bands[i].min && t <= c->bands[i].max;
        if (n != 1)
            fail(l, "bands: total %d falls in %d bands (expected exactly 1)", t, n);
    }
}

static void load_sme(ldr_t *l, content_t *c)
{
    json_t *root = load_json(l, c, 2, "sme_rules.json");
    json_t *rows = root ? get_array(l, root, "rows", "") : NULL;
    if (!rows)
        return;
    if (json_array_size(rows) != SME_ROWS) {
        fail(l, "rows: expected %d rows, found %zu", SME_ROWS, json_array_size(rows));
        return;
    }
    const int64_t none = -1;
    for (size_t i = 0; i < SME_ROWS && !l->failed; i++) {
        char where[64];
        snprintf(where, sizeof where, "rows[%zu].", i);
        json_t *r = json_array_get(rows, i);
        sme_row_t *d = &c->rows[i];
        d->row = (int)get_int(l, r, "row", where, (int64_t)i + 1, (int64_t)i + 1, NULL);
        d->key = get_str(l, r, "key", where);
        d->category = get_text(l, r, "category", where);
        d->capital_max = get_int(l, r, "capital_max", where, 0, INT64_C(1) << 52, &none);
        d->employees_max = get_int(l, r, "employees_max", where, 0, 1000000, &none);
        bool from_main = get_bool(l, r, "employees_from_main_industry", where, false, false);
        if (l->failed)
            break;
        /* Rows 1-8 are industries (both limits); others never use capital. */
        if (d->row <= 8 && (d->capital_max < 0 || d->employees_max < 0 || from_main))
            fail(l, "%s: industry rows 1-8 need capital_max and employees_max", where);
        else if (d->row > 8 && d->capital_max >= 0)
            fail(l, "%scapital_max: rows 9-15 are judged on employees only", where);
        else if (d->row > 8 && (d->employees_max < 0) != from_main)
            fail(l, "%s: set either employees_max or employees_from_main_industry", where);
    }
    json_t *ss = get_array(l, root, "small_scale", "");
    if (ss && (json_array_size(ss) == 0 || json_array_size(ss) > MAX_SMALL_SCALE))
        fail(l, "small_scale: expected 1-%d entries", MAX_SMALL_SCALE);
    for (size_t i = 0; ss && !l->failed && i < json_array_size(ss); i++) {
        char where[64];
        snprintf(where, sizeof where, "small_scale[%zu].", i);
        json_t *s = json_array_get(ss, i);
        small_scale_t *d = &c->small_scale[i];
        d->key = get_str(l, s, "key", where);
        d->employees_max = get_int(l, s, "employees_max", where, 0, 1000000, NULL);
        d->label = get_text(l, s, "label", where);
        c->n_small_scale = i + 1;
    }
}

static void load_org_types(ldr_t *l, content_t *c)
{
    json_t *root = load_json(l, c, 3, "org_types.json");
    json_t *arr = root ? get_array(l, root, "org_types", "") : NULL;
    if (!arr)
        return;
    if (json_array_size(arr) == 0 || json_array_size(arr) > MAX_ORG_TYPES) {
        fail(l, "org_types: expected 1-%d entries", MAX_ORG_TYPES);
        return;
    }
    const int64_t none = 0;
    for (size_t i = 0; i < json_array_size(arr) && !l->failed; i++) {
        char where[64];
        snprintf(where, sizeof where, "org_types[%zu].", i);
        json_t *o = json_array_get(arr, i);
        org_type_t *d = &c->org_types[i];
        d->key = get_str(l, o, "key", where);
        d->label = get_text(l, o, "label", where);
        d->row = (int)get_int(l, o, "row", where, 1, SME_ROWS, &none);
        d->needs_industry = get_bool(l, o, "needs_industry", where, false, true);
        const char *j = get_str(l, o, "judged_on", where);
        if (strcmp(j, "capital_or_employees") == 0)
            d->judged_on = JUDGE_CAPITAL_OR_EMPLOYEES;
        else if (strcmp(j, "employees") == 0)
            d->judged_on = JUDGE_EMPLOYEES;
        else if (strcmp(j, "never") == 0)
            d->judged_on = JUDGE_NEVER;
        else
            fail(l, "%sjudged_on: expected capital_or_employees, employees or never", where);
        if (l->failed)
            break;
        if (d->judged_on != JUDGE_NEVER && d->row == 0 && !d->needs_industry)
            fail(l, "%s: without a fixed row the industry is needed", where);
        if (d->row >= 1 && d->row <= 8)
            fail(l, "%srow: industry rows 1-8 come from the industry", where);
        if (d->row > 0 && c->rows[d->row - 1].employees_max < 0 && !d->needs_industry)
            fail(l, "%s: row %d uses the main industry, so needs_industry must be true", where,
                 d->row);
        for (size_t k = 0; k < i; k++)
            if (strcmp(c->org_types[k].key, d->key) == 0)
                fail(l, "%skey: duplicate \"%s\"", where, d->key);
        c->n_org_types = i + 1;
    }
}

static void load_industries(ldr_t *l, content_t *c)
{
    json_t *root = load_json(l, c, 4, "industries.json");
    if (!root)
        return;
    json_t *div = get_array(l, root, "jsic_divisions", "");
    if (div && (json_array_size(div) == 0 || json_array_size(div) > MAX_JSIC))
        fail(l, "jsic_divisions: expected 1-%d entries", MAX_JSIC);
    for (size_t i = 0; div && !l->failed && i < json_array_size(div); i++) {
        char where[64];
        snprintf(where, sizeof where, "jsic_divisions[%zu].", i);
        json_t *d = json_array_get(div, i);
        c->jsic[i].code = get_str(l, d, "code", where);
        c->jsic[i].label = get_text(l, d, "label", where);
        c->n_jsic = i + 1;
    }
    json_t *arr = get_array(l, root, "industries", "");
    if (arr && (json_array_size(arr) == 0 || json_array_size(arr) > MAX_INDUSTRIES))
        fail(l, "industries: expected 1-%d entries", MAX_INDUSTRIES);
    for (size_t i = 0; arr && !l->failed && i < json_array_size(arr); i++) {
        char where[64];
        snprintf(where, sizeof where, "industries[%zu].", i);
        json_t *o = json_array_get(arr, i);
        industry_t *d = &c->industries[i];
        d->key = get_str(l, o, "key", where);
        d->label = get_text(l, o, "label", where);
        d->row = (int)get_int(l, o, "row", where, 1, 8, NULL);
        const char *ss = get_str(l, o, "small_scale", where);
        for (size_t k = 0; k < c->n_small_scale; k++)
            if (strcmp(c->small_scale[k].key, ss) == 0)
                d->small_scale = &c->small_scale[k];
        if (!l->failed && !d->small_scale)
            fail(l, "%ssmall_scale: \"%s\" is not in sme_rules.json small_scale", where, ss);
        json_t *js = get_array(l, o, "jsic", where);
        if (js && (json_array_size(js) == 0 || json_array_size(js) > MAX_JSIC))
            fail(l, "%sjsic: expected 1-%d division codes", where, MAX_JSIC);
        for (size_t k = 0; js && !l->failed && k < json_array_size(js); k++) {
            const char *code = json_string_value(json_array_get(js, k));
            bool known = false;
            for (size_t m = 0; code && m < c->n_jsic; m++)
                known = known || strcmp(c->jsic[m].code, code) == 0;
            if (!known)
                fail(l, "%sjsic[%zu]: not a division in jsic_divisions", where, k);
            d->jsic[k] = code;
            d->n_jsic = k + 1;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(c->industries[k].key, d->key) == 0)
                fail(l, "%skey: duplicate \"%s\"", where, d->key);
        c->n_industries = i + 1;
    }
}

/* org_types.json "jsic" (optional, fixed-row types): codes must be JSIC divisions. */
static void link_org_type_jsic(ldr_t *l, content_t *c)
{
    l->file = "org_types.json";
    json_t *arr = json_object_get(c->roots[3], "org_types");
    for (size_t i = 0; i < c->n_org_types && !l->failed; i++) {
        json_t *js = json_object_get(json_array_get(arr, i), "jsic");
        if (!js)
            continue;
        org_type_t *d = &c->org_types[i];
        if (!json_is_array(js) || json_array_size(js) == 0 || json_array_size(js) > 4 ||
            d->row == 0) {
            fail(l, "org_types[%zu].jsic: expected 1-4 division codes on a fixed-row type", i);
            break;
        }
        for (size_t k = 0; k < json_array_size(js) && !l->failed; k++) {
            const char *code = json_string_value(json_array_get(js, k));
            bool known = false;
            for (size_t m = 0; code && m < c->n_jsic; m++)
                known = known || strcmp(c->jsic[m].code, code) == 0;
            if (!known)
                fail(l, "org_types[%zu].jsic[%zu]: not a division in industries.json", i, k);
            d->jsic[k] = code;
            d->n_jsic = k + 1;
        }
    }
}

/* prefectures.csv: "#" comment lines, a header, then 47 rows
 * code,name_ja,name_en,region_ja,region_en,metro_area (no quoted fields). */
static void load_prefectures(ldr_t *l, content_t *c)
{
    l->file = "prefectures.csv";
    char path[1024];
    if (!str_fmt(path, sizeof path, "%s/prefectures.csv", l->dir)) {
        fail(l, "path too long");
        return;
    }
    c->prefectures_csv = file_read_all(path, DATA_MAX_BYTES, NULL);
    if (!c->prefectures_csv) {
        fail(l, "cannot read the file");
        return;
    }
    char *save = NULL;
    int lineno = 0, n = 0;
    bool header = false;
    for (char *line = strtok_r(c->prefectures_csv, "\n", &save); line && !l->failed;
         line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (!header) {
            header = true;
            if (!str_starts(line, "code,name_ja,name_en,region_ja,region_en,metro_area"))
                fail(l, "line %d: unexpected header", lineno);
            continue;
        }
        int commas = 0;
        for (const char *q = line; *q; q++)
            commas += *q == ',';
        if (commas != 5) {
            fail(l, "line %d: expected 6 fields", lineno);
            break;
        }
        char *f[6];
        char *p = line;
        for (int k = 0; k < 6; k++) {
            f[k] = p;
            char *comma = strchr(p, ',');
            if (comma) {
                *comma = '\0';
                p = comma + 1;
            }
        }
        int64_t code;
        if (n >= PREFECTURES || !str_to_i64(f[0], 1, PREFECTURES, &code) || code != n + 1) {
            fail(l, "line %d: code: expected %02d", lineno, n + 1);
            break;
        }
        for (int k = 1; k < 5; k++)
            if (!*f[k])
                fail(l, "line %d: field %d is empty", lineno, k + 1);
        prefecture_t *d = &c->prefectures[n++];
        d->code = (int)code;
        d->name = (dtext_t){f[1], f[2]};
        d->region = (dtext_t){f[3], f[4]};
        d->metro = f[5];
    }
    if (!l->failed && n != PREFECTURES)
        fail(l, "expected %d prefectures, found %d", PREFECTURES, n);
}

/* Every {{name}} in s must be a known placeholder. */
static void check_placeholders(ldr_t *l, json_t *known, const char *s, const char *where)
{
    for (const char *p = strstr(s, "{{"); p && !l->failed; p = strstr(p + 2, "{{")) {
        const char *end = strstr(p, "}}");
        if (!end) {
            fail(l, "%s: unterminated {{", where);
            return;
        }
        size_t n = (size_t)(end - p - 2);
        bool ok = false;
        for (size_t i = 0; i < json_array_size(known); i++) {
            const char *k = json_string_value(json_array_get(known, i));
            ok = ok || (k && strlen(k) == n && strncmp(k, p + 2, n) == 0);
        }
        if (!ok)
            fail(l, "%s: unknown placeholder {{%.*s}}", where, (int)n, p + 2);
    }
}

static void load_policy(ldr_t *l, content_t *c)
{
    json_t *root = load_json(l, c, 5, "policy_template.json");
    if (!root)
        return;
    json_t *known = get_array(l, root, "placeholders", "");
    c->policy_title = get_text(l, root, "title", "");
    json_t *secs = get_array(l, root, "sections", "");
    if (secs && (json_array_size(secs) == 0 || json_array_size(secs) > MAX_POLICY_SECTIONS))
        fail(l, "sections: expected 1-%d entries", MAX_POLICY_SECTIONS);
    for (size_t i = 0; secs && !l->failed && i < json_array_size(secs); i++) {
        char where[64];
        snprintf(where, sizeof where, "sections[%zu].", i);
        json_t *s = json_array_get(secs, i);
        policy_section_t *d = &c->policy_sections[i];
        d->key = get_str(l, s, "key", where);
        d->heading = get_text_ex(l, s, "heading", where, true);
        d->body = get_text(l, s, "body", where);
        check_placeholders(l, known, d->body.ja, where);
        check_placeholders(l, known, d->body.en, where);
        c->n_policy_sections = i + 1;
    }
    c->policy_footer = get_text(l, root, "footer", "");
    if (!l->failed) {
        check_placeholders(l, known, c->policy_footer.ja, "footer");
        check_placeholders(l, known, c->policy_footer.en, "footer");
    }
}

static void load_measures(ldr_t *l, content_t *c)
{
    json_t *root = load_json(l, c, 6, "measures.json");
    if (!root)
        return;
    json_t *roles = get_array(l, root, "roles", "");
    if (roles && (json_array_size(roles) == 0 || json_array_size(roles) > MAX_ROLES))
        fail(l, "roles: expected 1-%d entries", MAX_ROLES);
    for (size_t i = 0; roles && !l->failed && i < json_array_size(roles); i++) {
        char where[64];
        snprintf(where, sizeof where, "roles[%zu].", i);
        json_t *r = json_array_get(roles, i);
        c->roles[i].key = get_str(l, r, "key", where);
        c->roles[i].label = get_text(l, r, "label", where);
        c->n_roles = i + 1;
    }
    json_t *intro = json_object_get(root, "handbook_intro");
    c->hb_intro_title = get_text(l, intro, "title", "handbook_intro.");
    c->hb_intro_text = get_text(l, intro, "text", "handbook_intro.");

    json_t *arr = get_array(l, root, "measures", "");
    if (arr && (json_array_size(arr) == 0 || json_array_size(arr) > MAX_MEASURES))
        fail(l, "measures: expected 1-%d entries", MAX_MEASURES);
    bool covered[DIAG_ITEMS + 1] = {false};
    for (size_t i = 0; arr && !l->failed && i < json_array_size(arr); i++) {
        char where[64];
        snprintf(where, sizeof where, "measures[%zu].", i);
        json_t *m = json_array_get(arr, i);
        measure_t *d = &c->measures[i];
        d->id = get_str(l, m, "id", where);
        d->item = (int)get_int(l, m, "item", where, 0, DIAG_ITEMS, NULL);
        const char *owner = get_str(l, m, "owner", where);
        d->owner = content_role(c, owner);
        if (!l->failed && !d->owner)
            fail(l, "%sowner: \"%s\" is not in roles", where, owner);
        d->month_offset = (int)get_int(l, m, "month_offset", where, 0, 11, NULL);
        d->title = get_text(l, m, "title", where);
        json_t *hb = json_object_get(m, "handbook");
        char hbw[80];
        snprintf(hbw, sizeof hbw, "%shandbook.", where);
        d->hb_title = get_text(l, hb, "title", hbw);
        d->hb_text = get_text(l, hb, "text", hbw);
        for (size_t k = 0; k < i; k++)
            if (strcmp(c->measures[k].id, d->id) == 0)
                fail(l, "%sid: duplicate \"%s\"", where, d->id);
        covered[d->item] = true;
        c->n_measures = i + 1;
    }
    for (int i = 0; i <= DIAG_ITEMS && !l->failed; i++)
        if (!covered[i]) {
            if (i == 0)
                fail(l, "measures: at least one telework measure (item 0) is required");
            else
                fail(l, "measures: diagnosis item %d has no measure", i);
        }
}

content_t *content_load(const char *datadir, char *err, size_t errsz)
{
    char dummy[8];
    if (!err || errsz == 0) {
        err = dummy;
        errsz = sizeof dummy;
    }
    err[0] = '\0';
    content_t *c = calloc(1, sizeof *c);
    if (!c) {
        str_copy(err, errsz, "out of memory");
        return NULL;
    }
    ldr_t l = {.dir = datadir, .file = "", .err = err, .errsz = errsz};
    load_principles(&l, c);
    if (!l.failed)
        load_diagnosis(&l, c);
    if (!l.failed)
        load_sme(&l, c);
    if (!l.failed)
        load_org_types(&l, c);
    if (!l.failed)
        load_industries(&l, c);
    if (!l.failed)
        link_org_type_jsic(&l, c);
    if (!l.failed)
        load_prefectures(&l, c);
    if (!l.failed)
        load_policy(&l, c);
    if (!l.failed)
        load_measures(&l, c);
    if (l.failed) {
        content_free(c);
        return NULL;
    }
    return c;
}

void content_free(content_t *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < sizeof c->roots / sizeof c->roots[0]; i++)
        json_decref(c->roots[i]);
    free(c->prefectures_csv);
    free(c);
}

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static content_t *g_content;
static char g_error[512];

static void load_global(void)
{
    char dir[1024];
    if (!share_path(dir, sizeof dir, "data")) {
        str_copy(g_error, sizeof g_error, "data directory path too long");
        return;
    }
    g_content = content_load(dir, g_error, sizeof g_error);
    if (!g_content)
        log_error("framework content: %s", g_error);
}

const content_t *content_get(void)
{
    pthread_once(&g_once, load_global);
    return g_content;
}

const char *content_error(void)
{
    return g_error;
}

const diag_item_t *content_item(const content_t *c, int no)
{
    return no >= 1 && no <= DIAG_ITEMS ? &c->items[no - 1] : NULL;
}

const sme_row_t *content_row(const content_t *c, int row)
{
    return row >= 1 && row <= SME_ROWS ? &c->rows[row - 1] : NULL;
}

const org_type_t *content_org_type(const content_t *c, const char *key)
{
    for (size_t i = 0; key && i < c->n_org_types; i++)
        if (strcmp(c->org_types[i].key, key) == 0)
            return &c->org_types[i];
    return NULL;
}

const industry_t *content_industry(const content_t *c, const char *key)
{
    for (size_t i = 0; key && i < c->n_industries; i++)
        if (strcmp(c->industries[i].key, key) == 0)
            return &c->industries[i];
    return NULL;
}

const prefecture_t *content_prefecture(const content_t *c, int code)
{
    return code >= 1 && code <= PREFECTURES ? &c->prefectures[code - 1] : NULL;
}

const measure_t *content_measure(const content_t *c, const char *id)
{
    for (size_t i = 0; id && i < c->n_measures; i++)
        if (strcmp(c->measures[i].id, id) == 0)
            return &c->measures[i];
    return NULL;
}

const role_t *content_role(const content_t *c, const char *key)
{
    for (size_t i = 0; key && i < c->n_roles; i++)
        if (strcmp(c->roles[i].key, key) == 0)
            return &c->roles[i];
    return NULL;
}

const band_def_t *content_band(const content_t *c, int total)
{
    for (int i = 0; i < DIAG_BANDS; i++)
        if (total >= c->bands[i].min && total <= c->bands[i].max)
            return &c->bands[i];
    return NULL;
}
