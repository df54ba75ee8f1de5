/* badge_keys.c - the instance's Ed25519 badge key: load, or create once with mode 0600. */
#include "badge.h"
#include "str.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_MAGIC "otasuke-badge-key-v1\n"
#define SEED_BYTES 32

void badge_pubkey_b64(const unsigned char pk[BADGE_PK_BYTES], char out[BADGE_PK_B64_LEN])
{
    sodium_bin2base64(out, BADGE_PK_B64_LEN, pk, BADGE_PK_BYTES, sodium_base64_VARIANT_ORIGINAL);
}

int badge_pubkey_parse(const char *b64, unsigned char pk[BADGE_PK_BYTES])
{
    size_t n = 0;
    const char *end = NULL;
    if (!b64 || sodium_base642bin(pk, BADGE_PK_BYTES, b64, strlen(b64), NULL, &n, &end,
                                  sodium_base64_VARIANT_ORIGINAL) != 0)
        return -1;
    return n == BADGE_PK_BYTES && end && *end == '\0' ? 0 : -1;
}

static int keys_from_seed(struct badge_keys *out, const unsigned char seed[SEED_BYTES])
{
    return crypto_sign_seed_keypair(out->pk, out->sk, seed);
}

/* Reads an existing key file. Returns 0, -1 on error, 1 when the file does not exist. */
static int load(const char *path, struct badge_keys *out, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 1;
        str_fmt(err, errlen, "badge key %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = -1;
    char text[256];
    unsigned char seed[SEED_BYTES];
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        str_fmt(err, errlen, "badge key %s: not a regular file", path);
        goto out;
    }
    if (st.st_mode & 077) {
        str_fmt(err, errlen, "badge key %s is readable by others (mode %03o); run chmod 600", path,
                (unsigned)(st.st_mode & 0777));
        goto out;
    }
    ssize_t n = read(fd, text, sizeof text - 1);
    if (n < 0) {
        str_fmt(err, errlen, "badge key %s: %s", path, strerror(errno));
        goto out;
    }
    text[n] = '\0';
    size_t magic = strlen(KEY_MAGIC), got = 0;
    const char *end = NULL;
    if (strncmp(text, KEY_MAGIC, magic) != 0 ||
        sodium_base642bin(seed, sizeof seed, text + magic, (size_t)n - magic, "\n", &got, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != SEED_BYTES || keys_from_seed(out, seed) != 0) {
        str_fmt(err, errlen, "badge key %s: not an otasuke badge key file", path);
        goto out;
    }
    rc = 0;
out:
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(text, sizeof text);
    close(fd);
    return rc;
}

/* Writes a fresh key to a private temporary file and links it into place: link() never
 * replaces an existing file, so of two concurrent creators exactly one key survives. */
static int create(const char *path, char *err, size_t errlen)
{
    char tmp[4096];
    if (!str_fmt(tmp, sizeof tmp, "%s.tmp.XXXXXX", path)) {
        str_fmt(err, errlen, "badge key path too long");
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        str_fmt(err, errlen, "badge key %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = -1;
    unsigned char seed[SEED_BYTES];
    char b64[sodium_base64_ENCODED_LEN(SEED_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    char text[128];
    randombytes_buf(seed, sizeof seed);
    sodium_bin2base64(b64, sizeof b64, seed, sizeof seed, sodium_base64_VARIANT_ORIGINAL);
    size_t len = 0;
    if (str_fmt(text, sizeof text, "%s%s\n", KEY_MAGIC, b64))
        len = strlen(text);
    if (len == 0 || fchmod(fd, 0600) != 0 || write(fd, text, len) != (ssize_t)len ||
        fsync(fd) != 0) {
        str_fmt(err, errlen, "badge key %s: cannot write: %s", tmp, strerror(errno));
        goto out;
    }
    if (link(tmp, path) != 0 && errno != EEXIST) {
        str_fmt(err, errlen, "badge key %s: %s", path, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(b64, sizeof b64);
    sodium_memzero(text, sizeof text);
    close(fd);
    unlink(tmp);
    return rc;
}

int badge_keys_load_or_create(const char *path, struct badge_keys *out, char *err, size_t errlen)
{
    char dummy[1];
    if (!err || !errlen) {
        err = dummy;
        errlen = sizeof dummy;
    }
    if (sodium_init() < 0) {
        str_copy(err, errlen, "libsodium init failed");
        return -1;
    }
    int rc = load(path, out, err, errlen);
    if (rc != 1)
        return rc;
    if (create(path, err, errlen) != 0)
        return -1;
    rc = load(path, out, err, errlen);
    if (rc == 1)
        str_fmt(err, errlen, "badge key %s vanished after it was created", path);
    return rc == 0 ? 0 : -1;
}
