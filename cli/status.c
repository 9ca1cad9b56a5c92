/* SPDX-License-Identifier: MIT */
/*
 * status.c - the one table from library statuses to exit codes and
 * condition words, and the error line of a failed call.
 */
#include <stddef.h>

#include "session.h"

static const struct {
    mucadmin_status_t status;
    int exit_code;
    const char *condition; /* for statuses that are not stanza errors */
} statuses[] = {
    { MUCADMIN_OK, EXIT_OK, "ok" },
    { MUCADMIN_E_INVALID, EXIT_USAGE, "invalid" },
    { MUCADMIN_E_NOMEM, EXIT_CONFIG, "no-memory" },
    { MUCADMIN_E_STANZA, EXIT_REFUSED, "stanza-error" },
    { MUCADMIN_E_DNS, EXIT_CONN, "dns" },
    { MUCADMIN_E_CONNECT, EXIT_CONN, "connection-failed" },
    { MUCADMIN_E_TLS, EXIT_CONN, "tls-failed" },
    { MUCADMIN_E_CERT, EXIT_CONN, "certificate-untrusted" },
    { MUCADMIN_E_AUTH, EXIT_CONN, "not-authorized" },
    { MUCADMIN_E_TIMEOUT, EXIT_TIMEOUT, "timeout" },
    { MUCADMIN_E_PROTOCOL, EXIT_CONN, "protocol-error" },
    { MUCADMIN_E_NOTCONN, EXIT_CONN, "not-connected" },
    { MUCADMIN_E_IGNORED, EXIT_REFUSED, "ignored" },
    { MUCADMIN_E_PARTIAL, EXIT_PARTIAL, "partial" },
    { MUCADMIN_E_CANCELLED, EXIT_REFUSED, "cancelled" },
    { MUCADMIN_E_NOTFOUND, EXIT_USAGE, "not-found" },
    { MUCADMIN_E_EXISTS, EXIT_REFUSED, "exists" },
    { MUCADMIN_E_VALUE, EXIT_USAGE, "bad-value" },
    { MUCADMIN_E_UNSUPPORTED, EXIT_UNSUPPORTED, "not-supported" },
};

#define N_STATUSES (sizeof(statuses) / sizeof(statuses[0]))

int cli_exit_code(mucadmin_status_t st)
{
    for (size_t i = 0; i < N_STATUSES; i++)
        if (statuses[i].status == st)
            return statuses[i].exit_code;
    return EXIT_REFUSED; /* a status newer than this table */
}

const char *cli_status_condition(mucadmin_status_t st)
{
    for (size_t i = 0; i < N_STATUSES; i++)
        if (statuses[i].status == st)
            return statuses[i].condition;
    return "error";
}

int cli_fail(struct cli *cli, mucadmin_session_t *s, const char *room,
             mucadmin_status_t st)
{
    const char *cond = s ? mucadmin_error_condition(s) : NULL;
    const char *text = s ? mucadmin_error_text(s) : NULL;
    const char *detail = s ? mucadmin_error_detail(s) : NULL;
    int code = cli_exit_code(st);

    /* ^C or SIGTERM: said once for the command (main.c). */
    if (st == MUCADMIN_E_CANCELLED && cli_interrupted())
        return EXIT_INTERRUPTED;
    if (st == MUCADMIN_E_STANZA && cond) {
        if (text)
            return cli_error(cli, code, room, cond, "%s (server: %s)",
                             mucadmin_condition_explain(cond), text);
        return cli_error(cli, code, room, cond, "%s",
                         mucadmin_condition_explain(cond));
    }
    return cli_error(cli, code, room, cli_status_condition(st), "%s",
                     detail ? detail : mucadmin_strerror(st));
}
