/* SPDX-License-Identifier: MIT */
/*
 * deliver.h - handing a stanza serialised once (struct xsplit) straight
 * to the local session it is for, without routing a tree per recipient:
 * the MUC service's broadcasts.
 */
#ifndef MUCSRV_DELIVER_H
#define MUCSRV_DELIVER_H

#include <stdbool.h>

#include "xnode.h"

struct server;

/* Write x with to='full_jid' to the session bound to full_jid.  false
 * when none is: the caller routes the stanza instead, which bounces or
 * drops it as any other. */
bool deliver_split(struct server *s, const char *full_jid, struct xsplit *x);

#endif
