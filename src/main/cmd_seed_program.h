/* cmd_seed_program.h - the guidance program part of `otasuke seed`. */
#ifndef OTASUKE_CMD_SEED_PROGRAM_H
#define OTASUKE_CMD_SEED_PROGRAM_H

#include "content.h"
#include "store.h"

#include <stdint.h>

struct seed_program_counts {
    int64_t program_id, experts, riss, itc, applications, matches, completed, terminated, visits;
};

/* Adds one program year from data/seed_program.json: experts of table 2 (seed 001),
 * applications from the SME-eligible organizations with id > first_org (those this run
 * seeded), matches within capacity, visits shaped like table 3. The rows are a pure function
 * of random_seed and the rows already in the database. Returns 0 or -1 (message on stderr). */
int seed_program(db_t *db, const content_t *ct, uint64_t random_seed, int64_t first_org,
                 struct seed_program_counts *out);

#endif
