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

/* Every field known and every value valid (ejabberd's strictness). */
bool muc_config_valid(const struct xnode *x);
/* Apply known, valid fields (others are ignored, as Prosody does). */
void muc_config_apply(struct muc *m, struct room *r, const struct xnode *x,
                      unsigned *codes);

#endif
