/* mail_send_tool.c - test driver: mail_send(URL, FROM, NAME, TO, SUBJECT, BODYFILE
 * [USER PASSWORD]). */
#include "fileutil.h"
#include "mail.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 7 && argc != 9) {
        fprintf(stderr, "usage: mail_send_tool URL FROM NAME TO SUBJECT BODYFILE [USER PW]\n");
        return 2;
    }
    char *body = file_read_all(argv[6], 1 << 20, NULL);
    if (!body) {
        fprintf(stderr, "cannot read %s\n", argv[6]);
        return 2;
    }
    struct mail_config cfg = {
        .smtp_url = argv[1], .from_addr = argv[2], .from_name = argv[3][0] ? argv[3] : NULL};
    if (argc == 9) {
        cfg.user = argv[7];
        cfg.password = argv[8];
    }
    char err[256] = "";
    int rc = mail_send(&cfg, argv[4], argv[5], body, err, sizeof err);
    free(body);
    if (rc != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    return 0;
}
