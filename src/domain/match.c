/* match.c - geography and weights for expert matching, the score of a pair, candidates. */
#include "match.h"

#include "fileutil.h"
#include "str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPREF 47
#define GEO_FILE_MAX (256u * 1024u)
#define FIELD_MAX 96

struct match_geo {
    char name[NPREF + 1][FIELD_MAX];   /* name_en, index = JIS code */
    char region[NPREF + 1][FIELD_MAX]; /* region_en */
    int metro[NPREF + 1];              /* 0, or 1-3 for 首都圏/中京圏/近畿圏 */
    unsigned long long nb[NPREF + 1];  /* bit b set when code b is a neighbour */
    struct match_weights w;
};

static void fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* A line cursor over a NUL-terminated text: yields lines without '\r\n', skipping blank
 * lines and '#' comments. */
typedef struct {
    const char *p;
    int lineno;
    char line[1024];
} lines_t;

/* Next content line into l->line; 0 at end, 1 on a line, -1 when a line is too long. */
static int next_line(lines_t *l)
{
    while (*l->p) {
        const char *end = strchr(l->p, '\n');
        size_t n = end ? (size_t)(end - l->p) : strlen(l->p);
        const char *start = l->p;
        l->p = end ? end + 1 : start + n;
        l->lineno++;
        if (n > 0 && start[n - 1] == '\r')
            n--;
        if (n >= sizeof l->line)
            return -1;
        memcpy(l->line, start, n);
        l->line[n] = '\0';
        str_trim(l->line);
        if (l->line[0] == '\0' || l->line[0] == '#')
            continue;
        return 1;
    }
    return 0;
}

/* Splits line at commas in place into at most max fields; returns the count, or max + 1
 * when there are more. Fields are trimmed. */
static size_t split_fields(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *c = strchr(p, ',');
        if (n == max)
            return max + 1;
        if (c)
            *c = '\0';
        f[n++] = str_trim(p);
        if (!c)
            return n;
        p = c + 1;
    }
}

static bool parse_code(const char *s, int *out)
{
    int64_t v;
    if (!str_to_i64(s, 1, NPREF, &v))
        return false;
    *out = (int)v;
    return true;
}

static bool parse_prefectures(match_geo_t *g, const char *text, char *err, size_t errlen)
{
    lines_t l = {.p = text};
    bool header = false, seen[NPREF + 1] = {false};
    int r = next_line(&l);
    for (; r > 0; r = next_line(&l)) {
        char *f[7];
        size_t n = split_fields(l.line, f, 6);
        if (!header) {
            if (n != 6 || !str_eq(f[0], "code") || !str_eq(f[4], "region_en") ||
                !str_eq(f[5], "metro_area")) {
                fail(err, errlen,
                     "prefectures.csv:%d: expected the header "
                     "code,name_ja,name_en,region_ja,region_en,metro_area",
                     l.lineno);
                return false;
            }
            header = true;
            continue;
        }
        int code;
        if (n != 6 || !parse_code(f[0], &code)) {
            fail(err, errlen, "prefectures.csv:%d: expected 6 fields starting with a code 01-47",
                 l.lineno);
            return false;
        }
        if (seen[code]) {
            fail(err, errlen, "prefectures.csv:%d: code %02d twice", l.lineno, code);
            return false;
        }
        seen[code] = true;
        if (f[2][0] == '\0' || f[4][0] == '\0' ||
            !str_copy(g->name[code], sizeof g->name[code], f[2]) ||
            !str_copy(g->region[code], sizeof g->region[code], f[4])) {
            fail(err, errlen, "prefectures.csv:%d: name_en or region_en empty or too long",
                 l.lineno);
            return false;
        }
        static const char *const metros[] = {"", "首都圏", "中京圏", "近畿圏"};
        g->metro[code] = -1;
        for (int m = 0; m < 4; m++)
            if (str_eq(f[5], metros[m]))
                g->metro[code] = m;
        if (g->metro[code] < 0) {
            fail(err, errlen,
                 "prefectures.csv:%d: metro_area must be empty, 首都圏, 中京圏 or 近畿圏",
                 l.lineno);
            return false;
        }
    }
    if (r < 0) {
        fail(err, errlen, "prefectures.csv:%d: line too long", l.lineno);
        return false;
    }
    for (int c = 1; c <= NPREF; c++)
        if (!seen[c]) {
            fail(err, errlen, "prefectures.csv: code %02d missing", c);
            return false;
        }
    return true;
}

static bool parse_neighbours(match_geo_t *g, const char *text, char *err, size_t errlen)
{
    lines_t l = {.p = text};
    bool header = false;
    int r = next_line(&l);
    for (; r > 0; r = next_line(&l)) {
        char *f[4];
        size_t n = split_fields(l.line, f, 3);
        if (!header) {
            if (n != 3 || !str_eq(f[0], "a") || !str_eq(f[1], "b") || !str_eq(f[2], "kind")) {
                fail(err, errlen, "prefecture_neighbours.csv:%d: expected the header a,b,kind",
                     l.lineno);
                return false;
            }
            header = true;
            continue;
        }
        int a, b;
        if (n != 3 || !parse_code(f[0], &a) || !parse_code(f[1], &b) || a == b ||
            !(str_eq(f[2], "land") || str_eq(f[2], "link"))) {
            fail(err, errlen,
                 "prefecture_neighbours.csv:%d: expected two different codes 01-47 and "
                 "land or link",
                 l.lineno);
            return false;
        }
        if (g->nb[a] & (1ULL << b)) {
            fail(err, errlen, "prefecture_neighbours.csv:%d: pair %02d,%02d twice", l.lineno, a, b);
            return false;
        }
        g->nb[a] |= 1ULL << b;
        g->nb[b] |= 1ULL << a;
    }
    if (r < 0) {
        fail(err, errlen, "prefecture_neighbours.csv:%d: line too long", l.lineno);
        return false;
    }
    if (!header) {
        fail(err, errlen, "prefecture_neighbours.csv: no header");
        return false;
    }
    return true;
}

static bool parse_weights(match_geo_t *g, const char *text, char *err, size_t errlen)
{
    static const char *const keys[] = {
        "same_prefecture", "covers_prefecture", "neighbour", "same_region", "online",
        "industry",        "speciality",        "load",      "load_step"};
    enum { NKEYS = sizeof keys / sizeof keys[0] };
    int *slots[NKEYS] = {
        &g->w.same_prefecture, &g->w.covers_prefecture, &g->w.neighbour,  &g->w.same_region,
        &g->w.online,          &g->w.industry,          &g->w.speciality, &g->w.load,
        &g->w.load_step};
    bool seen[NKEYS] = {false}, header = false;
    lines_t l = {.p = text};
    int r = next_line(&l);
    for (; r > 0; r = next_line(&l)) {
        char *f[3];
        size_t n = split_fields(l.line, f, 2);
        if (!header) {
            if (n != 2 || !str_eq(f[0], "key") || !str_eq(f[1], "value")) {
                fail(err, errlen, "match_weights.csv:%d: expected the header key,value", l.lineno);
                return false;
            }
            header = true;
            continue;
        }
        int64_t v;
        size_t k = NKEYS;
        for (size_t i = 0; i < NKEYS && n == 2; i++)
            if (str_eq(f[0], keys[i]))
                k = i;
        if (k == NKEYS || !str_to_i64(f[1], 0, 100000, &v)) {
            fail(err, errlen, "match_weights.csv:%d: unknown key or value outside 0-100000",
                 l.lineno);
            return false;
        }
        if (seen[k]) {
            fail(err, errlen, "match_weights.csv:%d: %s twice", l.lineno, keys[k]);
            return false;
        }
        seen[k] = true;
        *slots[k] = (int)v;
    }
    if (r < 0) {
        fail(err, errlen, "match_weights.csv:%d: line too long", l.lineno);
        return false;
    }
    for (size_t i = 0; i < NKEYS; i++)
        if (!seen[i]) {
            fail(err, errlen, "match_weights.csv: %s missing", keys[i]);
            return false;
        }
    const struct match_weights *w = &g->w;
    int extras = w->industry + w->speciality + w->load;
    int levels[] = {w->same_prefecture, w->covers_prefecture, w->neighbour, w->same_region,
                    w->online};
    for (size_t i = 0; i + 1 < sizeof levels / sizeof levels[0]; i++)
        if (levels[i] - levels[i + 1] <= extras) {
            fail(err, errlen,
                 "match_weights.csv: geography must dominate: each level must exceed the "
                 "next by more than industry + speciality + load (%d)",
                 extras);
            return false;
        }
    return true;
}

match_geo_t *match_geo_parse(const char *prefectures_csv, const char *neighbours_csv,
                             const char *weights_csv, char *err, size_t errlen)
{
    match_geo_t *g = calloc(1, sizeof *g);
    if (!g) {
        fail(err, errlen, "out of memory");
        return NULL;
    }
    if (!parse_prefectures(g, prefectures_csv, err, errlen) ||
        !parse_neighbours(g, neighbours_csv, err, errlen) ||
        !parse_weights(g, weights_csv, err, errlen)) {
        free(g);
        return NULL;
    }
    return g;
}

static char *read_data(const char *dir, const char *file, char *err, size_t errlen)
{
    char path[1024];
    if (!str_fmt(path, sizeof path, "%s/%s", dir, file)) {
        fail(err, errlen, "%s: path too long", file);
        return NULL;
    }
    char *text = file_read_all(path, GEO_FILE_MAX, NULL);
    if (!text)
        fail(err, errlen, "%s: cannot read", path);
    return text;
}

match_geo_t *match_geo_load(const char *dir, char *err, size_t errlen)
{
    match_geo_t *g = NULL;
    char *p = read_data(dir, "prefectures.csv", err, errlen);
    char *n = p ? read_data(dir, "prefecture_neighbours.csv", err, errlen) : NULL;
    char *w = n ? read_data(dir, "match_weights.csv", err, errlen) : NULL;
    if (w)
        g = match_geo_parse(p, n, w, err, errlen);
    free(p);
    free(n);
    free(w);
    return g;
}

void match_geo_free(match_geo_t *g)
{
    free(g);
}

static bool valid(int pref)
{
    return pref >= 1 && pref <= NPREF;
}

bool match_geo_neighbours(const match_geo_t *g, int a, int b)
{
    return valid(a) && valid(b) && (g->nb[a] & (1ULL << b)) != 0;
}

bool match_geo_same_region(const match_geo_t *g, int a, int b)
{
    return valid(a) && valid(b) && str_eq(g->region[a], g->region[b]);
}

int match_geo_metro(const match_geo_t *g, int pref)
{
    return valid(pref) ? g->metro[pref] : 0;
}

const char *match_geo_region(const match_geo_t *g, int pref)
{
    return valid(pref) ? g->region[pref] : "";
}

const char *match_geo_name(const match_geo_t *g, int pref)
{
    return valid(pref) ? g->name[pref] : "";
}

const struct match_weights *match_geo_weights(const match_geo_t *g)
{
    return &g->w;
}

/* true when the comma-separated lists a and b share a (trimmed, non-empty) token. */
static bool lists_overlap(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    for (const char *p = a; *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        size_t n = (size_t)(e - p);
        while (n > 0 && p[n - 1] == ' ')
            n--;
        if (n > 0) {
            for (const char *q = b; *q;) {
                while (*q == ',' || *q == ' ')
                    q++;
                const char *f = q;
                while (*f && *f != ',')
                    f++;
                size_t m = (size_t)(f - q);
                while (m > 0 && q[m - 1] == ' ')
                    m--;
                if (m == n && memcmp(p, q, n) == 0)
                    return true;
                q = f;
            }
        }
        p = e;
    }
    return false;
}

int match_score(const match_geo_t *g, const struct match_sme *s, const struct match_expert *e,
                unsigned *why)
{
    unsigned w = 0;
    if (why)
        *why = 0;
    if (e->capacity_left <= 0)
        return -1;
    bool covers = false;
    for (size_t i = 0; i < e->nareas && i < MATCH_MAX_AREAS; i++)
        if (valid(s->prefecture) && e->areas[i] == s->prefecture)
            covers = true;
    bool same = valid(s->prefecture) && e->prefecture == s->prefecture;
    bool onsite_reach = e->onsite && (same || covers);
    if (!onsite_reach && !e->online)
        return -1;
    const struct match_weights *W = &g->w;
    int score;
    if (same) {
        score = W->same_prefecture;
        w |= MATCH_WHY_SAME_PREF;
    } else if (covers) {
        score = W->covers_prefecture;
        w |= MATCH_WHY_COVERS_PREF;
    } else if (match_geo_neighbours(g, e->prefecture, s->prefecture)) {
        score = W->neighbour;
        w |= MATCH_WHY_NEIGHBOUR;
    } else if (match_geo_same_region(g, e->prefecture, s->prefecture)) {
        score = W->same_region;
        w |= MATCH_WHY_SAME_REGION;
    } else {
        score = W->online;
    }
    if (!onsite_reach)
        w |= MATCH_WHY_ONLINE;
    if (lists_overlap(s->industry, e->industries)) {
        score += W->industry;
        w |= MATCH_WHY_INDUSTRY;
    }
    if (lists_overlap(s->wants, e->specialities)) {
        score += W->speciality;
        w |= MATCH_WHY_SPECIALITY;
    }
    long long load = e->load > 0 ? e->load : 0;
    score += (int)((long long)W->load * e->capacity_left / (e->capacity_left + load));
    if (e->capacity_left > load)
        w |= MATCH_WHY_HAS_CAPACITY;
    if (why)
        *why = w;
    return score;
}

size_t match_candidates(const match_geo_t *g, const struct match_sme *s,
                        const struct match_expert *experts, size_t nexperts, size_t *out, size_t k)
{
    /* Insertion into a sorted top-k list: k is small (a handful of proposals). */
    size_t n = 0;
    int *scores = k ? malloc(k * sizeof *scores) : NULL;
    if (!scores)
        return 0;
    for (size_t i = 0; i < nexperts; i++) {
        int sc = match_score(g, s, &experts[i], NULL);
        if (sc < 0)
            continue;
        size_t pos = n;
        while (pos > 0) {
            const struct match_expert *o = &experts[out[pos - 1]];
            int os = scores[pos - 1];
            bool better =
                sc > os || (sc == os && (experts[i].load < o->load ||
                                         (experts[i].load == o->load && experts[i].id < o->id)));
            if (!better)
                break;
            pos--;
        }
        if (pos >= k)
            continue;
        size_t last = n < k ? n : k - 1;
        for (size_t j = last; j > pos; j--) {
            out[j] = out[j - 1];
            scores[j] = scores[j - 1];
        }
        out[pos] = i;
        scores[pos] = sc;
        if (n < k)
            n++;
    }
    free(scores);
    return n;
}

size_t match_why_labels(unsigned why, const char **out, size_t max)
{
    static const char *const labels[] = {
        "same_prefecture", "covers_prefecture", "neighbour",  "same_region",
        "online",          "industry",          "speciality", "has_capacity"};
    size_t n = 0;
    for (size_t b = 0; b < sizeof labels / sizeof labels[0] && n < max; b++)
        if (why & (1u << b))
            out[n++] = labels[b];
    return n;
}

bool match_evaluate(const match_geo_t *g, const struct match_sme *smes, size_t nsmes,
                    const struct match_expert *experts, size_t nexperts, const long *expert_of,
                    struct match_objective *out)
{
    memset(out, 0, sizeof *out);
    int *given = nexperts ? calloc(nexperts, sizeof *given) : NULL;
    if (nexperts && !given)
        return false;
    bool ok = true;
    for (size_t i = 0; i < nsmes && ok; i++) {
        long x = expert_of[i];
        if (x < 0)
            continue;
        if ((size_t)x >= nexperts) {
            ok = false;
            break;
        }
        const struct match_expert *e = &experts[x];
        int sc = match_score(g, &smes[i], e, NULL);
        if (sc < 0 || given[x] >= e->capacity_left) {
            ok = false;
            break;
        }
        given[x]++;
        /* the given[x]-th new SME of e: load_step * (load + given - 1) */
        long long load = e->load > 0 ? e->load : 0;
        out->load_cost += (long long)g->w.load_step * (load + given[x] - 1);
        out->score += sc;
        out->matched++;
        if (match_geo_metro(g, smes[i].prefecture) == 0)
            out->regional++;
    }
    free(given);
    return ok;
}
