/* cmd_domain.h - the `sme-check` and `diagnose` subcommands. argv[0] is the subcommand name
 * ("sme-check" / "diagnose"); the return value is the process exit code: 0 decided,
 * 1 internal error (content could not be loaded), 2 bad input (one-line error on stderr). */
#ifndef OTASUKE_CMD_DOMAIN_H
#define OTASUKE_CMD_DOMAIN_H

int cmd_sme_check(int argc, char **argv);
int cmd_diagnose(int argc, char **argv);

#endif
