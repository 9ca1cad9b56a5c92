/* SPDX-License-Identifier: MIT */
/*
 * account.h - named accounts from $XDG_CONFIG_HOME/mucadmin/config.yaml and
 * the password of an account (environment, command, file or prompt).
 */
#ifndef MUCADMIN_CLI_ACCOUNT_H
#define MUCADMIN_CLI_ACCOUNT_H

/* One account; every string is malloc'd or NULL. */
struct account {
    char *name;
    char *jid;
    char *server;  /* HOST[:PORT] */
    char *service; /* default MUC service */
    char *password_command;
    char *password_file;
    char *cafile;
    char *tls;  /* "starttls", "direct" or "plaintext" */
    char *nick; /* the nick to join rooms under */
    char *path; /* the file it came from */
};

/*
 * Load account NAME (NULL: the file's "default", or its only account) from
 * the config file (path NULL: $XDG_CONFIG_HOME/mucadmin/config.yaml).  A
 * missing file is fine when name is NULL (*acct stays empty).  On failure
 * returns -1 with a malloc'd sentence in *err.
 */
int account_load(const char *path, const char *name, struct account *acct,
                 char **err);
void account_clear(struct account *acct);
/* The config file's path; malloc'd. */
char *account_path(void);

/*
 * The password for acct: $MUCADMIN_PASSWORD, else the account's
 * password_command (first line of its output) or password_file (refused
 * when group or others may read it), else a no-echo prompt on the
 * terminal.  Returns a malloc'd string, or NULL with *err set (malloc'd).
 */
char *account_password(const struct account *acct, const char *jid, char **err);

#endif
