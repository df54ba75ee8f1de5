/* cmd_serve.h - serve, migrate and the shared option parsing of commands that open the app. */
#ifndef OTASUKE_CMD_SERVE_H
#define OTASUKE_CMD_SERVE_H

#include "web.h"

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
/* Parses --listen --db --pg --base-url --smtp --mail-from --var --threads --secure-cookies
 * --user into cfg. Returns 0, or 2 after printing an error. */
int cmd_app_options(int argc, char **argv, struct app_config *cfg, const char **user);
int server_run_with(struct app *app, const char *user);

#endif
