/* SPDX-License-Identifier: MIT */
/* Version and status strings. */
#include "mucadmin.h"

const char *mucadmin_version(void)
{
    return MUCADMIN_VERSION_STRING;
}

const char *mucadmin_strerror(mucadmin_status_t status)
{
    switch (status) {
    case MUCADMIN_OK: return "success";
    case MUCADMIN_E_INVALID: return "invalid argument";
    case MUCADMIN_E_NOMEM: return "out of memory";
    case MUCADMIN_E_STANZA: return "the server refused the request";
    case MUCADMIN_E_DNS: return "the server name could not be resolved";
    case MUCADMIN_E_CONNECT:
        return "could not connect to the server, or lost the connection";
    case MUCADMIN_E_TLS: return "TLS negotiation failed";
    case MUCADMIN_E_CERT: return "the server certificate is not trusted";
    case MUCADMIN_E_AUTH: return "authentication failed";
    case MUCADMIN_E_TIMEOUT: return "the server did not answer in time";
    case MUCADMIN_E_PROTOCOL: return "the server sent an unexpected answer";
    case MUCADMIN_E_NOTCONN: return "not connected";
    case MUCADMIN_E_IGNORED:
        return "the server accepted but did not apply the change";
    case MUCADMIN_E_PARTIAL: return "some changes failed";
    case MUCADMIN_E_CANCELLED: return "cancelled";
    case MUCADMIN_E_NOTFOUND: return "not found";
    case MUCADMIN_E_EXISTS: return "the room already exists";
    case MUCADMIN_E_VALUE: return "invalid value";
    case MUCADMIN_E_UNSUPPORTED: return "not supported by this server";
    }
    return "unknown status";
}
