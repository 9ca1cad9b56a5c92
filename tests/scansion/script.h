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
    char *jid;       /* as written: may carry a resource to request */
    char *password;
    char *host;      /* connect_host, or NULL */
    int port;        /* connect_port, or 0 */
};

struct step {
    int line;        /* of the action line, 1-based */
    size_t who;      /* index into chars */
    enum act act;
    char *xml;       /* sends/receives: the stanza block as written */
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

/* Look up a ${...} variable: NAME's JID (full=0) or NAME's full JID. */
typedef const char *(*var_lookup)(void *ud, const char *name, size_t len,
                                  int full);

/*
 * Replace every ${NAME's JID} and ${NAME's full JID} in text, XML-escaped.
 * NAME is split at the last "'s " so names may contain "'s" themselves.
 * Returns a malloc'd string, or NULL with err filled.
 */
char *script_subst(const char *text, var_lookup look, void *ud, char *err,
                   size_t errlen);

/* The bare part of a JID, malloc'd. */
char *jid_bare(const char *jid);

#endif
