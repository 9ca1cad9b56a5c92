/* SPDX-License-Identifier: MIT */
/*
 * field_alias.c - short names for room configuration fields and the vars
 * each server spells them with: server knowledge, exported as data.
 */
#include <string.h>

#include "internal.h"

#define RC "muc#roomconfig_"
#define PROSODY "{http://prosody.im/protocol/muc}roomconfig_"
#define ALIAS_VARS 3

/* Servers name some settings differently (Prosody's member invites live in
 * its own namespace, ejabberd 23.01 calls archiving "mam"), so an alias
 * lists every var it may stand for, the standard one first. */
static const struct {
    const char *alias;
    const char *vars[ALIAS_VARS];
} aliases[] = {
    { "name", { RC "roomname" } },
    { "description", { RC "roomdesc" } },
    { "language", { RC "lang" } },
    { "persistent", { RC "persistentroom" } },
    { "public", { RC "publicroom" } },
    { "membersonly", { RC "membersonly" } },
    { "moderated", { RC "moderatedroom" } },
    { "passwordprotected", { RC "passwordprotectedroom" } },
    { "password", { RC "roomsecret" } },
    { "whois", { RC "whois" } },
    { "maxusers", { RC "maxusers" } },
    { "changesubject", { RC "changesubject" } },
    { "allowinvites", { RC "allowinvites", PROSODY "allowmemberinvites" } },
    { "allowpm", { RC "allowpm" } },
    { "historylength", { RC "historylength" } },
    { "defaulthistory", { RC "defaulthistorymessages" } },
    { "presencebroadcast", { RC "presencebroadcast" } },
    { "getmemberlist", { RC "getmemberlist" } },
    { "archiving", { RC "enablearchiving", "mam" } },
    { "logging", { RC "enablelogging" } },
    { "admins", { RC "roomadmins" } },
    { "owners", { RC "roomowners" } },
    { "pubsub", { RC "pubsub" } },
    { "canchangenick", { RC "canchangenick" } },
    { "register", { RC "registration" } },
};

#define N_ALIASES (sizeof(aliases) / sizeof(aliases[0]))

const char *mucadmin_field_alias_name(size_t i)
{
    return i < N_ALIASES ? aliases[i].alias : NULL;
}

const char *mucadmin_field_alias_var(size_t i, size_t j)
{
    return i < N_ALIASES && j < ALIAS_VARS ? aliases[i].vars[j] : NULL;
}

const char *mucadmin_field_alias_of(const char *var)
{
    for (size_t i = 0; var && i < N_ALIASES; i++)
        for (size_t j = 0; j < ALIAS_VARS && aliases[i].vars[j]; j++)
            if (!strcmp(aliases[i].vars[j], var))
                return aliases[i].alias;
    return NULL;
}

const char *mucadmin_form_resolve(const mucadmin_form_t *form, const char *name)
{
    /* Another server's var ("mam", Prosody's member invites) stands for
     * its alias, so that a file exported from one server applies to
     * another. */
    const char *alias = form ? mucadmin_field_alias_of(name) : NULL;

    if (!name)
        return NULL;
    if (form && mucadmin_form_find(form, name) >= 0)
        return name;
    for (size_t i = 0; i < N_ALIASES; i++) {
        if (strcmp(aliases[i].alias, alias ? alias : name) != 0)
            continue;
        if (!form)
            return aliases[i].vars[0];
        for (size_t j = 0; j < ALIAS_VARS && aliases[i].vars[j]; j++) {
            int k = mucadmin_form_find(form, aliases[i].vars[j]);
            if (k >= 0)
                return mucadmin_form_field_var(form, (size_t)k);
        }
        return NULL;
    }
    /* Without a form, a var is taken on trust: the calls that send it
     * check it against the form the server serves. */
    return form ? NULL : name;
}
