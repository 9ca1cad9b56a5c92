/* SPDX-License-Identifier: MIT */
/*
 * mucadmin.h - libmucadmin, remote administration of XMPP multi-user chat
 * rooms (XEP-0045) on top of libstrophe.  This is the library's only public
 * header.
 *
 * Conventions: every symbol starts with mucadmin_ or MUCADMIN_; handles are
 * opaque and made with *_new, released with *_free; calls return a
 * mucadmin_status_t; the library never prints and never exits.
 */
#ifndef MUCADMIN_H
#define MUCADMIN_H

#ifdef __cplusplus
extern "C" {
#endif

#define MUCADMIN_VERSION_MAJOR 0
#define MUCADMIN_VERSION_MINOR 1
#define MUCADMIN_VERSION_PATCH 0
#define MUCADMIN_VERSION_NUM                                                   \
    ((MUCADMIN_VERSION_MAJOR << 16) | (MUCADMIN_VERSION_MINOR << 8) |          \
     MUCADMIN_VERSION_PATCH)

/*
 * Status codes.  Append only: values never change meaning once released.
 */
typedef enum {
    MUCADMIN_OK = 0,
    MUCADMIN_E_INVALID,    /* bad argument from the caller */
    MUCADMIN_E_NOMEM,      /* out of memory */
    MUCADMIN_E_STANZA,     /* the server answered with a stanza error */
    MUCADMIN_E_DNS,        /* the server's name did not resolve */
    MUCADMIN_E_CONNECT,    /* TCP connection failed or was lost */
    MUCADMIN_E_TLS,        /* TLS could not be negotiated */
    MUCADMIN_E_CERT,       /* the server's certificate was not trusted */
    MUCADMIN_E_AUTH,       /* authentication failed */
    MUCADMIN_E_TIMEOUT,    /* no answer before the deadline */
    MUCADMIN_E_PROTOCOL,   /* the server's answer made no sense */
    MUCADMIN_E_NOTCONN,    /* the session is not connected */
    MUCADMIN_E_IGNORED,    /* the server answered result but did not apply */
    MUCADMIN_E_PARTIAL,    /* some items of a batch failed */
    MUCADMIN_E_CANCELLED,  /* the caller cancelled the request */
    MUCADMIN_E_NOTFOUND,   /* a form field or list entry does not exist */
} mucadmin_status_t;

/* A static English sentence for a status; never NULL. */
const char *mucadmin_strerror(mucadmin_status_t status);

/* The library's version as "MAJOR.MINOR.PATCH"; a static string. */
const char *mucadmin_version(void);

#ifdef __cplusplus
}
#endif

#endif /* MUCADMIN_H */
