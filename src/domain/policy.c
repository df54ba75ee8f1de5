/* policy.c - fill the basic policy template from the organization profile. */
#include "policy.h"

#include "str.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>

bool policy_format_date(const char *iso, const char *lang, char *out, size_t outsz)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    if (!iso || !time_valid_date(iso))
        return false;
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    if (lang_is_en(lang))
        return str_fmt(out, outsz, "%d %s %d", d, months[m - 1], y);
    return str_fmt(out, outsz, "%d年%d月%d日", y, m, d);
}

static void put_var(const char *name, size_t n, const policy_vars_t *v, const char *lang,
                    buf_t *out)
{
    bool en = lang_is_en(lang);
    const char *val = NULL, *hint = NULL;
    if (n == 8 && strncmp(name, "org_name", n) == 0) {
        val = v->org_name;
        hint = en ? "[organization name]" : "［組織名］";
    } else if (n == 14 && strncmp(name, "representative", n) == 0) {
        val = v->representative;
        hint = en ? "[title and name of the representative]" : "［代表者の役職・氏名］";
    } else if (n == 4 && strncmp(name, "date", n) == 0) {
        char d[64];
        if (v->date && policy_format_date(v->date, lang, d, sizeof d)) {
            buf_puts(out, d);
            return;
        }
        hint = en ? "[date]" : "［制定日］";
    } else { /* not ours: keep it verbatim */
        buf_puts(out, "{{");
        buf_append(out, name, n);
        buf_puts(out, "}}");
        return;
    }
    buf_puts(out, val && *val ? val : hint);
}

void policy_fill(const char *tmpl, const policy_vars_t *v, const char *lang, buf_t *out)
{
    const char *p = tmpl;
    for (;;) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open + 2, "}}") : NULL;
        if (!open || !close) {
            buf_puts(out, p);
            return;
        }
        buf_append(out, p, (size_t)(open - p));
        put_var(open + 2, (size_t)(close - open - 2), v, lang, out);
        p = close + 2;
    }
}

void policy_render_text(const content_t *c, const policy_vars_t *v, const char *lang, buf_t *out)
{
    buf_puts(out, dtext_get(&c->policy_title, lang));
    buf_puts(out, "\n\n");
    for (size_t i = 0; i < c->n_policy_sections; i++) {
        const policy_section_t *s = &c->policy_sections[i];
        const char *h = dtext_get(&s->heading, lang);
        if (*h) {
            buf_puts(out, h);
            buf_putc(out, '\n');
        }
        policy_fill(dtext_get(&s->body, lang), v, lang, out);
        buf_puts(out, "\n\n");
    }
    policy_fill(dtext_get(&c->policy_footer, lang), v, lang, out);
    buf_putc(out, '\n');
}
