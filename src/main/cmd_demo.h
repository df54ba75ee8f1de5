/* cmd_demo.h - `otasuke demo-data`: demo accounts of each role with realistic workspaces. */
#ifndef OTASUKE_CMD_DEMO_H
#define OTASUKE_CMD_DEMO_H

int cmd_demo_data(int argc, char **argv);

#endif
