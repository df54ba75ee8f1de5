/* tmpl.c - template compiler (with HTML context scanner) and renderer. */
#include "tmpl.h"
#include "fileutil.h"
#include "str.h"

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum node_kind { N_TEXT, N_VAR, N_RAW, N_T, N_IF, N_UNLESS, N_EACH, N_EQ, N_PARTIAL };
enum esc_ctx { C_TEXT, C_ATTR, C_URL };

struct node {
    enum node_kind kind;
    enum esc_ctx ctx;
    char *a;        /* text, path, msgid or partial name */
    char *b;        /* N_EQ: literal or path */
    bool b_literal; /* N_EQ: b is a literal */
    size_t len;     /* N_TEXT length */
    struct node *body, *alt, *next;
};

struct tmpl {
    char *name;
    struct node *root;
};

struct tmpl_set {
    struct tmpl *items;
    size_t n, cap;
};

/* ---- HTML context scanner: the state after the literal text seen so far ---- */
enum hstate {
    H_TEXT,
    H_TAGNAME,
    H_TAG,
    H_ATTRNAME,
    H_ATTREQ,
    H_DQ,
    H_SQ,
    H_UQ,
    H_RAWTEXT,
    H_COMMENT
};

struct scanner {
    enum hstate st;
    char tag[16];
    size_t taglen;
    char attr[24];
    size_t attrlen;
    bool closing; /* the tag being scanned is an end tag */
};

static enum hstate after_tag(const struct scanner *sc)
{
    bool raw = str_eq(sc->tag, "script") || str_eq(sc->tag, "style");
    return raw && !sc->closing ? H_RAWTEXT : H_TEXT;
}

static void scan(struct scanner *sc, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        switch (sc->st) {
        case H_TEXT:
            if (c == '<' && i + 3 < len && strncmp(s + i, "<!--", 4) == 0) {
                sc->st = H_COMMENT;
                i += 3;
            } else if (c == '<' && i + 1 < len &&
                       (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/')) {
                sc->st = H_TAGNAME;
                sc->taglen = 0;
                sc->tag[0] = '\0';
                sc->closing = s[i + 1] == '/';
                if (sc->closing)
                    i++;
            }
            break;
        case H_COMMENT:
            if (c == '-' && i + 2 < len && strncmp(s + i, "-->", 3) == 0) {
                sc->st = H_TEXT;
                i += 2;
            }
            break;
        case H_TAGNAME:
            if (isalnum((unsigned char)c) || c == '-') {
                if (sc->taglen + 1 < sizeof sc->tag)
                    sc->tag[sc->taglen++] = (char)tolower((unsigned char)c);
                sc->tag[sc->taglen] = '\0';
            } else if (c == '>') {
                sc->st = after_tag(sc);
            } else {
                sc->st = H_TAG;
            }
            break;
        case H_TAG:
            if (c == '>') {
                sc->st = after_tag(sc);
            } else if (isalpha((unsigned char)c) || c == '-' || c == '_' || c == ':') {
                sc->st = H_ATTRNAME;
                sc->attrlen = 0;
                sc->attr[sc->attrlen++] = (char)tolower((unsigned char)c);
                sc->attr[sc->attrlen] = '\0';
            }
            break;
        case H_ATTRNAME:
            if (c == '=') {
                sc->st = H_ATTREQ;
            } else if (c == '>') {
                sc->st = after_tag(sc);
            } else if (isspace((unsigned char)c)) {
                sc->st = H_TAG;
            } else if (sc->attrlen + 1 < sizeof sc->attr) {
                sc->attr[sc->attrlen++] = (char)tolower((unsigned char)c);
                sc->attr[sc->attrlen] = '\0';
            }
            break;
        case H_ATTREQ:
            if (c == '"')
                sc->st = H_DQ;
            else if (c == '\'')
                sc->st = H_SQ;
            else if (!isspace((unsigned char)c))
                sc->st = H_UQ;
            break;
        case H_DQ:
            if (c == '"')
                sc->st = H_TAG;
            break;
        case H_SQ:
            if (c == '\'')
                sc->st = H_TAG;
            break;
        case H_UQ:
            if (isspace((unsigned char)c))
                sc->st = H_TAG;
            else if (c == '>')
                sc->st = after_tag(sc);
            break;
        case H_RAWTEXT:
            if (c == '<' && i + 1 < len && s[i + 1] == '/') {
                sc->st = H_TAGNAME;
                sc->taglen = 0;
                sc->tag[0] = '\0';
                sc->closing = true;
                i++;
            }
            break;
        }
    }
}

/* The escaping context for a value at the scanner's position, or -1 if none is safe. */
static int value_ctx(const struct scanner *sc)
{
    if (sc->st == H_TEXT)
        return C_TEXT;
    if (sc->st == H_DQ || sc->st == H_SQ) {
        if (str_starts(sc->attr, "on") || str_eq(sc->attr, "style") || str_eq(sc->attr, "srcdoc"))
            return -1;
        if (str_eq(sc->attr, "href") || str_eq(sc->attr, "src") || str_eq(sc->attr, "action") ||
            str_eq(sc->attr, "formaction") || str_eq(sc->attr, "xlink:href"))
            return C_URL;
        return C_ATTR;
    }
    return -1;
}

/* ---- compiler ---- */

static void free_nodes(struct node *n)
{
    while (n) {
        struct node *next = n->next;
        free_nodes(n->body);
        free_nodes(n->alt);
        free(n->a);
        free(n->b);
        free(n);
        n = next;
    }
}

struct parser {
    const char *src;
    size_t pos, len;
    struct scanner sc;
    char *err;
    size_t errlen;
    int line;
};

static int line_at(const struct parser *p)
{
    int line = 1;
    for (size_t i = 0; i < p->pos && i < p->len; i++)
        if (p->src[i] == '\n')
            line++;
    return line;
}

static bool valid_path(const char *s)
{
    if (!*s)
        return false;
    for (const char *c = s; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '.' && *c != '@' && *c != '-')
            return false;
    return true;
}

static struct node *new_node(enum node_kind k)
{
    struct node *n = calloc(1, sizeof *n);
    if (n)
        n->kind = k;
    return n;
}

/* Parses nodes until a closing tag in `stops` (e.g. "/if", "else") or end of input.
 * On return *stop holds the tag that ended the list ("" at end of input). */
static struct node *parse_list(struct parser *p, const char *const *stops, char *stop,
                               size_t stopsz, bool *fail)
{
    struct node *head = NULL, **tail = &head;
    stop[0] = '\0';
    while (p->pos < p->len && !*fail) {
        const char *open = strstr(p->src + p->pos, "{{");
        size_t tpos = open ? (size_t)(open - p->src) : p->len;
        if (tpos > p->len)
            tpos = p->len;
        if (tpos > p->pos) {
            struct node *n = new_node(N_TEXT);
            if (!n)
                goto oom;
            n->len = tpos - p->pos;
            n->a = strndup(p->src + p->pos, n->len);
            if (!n->a) {
                free(n);
                goto oom;
            }
            scan(&p->sc, n->a, n->len);
            *tail = n;
            tail = &n->next;
            p->pos = tpos;
        }
        if (p->pos >= p->len)
            break;
        const char *close = strstr(p->src + p->pos + 2, "}}");
        if (!close || (size_t)(close - p->src) > p->len) {
            str_fmt(p->err, p->errlen, "line %d: unterminated {{", line_at(p));
            *fail = true;
            break;
        }
        size_t tl = (size_t)(close - (p->src + p->pos + 2));
        char tag[512];
        if (tl >= sizeof tag) {
            str_fmt(p->err, p->errlen, "line %d: tag too long", line_at(p));
            *fail = true;
            break;
        }
        memcpy(tag, p->src + p->pos + 2, tl);
        tag[tl] = '\0';
        str_trim(tag);
        size_t tag_start = p->pos;
        p->pos = (size_t)(close - p->src) + 2;

        bool is_stop = false;
        for (const char *const *s = stops; s && *s; s++)
            if (str_eq(tag, *s))
                is_stop = true;
        if (is_stop) {
            str_copy(stop, stopsz, tag);
            return head;
        }
        if (tag[0] == '/' || str_eq(tag, "else")) {
            p->pos = tag_start;
            str_fmt(p->err, p->errlen, "line %d: unexpected {{%s}}", line_at(p), tag);
            *fail = true;
            break;
        }
        struct node *n = new_node(N_VAR);
        if (!n)
            goto oom;
        *tail = n;
        tail = &n->next;
        if (tag[0] == '#') {
            char kw[16], arg1[256], arg2[256];
            arg2[0] = '\0';
            int got = sscanf(tag + 1, "%15s %255s %255[^\n]", kw, arg1, arg2);
            const char *closer;
            if (got >= 2 && str_eq(kw, "if")) {
                n->kind = N_IF;
                closer = "/if";
            } else if (got >= 2 && str_eq(kw, "unless")) {
                n->kind = N_UNLESS;
                closer = "/unless";
            } else if (got >= 2 && str_eq(kw, "each")) {
                n->kind = N_EACH;
                closer = "/each";
            } else if (got == 3 && str_eq(kw, "eq")) {
                n->kind = N_EQ;
                closer = "/eq";
                size_t l2 = strlen(arg2);
                if (arg2[0] == '"' && l2 >= 2 && arg2[l2 - 1] == '"') {
                    n->b = strndup(arg2 + 1, l2 - 2);
                    n->b_literal = true;
                } else if (valid_path(arg2)) {
                    n->b = strdup(arg2);
                } else {
                    str_fmt(p->err, p->errlen, "line %d: bad #eq operand", line_at(p));
                    *fail = true;
                    break;
                }
            } else {
                str_fmt(p->err, p->errlen, "line %d: unknown block {{%s}}", line_at(p), tag);
                *fail = true;
                break;
            }
            if (!valid_path(arg1)) {
                str_fmt(p->err, p->errlen, "line %d: bad name in {{%s}}", line_at(p), tag);
                *fail = true;
                break;
            }
            n->a = strdup(arg1);
            const char *stops2[] = {closer, "else", NULL};
            char st[16];
            n->body = parse_list(p, stops2, st, sizeof st, fail);
            if (!*fail && str_eq(st, "else")) {
                const char *stops3[] = {closer, NULL};
                n->alt = parse_list(p, stops3, st, sizeof st, fail);
            }
            if (!*fail && !str_eq(st, closer)) {
                str_fmt(p->err, p->errlen, "line %d: missing {{%s}}", line_at(p), closer);
                *fail = true;
            }
            continue;
        }
        if (tag[0] == '>') {
            char *name = str_trim(tag + 1);
            if (!valid_path(name) && !strchr(name, '/')) {
                str_fmt(p->err, p->errlen, "line %d: bad partial name", line_at(p));
                *fail = true;
                break;
            }
            if (p->sc.st != H_TEXT) {
                str_fmt(p->err, p->errlen, "line %d: partial inside a tag", line_at(p));
                *fail = true;
                break;
            }
            n->kind = N_PARTIAL;
            n->a = strdup(name);
            continue;
        }
        int ctx = value_ctx(&p->sc);
        if (ctx < 0) {
            str_fmt(p->err, p->errlen,
                    "line %d: {{%s}} stands where no escaping is safe (script, style, event "
                    "handler, unquoted attribute or inside a tag)",
                    line_at(p), tag);
            *fail = true;
            break;
        }
        n->ctx = (enum esc_ctx)ctx;
        if (str_starts(tag, "t ")) {
            char *q = str_trim(tag + 2);
            size_t ql = strlen(q);
            if (ql < 2 || q[0] != '"' || q[ql - 1] != '"') {
                str_fmt(p->err, p->errlen, "line %d: {{t}} needs a quoted text", line_at(p));
                *fail = true;
                break;
            }
            n->kind = N_T;
            n->a = strndup(q + 1, ql - 2);
        } else if (str_starts(tag, "raw ")) {
            char *name = str_trim(tag + 4);
            const char *last = strrchr(name, '.');
            last = last ? last + 1 : name;
            if (!valid_path(name) || !str_starts(last, "html_") || ctx != C_TEXT) {
                str_fmt(p->err, p->errlen, "line %d: {{raw}} takes an html_ name in text",
                        line_at(p));
                *fail = true;
                break;
            }
            n->kind = N_RAW;
            n->a = strdup(name);
        } else if (str_eq(tag, ".") || valid_path(tag)) {
            n->kind = N_VAR;
            n->a = strdup(tag);
        } else {
            str_fmt(p->err, p->errlen, "line %d: bad tag {{%s}}", line_at(p), tag);
            *fail = true;
            break;
        }
        if (!n->a)
            goto oom;
    }
    return head;
oom:
    str_copy(p->err, p->errlen, "out of memory");
    *fail = true;
    return head;
}

tmpl_set_t *tmpl_set_new(void)
{
    return calloc(1, sizeof(tmpl_set_t));
}

void tmpl_set_free(tmpl_set_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->items[i].name);
        free_nodes(s->items[i].root);
    }
    free(s->items);
    free(s);
}

int tmpl_add(tmpl_set_t *s, const char *name, const char *src, size_t len, char *err, size_t errlen)
{
    if (!str_valid_utf8(src, len)) {
        str_fmt(err, errlen, "%s: not valid UTF-8", name);
        return -1;
    }
    char *copy = strndup(src, len); /* the parser relies on a terminating NUL */
    if (!copy)
        return -1;
    struct parser p = {.src = copy, .len = len, .err = err, .errlen = errlen};
    bool fail = false;
    char stop[16];
    struct node *root = parse_list(&p, NULL, stop, sizeof stop, &fail);
    free(copy);
    if (fail) {
        char tmp[512];
        str_copy(tmp, sizeof tmp, err);
        str_fmt(err, errlen, "%s: %s", name, tmp);
        free_nodes(root);
        return -1;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        struct tmpl *it = realloc(s->items, cap * sizeof *it);
        if (!it) {
            free_nodes(root);
            return -1;
        }
        s->items = it;
        s->cap = cap;
    }
    s->items[s->n].name = strdup(name);
    s->items[s->n].root = root;
    s->n++;
    return 0;
}

static int load_rec(tmpl_set_t *s, const char *base, const char *rel, char *err, size_t errlen)
{
    char dir[1024];
    if (!str_fmt(dir, sizeof dir, "%s%s%s", base, *rel ? "/" : "", rel))
        return -1;
    DIR *d = opendir(dir);
    if (!d) {
        str_fmt(err, errlen, "cannot open %s", dir);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024], sub[512];
        if (!str_fmt(path, sizeof path, "%s/%s", dir, e->d_name) ||
            !str_fmt(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name)) {
            rc = -1;
            break;
        }
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = load_rec(s, base, sub, err, errlen);
            continue;
        }
        size_t l = strlen(sub);
        if (l < 6 || strcmp(sub + l - 5, ".html") != 0)
            continue;
        size_t len;
        char *src = file_read_all(path, 1 << 20, &len);
        if (!src) {
            str_fmt(err, errlen, "cannot read %s", path);
            rc = -1;
            break;
        }
        sub[l - 5] = '\0';
        rc = tmpl_add(s, sub, src, len, err, errlen);
        free(src);
    }
    closedir(d);
    return rc;
}

int tmpl_load_dir(tmpl_set_t *s, const char *dir, char *err, size_t errlen)
{
    return load_rec(s, dir, "", err, errlen);
}

/* ---- renderer ---- */

void html_escape(buf_t *out, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        buf_append(out, run, (size_t)(s - run));
        buf_puts(out, rep);
        run = s + 1;
    }
    buf_append(out, run, (size_t)(s - run));
}

void html_escape_url(buf_t *out, const char *s)
{
    bool safe = false;
    if (s[0] == '/' || s[0] == '#' || s[0] == '?' || str_starts(s, "http://") ||
        str_starts(s, "https://") || str_starts(s, "mailto:")) {
        safe = true;
    } else {
        /* Relative URL: safe when no scheme appears before the first / ? or #. */
        size_t span = strcspn(s, ":/?#");
        safe = s[span] != ':';
    }
    for (const char *c = s; *c; c++)
        if ((unsigned char)*c < 0x20)
            safe = false;
    html_escape(out, safe ? s : "#");
}

struct scope {
    json_t *val;
    long index;
    const struct scope *up;
};

struct render {
    const tmpl_set_t *set;
    tmpl_translate_fn tr;
    void *trctx;
    buf_t *out;
    char *err;
    size_t errlen;
    int depth;
};

static json_t *lookup(const struct scope *sc, const char *path)
{
    if (str_eq(path, "."))
        return sc->val;
    char first[128];
    size_t fl = strcspn(path, ".");
    if (fl >= sizeof first)
        return NULL;
    memcpy(first, path, fl);
    first[fl] = '\0';
    json_t *v = NULL;
    for (const struct scope *s = sc; s && !v; s = s->up)
        if (json_is_object(s->val))
            v = json_object_get(s->val, first);
    const char *rest = path[fl] ? path + fl + 1 : NULL;
    while (v && rest) {
        size_t l = strcspn(rest, ".");
        char seg[128];
        if (l >= sizeof seg)
            return NULL;
        memcpy(seg, rest, l);
        seg[l] = '\0';
        v = json_is_object(v) ? json_object_get(v, seg) : NULL;
        rest = rest[l] ? rest + l + 1 : NULL;
    }
    return v;
}

static bool truthy(json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return false;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    if (json_is_real(v))
        return json_real_value(v) != 0;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    if (json_is_object(v))
        return json_object_size(v) > 0;
    return true;
}

/* Text form of a scalar; "" for others. Writes into tmp when it must format. */
static const char *scalar(json_t *v, char *tmp, size_t tmpsz)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        str_fmt(tmp, tmpsz, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return tmp;
    }
    if (json_is_real(v)) {
        str_fmt(tmp, tmpsz, "%.10g", json_real_value(v));
        return tmp;
    }
    if (json_is_true(v))
        return "true";
    if (json_is_false(v))
        return "false";
    return "";
}

static void emit(struct render *r, enum esc_ctx ctx, const char *s)
{
    if (ctx == C_URL)
        html_escape_url(r->out, s);
    else
        html_escape(r->out, s);
}

static const struct tmpl *find(const tmpl_set_t *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (str_eq(s->items[i].name, name))
            return &s->items[i];
    return NULL;
}

/* Translated text with {name} placeholders filled from scope, escaped by ctx. */
static void emit_t(struct render *r, const struct node *n, const struct scope *sc)
{
    const char *text = r->tr ? r->tr(r->trctx, n->a) : n->a;
    const char *p = text;
    buf_t piece;
    buf_init(&piece);
    while (*p) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            buf_puts(&piece, p);
            break;
        }
        buf_append(&piece, p, (size_t)(open - p));
        char name[128];
        size_t nl = (size_t)(close - open - 1);
        if (nl > 0 && nl < sizeof name) {
            memcpy(name, open + 1, nl);
            name[nl] = '\0';
            if (valid_path(name)) {
                char tmp[64];
                buf_puts(&piece, scalar(lookup(sc, name), tmp, sizeof tmp));
                p = close + 1;
                continue;
            }
        }
        buf_append(&piece, open, (size_t)(close - open + 1));
        p = close + 1;
    }
    emit(r, n->ctx, buf_cstr(&piece));
    buf_free(&piece);
}

static int render_list(struct render *r, const struct node *n, const struct scope *sc)
{
    for (; n; n = n->next) {
        char tmp[64];
        switch (n->kind) {
        case N_TEXT:
            buf_append(r->out, n->a, n->len);
            break;
        case N_VAR:
            if (str_eq(n->a, "@index")) {
                str_fmt(tmp, sizeof tmp, "%ld", sc->index);
                buf_puts(r->out, tmp);
            } else {
                emit(r, n->ctx, scalar(lookup(sc, n->a), tmp, sizeof tmp));
            }
            break;
        case N_RAW:
            buf_puts(r->out, scalar(lookup(sc, n->a), tmp, sizeof tmp));
            break;
        case N_T:
            emit_t(r, n, sc);
            break;
        case N_IF:
        case N_UNLESS: {
            bool t = truthy(lookup(sc, n->a));
            if (n->kind == N_UNLESS)
                t = !t;
            if (render_list(r, t ? n->body : n->alt, sc) < 0)
                return -1;
            break;
        }
        case N_EQ: {
            char t2[64];
            const char *a = scalar(lookup(sc, n->a), tmp, sizeof tmp);
            const char *b = n->b_literal ? n->b : scalar(lookup(sc, n->b), t2, sizeof t2);
            if (render_list(r, str_eq(a, b) ? n->body : n->alt, sc) < 0)
                return -1;
            break;
        }
        case N_EACH: {
            json_t *v = lookup(sc, n->a);
            if (!json_is_array(v) || json_array_size(v) == 0) {
                if (render_list(r, n->alt, sc) < 0)
                    return -1;
                break;
            }
            size_t i;
            json_t *item;
            json_array_foreach(v, i, item)
            {
                struct scope inner = {.val = item, .index = (long)i, .up = sc};
                if (render_list(r, n->body, &inner) < 0)
                    return -1;
            }
            break;
        }
        case N_PARTIAL: {
            const struct tmpl *t = find(r->set, n->a);
            if (!t) {
                str_fmt(r->err, r->errlen, "partial %s not found", n->a);
                return -1;
            }
            if (++r->depth > 16) {
                str_copy(r->err, r->errlen, "partials nested too deep");
                return -1;
            }
            int rc = render_list(r, t->root, sc);
            r->depth--;
            if (rc < 0)
                return -1;
            break;
        }
        }
    }
    return 0;
}

int tmpl_render(const tmpl_set_t *s, const char *name, json_t *data, tmpl_translate_fn tr,
                void *trctx, buf_t *out, char *err, size_t errlen)
{
    const struct tmpl *t = find(s, name);
    if (!t) {
        str_fmt(err, errlen, "template %s not found", name);
        return -1;
    }
    struct render r = {
        .set = s, .tr = tr, .trctx = trctx, .out = out, .err = err, .errlen = errlen};
    struct scope root = {.val = data};
    if (render_list(&r, t->root, &root) < 0)
        return -1;
    return out->oom ? -1 : 0;
}

static void each_msgid(const struct node *n, void (*fn)(void *, const char *), void *ctx)
{
    for (; n; n = n->next) {
        if (n->kind == N_T)
            fn(ctx, n->a);
        each_msgid(n->body, fn, ctx);
        each_msgid(n->alt, fn, ctx);
    }
}

void tmpl_each_msgid(const tmpl_set_t *s, void (*fn)(void *ctx, const char *msgid), void *ctx)
{
    for (size_t i = 0; i < s->n; i++)
        each_msgid(s->items[i].root, fn, ctx);
}
