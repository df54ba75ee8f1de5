/* csv_out.h - CSV fields for exports that are opened in spreadsheets. */
#ifndef OTASUKE_CSV_OUT_H
#define OTASUKE_CSV_OUT_H

#include "buf.h"

#include <jansson.h>

/* One text field, always quoted (quotes doubled); a leading = + - @ tab or CR gets a ' in
 * front, so a spreadsheet never runs a name typed by a user as a formula. */
void csv_text(buf_t *b, const char *s);
/* A JSON value as one field: integers bare, strings as csv_text, anything else empty. */
void csv_value(buf_t *b, const json_t *v);

#endif
