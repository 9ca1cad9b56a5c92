/* SPDX-License-Identifier: MIT */
/* script.h - a parsed .scs script: characters and actions (spec §2, §3). */
#ifndef SCANSION_SCRIPT_H
#define SCANSION_SCRIPT_H

#include <stddef.h>

enum act {
    ACT_CONNECT,
    ACT_DISCONNECT,
    ACT_SEND,
    ACT_RECEIVE,
    ACT_RECEIVE_NOTHING,
};

struct character {
    char *name;
    char *jid; /* as written: may carry a resource to request */
    char *password;
    char *host; /* connect_host, or NULL */
    int port;   /* connect_port, or 0 */
};

struct step {
    int line;   /* of the action line, 1-based */
    size_t who; /* index into chars */
    enum act act;
    char *xml; /* sends/receives: the stanza block as written */
};

struct script {
    char *title;
    struct character *chars;
    size_t nchars;
    struct step *steps;
    size_t nsteps;
};

/* Parse text; on error returns -1 with "line N: why" in err. */
int script_parse(const char *text, struct script *s, char *err, size_t errlen);
void script_free(struct script *s);

#endif
