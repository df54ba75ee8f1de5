/* cmd_user.c - `otasuke create-user`: adds an account with a role, password read from a file
 * (never from the command line, where other users could see it in the process list). */
#include "cmd_user.h"
#include "cmd_serve.h"
#include "fileutil.h"
#include "form.h"
#include "session.h"
#include "str.h"
#include "timeutil.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool role_valid(const char *r)
{
    return str_eq(r, "operator") || str_eq(r, "admin") || str_eq(r, "advisor") || str_eq(r, "sme");
}

int cmd_create_user(int argc, char **argv)
{
    const char *email = NULL, *pwfile = NULL, *role = NULL, *name = "";
    char *rest[64];
    int nrest = 0;
    rest[nrest++] = argv[0];
    for (int i = 1; i < argc; i++) {
        bool has = i + 1 < argc;
        if (str_eq(argv[i], "--email") && has)
            email = argv[++i];
        else if (str_eq(argv[i], "--password-file") && has)
            pwfile = argv[++i];
        else if (str_eq(argv[i], "--role") && has)
            role = argv[++i];
        else if (str_eq(argv[i], "--name") && has)
            name = argv[++i];
        else if (nrest < 63)
            rest[nrest++] = argv[i];
    }
    rest[nrest] = NULL;
    if (!email || !pwfile || !role) {
        fprintf(stderr,
                "usage: otasuke create-user --email E --password-file F "
                "--role operator|admin|advisor|sme [--name N] [--db PATH | --pg CONNINFO]\n");
        return 2;
    }
    if (!role_valid(role)) {
        fprintf(stderr, "otasuke: create-user: --role must be operator, admin, advisor or sme\n");
        return 2;
    }
    if (*check_email(email)) {
        fprintf(stderr, "otasuke: create-user: '%s' is not an e-mail address\n", email);
        return 2;
    }
    if (!str_valid_utf8(name, strlen(name)) || str_utf8_len(name) > 100) {
        fprintf(stderr, "otasuke: create-user: --name must be at most 100 characters\n");
        return 2;
    }
    size_t len = 0;
    char *pw = file_read_all(pwfile, 4096, &len);
    if (!pw) {
        fprintf(stderr, "otasuke: create-user: cannot read %s\n", pwfile);
        return 2;
    }
    /* One line: the trailing newline of `echo pass > file` is not part of the password. */
    while (len > 0 && (pw[len - 1] == '\n' || pw[len - 1] == '\r'))
        pw[--len] = '\0';
    int rc = 2;
    char hash[128];
    if (*check_password(pw) || strlen(pw) != len) {
        fprintf(stderr, "otasuke: create-user: the password must be one line of at least 10 "
                        "characters\n");
        goto out;
    }
    struct app_config cfg = {0};
    const char *user = NULL;
    if ((rc = cmd_app_options(nrest, rest, &cfg, &user)) != 0)
        goto out;
    rc = 1;
    if (password_hash(pw, hash) < 0) {
        fprintf(stderr, "otasuke: create-user: cannot hash the password\n");
        goto out;
    }
    char err[512], now[TIME_ISO_LEN];
    db_t *db = db_open(cfg.db_url, 1, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) < 0) {
        fprintf(stderr, "otasuke: %s\n", err);
        db_close(db);
        goto out;
    }
    db_conn_t *c = db_conn_get(db);
    time_now_iso(now);
    int64_t id = db_insert_id(c,
                              "INSERT INTO users (email, password_hash, name, role, lang, "
                              "created_at) VALUES (lower(?), ?, ?, ?, 'ja', ?) RETURNING id",
                              "sssss", email, hash, name, role, now);
    if (id < 0) {
        if (db_err_unique(c))
            fprintf(stderr, "otasuke: create-user: %s is already registered\n", email);
        else
            fprintf(stderr, "otasuke: create-user: %s\n", db_errmsg(c));
    } else {
        printf("created %s user %s (id %lld)\n", role, email, (long long)id);
        rc = 0;
    }
    db_conn_put(c);
    db_close(db);
out:
    sodium_memzero(pw, len);
    free(pw);
    return rc;
}
