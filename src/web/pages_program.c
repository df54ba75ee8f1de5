/* pages_program.c - the secretariat's programs: list with counts, create and edit with full
 * validation, the overview with the tab bar of every program page. */
#include "content.h"
#include "timeutil.h"
#include "form.h"
#include "log.h"
#include "pages.h"
#include "program_core.h"
#include "str.h"

#include <string.h>

static void list(struct req *rq, struct resp *rs)
{
    db_res_t *r = db_query(
        rq->db,
        "SELECT p.id, p.year, p.name, p.capacity, p.accepted, p.apply_from, p.apply_until, "
        "(SELECT COUNT(*) FROM program_applications a WHERE a.program_id = p.id AND a.status <> "
        "'withdrawn') FROM programs p ORDER BY p.year DESC, p.apply_from DESC, p.id DESC",
        NULL);
    if (!r) {
        page_error(rq, rs, 500);
        return;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++)
        json_array_append_new(
            rows,
            json_pack("{s:I,s:I,s:s,s:I,s:I,s:s,s:s,s:I}", "id", (json_int_t)db_res_int(r, i, 0),
                      "year", (json_int_t)db_res_int(r, i, 1), "name", db_res_text(r, i, 2),
                      "capacity", (json_int_t)db_res_int(r, i, 3), "accepted",
                      (json_int_t)db_res_int(r, i, 4), "apply_from", db_res_text(r, i, 5),
                      "apply_until", db_res_text(r, i, 6), "applications",
                      (json_int_t)db_res_int(r, i, 7)));
    db_res_free(r);
    page_render(rq, rs, "program/list",
                json_pack("{s:s,s:o}", "title", N_("Guidance programs"), "programs", rows));
}

static prog_form_t form_from_req(const struct req *rq)
{
    prog_form_t f = {
        req_form(rq, "year"),
        req_form(rq, "name"),
        req_form(rq, "description"),
        req_form(rq, "capacity"),
        req_form(rq, "apply_from"),
        req_form(rq, "apply_until"),
        req_form(rq, "visits_from"),
        req_form(rq, "visits_until"),
        req_form(rq, "visit_count"),
        req_form(rq, "fee_per_visit"),
        req_form(rq, "require_sme"),
        req_form(rq, "min_stars"),
        req_form(rq, "require_no_policy"),
        req_form(rq, "excluded_program_id"),
        {NULL},
        {NULL},
    };
    for (int i = 0; i < PROG_MAX_VISITS; i++) {
        char k[32];
        str_fmt(k, sizeof k, "title_ja_%d", i + 1);
        f.title_ja[i] = req_form(rq, k);
        str_fmt(k, sizeof k, "title_en_%d", i + 1);
        f.title_en[i] = req_form(rq, k);
    }
    return f;
}

/* The first invalid field in form order into out ("" when none). */
static void first_error(json_t *errors, char *out, size_t outsz)
{
    out[0] = '\0';
    for (size_t i = 0; PROG_FIELDS[i]; i++) {
        if (str_eq(PROG_FIELDS[i], "title_ja_1")) {
            for (int n = 1; n <= PROG_MAX_VISITS; n++) {
                str_fmt(out, outsz, "title_ja_%d", n);
                if (json_object_get(errors, out))
                    return;
                str_fmt(out, outsz, "title_en_%d", n);
                if (json_object_get(errors, out))
                    return;
            }
            out[0] = '\0';
            continue;
        }
        if (json_object_get(errors, PROG_FIELDS[i])) {
            str_copy(out, outsz, PROG_FIELDS[i]);
            return;
        }
    }
}

/* Renders the create/edit form. values holds strings as a form would. */
static void render_form(struct req *rq, struct resp *rs, int64_t id, json_t *values, json_t *errors,
                        int status)
{
    char first[32];
    first_error(errors, first, sizeof first);
    json_t *cur = json_array();
    for (int n = 1; n <= PROG_MAX_VISITS; n++) {
        char kj[32], ke[32];
        str_fmt(kj, sizeof kj, "title_ja_%d", n);
        str_fmt(ke, sizeof ke, "title_en_%d", n);
        json_t *ej = json_object_get(errors, kj), *ee = json_object_get(errors, ke);
        const char *vj = json_string_value(json_object_get(values, kj));
        const char *ve = json_string_value(json_object_get(values, ke));
        json_array_append_new(cur, json_pack("{s:i,s:s,s:s,s:s,s:s,s:b,s:b}", "no", n, "ja",
                                             vj ? vj : "", "en", ve ? ve : "", "err_ja",
                                             ej ? json_string_value(ej) : "", "err_en",
                                             ee ? json_string_value(ee) : "", "focus_ja",
                                             str_eq(first, kj), "focus_en", str_eq(first, ke)));
    }
    /* Earlier programs to exclude: every other program. */
    db_res_t *r = db_query(rq->db,
                           "SELECT id, year, name FROM programs WHERE id <> ? ORDER BY year "
                           "DESC, id DESC",
                           "i", id);
    json_t *progs = json_array();
    const char *sel = json_string_value(json_object_get(values, "excluded_program_id"));
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_array_append_new(progs,
                              json_pack("{s:s,s:s,s:s,s:b}", "id", db_res_text(r, i, 0), "year",
                                        db_res_text(r, i, 1), "name", db_res_text(r, i, 2),
                                        "selected", sel && str_eq(sel, db_res_text(r, i, 0))));
    db_res_free(r);
    char action[64];
    if (id > 0)
        str_fmt(action, sizeof action, "/operator/programs/%lld/edit", (long long)id);
    else
        str_copy(action, sizeof action, "/operator/programs/new");
    json_t *d = json_pack("{s:s,s:o,s:o,s:s,s:o,s:o,s:s}", "title",
                          id > 0 ? N_("Change the program") : N_("Create a program"), "values",
                          values, "errors", errors, "first_error", first, "curriculum", cur,
                          "programs", progs, "action", action);
    if (id > 0)
        json_object_set_new(d, "program", json_pack("{s:I}", "id", (json_int_t)id));
    page_render(rq, rs, "program/form", d);
    rs->status = status;
}

static void new_form(struct req *rq, struct resp *rs)
{
    char today[11], year[8];
    time_jst_date(today, time(NULL), 0);
    str_fmt(year, sizeof year, "%.4s", today);
    json_t *v = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "year", year, "visit_count", "4",
                          "fee_per_visit", "0", "require_sme", "1", "min_stars", "1",
                          "require_no_policy", "1", "excluded_program_id", "");
    json_t *cur = prog_default_curriculum();
    size_t i;
    json_t *c;
    json_array_foreach(cur, i, c)
    {
        char k[32];
        str_fmt(k, sizeof k, "title_ja_%d", (int)json_integer_value(json_object_get(c, "no")));
        json_object_set(v, k, json_object_get(c, "ja"));
        str_fmt(k, sizeof k, "title_en_%d", (int)json_integer_value(json_object_get(c, "no")));
        json_object_set(v, k, json_object_get(c, "en"));
    }
    json_decref(cur);
    render_form(rq, rs, 0, v, json_object(), 200);
}

static void save(struct req *rq, struct resp *rs, int64_t id)
{
    prog_form_t f = form_from_req(rq);
    prog_checked_t c;
    json_t *errors = json_object();
    if (prog_check(rq, &f, id, errors, &c)) {
        int64_t saved = prog_save(rq, id, &f, &c);
        if (saved > 0) {
            json_decref(errors);
            char detail[64];
            str_fmt(detail, sizeof detail, "program=%lld", (long long)saved);
            audit(rq, id ? "program_update" : "program_create", 0, detail);
            flash_set(rq, rs, "The program was saved.");
            resp_redirectf(rs, "/operator/programs/%lld", (long long)saved);
            return;
        }
        if (saved == -2)
            form_error(rq, errors, "capacity",
                       "The capacity cannot be smaller than the number of companies already "
                       "accepted.");
        else
            form_error(rq, errors, "name", "Something went wrong. Please try again.");
    }
    render_form(rq, rs, id, form_values(rq), errors, 422);
}

static void new_submit(struct req *rq, struct resp *rs)
{
    save(rq, rs, 0);
}

static json_t *load_or_404(struct req *rq, struct resp *rs)
{
    json_t *p = prog_get(rq->db, req_param_id(rq, 0), rq->lang);
    if (!p)
        page_error(rq, rs, 404);
    return p;
}

/* The stored program as form values (strings). */
static json_t *values_of(const json_t *p)
{
    json_t *v = json_object();
    const char *keys[] = {"year",        "name",          "description", "capacity",
                          "apply_from",  "apply_until",   "visits_from", "visits_until",
                          "visit_count", "fee_per_visit", "min_stars",   "excluded_program_id"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *x = json_object_get(p, keys[i]);
        char buf[32];
        if (json_is_integer(x)) {
            str_fmt(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(x));
            json_object_set_new(v, keys[i], json_string(buf));
        } else if (json_is_string(x)) {
            json_object_set(v, keys[i], x);
        } else {
            json_object_set_new(v, keys[i], json_string(""));
        }
    }
    if (json_is_true(json_object_get(p, "require_sme")))
        json_object_set_new(v, "require_sme", json_string("1"));
    if (json_is_true(json_object_get(p, "require_no_policy")))
        json_object_set_new(v, "require_no_policy", json_string("1"));
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(p, "curriculum"), i, c)
    {
        char k[32];
        int no = (int)json_integer_value(json_object_get(c, "no"));
        str_fmt(k, sizeof k, "title_ja_%d", no);
        json_object_set(v, k, json_object_get(c, "title_ja"));
        str_fmt(k, sizeof k, "title_en_%d", no);
        json_object_set(v, k, json_object_get(c, "title_en"));
    }
    return v;
}

static void edit_form(struct req *rq, struct resp *rs)
{
    json_t *p = load_or_404(rq, rs);
    if (!p)
        return;
    int64_t id = json_integer_value(json_object_get(p, "id"));
    render_form(rq, rs, id, values_of(p), json_object(), 200);
    json_decref(p);
}

static void edit_submit(struct req *rq, struct resp *rs)
{
    json_t *p = load_or_404(rq, rs);
    if (!p)
        return;
    int64_t id = json_integer_value(json_object_get(p, "id"));
    json_decref(p);
    save(rq, rs, id);
}

static void overview(struct req *rq, struct resp *rs)
{
    json_t *p = load_or_404(rq, rs);
    if (!p)
        return;
    db_res_t *r =
        db_query(rq->db,
                 "SELECT COALESCE(SUM(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN status = 'withdrawn' THEN 1 ELSE 0 END), 0) FROM "
                 "program_applications WHERE program_id = ?",
                 "i", (int64_t)json_integer_value(json_object_get(p, "id")));
    json_t *counts =
        json_pack("{s:I,s:I,s:I,s:I}", "submitted", (json_int_t)(r ? db_res_int(r, 0, 0) : 0),
                  "waitlisted", (json_int_t)(r ? db_res_int(r, 0, 1) : 0), "rejected",
                  (json_int_t)(r ? db_res_int(r, 0, 2) : 0), "withdrawn",
                  (json_int_t)(r ? db_res_int(r, 0, 3) : 0));
    db_res_free(r);
    json_t *d = json_pack("{s:s,s:o,s:o,s:s,s:b}", "title", N_("Program overview"), "program", p,
                          "counts", counts, "tab", "overview", "show_fee", 1);
    page_render(rq, rs, "program/overview", d);
}

void pages_program_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN;
    route_add(app, "GET", "/operator/programs", ops, list);
    route_add(app, "GET", "/operator/programs/new", ops, new_form);
    route_add(app, "POST", "/operator/programs/new", ops, new_submit);
    route_add(app, "GET", "/operator/programs/:id", ops, overview);
    route_add(app, "GET", "/operator/programs/:id/edit", ops, edit_form);
    route_add(app, "POST", "/operator/programs/:id/edit", ops, edit_submit);
    pages_program_apps_register(app);
    pages_program_sme_register(app);
    pages_program_public_register(app);
    api_program_register(app);
}
