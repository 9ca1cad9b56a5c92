/* SPDX-License-Identifier: MIT */
/* log.c - libstrophe's log to the caller's callback, secrets redacted. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Elements whose text is a secret: SASL payloads and room passwords
 * (data forms' secret fields: redact_fields()). */
static const char *const secret_tags[] = { "auth", "response", "password" };

/* Where the next <tag ...>'s content starts (after '>'), or NULL. */
static const char *find_open(const char *p, const char *tag, const char **end)
{
    size_t n = strlen(tag);
    const char *gt;

    while ((p = strchr(p, '<'))) {
        p++;
        if (strncmp(p, tag, n) != 0 || (p[n] != ' ' && p[n] != '>')) {
            continue;
        }
        if (!(gt = strchr(p, '>')))
            return NULL;
        if (gt[-1] == '/') { /* <tag/>: nothing inside */
            p = gt;
            continue;
        }
        *end = gt + 1;
        return gt + 1;
    }
    return NULL;
}

static char *redact_tag(char *msg, const char *tag)
{
    strbuf_t b = { 0 };
    char close[32];
    const char *p = msg, *start, *end, *stop;

    snprintf(close, sizeof(close), "</%s>", tag);
    while ((start = find_open(p, tag, &end)) && (stop = strstr(end, close))) {
        mca_sb_addf(&b, "%.*s[redacted]", (int)(start - p), p);
        p = stop;
    }
    mca_sb_add(&b, p);
    free(msg);
    return mca_sb_take(&b);
}

/* Whether the attribute name in the open tag [p, gt) has a value that
 * contains (or, exact, is) want; either quote. */
static int attr_has(const char *p, const char *gt, const char *name,
                    const char *want, int exact)
{
    size_t n = strlen(name), w = strlen(want);
    const char *v, *end;

    for (; (p = memchr(p, ' ', (size_t)(gt - p))); p++) {
        if ((size_t)(gt - p) < n + 3 || strncmp(p + 1, name, n) != 0 ||
            p[n + 1] != '=' || (p[n + 2] != '"' && p[n + 2] != '\''))
            continue;
        v = p + n + 3;
        if (!(end = memchr(v, p[n + 2], (size_t)(gt - v))))
            return 0;
        if (exact)
            return (size_t)(end - v) == w && strncmp(v, want, w) == 0;
        for (; end - v >= (long)w; v++)
            if (strncmp(v, want, w) == 0)
                return 1;
        return 0;
    }
    return 0;
}

/*
 * The values of a data form's secret fields: text-private ones, and the
 * room password, whose submitted field need not say its type.  Fields
 * do not nest, so a field's values are those up to its </field>.
 */
static char *redact_fields(char *msg)
{
    strbuf_t b = { 0 };
    const char *p = msg, *start, *end, *stop, *v, *vend;

    while ((start = find_open(p, "field", &end)) &&
           (stop = strstr(end, "</field>"))) {
        const char *open = start - 1; /* its ">" */

        while (open > p && *open != '<')
            open--;
        mca_sb_addf(&b, "%.*s", (int)(start - p), p);
        p = start;
        if (!attr_has(open, start, "type", "text-private", 1) &&
            !attr_has(open, start, "var", "roomsecret", 0))
            continue;
        while ((v = find_open(p, "value", &end)) && v < stop &&
               (vend = strstr(v, "</value>")) && vend < stop) {
            mca_sb_addf(&b, "%.*s[redacted]", (int)(v - p), p);
            p = vend;
        }
    }
    mca_sb_add(&b, p);
    free(msg);
    return mca_sb_take(&b);
}

char *mca_log_redact(const char *msg)
{
    char *out = strdup(msg);
    size_t i;

    for (i = 0; out && i < sizeof(secret_tags) / sizeof(secret_tags[0]); i++)
        out = redact_tag(out, secret_tags[i]);
    return out ? redact_fields(out) : NULL;
}

/* Connection failures are told apart by what libstrophe saw and said
 * (some of it only at debug level). */
static void watch(mucadmin_session_t *s, xmpp_log_level_t level,
                  const char *area, const char *msg)
{
    if (strncmp(msg, "RECV: ", 6) == 0) {
        mca_guard_stanza_done(s);
        if (strstr(msg, "<stream:stream") || strstr(msg, "<stream:features"))
            s->saw_stream = 1;
        if (strstr(msg, "<starttls") && strstr(msg, "<required"))
            s->tls_required = 1;
        if (strstr(msg, "<failure") && strstr(msg, "xmpp-sasl"))
            s->auth_failed = 1;
        if (strstr(msg, "<failure") && strstr(msg, "xmpp-tls"))
            s->tls_failed = 1;
        return;
    }
    if (strncmp(msg, "SENT: ", 6) == 0)
        return;
    /* libstrophe then sends a stream error and waits on (guard.c). */
    if (strncmp(msg, "parse error", 11) == 0 && area &&
        strcmp(area, "xmpp") == 0 && !s->broken)
        s->broken = "the server sent XML that is not well-formed";
    if (strstr(msg, "Couldn't start TLS") ||
        (strstr(msg, "TLS") && strstr(msg, "mandatory")) ||
        (level >= XMPP_LEVEL_ERROR && area && strcmp(area, "tls") == 0))
        s->tls_failed = 1;
    else if (level >= XMPP_LEVEL_ERROR && area && strcmp(area, "auth") == 0)
        s->auth_failed = 1;
}

void mca_log_handler(void *ud, xmpp_log_level_t level, const char *area,
                     const char *msg)
{
    mucadmin_session_t *s = ud;
    char *red;

    if (!s || !msg)
        return;
    watch(s, level, area, msg);
    if (!s->log_cb)
        return;
    if (strncmp(msg, "SENT: ", 6) == 0) {
        if ((red = mca_log_redact(msg + 6))) {
            s->log_cb(s->log_ud, MUCADMIN_LOG_SENT, red);
            free(red);
        }
    } else if (strncmp(msg, "RECV: ", 6) == 0) {
        if ((red = mca_log_redact(msg + 6))) { /* forms hold room passwords */
            s->log_cb(s->log_ud, MUCADMIN_LOG_RECEIVED, red);
            free(red);
        }
    } else if (level >= XMPP_LEVEL_INFO) {
        char line[512];

        snprintf(line, sizeof(line), "libstrophe %s: %s", area ? area : "",
                 msg);
        s->log_cb(s->log_ud, MUCADMIN_LOG_INFO, line);
    }
}

void mca_sess_log(mucadmin_session_t *s, const char *fmt, ...)
{
    va_list ap;
    char line[512];

    if (!s->log_cb)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    s->log_cb(s->log_ud, MUCADMIN_LOG_INFO, line);
}

void mucadmin_session_set_log(mucadmin_session_t *s, mucadmin_log_cb cb,
                              void *userdata)
{
    if (!s)
        return;
    s->log_cb = cb;
    s->log_ud = userdata;
}
