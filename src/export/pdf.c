/* pdf.c - render the document model to an A4 PDF with cairo and pango.
 *
 * The document is laid out twice: a first pass without drawing counts the pages so the
 * footer can say "n / N"; the second pass draws. Both passes use the same fixed font
 * options (no hinting), so line breaks and page breaks are identical. */
#include "pdf.h"
#include "str.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE_W 595.276 /* A4 in points */
#define PAGE_H 841.890
#define MARGIN_X 56.7 /* 20 mm */
#define MARGIN_TOP 56.7
#define MARGIN_BOTTOM 70.9 /* 25 mm: room for the footer */
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define CONTENT_BOTTOM (PAGE_H - MARGIN_BOTTOM)
#define FONT "Noto Sans CJK JP"
#define BODY_PT 10.5
#define TABLE_PT 9.5
#define CELL_PAD_X 5.0
#define CELL_PAD_Y 4.0
#define MAX_COLS 32

struct pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoContext *pctx;
    bool draw;       /* false in the counting pass */
    int page;        /* current page number, 0 before the first page */
    int total_pages; /* known in the drawing pass */
    double y;        /* next free vertical position on the page */
    const char *title;
    char *err;
    size_t errlen;
};

static void rgb(cairo_t *cr, unsigned hex)
{
    cairo_set_source_rgb(cr, ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0,
                         (hex & 255) / 255.0);
}

static PangoLayout *make_layout(struct pdf *p, const char *text, double pt, bool bold, double width,
                                double spacing)
{
    PangoLayout *l = pango_layout_new(p->pctx);
    PangoFontDescription *fd = pango_font_description_from_string(FONT);
    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    if (spacing > 0)
        pango_layout_set_line_spacing(l, (float)spacing);
    pango_layout_set_text(l, text, -1);
    return l;
}

static double layout_height(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void footer(struct pdf *p)
{
    if (!p->draw)
        return;
    cairo_t *cr = p->cr;
    char num[32];
    str_fmt(num, sizeof num, "%d / %d", p->page, p->total_pages);
    PangoLayout *n = make_layout(p, num, 8.5, false, 80, 0);
    pango_layout_set_alignment(n, PANGO_ALIGN_RIGHT);
    PangoLayout *t = make_layout(p, p->title, 8.5, false, CONTENT_W - 100, 0);
    pango_layout_set_ellipsize(t, PANGO_ELLIPSIZE_END);
    double fy = PAGE_H - MARGIN_BOTTOM + 22;
    rgb(cr, 0xbbbbbb);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, MARGIN_X, fy - 6);
    cairo_line_to(cr, PAGE_W - MARGIN_X, fy - 6);
    cairo_stroke(cr);
    rgb(cr, 0x595959);
    cairo_move_to(cr, MARGIN_X, fy);
    pango_cairo_show_layout(cr, t);
    cairo_move_to(cr, PAGE_W - MARGIN_X - 80, fy);
    pango_cairo_show_layout(cr, n);
    g_object_unref(n);
    g_object_unref(t);
}

static void new_page(struct pdf *p)
{
    if (p->page > 0) {
        footer(p);
        cairo_show_page(p->cr);
    }
    p->page++;
    p->y = MARGIN_TOP;
}

/* Starts a new page unless h points still fit on this one. */
static void ensure(struct pdf *p, double h)
{
    if (p->y + h > CONTENT_BOTTOM && p->y > MARGIN_TOP)
        new_page(p);
}

/* Draws a laid-out text line by line, breaking pages between lines. When bullet is not
 * NULL it is drawn at bx on the baseline of the first line. */
static void flow(struct pdf *p, PangoLayout *l, double x, unsigned color, PangoLayout *bullet,
                 double bx)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    bool first = true;
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        double h = (double)(y1 - y0) / PANGO_SCALE;
        double base = (double)(pango_layout_iter_get_baseline(it) - y0) / PANGO_SCALE;
        ensure(p, h);
        if (p->draw) {
            rgb(p->cr, color);
            cairo_move_to(p->cr, x, p->y + base);
            pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
            if (first && bullet) {
                cairo_move_to(p->cr, bx, p->y + base);
                pango_cairo_show_layout_line(p->cr, pango_layout_get_line_readonly(bullet, 0));
            }
        }
        first = false;
        p->y += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void text_block(struct pdf *p, const char *text, double pt, bool bold, unsigned color,
                       double spacing, double after)
{
    PangoLayout *l = make_layout(p, text, pt, bold, CONTENT_W, spacing);
    flow(p, l, MARGIN_X, color, NULL, 0);
    g_object_unref(l);
    p->y += after;
}

static void heading(struct pdf *p, const char *text, int level)
{
    double pt = level == 2 ? 14 : 12, before = level == 2 ? 14 : 10;
    if (p->y > MARGIN_TOP)
        p->y += before;
    double indent = level == 2 ? 10 : 0;
    PangoLayout *l = make_layout(p, text, pt, true, CONTENT_W - indent, 1.3);
    double h = layout_height(l);
    /* keep the heading with about three lines of what follows */
    ensure(p, h + 3 * BODY_PT * 1.6);
    if (p->draw && level == 2) {
        rgb(p->cr, 0x0017c1);
        cairo_rectangle(p->cr, MARGIN_X, p->y + 2, 4, h - 4);
        cairo_fill(p->cr);
    }
    flow(p, l, MARGIN_X + indent, 0x1a1a1a, NULL, 0);
    g_object_unref(l);
    p->y += level == 2 ? 6 : 4;
}

static int list_block(struct pdf *p, const json_t *items, bool ordered, const char *where)
{
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it)
    {
        if (!json_is_string(it)) {
            str_fmt(p->err, p->errlen, "%s: items[%zu] is not a string", where, i);
            return -1;
        }
    }
    double indent = ordered ? 22 : 14;
    json_array_foreach(items, i, it)
    {
        char mark[24];
        if (ordered)
            str_fmt(mark, sizeof mark, "%zu.", i + 1);
        else
            str_copy(mark, sizeof mark, "・");
        PangoLayout *b = make_layout(p, mark, BODY_PT, false, indent, 0);
        PangoLayout *l =
            make_layout(p, json_string_value(it), BODY_PT, false, CONTENT_W - indent, 1.5);
        flow(p, l, MARGIN_X + indent, 0x333333, b, MARGIN_X);
        g_object_unref(l);
        g_object_unref(b);
        p->y += 3;
    }
    p->y += 6;
    return 0;
}

/* --- tables ---------------------------------------------------------------------- */

struct cell {
    PangoLayout *layout;
    int nlines;
    int next;               /* first line not drawn yet */
    double *y0, *y1, *base; /* per line, in points, relative to the layout */
};

struct table {
    int ncols;
    double colw[MAX_COLS];
    struct cell head[MAX_COLS];
};

static void cell_init(struct pdf *p, struct cell *c, const char *text, bool bold, double w)
{
    c->layout = make_layout(p, text, TABLE_PT, bold, w - 2 * CELL_PAD_X, 1.3);
    c->nlines = pango_layout_get_line_count(c->layout);
    c->next = 0;
    c->y0 = g_new(double, (gsize)c->nlines);
    c->y1 = g_new(double, (gsize)c->nlines);
    c->base = g_new(double, (gsize)c->nlines);
    PangoLayoutIter *it = pango_layout_get_iter(c->layout);
    int i = 0;
    do {
        int a, b;
        pango_layout_iter_get_line_yrange(it, &a, &b);
        c->y0[i] = (double)a / PANGO_SCALE;
        c->y1[i] = (double)b / PANGO_SCALE;
        c->base[i] = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        i++;
    } while (i < c->nlines && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void cell_free(struct cell *c)
{
    if (c->layout)
        g_object_unref(c->layout);
    g_free(c->y0);
    g_free(c->y1);
    g_free(c->base);
    memset(c, 0, sizeof *c);
}

static double cells_height(const struct cell *cells, int n)
{
    double h = 0;
    for (int i = 0; i < n; i++) {
        double ch = cells[i].y1[cells[i].nlines - 1] - cells[i].y0[0];
        if (ch > h)
            h = ch;
    }
    return h + 2 * CELL_PAD_Y;
}

/* Draws as many remaining lines of each cell as fit in `avail` points as one row fragment.
 * Returns true if any line was drawn. */
static bool row_fragment(struct pdf *p, const struct table *t, struct cell *cells, bool header,
                         double avail)
{
    int take[MAX_COLS];
    double content = 0;
    bool any = false;
    for (int c = 0; c < t->ncols; c++) {
        struct cell *cl = &cells[c];
        int k = cl->next;
        while (k < cl->nlines && cl->y1[k] - cl->y0[cl->next] <= avail - 2 * CELL_PAD_Y)
            k++;
        take[c] = k;
        if (k > cl->next) {
            any = true;
            double h = cl->y1[k - 1] - cl->y0[cl->next];
            if (h > content)
                content = h;
        }
    }
    if (!any)
        return false;
    double rh = content + 2 * CELL_PAD_Y;
    if (p->draw) {
        cairo_t *cr = p->cr;
        double x = MARGIN_X;
        for (int c = 0; c < t->ncols; c++) {
            if (header) {
                rgb(cr, 0xe8ecfa);
                cairo_rectangle(cr, x, p->y, t->colw[c], rh);
                cairo_fill(cr);
            }
            struct cell *cl = &cells[c];
            rgb(cr, 0x1a1a1a);
            for (int k = cl->next; k < take[c]; k++) {
                PangoLayoutLine *line = pango_layout_get_line_readonly(cl->layout, k);
                cairo_move_to(cr, x + CELL_PAD_X,
                              p->y + CELL_PAD_Y + cl->base[k] - cl->y0[cl->next]);
                pango_cairo_show_layout_line(cr, line);
            }
            rgb(cr, 0x8c8c8c);
            cairo_set_line_width(cr, 0.6);
            cairo_rectangle(cr, x, p->y, t->colw[c], rh);
            cairo_stroke(cr);
            x += t->colw[c];
        }
    }
    for (int c = 0; c < t->ncols; c++)
        cells[c].next = take[c];
    p->y += rh;
    return true;
}

static void table_header(struct pdf *p, struct table *t)
{
    for (int c = 0; c < t->ncols; c++)
        t->head[c].next = 0;
    row_fragment(p, t, t->head, true, CONTENT_BOTTOM - p->y);
}

static bool cells_done(const struct cell *cells, int n)
{
    for (int i = 0; i < n; i++)
        if (cells[i].next < cells[i].nlines)
            return false;
    return true;
}

static int cell_text(const json_t *v, char *tmp, size_t tmpsz, const char **out)
{
    if (json_is_string(v))
        *out = json_string_value(v);
    else if (json_is_null(v))
        *out = "";
    else if (json_is_integer(v))
        *out = str_fmt(tmp, tmpsz, "%" JSON_INTEGER_FORMAT, json_integer_value(v)) ? tmp : "";
    else if (json_is_real(v))
        *out = str_fmt(tmp, tmpsz, "%g", json_real_value(v)) ? tmp : "";
    else
        return -1;
    return 0;
}

static int table_block(struct pdf *p, const json_t *b, const char *where)
{
    const json_t *cols = json_object_get(b, "columns"), *rows = json_object_get(b, "rows");
    const json_t *widths = json_object_get(b, "widths");
    size_t ncols = json_array_size(cols);
    if (!json_is_array(cols) || ncols == 0 || ncols > MAX_COLS) {
        str_fmt(p->err, p->errlen, "%s: columns must be an array of 1-%d strings", where, MAX_COLS);
        return -1;
    }
    if (rows && !json_is_array(rows)) {
        str_fmt(p->err, p->errlen, "%s: rows must be an array", where);
        return -1;
    }
    struct table t = {.ncols = (int)ncols};
    double sum = 0;
    for (size_t c = 0; c < ncols; c++) {
        const json_t *w = widths ? json_array_get(widths, c) : NULL;
        double v = widths ? json_number_value(w) : 1.0;
        if (!json_is_string(json_array_get(cols, c)) ||
            (widths && (!json_is_number(w) || !(v > 0 && v < 1e6)))) {
            str_fmt(p->err, p->errlen, "%s: column %zu needs a string title and a positive width",
                    where, c);
            return -1;
        }
        t.colw[c] = v;
        sum += v;
    }
    if (widths && json_array_size(widths) != ncols) {
        str_fmt(p->err, p->errlen, "%s: widths has %zu entries, columns %zu", where,
                json_array_size(widths), ncols);
        return -1;
    }
    size_t r;
    const json_t *row;
    json_array_foreach(rows, r, row)
    {
        if (!json_is_array(row) || json_array_size(row) != ncols) {
            str_fmt(p->err, p->errlen, "%s: row %zu must have %zu cells", where, r, ncols);
            return -1;
        }
        for (size_t c = 0; c < ncols; c++) {
            char tmp[64];
            const char *s;
            if (cell_text(json_array_get(row, c), tmp, sizeof tmp, &s) != 0) {
                str_fmt(p->err, p->errlen, "%s: row %zu cell %zu must be text, number or null",
                        where, r, c);
                return -1;
            }
        }
    }
    for (size_t c = 0; c < ncols; c++) {
        t.colw[c] = CONTENT_W * t.colw[c] / sum;
        cell_init(p, &t.head[c], json_string_value(json_array_get(cols, c)), true, t.colw[c]);
    }
    double head_h = cells_height(t.head, t.ncols);

    int rc = 0;
    p->y += 4;
    ensure(p, head_h + TABLE_PT * 3);
    table_header(p, &t);
    json_array_foreach(rows, r, row)
    {
        if (rc != 0)
            break;
        struct cell cells[MAX_COLS];
        for (size_t c = 0; c < ncols; c++) {
            char tmp[64];
            const char *s = "";
            cell_text(json_array_get(row, c), tmp, sizeof tmp, &s);
            cell_init(p, &cells[c], s, false, t.colw[c]);
        }
        /* a row that fits on a fresh page is not split; a taller one is split by lines */
        double rh = cells_height(cells, t.ncols);
        if (p->y + rh > CONTENT_BOTTOM && rh <= CONTENT_BOTTOM - MARGIN_TOP - head_h) {
            new_page(p);
            table_header(p, &t);
        }
        bool fresh = false;
        while (!cells_done(cells, t.ncols)) {
            if (row_fragment(p, &t, cells, false, CONTENT_BOTTOM - p->y)) {
                fresh = false;
            } else if (fresh) { /* not even one line fits below the header */
                str_fmt(p->err, p->errlen, "%s: the header row is too tall for a page", where);
                rc = -1;
                break;
            } else {
                new_page(p);
                table_header(p, &t);
                fresh = true;
            }
        }
        for (size_t c = 0; c < ncols; c++)
            cell_free(&cells[c]);
    }
    for (size_t c = 0; c < ncols; c++)
        cell_free(&t.head[c]);
    p->y += 10;
    return rc;
}

/* --- document -------------------------------------------------------------------- */

static int render_blocks(struct pdf *p, const json_t *doc)
{
    const char *subtitle = json_string_value(json_object_get(doc, "subtitle"));
    const json_t *meta = json_object_get(doc, "meta");
    new_page(p);
    text_block(p, p->title, 20, true, 0x1a1a1a, 1.3, 4);
    if (subtitle)
        text_block(p, subtitle, 13, false, 0x333333, 1.4, 4);
    size_t i;
    const json_t *v;
    json_array_foreach(meta, i, v)
    {
        text_block(p, json_string_value(v), 9.5, false, 0x595959, 1.4, 0);
    }
    p->y += 6;
    if (p->draw) {
        rgb(p->cr, 0x0017c1);
        cairo_set_line_width(p->cr, 1.5);
        cairo_move_to(p->cr, MARGIN_X, p->y);
        cairo_line_to(p->cr, PAGE_W - MARGIN_X, p->y);
        cairo_stroke(p->cr);
    }
    p->y += 14;

    const json_t *blocks = json_object_get(doc, "blocks");
    json_array_foreach(blocks, i, v)
    {
        char where[32];
        str_fmt(where, sizeof where, "blocks[%zu]", i);
        const char *type = json_string_value(json_object_get(v, "type"));
        const char *text = json_string_value(json_object_get(v, "text"));
        if (!type) {
            str_fmt(p->err, p->errlen, "%s: missing \"type\"", where);
            return -1;
        }
        bool needs_text = str_eq(type, "h2") || str_eq(type, "h3") || str_eq(type, "p");
        if (needs_text && !text) {
            str_fmt(p->err, p->errlen, "%s: \"%s\" needs a \"text\" string", where, type);
            return -1;
        }
        if (str_eq(type, "h2") || str_eq(type, "h3")) {
            heading(p, text, type[1] - '0');
        } else if (str_eq(type, "p")) {
            text_block(p, text, BODY_PT, false, 0x333333, 1.6, 8);
        } else if (str_eq(type, "ul") || str_eq(type, "ol")) {
            const json_t *items = json_object_get(v, "items");
            if (!json_is_array(items)) {
                str_fmt(p->err, p->errlen, "%s: \"%s\" needs an \"items\" array", where, type);
                return -1;
            }
            if (list_block(p, items, type[0] == 'o', where) != 0)
                return -1;
        } else if (str_eq(type, "table")) {
            if (table_block(p, v, where) != 0)
                return -1;
        } else if (str_eq(type, "pagebreak")) {
            if (p->y > MARGIN_TOP)
                new_page(p);
        } else {
            str_fmt(p->err, p->errlen, "%s: unknown type \"%.40s\"", where, type);
            return -1;
        }
    }
    footer(p);
    cairo_show_page(p->cr);
    return 0;
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_t *b = closure;
    if (b)
        buf_append(b, data, len);
    return b && b->oom ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* One pass: lays out (and when draw, draws) the whole document. Returns pages or -1. */
static int pass(const json_t *doc, bool draw, int total, buf_t *sink, char *err, size_t errlen)
{
    struct pdf p = {.draw = draw, .total_pages = total, .err = err, .errlen = errlen};
    p.title = json_string_value(json_object_get(doc, "title"));
    p.surface = cairo_pdf_surface_create_for_stream(write_buf, sink, PAGE_W, PAGE_H);
    if (draw) {
        cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, p.title);
        cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "otasuke");
    }
    p.cr = cairo_create(p.surface);
    p.pctx = pango_cairo_create_context(p.cr);
    pango_cairo_context_set_resolution(p.pctx, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p.pctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_language(p.pctx, pango_language_from_string("ja"));

    int rc = render_blocks(&p, doc);
    g_object_unref(p.pctx);
    cairo_destroy(p.cr);
    cairo_surface_finish(p.surface);
    cairo_status_t st = cairo_surface_status(p.surface);
    cairo_surface_destroy(p.surface);
    if (rc == 0 && st != CAIRO_STATUS_SUCCESS) {
        str_fmt(err, errlen, "cairo: %s", cairo_status_to_string(st));
        rc = -1;
    }
    return rc == 0 ? p.page : -1;
}

static int write_file(const char *path, const buf_t *b, char *err, size_t errlen)
{
    char tmp[4096];
    if (!str_fmt(tmp, sizeof tmp, "%s.tmp.XXXXXX", path)) {
        str_copy(err, errlen, "pdf: path too long");
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        str_fmt(err, errlen, "pdf: cannot create %s", tmp);
        return -1;
    }
    bool ok = write(fd, b->data, b->len) == (ssize_t)b->len && fchmod(fd, 0644) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        str_fmt(err, errlen, "pdf: cannot write %s", path);
        return -1;
    }
    return 0;
}

int pdf_render(const json_t *doc, const char *path_or_NULL, buf_t *out, char *err, size_t errlen)
{
    char dummy[1];
    if (!err || !errlen) {
        err = dummy;
        errlen = sizeof dummy;
    }
    err[0] = '\0';
    const json_t *meta = json_object_get(doc, "meta");
    if (!json_is_object(doc) || !json_is_string(json_object_get(doc, "title")) ||
        !json_is_array(json_object_get(doc, "blocks"))) {
        str_copy(err, errlen, "document needs a \"title\" string and a \"blocks\" array");
        return -1;
    }
    const json_t *sub = json_object_get(doc, "subtitle");
    if (sub && !json_is_string(sub) && !json_is_null(sub)) {
        str_copy(err, errlen, "\"subtitle\" must be a string");
        return -1;
    }
    size_t i;
    const json_t *v;
    if (meta && !json_is_array(meta)) {
        str_copy(err, errlen, "\"meta\" must be an array of strings");
        return -1;
    }
    json_array_foreach(meta, i, v)
    {
        if (!json_is_string(v)) {
            str_copy(err, errlen, "\"meta\" must be an array of strings");
            return -1;
        }
    }
    int pages = pass(doc, false, 0, NULL, err, errlen);
    if (pages < 0)
        return -1;
    buf_t pdf;
    buf_init(&pdf);
    int rc = -1;
    if (pass(doc, true, pages, &pdf, err, errlen) != pages) {
        if (!err[0])
            str_copy(err, errlen, "pdf: layout differed between passes");
        goto out;
    }
    if (path_or_NULL && write_file(path_or_NULL, &pdf, err, errlen) != 0)
        goto out;
    if (out)
        buf_append(out, pdf.data, pdf.len);
    rc = out && out->oom ? -1 : 0;
out:
    buf_free(&pdf);
    return rc;
}

void pdf_shutdown(void)
{
    pango_cairo_font_map_set_default(NULL);
}
