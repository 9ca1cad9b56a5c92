/* SPDX-License-Identifier: MIT */
/* cli-output.c - the CLI's pieces without a network: the emitter's JSON and
 * tables, the command table's synopses, FIELD=VALUE, the exit-code
 * table, accounts. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../cli/account.h"
#include "../../cli/cli.h"
#include "../../cli/fields.h"
#include "../../cli/output.h"
#include "../../cli/session.h"
#include "check.h"

/* Run one emitter script and compare what it printed. */
static void emit(bool json, const char *want, const char *name,
                 void (*script)(struct out *))
{
    struct cli cli = { .json = json };
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    struct out *o = out_new_fp(&cli, fp);

    script(o);
    out_free(o);
    fclose(fp);
    CHECK(buf && !strcmp(buf, want), name);
    if (buf && strcmp(buf, want))
        printf("got:\n%s\nwant:\n%s\n", buf, want);
    free(buf);
}

static void table(struct out *o)
{
    const char *v[] = { "a", "b\"c" };
    out_table(o, NULL);
    out_record(o, NULL);
    out_str(o, "jid", "x@y");
    out_str(o, "nick", NULL);
    out_strv(o, "opts", v, 2);
    out_json_str(o, "var", "only-json");
    out_end(o);
    out_record(o, NULL);
    out_str(o, "jid", "longer@example.org");
    out_str(o, "nick", "n\tick");
    out_strv(o, "opts", v, 0);
    out_json_str(o, "var", "only-json");
    out_end(o);
    out_end(o);
}

static void result(struct out *o)
{
    out_result(o, NULL);
    out_str(o, "room", "r@s");
    out_bool(o, "ok", true);
    out_int(o, "n", 42);
    out_table(o, "items");
    out_record(o, NULL);
    out_str(o, "jid", "\x01");
    out_end(o);
    out_end(o);
    out_end(o);
    out_say(o, "done %d", 1);
}

static void record(struct out *o)
{
    out_record(o, NULL);
    out_str(o, "room", "r@s");
    out_bool(o, "persistent", false);
    out_end(o);
}

/* A hostile server's JID: ESC (a terminal's escape sequence), DEL and a
 * C1 CSI (U+009B, 0xc2 0x9b in UTF-8). */
#define EVIL                                                                   \
    "a\x1b]0;pwned\x07@x\x7f\xc2\x9b"                                          \
    "2J"

static void evil(struct out *o)
{
    out_table(o, NULL);
    out_record(o, NULL);
    out_str(o, "jid", EVIL);
    out_end(o);
    out_end(o);
    out_say(o, "added %s", EVIL);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *fp = fopen(path, "w");
    fputs(text, fp);
    fclose(fp);
    chmod(path, mode);
}

static void accounts(void)
{
    char dir[] = "/tmp/cli-output.XXXXXX", path[256], pw[256];
    struct account a;
    char *err, *p;

    if (!mkdtemp(dir))
        return;
    snprintf(path, sizeof(path), "%s/config.yaml", dir);
    snprintf(pw, sizeof(pw), "%s/pw", dir);
    CHECK(account_load(path, NULL, &a, &err) == 0 && !a.jid,
          "a missing file is no account");
    account_clear(&a);
    CHECK(account_load(path, "x", &a, &err) < 0 && err,
          "a missing file with --account is an error");
    free(err);
    account_clear(&a);
    write_file(path,
               "default: b\naccounts:\n  a:\n    jid: a@x\n"
               "  b:\n    jid: b@x\n    service: muc.x\n"
               "    tls: direct\n",
               0600);
    CHECK(account_load(path, NULL, &a, &err) == 0 && a.jid &&
              !strcmp(a.jid, "b@x") && !strcmp(a.service, "muc.x"),
          "the default account");
    account_clear(&a);
    CHECK(account_load(path, "a", &a, &err) == 0 && !strcmp(a.jid, "a@x"),
          "a named account");
    account_clear(&a);
    write_file(path, "accounts:\n  a:\n    jid: a@x\n  b:\n    jid: b@x\n",
               0600);
    CHECK(account_load(path, NULL, &a, &err) < 0 && strstr(err, "several"),
          "several accounts and no default");
    free(err);
    account_clear(&a);
    write_file(path, "accounts:\n  a:\n    jid: a@x\n    pasword: x\n", 0600);
    CHECK(account_load(path, NULL, &a, &err) < 0 &&
              strstr(err, "unknown key 'pasword'") && strstr(err, "line 4"),
          "a typo is an error with its line");
    free(err);
    account_clear(&a);
    write_file(path, "accounts:\n  a:\n    tls: none\n", 0600);
    CHECK(account_load(path, NULL, &a, &err) < 0, "a bad tls mode");
    free(err);
    account_clear(&a);
    /* A file others may write could run any password_command as us. */
    write_file(path,
               "accounts:\n  a:\n    jid: a@x\n"
               "    password_command: echo x\n",
               0620);
    CHECK(account_load(path, NULL, &a, &err) < 0 && !a.jid &&
              strstr(err, path) && strstr(err, "writable by others") &&
              strstr(err, "chmod 600"),
          "a config file the group may write is refused, with the fix");
    free(err);
    account_clear(&a);
    chmod(path, 0602);
    CHECK(account_load(path, NULL, &a, &err) < 0 && !a.password_command,
          "a config file anyone may write is refused");
    free(err);
    account_clear(&a);
    chmod(path, 0644);
    CHECK(account_load(path, NULL, &a, &err) == 0 && a.password_command,
          "a config file others may only read is used");
    account_clear(&a);

    unsetenv("MUCADMIN_PASSWORD");
    write_file(pw, "s3cret\n", 0644);
    a = (struct account){ .password_file = pw };
    CHECK(!account_password(&a, "a@x", &err) && strstr(err, "chmod 600"),
          "a password file others may read is refused");
    free(err);
    chmod(pw, 0600);
    p = account_password(&a, "a@x", &err);
    CHECK(p && !strcmp(p, "s3cret"), "a password file");
    free(p);
    a = (struct account){ .password_command = "printf 'cmd\\nx\\n'" };
    p = account_password(&a, "a@x", &err);
    CHECK(p && !strcmp(p, "cmd"), "a password command's first line");
    free(p);
    a = (struct account){ .password_command = "false" };
    CHECK(!account_password(&a, "a@x", &err), "a failing password command");
    free(err);
    setenv("MUCADMIN_PASSWORD", "env", 1);
    p = account_password(&a, "a@x", &err);
    CHECK(p && !strcmp(p, "env"), "MUCADMIN_PASSWORD comes first");
    free(p);
    unlink(pw);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    emit(true,
         "[{\"jid\":\"x@y\",\"nick\":null,\"opts\":[\"a\",\"b\\\"c\"],"
         "\"var\":\"only-json\"},{\"jid\":\"longer@example.org\",\"nick\":"
         "\"n\\tick\",\"opts\":[],\"var\":\"only-json\"}]\n",
         "table as JSON", table);
    emit(false,
         "JID                 NICK   OPTS\n"
         "x@y                 -      a, b\"c\n"
         "longer@example.org  n ick  -\n",
         "table for humans", table);
    emit(true,
         "{\"room\":\"r@s\",\"ok\":true,\"n\":42,\"items\":"
         "[{\"jid\":\"\\u0001\"}]}\n",
         "result as JSON", result);
    emit(false, "done 1\n", "result for humans is its sentence", result);
    emit(false, "room:       r@s\npersistent: no\n", "record for humans",
         record);
    emit(true, "[{\"jid\":\"a\\u001b]0;pwned\\u0007@x\\u007f\\u009b2J\"}]\n",
         "control characters from the network escaped in JSON", evil);
    emit(false,
         "JID\n"
         "a\\x1b]0;pwned\\x07@x\\x7f\\x9b2J\n"
         "added a\\x1b]0;pwned\\x07@x\\x7f\\x9b2J\n",
         "control characters from the network escaped in tables and "
         "sentences",
         evil);
    /* Options are spelled in their tables only: synopses get them from
     * there (cmd_synopsis). */
    for (const struct cmd *c = cmd_table; c->name; c++) {
        const char *dd = c->synopsis ? strstr(c->synopsis, "--") : NULL;
        CHECK(!dd || dd[2] == ' ' || dd[2] == '\0',
              "a row's synopsis names no option (-- ends options)");
    }
    CHECK(!strcmp(cmd_synopsis(cmd_find("register")),
                  "ROOM --nick NICK [FIELD=VALUE...]"),
          "a required option after the room");
    CHECK(!strcmp(cmd_synopsis(cmd_find("shell")), "[--keep-going] [FILE]"),
          "an optional option before optional arguments");
    CHECK(!strcmp(cmd_synopsis(cmd_find("join")), "ROOM [--nick NICK]"),
          "a global option the command lists");
    CHECK(!strcmp(cmd_synopsis(cmd_find("version")), ""), "no arguments");
    {
        char *t = term_safe("l1\nl2\r\tx", false);
        CHECK(!strcmp(t, "l1\\x0al2\\x0d\\x09x"),
              "an error line stays one line");
        free(t);
        t = term_safe("\xc3\xa9t\xc3\xa9 \xe2\x82\xac", false);
        CHECK(!strcmp(t, "\xc3\xa9t\xc3\xa9 \xe2\x82\xac"),
              "other UTF-8 is left as it is");
        free(t);
    }

    {
        const char *given[] = { "muc#roomconfig_roomname",
                                "muc#roomconfig_persistentroom" };
        CHECK(!strcmp(field_create_default(given, 1),
                      "muc#roomconfig_persistentroom"),
              "new rooms are persistent unless told");
        CHECK(!field_create_default(given, 2), "... or told otherwise");
    }
    char *n, *v;
    CHECK(field_split("a=b=c", &n, &v) == 0 && !strcmp(n, "a") &&
              !strcmp(v, "b=c"),
          "FIELD=VALUE with = in the value");
    free(n);
    free(v);
    CHECK(field_split("=x", &n, &v) < 0, "no field name");
    CHECK(field_split("x", &n, &v) < 0, "no =");

    CHECK(cli_exit_code(MUCADMIN_OK) == 0, "exit 0");
    CHECK(cli_exit_code(MUCADMIN_E_STANZA) == 1, "stanza error: exit 1");
    CHECK(cli_exit_code(MUCADMIN_E_IGNORED) == 1, "ignored: exit 1");
    CHECK(cli_exit_code(MUCADMIN_E_VALUE) == 2, "bad value: exit 2");
    CHECK(cli_exit_code(MUCADMIN_E_AUTH) == 3, "auth: exit 3");
    CHECK(cli_exit_code(MUCADMIN_E_CERT) == 3, "cert: exit 3");
    CHECK(cli_exit_code(MUCADMIN_E_TIMEOUT) == 4, "timeout: exit 4");
    CHECK(cli_exit_code(MUCADMIN_E_PARTIAL) == 5, "partial: exit 5");
    for (int st = MUCADMIN_OK; st <= MUCADMIN_E_VALUE; st++)
        CHECK(strcmp(cli_status_condition(st), "error") != 0,
              "every status is in the exit-code table");

    accounts();
    return check_done();
}
