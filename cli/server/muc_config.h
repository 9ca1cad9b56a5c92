/* SPDX-License-Identifier: MIT */
/* muc_config.h - applying a submitted muc#roomconfig form. */
#ifndef MUCSRV_MUC_CONFIG_H
#define MUCSRV_MUC_CONFIG_H

#include "muc_int.h"

/* Status code bits collected while applying: 104 170 171 172 173 174. */
#define CODE_104 (1u << 0)
#define CODE_170 (1u << 1)
#define CODE_171 (1u << 2)
#define CODE_172 (1u << 3)
#define CODE_173 (1u << 4)
#define CODE_174 (1u << 5)

/* The first field that is unknown (*unknown set) or has a bad value, or
 * NULL when every field is known and valid (ejabberd's strictness). */
const char *muc_config_invalid(const struct xnode *x, bool *unknown);
/* Apply known, valid fields (others are ignored, as Prosody does). */
void muc_config_apply(struct muc *m, struct room *r, const struct xnode *x,
                      unsigned *codes);

#endif
