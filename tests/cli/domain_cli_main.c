/* domain_cli_main.c - test-only driver: dispatches argv[1] to the domain subcommands until
 * the real `otasuke` binary wires them in. */
#include "cmd_domain.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "sme-check") == 0)
        return cmd_sme_check(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "diagnose") == 0)
        return cmd_diagnose(argc - 1, argv + 1);
    fprintf(stderr, "usage: otasuke-domain-cli sme-check|diagnose ...\n");
    return 2;
}
