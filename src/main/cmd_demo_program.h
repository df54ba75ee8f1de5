/* cmd_demo_program.h - the guidance program part of `otasuke demo-data`. */
#ifndef OTASUKE_CMD_DEMO_PROGRAM_H
#define OTASUKE_CMD_DEMO_PROGRAM_H

#include "store.h"

#include <stddef.h>
#include <stdint.h>

/* Adds an open program run by operator op, expert_user's approved expert profile guiding
 * orgs[0..3] (1 to 4 visits done), applications of orgs[4] (waiting) and orgs[5]
 * (wait-listed), and a briefing session. Needs norgs >= 6. 0 on success. */
int demo_program(db_conn_t *c, int64_t op, int64_t expert_user, const int64_t *orgs, size_t norgs,
                 const char *now);

#endif
