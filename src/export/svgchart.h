/* svgchart.h - small accessible SVG charts (bars, trend line) as strings for pages and
 * reports. */
#ifndef OTASUKE_SVGCHART_H
#define OTASUKE_SVGCHART_H

#include "buf.h"

#include <stddef.h>

/* A horizontal bar chart: one bar per label, value / max of the width. */
struct svgchart_bars {
    const char *id;    /* unique on the page; prefixes the title/desc ids ("chart") */
    const char *title; /* <title>, read by screen readers */
    const char *desc;  /* <desc>; the values are appended as text */
    const char *const *labels;
    const double *values;
    size_t n;
    double max;          /* scale; 0 = the largest value */
    const double *maxes; /* or NULL; else each bar's own maximum, shown as "v / max" */
    const char *suffix;  /* after each value, e.g. " 点" or NULL */
    int width;           /* total width in px; 0 = 480 */
};

/* A line chart of a trend: points at dates ("YYYY-MM-DD" or ISO timestamps, placed in time
 * when all parse, else evenly), y from ymin to ymax (both 0 = from the data). */
struct svgchart_line {
    const char *id, *title, *desc;
    const char *const *dates;
    const double *values;
    size_t n;
    double ymin, ymax;
    int width, height; /* 0 = 480 x 240 */
};

/* Append the chart's <svg> to out. Returns 0, or -1 on invalid input (NULL title, n = 0 or
 * over 1000, a value that is not finite or is negative for bars). Text is XML-escaped. */
int svgchart_bar(buf_t *out, const struct svgchart_bars *c);
int svgchart_trend(buf_t *out, const struct svgchart_line *c);

#endif
