/* oui.c - loads the IEEE OUI CSV into a sorted prefix array for binary search. */
#include "oui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileutil.h"
#include "log.h"
#include "str.h"

#define OUI_NAME_MAX 64 /* vendor names are cut here; enough to recognise a brand */

typedef struct {
    uint32_t prefix;
    uint32_t name_off; /* offset into names */
} oui_entry;

struct oui_table {
    oui_entry *ent;
    size_t n, cap;
    char *names;
    size_t names_len, names_cap;
};

static int cmp_entry(const void *a, const void *b)
{
    uint32_t x = ((const oui_entry *)a)->prefix, y = ((const oui_entry *)b)->prefix;
    return x < y ? -1 : x > y;
}

/* Splits one CSV line into up to nf fields in place (RFC 4180 quotes, "" escapes). */
static size_t csv_split(char *line, char **f, size_t nf)
{
    size_t k = 0;
    char *r = line, *w = line;
    while (k < nf) {
        f[k++] = w;
        if (*r == '"') {
            r++;
            for (;;) {
                if (*r == '\0')
                    break;
                if (*r == '"' && r[1] == '"') {
                    *w++ = '"';
                    r += 2;
                } else if (*r == '"') {
                    r++;
                    break;
                } else {
                    *w++ = *r++;
                }
            }
        }
        while (*r && *r != ',')
            *w++ = *r++;
        if (*r != ',') {
            *w = '\0';
            break;
        }
        *w++ = '\0';
        r++;
    }
    return k;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int add_entry(oui_table *t, uint32_t prefix, const char *name)
{
    char clean[OUI_NAME_MAX];
    str_copy(clean, sizeof clean, name); /* truncation is acceptable for a vendor label */
    str_trim(clean);
    size_t nl = strlen(clean) + 1;
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 1024;
        oui_entry *ne = realloc(t->ent, nc * sizeof *ne);
        if (!ne)
            return -1;
        t->ent = ne;
        t->cap = nc;
    }
    if (t->names_len + nl > t->names_cap) {
        size_t nc = t->names_cap ? t->names_cap * 2 : 65536;
        while (nc < t->names_len + nl)
            nc *= 2;
        char *nn = realloc(t->names, nc);
        if (!nn)
            return -1;
        t->names = nn;
        t->names_cap = nc;
    }
    memcpy(t->names + t->names_len, clean, nl);
    t->ent[t->n].prefix = prefix;
    t->ent[t->n].name_off = (uint32_t)t->names_len;
    t->n++;
    t->names_len += nl;
    return 0;
}

static int load_file(oui_table *t, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    char line[1024];
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *f[3];
        if (csv_split(line, f, 3) < 3 || strcmp(f[0], "MA-L") != 0 || strlen(f[1]) != 6)
            continue;
        uint32_t p = 0;
        int ok = 1;
        for (int i = 0; i < 6; i++) {
            int v = hexval(f[1][i]);
            if (v < 0) {
                ok = 0;
                break;
            }
            p = (p << 4) | (uint32_t)v;
        }
        if (ok && add_entry(t, p, f[2]) != 0) {
            fclose(fp);
            return -1;
        }
    }
    fclose(fp);
    if (t->n > 1)
        qsort(t->ent, t->n, sizeof *t->ent, cmp_entry);
    return 0;
}

oui_table *oui_load(const char *path)
{
    oui_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    if (path) {
        if (load_file(t, path) != 0)
            log_warn("oui: cannot read %s; vendors will be unknown", path);
        return t;
    }
    char bundled[512];
    const char *env = getenv("OTASUKE_OUI");
    const char *cands[3] = {env, "/usr/share/ieee-data/oui.csv", NULL};
    if (share_path(bundled, sizeof bundled, "data/sensor/oui-subset.csv"))
        cands[2] = bundled;
    for (size_t i = 0; i < 3; i++) {
        if (cands[i] && load_file(t, cands[i]) == 0 && t->n > 0) {
            log_debug("oui: %zu vendor prefixes from %s", t->n, cands[i]);
            return t;
        }
    }
    log_warn("oui: no OUI registry found (install ieee-data); vendors will be unknown");
    return t;
}

void oui_free(oui_table *t)
{
    if (!t)
        return;
    free(t->ent);
    free(t->names);
    free(t);
}

size_t oui_count(const oui_table *t)
{
    return t ? t->n : 0;
}

const char *oui_lookup(const oui_table *t, const uint8_t mac[6])
{
    if (!t || t->n == 0 || (mac[0] & 0x02)) /* locally administered: random or virtual */
        return NULL;
    uint32_t p = (uint32_t)mac[0] << 16 | (uint32_t)mac[1] << 8 | mac[2];
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->ent[mid].prefix < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < t->n && t->ent[lo].prefix == p)
        return t->names + t->ent[lo].name_off;
    return NULL;
}
