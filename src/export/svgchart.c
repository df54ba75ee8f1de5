/* svgchart.c - small accessible SVG charts (bars, trend line) as strings. */
#include "svgchart.h"
#include "str.h"
#include "timeutil.h"
#include "xmlesc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FONT "font-family=\"'Noto Sans JP', -apple-system, BlinkMacSystemFont, sans-serif\""
#define MAX_POINTS 1000

/* Prints v compactly: integers without decimals, others with one. */
static void put_num(buf_t *out, double v)
{
    if (fabs(v - round(v)) < 1e-9)
        buf_printf(out, "%.0f", v);
    else
        buf_printf(out, "%.1f", v);
}

static bool id_ok(const char *id)
{
    if (!id || !*id || strlen(id) > 40)
        return false;
    for (; *id; id++)
        if (!((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z') ||
              (*id >= '0' && *id <= '9') || *id == '-' || *id == '_'))
            return false;
    return true;
}

static void open_svg(buf_t *out, const char *id, int w, int h, const char *title, const char *desc)
{
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" "
               "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
               "aria-labelledby=\"%s-title %s-desc\" %s>\n<title id=\"%s-title\">",
               w, h, w, h, id, id, FONT, id);
    xml_escape(out, title);
    buf_printf(out, "</title>\n<desc id=\"%s-desc\">", id);
    if (desc && *desc) {
        xml_escape(out, desc);
        buf_putc(out, ' ');
    }
}

/* "18 点", or "18 / 20 点" when each bar has its own maximum. */
static void put_value(buf_t *out, const struct svgchart_bars *c, size_t i, const char *suffix)
{
    put_num(out, c->values[i]);
    if (c->maxes) {
        buf_puts(out, " / ");
        put_num(out, c->maxes[i]);
    }
    xml_escape(out, suffix);
}

int svgchart_bar(buf_t *out, const struct svgchart_bars *c)
{
    const char *id = c->id ? c->id : "chart";
    if (!c->title || c->n == 0 || c->n > MAX_POINTS || !c->labels || !c->values || !id_ok(id))
        return -1;
    double max = c->max;
    for (size_t i = 0; i < c->n; i++) {
        if (!isfinite(c->values[i]) || c->values[i] < 0 || !c->labels[i])
            return -1;
        if (c->maxes && !(isfinite(c->maxes[i]) && c->maxes[i] > 0))
            return -1;
        if (c->max <= 0 && c->values[i] > max)
            max = c->values[i];
    }
    if (!isfinite(max) || max <= 0)
        max = 1;
    const char *suffix = c->suffix ? c->suffix : "";
    int w = c->width > 0 ? c->width : 480;
    int label_w = w * 3 / 10, value_w = c->maxes ? 112 : 72, bar_x = label_w + 8;
    int bar_max = w - bar_x - value_w;
    if (bar_max < 20)
        return -1;
    int row = 32, h = (int)c->n * row + 8;

    open_svg(out, id, w, h, c->title, c->desc);
    for (size_t i = 0; i < c->n; i++) { /* the data as text for screen readers */
        xml_escape(out, c->labels[i]);
        buf_puts(out, ": ");
        put_value(out, c, i, suffix);
        buf_puts(out, i + 1 < c->n ? "、" : "");
    }
    buf_puts(out, "</desc>\n");
    for (size_t i = 0; i < c->n; i++) {
        double m = c->maxes ? c->maxes[i] : max;
        double v = c->values[i] > m ? m : c->values[i];
        double bw = bar_max * v / m;
        int y = 4 + (int)i * row;
        buf_puts(out, "<g>\n<title>");
        xml_escape(out, c->labels[i]);
        buf_puts(out, ": ");
        put_value(out, c, i, suffix);
        buf_puts(out, "</title>\n");
        buf_printf(out,
                   "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#333333\" "
                   "text-anchor=\"end\">",
                   label_w, y + 19);
        xml_escape(out, c->labels[i]);
        buf_puts(out, "</text>\n");
        buf_printf(out,
                   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" rx=\"2\" "
                   "fill=\"#e8ecfa\"/>\n",
                   bar_x, y + 4, bar_max);
        buf_printf(out,
                   "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" rx=\"2\" "
                   "fill=\"#0017c1\"/>\n",
                   bar_x, y + 4, bw);
        buf_printf(out,
                   "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"700\" "
                   "fill=\"#333333\">",
                   bar_x + bar_max + 8, y + 19);
        put_value(out, c, i, suffix);
        buf_puts(out, "</text>\n</g>\n");
    }
    buf_puts(out, "</svg>\n");
    return out->oom ? -1 : 0;
}

/* A point's date for people: an ISO timestamp ("2026-01-31T00:00:00Z") as its date part,
 * any other label as it is (never cut inside a UTF-8 character). */
static void put_day(buf_t *out, const char *date)
{
    char day[11];
    if (strlen(date) > 10 && date[10] == 'T') {
        str_copy(day, sizeof day, date);
        date = day;
    }
    xml_escape(out, date);
}

int svgchart_trend(buf_t *out, const struct svgchart_line *c)
{
    const char *id = c->id ? c->id : "chart";
    if (!c->title || c->n == 0 || c->n > MAX_POINTS || !c->dates || !c->values || !id_ok(id))
        return -1;
    double lo = c->ymin, hi = c->ymax;
    bool from_data = lo == 0 && hi == 0;
    time_t t0 = 0, t1 = 0;
    bool in_time = true;
    for (size_t i = 0; i < c->n; i++) {
        time_t t;
        if (!isfinite(c->values[i]) || !c->dates[i])
            return -1;
        if (from_data) {
            if (i == 0 || c->values[i] < lo)
                lo = c->values[i];
            if (i == 0 || c->values[i] > hi)
                hi = c->values[i];
        }
        if (in_time && time_parse_iso(c->dates[i], &t)) {
            if (i == 0 || t < t0)
                t0 = t;
            if (i == 0 || t > t1)
                t1 = t;
        } else {
            in_time = false;
        }
    }
    if (!isfinite(lo) || !isfinite(hi))
        return -1;
    if (hi <= lo)
        hi = lo + 1;
    if (t1 <= t0)
        in_time = false;
    int w = c->width > 0 ? c->width : 480, h = c->height > 0 ? c->height : 240;
    int left = 44, right = 16, top = 12, bottom = 36;
    double pw = w - left - right, ph = h - top - bottom;
    if (pw < 40 || ph < 40)
        return -1;

    open_svg(out, id, w, h, c->title, c->desc);
    for (size_t i = 0; i < c->n; i++) {
        put_day(out, c->dates[i]);
        buf_puts(out, ": ");
        put_num(out, c->values[i]);
        buf_puts(out, i + 1 < c->n ? "、" : "");
    }
    buf_puts(out, "</desc>\n");
    /* y grid: 5 lines from lo to hi */
    for (int k = 0; k <= 4; k++) {
        double v = lo + (hi - lo) * k / 4;
        double y = top + ph - ph * k / 4;
        buf_printf(out,
                   "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d9d9d9\"/>\n"
                   "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" fill=\"#595959\" "
                   "text-anchor=\"end\">",
                   left, left + pw, y, y, left - 6, y + 4);
        put_num(out, v);
        buf_puts(out, "</text>\n");
    }
    double *xs = NULL, *ys = NULL;
    buf_t pts;
    buf_init(&pts);
    xs = calloc(c->n, sizeof *xs);
    ys = calloc(c->n, sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return -1;
    }
    for (size_t i = 0; i < c->n; i++) {
        time_t t = 0;
        double fx;
        if (in_time) {
            time_parse_iso(c->dates[i], &t);
            fx = (double)(t - t0) / (double)(t1 - t0);
        } else {
            fx = c->n > 1 ? (double)i / (double)(c->n - 1) : 0.5;
        }
        double v = c->values[i] < lo ? lo : c->values[i] > hi ? hi : c->values[i];
        xs[i] = left + pw * fx;
        ys[i] = top + ph - ph * (v - lo) / (hi - lo);
        buf_printf(&pts, "%s%.1f,%.1f", i ? " " : "", xs[i], ys[i]);
    }
    if (c->n > 1)
        buf_printf(out,
                   "<polyline points=\"%s\" fill=\"none\" stroke=\"#0017c1\" "
                   "stroke-width=\"2\"/>\n",
                   pts.data);
    /* date labels at least 80px apart: the first, the last, and what fits between */
    double last_x = -1e9, end_x = xs[c->n - 1];
    for (size_t i = 0; i < c->n; i++) {
        buf_puts(out, "<g>\n<title>");
        put_day(out, c->dates[i]);
        buf_puts(out, ": ");
        put_num(out, c->values[i]);
        buf_printf(out, "</title>\n<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#0017c1\"/>\n",
                   xs[i], ys[i]);
        bool label = i == c->n - 1 || (xs[i] - last_x >= 80 && end_x - xs[i] >= 80);
        if (label) {
            last_x = xs[i];
            char day[11];
            str_copy(day, sizeof day, c->dates[i]); /* the date part of a timestamp */
            const char *anchor = c->n == 1       ? "middle"
                                 : i == 0        ? "start"
                                 : i == c->n - 1 ? "end"
                                                 : "middle";
            buf_printf(out,
                       "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#595959\" "
                       "text-anchor=\"%s\">",
                       xs[i], top + ph + 20, anchor);
            xml_escape(out, day);
            buf_puts(out, "</text>\n");
        }
        buf_puts(out, "</g>\n");
    }
    buf_puts(out, "</svg>\n");
    free(xs);
    free(ys);
    bool oom = pts.oom;
    buf_free(&pts);
    return oom || out->oom ? -1 : 0;
}
