/* pages_report.c - the final report: the expert writes and submits it once all visits are
 * done (/expert/matches/:id/report); the SME reads it and downloads it as a PDF
 * (/w/:org/program/report). */
#include "download.h"
#include "form.h"
#include "pages.h"
#include "pages_report_build.h"
#include "pages_report_core.h"
#include "str.h"

#include <string.h>

/* Page data common to both sides: names, and the report (or the preview) for display. */
static json_t *report_data(struct req *rq, const struct vmatch *m, json_t *rep)
{
    json_t *d =
        json_pack("{s:s,s:I,s:I,s:s,s:s,s:s,s:i,s:i,s:s}", "title", N_("Final report"), "id",
                  (json_int_t)m->id, "org_id", (json_int_t)m->org_id, "org_name", m->org_name,
                  "expert_name", m->expert_name, "program_name", m->program_name, "done", m->done,
                  "visit_count", m->visit_count, "status", m->status);
    if (rep) {
        json_object_set_new(d, "report",
                            json_pack("{s:O,s:O,s:O}", "overall", json_object_get(rep, "overall"),
                                      "recommendations", json_object_get(rep, "recommendations"),
                                      "submitted_on", json_object_get(rep, "submitted_on")));
        json_object_set_new(
            d, "display", report_display(rq->app->cat, rq->lang, json_object_get(rep, "snapshot")));
        json_decref(rep);
    }
    return d;
}

static void render_expert(struct req *rq, struct resp *rs, const struct vmatch *m, int status,
                          json_t *values, json_t *errors)
{
    json_t *d = report_data(rq, m, report_load(rq, m->id));
    bool can = !json_object_get(d, "report") && str_eq(m->status, "confirmed") &&
               m->done >= m->visit_count;
    json_object_set_new(d, "is_expert", json_true());
    json_object_set_new(d, "can_submit", json_boolean(can));
    if (can) {
        json_t *snap = report_preview(rq, m);
        json_object_set_new(d, "display", report_display(rq->app->cat, rq->lang, snap));
        json_decref(snap);
    }
    json_object_set_new(d, "values", values);
    json_object_set_new(d, "errors", errors);
    json_object_set_new(d, "first_error",
                        json_string(json_object_get(errors, "overall")           ? "overall"
                                    : json_object_get(errors, "recommendations") ? "recommendations"
                                                                                 : ""));
    page_render(rq, rs, "report/view", d);
    rs->status = status;
}

static void expert_report(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (!vmatch_load(rq, req_param_id(rq, 0), VM_EXPERT, &m)) {
        page_error(rq, rs, 404);
        return;
    }
    render_expert(rq, rs, &m, 200, json_object(), json_object());
}

static void expert_submit(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (!vmatch_load(rq, req_param_id(rq, 0), VM_EXPERT, &m)) {
        page_error(rq, rs, 404);
        return;
    }
    json_t *errors = json_object();
    int rc =
        report_submit(rq, &m, req_form(rq, "overall"), req_form(rq, "recommendations"), errors);
    if (rc < 0)
        form_error(rq, errors, "overall",
                   N_("The final report can be submitted once, after all visits are done."));
    if (rc != 0) {
        render_expert(rq, rs, &m, 422, form_values(rq), errors);
        return;
    }
    json_decref(errors);
    flash_set(rq, rs,
              "The final report was submitted. The company and the secretariat were told "
              "by e-mail.");
    resp_redirectf(rs, "/expert/matches/%lld/report", (long long)m.id);
}

static void sme_report(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    json_t *d;
    if (vmatch_load_for_org(rq, rq->org_id, &m)) {
        d = report_data(rq, &m, report_load(rq, m.id));
        json_object_set_new(d, "has_match", json_true());
    } else {
        d = json_pack("{s:s,s:I,s:b}", "title", N_("Final report"), "org_id",
                      (json_int_t)rq->org_id, "has_match", 0);
    }
    page_render(rq, rs, "report/view", d);
}

static void sme_report_pdf(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    json_t *rep = vmatch_load_for_org(rq, rq->org_id, &m) ? report_load(rq, m.id) : NULL;
    if (!rep) {
        page_error(rq, rs, 404);
        return;
    }
    json_t *disp = report_display(rq->app->cat, rq->lang, json_object_get(rep, "snapshot"));
    json_t *blocks = json_array();
    size_t i, k;
    json_t *s, *x;
    json_array_foreach(json_object_get(disp, "sections"), i, s)
    {
        json_array_append_new(
            blocks, json_pack("{s:s,s:O}", "type", "h2", "text", json_object_get(s, "title")));
        json_t *rows = json_array();
        json_array_foreach(json_object_get(s, "rows"), k, x) json_array_append_new(
            rows, json_pack("[O,O]", json_object_get(x, "label"), json_object_get(x, "value")));
        if (json_array_size(rows))
            json_array_append_new(blocks, json_pack("{s:s,s:[s,s],s:[i,i],s:o}", "type", "table",
                                                    "columns", tr(rq, "Item"), tr(rq, "Content"),
                                                    "widths", 1, 2, "rows", rows));
        else
            json_decref(rows);
        if (json_array_size(json_object_get(s, "list")))
            json_array_append_new(
                blocks, json_pack("{s:s,s:O}", "type", "ul", "items", json_object_get(s, "list")));
    }
    json_array_append_new(blocks,
                          json_pack("{s:s,s:s}", "type", "h2", "text", tr(rq, "Overall comments")));
    json_array_append_new(
        blocks, json_pack("{s:s,s:O}", "type", "p", "text", json_object_get(rep, "overall")));
    json_array_append_new(blocks,
                          json_pack("{s:s,s:s}", "type", "h2", "text", tr(rq, "Recommendations")));
    json_array_append_new(blocks, json_pack("{s:s,s:O}", "type", "p", "text",
                                            json_object_get(rep, "recommendations")));
    char expert[400], when[64], ascii[64], utf8[700];
    str_fmt(expert, sizeof expert, "%s: %s", tr(rq, "Expert"), m.expert_name);
    str_fmt(when, sizeof when, "%s: %s", tr(rq, "Submitted on"),
            json_string_value(json_object_get(rep, "submitted_on")));
    str_fmt(ascii, sizeof ascii, "final-report-%s.pdf",
            json_string_value(json_object_get(rep, "submitted_on")));
    if (!str_fmt(utf8, sizeof utf8, "%s_%s.pdf", tr(rq, "Final report"), m.org_name))
        utf8[0] = '\0';
    json_t *doc = json_pack("{s:s,s:s,s:[s,s,s],s:o}", "title", tr(rq, "Final report"), "subtitle",
                            m.org_name, "meta", m.program_name, expert, when, "blocks", blocks);
    json_decref(disp);
    json_decref(rep);
    resp_pdf(rq, rs, doc, ascii, utf8);
}

void pages_report_register(struct app *app)
{
    route_add(app, "GET", "/expert/matches/:id/report", R_ADVISOR, expert_report);
    route_add(app, "POST", "/expert/matches/:id/report", R_ADVISOR, expert_submit);
    route_add(app, "GET", "/w/:org/program/report", R_ORG, sme_report);
    route_add(app, "GET", "/w/:org/program/report.pdf", R_ORG, sme_report_pdf);
}
