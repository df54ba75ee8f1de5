/* cmd_badge.c - `otasuke verify-badge` (offline badge check) and `otasuke badge-key`. */
#include "cmd_badge.h"
#include "badge.h"
#include "fileutil.h"
#include "str.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_verify_badge(int argc, char **argv)
{
    const char *file = NULL, *pin64 = NULL;
    for (int i = 1; i < argc; i++) {
        if (str_eq(argv[i], "--pubkey") && i + 1 < argc) {
            pin64 = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            file = NULL;
            break;
        } else if (!file) {
            file = argv[i];
        } else {
            file = NULL;
            break;
        }
    }
    if (!file) {
        fprintf(stderr, "usage: otasuke verify-badge FILE.svg [--pubkey BASE64]\n");
        return 2;
    }
    unsigned char pin[BADGE_PK_BYTES];
    if (pin64 && badge_pubkey_parse(pin64, pin) != 0) {
        fprintf(stderr, "verify-badge: --pubkey must be a 32-byte key in base64\n");
        return 2;
    }
    size_t len = 0;
    char *svg = file_read_all(file, BADGE_MAX_SVG, &len);
    if (!svg) {
        fprintf(stderr, "verify-badge: cannot read %s (missing, unreadable or over 1 MiB)\n", file);
        return 2;
    }
    struct badge_info info;
    char err[256];
    int rc = badge_verify(svg, len, pin64 ? pin : NULL, &info, err, sizeof err);
    free(svg);
    if (rc == BADGE_MALFORMED) {
        fprintf(stderr, "verify-badge: %s: %s\n", file, err);
        return 2;
    }
    if (rc != BADGE_VALID) {
        printf("INVALID: %s\n", err);
        return 1;
    }
    char pk64[BADGE_PK_B64_LEN];
    badge_pubkey_b64(info.signer_pk, pk64);
    printf("id: %s\n", info.id);
    printf("level: %d (%s)\n", info.level, info.level == 2 ? "★★" : "★");
    printf("organization: %s\n", info.org);
    printf("declared_at: %s\n", info.declared_at);
    printf("url: %s\n", info.url);
    printf("public_key: %s%s\n", pk64, pin64 ? " (matches --pubkey)" : "");
    printf("VALID\n");
    if (!pin64)
        fprintf(stderr, "note: the key was not pinned; compare public_key with the one the "
                        "instance publishes (otasuke badge-key), or pass --pubkey. The "
                        "declaration's current status is at the url.\n");
    return 0;
}

int cmd_badge_key(int argc, char **argv)
{
    const char *path = NULL;
    if (argc == 3 && str_eq(argv[1], "--keyfile"))
        path = argv[2];
    if (!path) {
        fprintf(stderr, "usage: otasuke badge-key --keyfile PATH\n");
        return 2;
    }
    struct badge_keys keys;
    char err[256];
    if (badge_keys_load_or_create(path, &keys, err, sizeof err) != 0) {
        fprintf(stderr, "badge-key: %s\n", err);
        return 2;
    }
    char pk64[BADGE_PK_B64_LEN];
    badge_pubkey_b64(keys.pk, pk64);
    printf("%s\n", pk64);
    sodium_memzero(&keys, sizeof keys);
    return 0;
}
