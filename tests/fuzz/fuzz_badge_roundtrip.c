/* fuzz_badge_roundtrip.c - libFuzzer target: any organization name and ID that pass
 * badge_info_check() give a badge that verifies with exactly those fields, and changing
 * any single byte of that badge makes it fail verification. */
#include "badge.h"
#include "str.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct badge_keys keys;
    static int ready;
    if (!ready) {
        unsigned char seed[32] = {1, 2, 3};
        if (sodium_init() < 0 || crypto_sign_seed_keypair(keys.pk, keys.sk, seed) != 0)
            abort();
        ready = 1;
    }
    /* input: ID NUL ORG [NUL FLIP-POSITION-BYTES] */
    struct badge_info info = {.level = size % 2 ? 1 : 2};
    const char *in = (const char *)data;
    const char *nul = memchr(in, '\0', size);
    if (!nul)
        return 0;
    size_t idlen = (size_t)(nul - in), rest = size - idlen - 1;
    const char *org = nul + 1;
    const char *nul2 = memchr(org, '\0', rest);
    size_t orglen = nul2 ? (size_t)(nul2 - org) : rest;
    if (idlen >= sizeof info.id || orglen >= sizeof info.org)
        return 0;
    memcpy(info.id, in, idlen);
    memcpy(info.org, org, orglen);
    str_copy(info.declared_at, sizeof info.declared_at, "2026-11-22");
    str_copy(info.url, sizeof info.url, "https://otasuke.example/verify/x");
    if (badge_info_check(&info, NULL, 0) != 0)
        return 0;

    buf_t svg;
    buf_init(&svg);
    if (badge_svg(&keys, &info, &svg) != 0)
        abort();
    struct badge_info got;
    char err[256];
    if (badge_verify(svg.data, svg.len, keys.pk, &got, err, sizeof err) != BADGE_VALID ||
        strcmp(got.org, info.org) != 0 || strcmp(got.id, info.id) != 0 || got.level != info.level)
        abort();
    uint32_t pos = 0;
    for (size_t i = 0; nul2 && i < 4 && nul2 + 1 + i < in + size; i++)
        pos = pos << 8 | (uint8_t)nul2[1 + i];
    pos %= (uint32_t)svg.len;
    char flipped = (char)(svg.data[pos] ^ 1);
    if (flipped != '\r') {
        svg.data[pos] = flipped;
        if (badge_verify(svg.data, svg.len, keys.pk, &got, err, sizeof err) == BADGE_VALID)
            abort();
    }
    buf_free(&svg);
    return 0;
}
