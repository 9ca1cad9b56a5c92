/* SPDX-License-Identifier: MIT */
/* run.h - replay one script against a server and report the outcome. */
#ifndef SCANSION_RUN_H
#define SCANSION_RUN_H

#include <stdio.h>

#include "client.h"

struct run_opts {
    struct conn_opts conn;
    const char *host;
    int port;
    int host_set; /* --host/--port given: they beat connect_host/port */
    int port_set;
    int strict;     /* fail on the first stanza that does not match */
    double timeout; /* per receive, and per login */
};

enum result { R_PASS, R_FAIL, R_ERROR };

/* Run the script in path; prints its result line (and details) to out. */
enum result run_file(const char *path, const struct run_opts *o, FILE *out);

#endif
