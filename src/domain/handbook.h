/* handbook.h - the employee handbook (情報セキュリティハンドブック) assembled from measures. */
#ifndef OTASUKE_HANDBOOK_H
#define OTASUKE_HANDBOOK_H

#include "buf.h"
#include "content.h"
#include "plan.h"

/* Orders the chosen measures as chapters (item 1-25 in order, telework last, data-file order
 * within an item) and drops duplicates. Returns the number of chapters written. */
size_t handbook_chapters(const content_t *c, const measure_t *const *chosen, size_t n,
                         const measure_t **chapters, size_t max);

/* Plain-text draft: intro (with {{org_name}} filled) and numbered chapters. */
void handbook_render_text(const content_t *c, const measure_t *const *chosen, size_t n,
                          const char *org_name, const char *lang, buf_t *out);

/* The same for every measure in a plan. */
void handbook_from_plan(const content_t *c, const plan_t *p, const char *org_name, const char *lang,
                        buf_t *out);

#endif
