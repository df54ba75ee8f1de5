/* policy.h - the basic policy (情報セキュリティ基本方針) drafted from the template. */
#ifndef OTASUKE_POLICY_H
#define OTASUKE_POLICY_H

#include "buf.h"
#include "content.h"

typedef struct {
    const char *org_name;       /* organization name */
    const char *representative; /* e.g. "代表取締役 山田太郎" */
    const char *date;           /* "YYYY-MM-DD" */
} policy_vars_t;

/* Replaces {{org_name}}, {{representative}} and {{date}} in tmpl (one pass: values are
 * never re-scanned). A missing value becomes a visible hint such as 「［代表者名］」; dates
 * are written 「2026年11月22日」 / "22 November 2026". Other text is copied as is. */
void policy_fill(const char *tmpl, const policy_vars_t *v, const char *lang, buf_t *out);

/* The whole draft as plain text: title, sections with headings, then the footer. */
void policy_render_text(const content_t *c, const policy_vars_t *v, const char *lang, buf_t *out);

/* Formats "YYYY-MM-DD" for lang into out; false if the date is not valid. */
bool policy_format_date(const char *iso, const char *lang, char *out, size_t outsz);

#endif
