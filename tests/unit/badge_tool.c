/* badge_tool.c - test driver: the badge CLI commands plus a make-badge command to sign. */
#include "badge.h"
#include "cmd_badge.h"
#include "str.h"

#include <stdio.h>
#include <stdlib.h>

/* make-badge KEYFILE ID LEVEL ORG DECLARED_AT URL: writes a signed badge to stdout. */
static int make_badge(int argc, char **argv)
{
    if (argc != 7)
        return 2;
    struct badge_keys keys;
    char err[256];
    if (badge_keys_load_or_create(argv[1], &keys, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    struct badge_info info = {.level = atoi(argv[3])};
    str_copy(info.id, sizeof info.id, argv[2]);
    str_copy(info.org, sizeof info.org, argv[4]);
    str_copy(info.declared_at, sizeof info.declared_at, argv[5]);
    str_copy(info.url, sizeof info.url, argv[6]);
    buf_t out;
    buf_init(&out);
    if (badge_svg(&keys, &info, &out) != 0) {
        badge_info_check(&info, err, sizeof err);
        fprintf(stderr, "make-badge: %s\n", err);
        buf_free(&out);
        return 2;
    }
    fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && str_eq(argv[1], "verify-badge"))
        return cmd_verify_badge(argc - 1, argv + 1);
    if (argc >= 2 && str_eq(argv[1], "badge-key"))
        return cmd_badge_key(argc - 1, argv + 1);
    if (argc >= 2 && str_eq(argv[1], "make-badge"))
        return make_badge(argc - 1, argv + 1);
    fprintf(stderr, "usage: badge_tool verify-badge|badge-key|make-badge ...\n");
    return 2;
}
