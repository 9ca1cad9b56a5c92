/* SPDX-License-Identifier: MIT */
/* c2s_auth.c - stream features, STARTTLS and SASL negotiation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "sasl.h"
#include "xutil.h"

static bool tls_pending(const struct c2s *c)
{
    return c->srv->cfg->tls == 2 && !c2s_secure(c);
}

void c2s_features(struct c2s *c, struct xnode *features)
{
    struct xnode *n;

    if (c->authed) {
        n = xnode_add(features, "bind", NS_BIND);
        xnode_add(n, "required", NULL);
        n = xnode_add(features, "session", NS_SESSION);
        xnode_add(n, "optional", NULL);
        return;
    }
    if (c->srv->tls && !c2s_secure(c)) {
        n = xnode_add(features, "starttls", NS_TLS);
        if (tls_pending(c))
            xnode_add(n, "required", NULL);
    }
    if (tls_pending(c))
        return;
    n = xnode_add(features, "mechanisms", NS_SASL);
    for (const char *const *m = sasl_db_mechs(c->srv->db); *m; m++)
        xnode_add_text(n, "mechanism", *m);
}

static void starttls(struct c2s *c)
{
    if (!c->srv->tls || c2s_secure(c) || c->authed) {
        c2s_write(c, "<failure xmlns='" NS_TLS "'/>"
                     "</stream:stream>");
        c->conn.close_after_flush = true;
        c->deadline = core_now() + 2;
        conn_flush(&c->conn);
        c2s_end(c, "starttls failure");
        xparse_stop(c->parser);
        return;
    }
    c2s_write(c, "<proceed xmlns='" NS_TLS "'/>");
    c->conn.starttls = c->srv->tls;
    c->restart = true;
    xparse_stop(c->parser);
    conn_flush(&c->conn);
}

/* A SASL failure; the AUTH_FAILS_MAX-th ends the stream (not-authorized)
 * and each one (but an abort) slows the next from the same address. */
static void sasl_failure_text(struct c2s *c, const char *cond, const char *text)
{
    struct sbuf b = { 0 };
    bool counted = strcmp(cond, "aborted") != 0;

    sbuf_puts(&b, "<failure xmlns='" NS_SASL "'><");
    sbuf_puts(&b, cond);
    sbuf_puts(&b, "/>");
    if (text) {
        sbuf_puts(&b, "<text>");
        sbuf_escape(&b, text);
        sbuf_puts(&b, "</text>");
    }
    sbuf_puts(&b, "</failure>");
    sasl_free(c->sasl);
    c->sasl = NULL;
    c2s_write(c, b.data);
    free(b.data);
    if (!counted)
        return;
    c2s_auth_failed(c);
    if (++c->auth_fails >= AUTH_FAILS_MAX)
        c2s_stream_error(c, "not-authorized",
                         "Too many failed "
                         "authentication attempts");
}

static void sasl_failure(struct c2s *c, const char *cond)
{
    sasl_failure_text(c, cond, NULL);
}

/* The authorization identity, when given, must be the account itself. */
static bool authzid_ok(struct c2s *c)
{
    const char *az = sasl_authzid(c->sasl);
    char *want;
    bool ok;

    if (!az || !*az)
        return true;
    want = xmalloc(strlen(sasl_user(c->sasl)) + strlen(c->srv->cfg->domain) +
                   2);
    sprintf(want, "%s@%s", sasl_user(c->sasl), c->srv->cfg->domain);
    ok = jid_bare_eq(az, want) && !jid_resource(az);
    free(want);
    return ok;
}

static void sasl_success(struct c2s *c, const char *data, size_t len)
{
    char *b64 = len ? sasl_b64_encode(data, len) : NULL;
    struct sbuf b = { 0 };

    sbuf_puts(&b, "<success xmlns='" NS_SASL "'");
    sbuf_puts(&b, b64 ? ">" : "/>");
    if (b64) {
        sbuf_puts(&b, b64);
        sbuf_puts(&b, "</success>");
    }
    c2s_write(c, b.data);
    free(b.data);
    free(b64);
    c->authed = true;
    c->user = xstrdup(sasl_user(c->sasl));
    sasl_free(c->sasl);
    c->sasl = NULL;
    c->restart = true;
    xparse_stop(c->parser);
}

/* One client SASL message (text is base64, "=" for empty, NULL none). */
static void sasl_input(struct c2s *c, const char *text)
{
    char *in = NULL, *out = NULL;
    size_t inlen = 0, outlen = 0;
    const char *cond = NULL;
    enum sasl_rc rc;

    if (text && strcmp(text, "=") != 0) {
        in = sasl_b64_decode(text, &inlen);
        if (!in) {
            sasl_failure(c, "incorrect-encoding");
            return;
        }
    }
    rc = sasl_step(c->sasl, in ? in : "", inlen, &out, &outlen, &cond);
    free(in);
    if (rc == SASL_FAIL) {
        sasl_failure_text(c, cond ? cond : "not-authorized",
                          sasl_text(c->sasl));
    } else if (rc == SASL_SUCCESS && !authzid_ok(c)) {
        sasl_failure(c, "invalid-authzid");
    } else if (rc == SASL_SUCCESS) {
        sasl_success(c, out, outlen);
    } else {
        char *b64 = sasl_b64_encode(out ? out : "", outlen);
        struct sbuf b = { 0 };

        sbuf_puts(&b, "<challenge xmlns='" NS_SASL "'>");
        sbuf_puts(&b, b64);
        sbuf_puts(&b, "</challenge>");
        c2s_write(c, b.data);
        free(b.data);
        free(b64);
    }
    free(out);
}

static void auth(struct c2s *c, struct xnode *el)
{
    const char *text = xnode_text(el);

    if (c->authed) {
        c2s_stream_error(c, "policy-violation", NULL);
        return;
    }
    if (tls_pending(c)) {
        sasl_failure(c, "encryption-required");
        return;
    }
    sasl_free(c->sasl);
    c->sasl = sasl_db_offers(c->srv->db, xnode_attr(el, "mechanism"))
                  ? sasl_new(c->srv->db, xnode_attr(el, "mechanism"))
                  : NULL;
    if (!c->sasl) {
        sasl_failure(c, "invalid-mechanism");
        return;
    }
    if (*text) {
        sasl_input(c, text);
    } else {
        /* No initial response: an empty challenge asks for it. */
        c2s_write(c, "<challenge xmlns='" NS_SASL "'/>");
    }
}

void c2s_auth_now(struct c2s *c, struct xnode *el)
{
    auth(c, el);
}

bool c2s_negotiate(struct c2s *c, struct xnode *el)
{
    if (strcmp(el->ns, NS_TLS) == 0 && strcmp(el->name, "starttls") == 0) {
        starttls(c);
    } else if (strcmp(el->ns, NS_SASL) != 0) {
        return false;
    } else if (strcmp(el->name, "auth") == 0) {
        if (!c2s_auth_hold(c, el))
            auth(c, el);
    } else if (strcmp(el->name, "response") == 0) {
        if (c->sasl)
            sasl_input(c, *xnode_text(el) ? xnode_text(el) : NULL);
        else
            sasl_failure(c, "malformed-request");
    } else if (strcmp(el->name, "abort") == 0) {
        sasl_failure(c, "aborted");
    } else {
        return false;
    }
    return true;
}
