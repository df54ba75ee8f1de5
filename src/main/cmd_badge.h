/* cmd_badge.h - `otasuke verify-badge` and `otasuke badge-key`. */
#ifndef OTASUKE_CMD_BADGE_H
#define OTASUKE_CMD_BADGE_H

/* verify-badge FILE [--pubkey BASE64]: prints the fields and VALID; exit 0 valid, 1 when
 * the signature fails, the badge was altered or the key differs from --pubkey, 2 on bad
 * input (usage, unreadable file, not a badge). argv[0] is "verify-badge". */
int cmd_verify_badge(int argc, char **argv);
/* badge-key --keyfile PATH: prints the instance's badge public key (base64), creating the
 * key file (mode 0600) when it does not exist yet. Exit 0, or 2 on error. */
int cmd_badge_key(int argc, char **argv);

#endif
