/* survey_xlsx.h - a workbook with one sheet per questionnaire (libxlsxwriter). */
#ifndef OTASUKE_SURVEY_XLSX_H
#define OTASUKE_SURVEY_XLSX_H

#include "buf.h"

#include <jansson.h>

/* sheets: array of {"name": "...", "columns": [titles], "rows": [[cells]]}; cells are
 * strings (always text, never formulas), integers or null. Writes the .xlsx into out;
 * 0 or -1. */
int survey_xlsx_book(const json_t *sheets, buf_t *out);

#endif
