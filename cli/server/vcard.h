/* SPDX-License-Identifier: MIT */
/* vcard.h - the server's answer to vcard-temp requests to accounts. */
#ifndef MUCSRV_VCARD_H
#define MUCSRV_VCARD_H

#include <stdbool.h>

#include "server.h"
#include "xnode.h"

/* Answers and frees iq when it is a vcard-temp get; false otherwise. */
bool vcard_account_iq(struct server *s, struct xnode *iq);

#endif
