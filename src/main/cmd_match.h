/* cmd_match.h - `otasuke match`: the program-wide optimizer's proposed assignment. */
#ifndef OTASUKE_CMD_MATCH_H
#define OTASUKE_CMD_MATCH_H

/* match --program ID [--json] [--algorithm flow|greedy] [--db PATH | --pg CONNINFO].
 * Prints the proposal (nothing is written). Exit 0, 1 on a database or data error, 2 on
 * bad usage. argv[0] is "match". */
int cmd_match(int argc, char **argv);

#endif
