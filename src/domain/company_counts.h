/* company_counts.h - parses the operator's CSV of the number of companies per prefecture
 * (e.g. from 経済センサス): one line per prefecture, "code or name,count". */
#ifndef OTASUKE_COMPANY_COUNTS_H
#define OTASUKE_COMPANY_COUNTS_H

#include "content.h"

#include <stddef.h>
#include <stdint.h>

#define CC_MAX_ERRORS 100
#define CC_MAX_COUNT 100000000 /* per prefecture; more is a typo */

enum cc_problem {
    CC_FIELDS = 1, /* not two fields */
    CC_PREFECTURE, /* unknown prefecture code or name */
    CC_NUMBER,     /* count is not a whole number 0..CC_MAX_COUNT */
    CC_DUPLICATE,  /* prefecture given twice */
    CC_MISSING,    /* prefecture (pref) has no line; line = 0 */
    CC_ENCODING,   /* not UTF-8 */
    CC_EMPTY,      /* no data at all; line = 0 */
};

struct cc_error {
    int line; /* 1-based line of the input; 0 for the whole file */
    enum cc_problem problem;
    int pref; /* CC_DUPLICATE, CC_MISSING: the prefecture code */
};

struct cc_result {
    int64_t companies[PREFECTURES + 1]; /* [1..47] */
    int64_t total;
    size_t nerr;
    struct cc_error err[CC_MAX_ERRORS];
    bool more_errors; /* more than CC_MAX_ERRORS problems */
};

/* Parses text (len bytes). Lines may end in LF or CRLF; a UTF-8 BOM, blank lines and a first
 * line whose count is not a number (a header) are skipped. Fields may be quoted ("114,445");
 * thousands separators and spaces in counts are ignored. A prefecture is its JIS code (1 or
 * 01..47), its Japanese name (with or without 都/府/県) or its English name (any case).
 * Returns 0 when all 47 prefectures have exactly one valid line, else -1 with the problems
 * in out->err (by line). */
int cc_parse(const content_t *ct, const char *text, size_t len, struct cc_result *out);

#endif
