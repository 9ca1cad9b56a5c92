/* SPDX-License-Identifier: MIT */
/* cmd_serve.c - the serve command (placeholder until the server lands). */
#include "cli.h"

int cmd_serve(struct cli *cli, const struct cmd_args *a)
{
    return cli_error(cli, EXIT_CONFIG, NULL, NULL,
                     "the built-in server is not part of this build yet");
}
