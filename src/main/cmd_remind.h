/* cmd_remind.h - `otasuke remind`: mails the guidance program's due reminders once. */
#ifndef OTASUKE_CMD_REMIND_H
#define OTASUKE_CMD_REMIND_H

/* remind [--now YYYY-MM-DDTHH:MM:SSZ] [--db PATH | --pg CONNINFO] [--smtp URL]
 * [--base-url URL]. Exit 0, 1 on a database error, 2 on bad usage. Run hourly
 * (contrib/systemd/otasuke-remind.timer). */
int cmd_remind(int argc, char **argv);

#endif
