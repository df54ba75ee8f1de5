/* cmd_user.h - `otasuke create-user`: accounts for operators, admins and others. */
#ifndef OTASUKE_CMD_USER_H
#define OTASUKE_CMD_USER_H

/* create-user --email E --password-file F --role operator|admin|advisor|sme [--name N]
 * [--db PATH | --pg CONNINFO]. Exit 0; 1 when the address exists or the database fails;
 * 2 on bad usage or input. argv[0] is "create-user". */
int cmd_create_user(int argc, char **argv);

#endif
