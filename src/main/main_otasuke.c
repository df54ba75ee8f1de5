/* main_otasuke.c - the otasuke command: dispatches to one subcommand per file. */
#include "cmd_badge.h"
#include "cmd_demo.h"
#include "cmd_domain.h"
#include "cmd_match.h"
#include "cmd_routes.h"
#include "cmd_seed.h"
#include "cmd_serve.h"
#include "cmd_user.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
};

static const struct command commands[] = {
    {"serve", cmd_serve, "run the web platform"},
    {"migrate", cmd_migrate, "create or update the database schema"},
    {"demo-data", cmd_demo_data, "add demo accounts of each role (once) and print them"},
    {"sme-check", cmd_sme_check, "decide whether an organization is an SME (--json)"},
    {"diagnose", cmd_diagnose, "score a 25-item self-diagnosis read as JSON on stdin"},
    {"verify-badge", cmd_verify_badge, "check a SECURITY ACTION badge (SVG) offline"},
    {"badge-key", cmd_badge_key, "print this instance's badge signing public key"},
    {"routes", cmd_routes, "print every HTTP route with its access flags (JSON)"},
    {"create-user", cmd_create_user, "add an account with a role (operator, admin, ...)"},
    {"seed", cmd_seed, "fill a database with synthetic declarers (benchmarks)"},
    {"match", cmd_match, "propose a program-wide SME/expert assignment (--program ID --json)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: otasuke COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "otasuke: libsodium failed to initialize\n");
        return 1;
    }
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "otasuke: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
