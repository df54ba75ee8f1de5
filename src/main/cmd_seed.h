/* cmd_seed.h - `otasuke seed`: realistic synthetic declarers for benchmarks and demos. */
#ifndef OTASUKE_CMD_SEED_H
#define OTASUKE_CMD_SEED_H

/* seed --organizations N [--random-seed S] [--db PATH | --pg CONNINFO]. Exit 0, 1 on a
 * database error, 2 on bad usage. argv[0] is "seed". */
int cmd_seed(int argc, char **argv);

#endif
