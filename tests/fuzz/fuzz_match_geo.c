/* fuzz_match_geo.c - libFuzzer target for the matching data files an operator may edit
 * (data/prefectures.csv, prefecture_neighbours.csv, match_weights.csv). The first byte picks
 * the file that the rest of the input replaces; the other two are the shipped ones, so the
 * later checks are reached too. Invariants: a refused file gives a one-line message naming
 * it; an accepted set gives a symmetric, irreflexive neighbour relation, metro indexes 0-3,
 * weights where geography dominates, and scores >= -1. */
#include "fileutil.h"
#include "match.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *shipped[3];

static void load_shipped(void)
{
    static const char *const files[3] = {"prefectures.csv", "prefecture_neighbours.csv",
                                         "match_weights.csv"};
    for (int i = 0; i < 3; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/data/%s", OTASUKE_SOURCE_DIR, files[i]);
        shipped[i] = file_read_all(path, 1u << 20, NULL);
        if (!shipped[i]) {
            fprintf(stderr, "cannot read %s\n", path);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!shipped[0])
        load_shipped();
    if (size < 1)
        return 0;
    size_t which = data[0] % 3;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    const char *files[3] = {shipped[0], shipped[1], shipped[2]};
    files[which] = text;
    char err[512] = "";
    match_geo_t *g = match_geo_parse(files[0], files[1], files[2], err, sizeof err);
    if (!g) {
        if (!err[0] || strchr(err, '\n') || !strstr(err, ".csv"))
            abort();
        free(text);
        return 0;
    }
    for (int a = 0; a <= 48; a++) {
        if (match_geo_neighbours(g, a, a) || match_geo_metro(g, a) < 0 ||
            match_geo_metro(g, a) > 3 || !match_geo_region(g, a))
            abort();
        for (int b = 0; b <= 48; b++)
            if (match_geo_neighbours(g, a, b) != match_geo_neighbours(g, b, a))
                abort();
    }
    const struct match_weights *w = match_geo_weights(g);
    int extras = w->industry + w->speciality + w->load;
    if (w->same_prefecture - w->covers_prefecture <= extras || w->same_region - w->online <= extras)
        abort();
    struct match_sme s = {.id = 1, .prefecture = 1 + data[0] % 47, .industry = "E", .wants = ""};
    struct match_expert e = {.id = 1,
                             .prefecture = 13,
                             .onsite = true,
                             .online = true,
                             .industries = "E",
                             .specialities = "",
                             .capacity_left = 1};
    if (match_score(g, &s, &e, NULL) < 0)
        abort();
    match_geo_free(g);
    free(text);
    return 0;
}
