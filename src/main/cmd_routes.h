/* cmd_routes.h - `otasuke routes`: the route table as JSON, for the access-control tests. */
#ifndef OTASUKE_CMD_ROUTES_H
#define OTASUKE_CMD_ROUTES_H

int cmd_routes(int argc, char **argv);

#endif
