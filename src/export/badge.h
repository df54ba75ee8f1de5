/* badge.h - signed SECURITY ACTION declaration badges (SVG + QR + Ed25519). */
#ifndef OTASUKE_BADGE_H
#define OTASUKE_BADGE_H

#include "buf.h"

#include <stddef.h>

#define BADGE_PK_BYTES 32
#define BADGE_SK_BYTES 64
#define BADGE_SIG_BYTES 64
#define BADGE_PK_B64_LEN 45 /* base64 of 32 bytes + NUL */
#define BADGE_MAX_SVG (1u << 20)

/* One instance's signing key pair (Ed25519). */
struct badge_keys {
    unsigned char pk[BADGE_PK_BYTES];
    unsigned char sk[BADGE_SK_BYTES];
};

/* What a badge states. The same fields, one per line, form the signed payload. */
struct badge_info {
    char id[64];                             /* declaration ID: [A-Za-z0-9_-], 1..63 characters */
    int level;                               /* 1 = ★ (一つ星), 2 = ★★ (二つ星) */
    char org[256];                           /* organization name: UTF-8, no control characters */
    char declared_at[32];                    /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" */
    char url[512];                           /* verification URL, http(s)://, printable ASCII */
    unsigned char signer_pk[BADGE_PK_BYTES]; /* set by badge_verify: the key that signed */
};

enum badge_result {
    BADGE_VALID = 0,
    BADGE_INVALID = 1,   /* signature fails, content altered, or not the pinned key */
    BADGE_MALFORMED = 2, /* not an otasuke badge, or its fields cannot be read */
};

/* Loads the key pair from path, or creates it (mode 0600, atomically: a concurrent
 * creator's key wins and is loaded). Refuses a key file readable by group or others.
 * Returns 0, or -1 with a reason in err. */
int badge_keys_load_or_create(const char *path, struct badge_keys *out, char *err, size_t errlen);
/* Base64 (standard alphabet, padded) of a public key. */
void badge_pubkey_b64(const unsigned char pk[BADGE_PK_BYTES], char out[BADGE_PK_B64_LEN]);
/* Decodes a base64 public key; 0 on success. */
int badge_pubkey_parse(const char *b64, unsigned char pk[BADGE_PK_BYTES]);

/* Checks the fields of info; 0 when they can be put on a badge, else -1 with a reason. */
int badge_info_check(const struct badge_info *info, char *err, size_t errlen);
/* The canonical signed payload for info and the SHA-256 (hex) of the badge document. */
void badge_payload(buf_t *out, const struct badge_info *info, const char *svg_sha256_hex);

/* Renders the signed badge SVG into out. Returns 0, or -1 when info is invalid. */
int badge_svg(const struct badge_keys *keys, const struct badge_info *info, buf_t *out);

/* Verifies a badge: reads the signed fields from <metadata>, checks the Ed25519 signature
 * over them and over the whole document (so any edit of visible text, QR or metadata is
 * caught), and when pinned_pubkey is not NULL that it was signed by that key. Fills out
 * (when not NULL) and err. Returns an enum badge_result. */
int badge_verify(const char *svg, size_t len, const unsigned char *pinned_pubkey,
                 struct badge_info *out, char *err, size_t errlen);

#endif
