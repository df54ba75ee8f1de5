/* xmlesc.h - XML text escaping shared by the SVG writers. */
#ifndef OTASUKE_XMLESC_H
#define OTASUKE_XMLESC_H

#include "buf.h"

/* Appends s with & < > " ' escaped; C0 control characters other than tab, LF and CR
 * (not allowed in XML 1.0) are dropped, as are invalid UTF-8 bytes. */
void xml_escape(buf_t *out, const char *s);

#endif
