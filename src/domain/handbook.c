/* handbook.c - assemble handbook chapters from the measures an organization chose. */
#include "handbook.h"

#include "policy.h"

size_t handbook_chapters(const content_t *c, const measure_t *const *chosen, size_t n,
                         const measure_t **chapters, size_t max)
{
    size_t out = 0;
    /* Telework (item 0) last: walk items 1..25, then 0; data-file order inside an item. */
    for (int pass = 1; pass <= DIAG_ITEMS + 1; pass++) {
        int item = pass == DIAG_ITEMS + 1 ? 0 : pass;
        for (size_t m = 0; m < c->n_measures && out < max; m++) {
            const measure_t *ms = &c->measures[m];
            if (ms->item != item)
                continue;
            bool picked = false;
            for (size_t k = 0; k < n && !picked; k++)
                picked = chosen[k] == ms;
            if (picked)
                chapters[out++] = ms;
        }
    }
    return out;
}

void handbook_render_text(const content_t *c, const measure_t *const *chosen, size_t n,
                          const char *org_name, const char *lang, buf_t *out)
{
    const measure_t *ch[MAX_MEASURES];
    size_t nch = handbook_chapters(c, chosen, n, ch, MAX_MEASURES);
    bool en = lang_is_en(lang);
    policy_vars_t v = {.org_name = org_name};
    buf_puts(out, en ? "Information Security Handbook" : "情報セキュリティハンドブック");
    buf_puts(out, "\n\n");
    buf_puts(out, dtext_get(&c->hb_intro_title, lang));
    buf_putc(out, '\n');
    policy_fill(dtext_get(&c->hb_intro_text, lang), &v, lang, out);
    buf_puts(out, "\n\n");
    for (size_t i = 0; i < nch; i++) {
        if (en)
            buf_printf(out, "Chapter %zu. %s\n", i + 1, dtext_get(&ch[i]->hb_title, lang));
        else
            buf_printf(out, "第%zu章 %s\n", i + 1, dtext_get(&ch[i]->hb_title, lang));
        policy_fill(dtext_get(&ch[i]->hb_text, lang), &v, lang, out);
        buf_puts(out, "\n\n");
    }
}

void handbook_from_plan(const content_t *c, const plan_t *p, const char *org_name, const char *lang,
                        buf_t *out)
{
    const measure_t *chosen[MAX_MEASURES];
    size_t n = 0;
    for (size_t i = 0; i < p->n && n < MAX_MEASURES; i++)
        chosen[n++] = p->e[i].measure;
    handbook_render_text(c, chosen, n, org_name, lang, out);
}
