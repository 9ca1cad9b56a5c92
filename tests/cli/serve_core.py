# SPDX-License-Identifier: MIT
"""serve_core.py - raw XMPP client scenarios for tests/suites/25-serve-core.sh.

usage: serve_core.py SCENARIO PORT [ARG...]; exit 0 when the scenario sees
what it expects, 1 otherwise (with the reason and the traffic on stderr).
Only the standard library: sockets, ssl, hashlib, hmac.
"""
import base64
import hashlib
import hmac
import os
import re
import socket
import ssl
import sys
import time

NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
HEADER = ("<stream:stream to='%s' xmlns:stream='http://etherx.jabber.org/"
          "streams' xmlns='jabber:client' xml:lang='en' version='1.0'>")


class Fail(Exception):
    pass


class Client:
    def __init__(self, port, name="c"):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = ""
        self.name = name
        self.log = []

    def send(self, data):
        self.log.append(">> " + data)
        self.sock.sendall(data.encode())

    def _more(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        self.sock.settimeout(left)
        try:
            d = self.sock.recv(65536)
        except (socket.timeout, ssl.SSLError):
            return False
        except OSError:
            return None
        if not d:
            return None
        self.log.append("<< " + d.decode(errors="replace"))
        self.buf += d.decode(errors="replace")
        return True

    def expect(self, pattern, timeout=5):
        """Wait until pattern matches the unread input; consume up to it."""
        rx = re.compile(pattern, re.S)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            if not self._more(deadline):
                raise Fail("%s: no %r in %r" % (self.name, pattern, self.buf))

    def closed(self, timeout=5):
        """True when the server closes the connection in time."""
        deadline = time.monotonic() + timeout
        while True:
            r = self._more(deadline)
            if r is None:
                return True
            if r is False:
                return False

    def open(self, domain="localhost"):
        self.send(HEADER % domain)
        return self.expect(r"<stream:features>(.*?)</stream:features>")

    def starttls(self, cafile):
        self.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        self.expect(r"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        ctx = ssl.create_default_context(cafile=cafile)
        self.sock = ctx.wrap_socket(self.sock, server_hostname="localhost")

    def plain(self, user, password):
        data = base64.b64encode(b"\0" + user.encode() + b"\0" +
                                password.encode()).decode()
        self.send("<auth xmlns='%s' mechanism='PLAIN'>%s</auth>" %
                  (NS_SASL, data))
        return self.expect(r"<(success|failure)\b.*?(/>|</\1>)").group(0)

    def scram(self, mech, user, password):
        algo = {"SCRAM-SHA-1": "sha1", "SCRAM-SHA-256": "sha256"}[mech]
        cnonce = base64.b64encode(os.urandom(18)).decode()
        first_bare = "n=%s,r=%s" % (user, cnonce)
        self.send("<auth xmlns='%s' mechanism='%s'>%s</auth>" %
                  (NS_SASL, mech,
                   base64.b64encode(("n,," + first_bare).encode()).decode()))
        m = self.expect(r"<(challenge|failure)\b[^>]*>(.*?)</\1>")
        if m.group(1) != "challenge":
            return m.group(0)
        server_first = base64.b64decode(m.group(2)).decode()
        attrs = dict(kv.split("=", 1) for kv in server_first.split(","))
        if not attrs["r"].startswith(cnonce):
            raise Fail("server nonce does not extend ours")
        salted = hashlib.pbkdf2_hmac(algo, password.encode(),
                                     base64.b64decode(attrs["s"]),
                                     int(attrs["i"]))
        ckey = hmac.new(salted, b"Client Key", algo).digest()
        stored = hashlib.new(algo, ckey).digest()
        final_wo = "c=biws,r=" + attrs["r"]
        auth_msg = ",".join([first_bare, server_first, final_wo]).encode()
        sig = hmac.new(stored, auth_msg, algo).digest()
        proof = bytes(a ^ b for a, b in zip(ckey, sig))
        self.send("<response xmlns='%s'>%s</response>" % (NS_SASL,
                  base64.b64encode((final_wo + ",p=" + base64.b64encode(
                      proof).decode()).encode()).decode()))
        m = self.expect(r"<(success|failure)\b.*?(/>|</\1>)")
        if m.group(1) == "success":
            skey = hmac.new(salted, b"Server Key", algo).digest()
            want = "v=" + base64.b64encode(
                hmac.new(skey, auth_msg, algo).digest()).decode()
            got = re.search(r">(.*)</success>", m.group(0))
            if not got or base64.b64decode(got.group(1)).decode() != want:
                raise Fail("bad server signature in " + m.group(0))
        return m.group(0)

    def bind(self, resource=None):
        self.open()
        res = "<resource>%s</resource>" % resource if resource else ""
        self.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:"
                  "xml:ns:xmpp-bind'>%s</bind></iq>" % res)
        return self.expect(r"<jid>(.*?)</jid>").group(1)


def login(port, user="romeo", password="secret", resource=None):
    c = Client(port, user)
    c.open()
    if "<success" not in c.plain(user, password):
        raise Fail("login refused")
    c.jid = c.bind(resource)
    return c


def check(cond, what):
    if not cond:
        raise Fail(what)


def sc_scram(port, cafile, mech):
    """STARTTLS (verifying the generated certificate), then SCRAM."""
    c = Client(port)
    feats = c.open().group(1)
    check("urn:ietf:params:xml:ns:xmpp-tls" in feats, "no starttls offered")
    c.starttls(cafile)
    feats = c.open().group(1)
    check("<mechanism>%s</mechanism>" % mech in feats, mech + " not offered")
    check("starttls" not in feats, "starttls offered again over TLS")
    r = c.scram(mech, "romeo", "secret")
    check(r.startswith("<success"), "SCRAM refused: " + r)
    jid = c.bind()
    check(re.fullmatch(r"romeo@localhost/[A-Za-z0-9_-]{12}", jid),
          "generated resource: " + jid)


def sc_scram_sha256_refused(port, cafile):
    """Only what Prosody 0.12 offers may be used."""
    c = Client(port)
    c.open()
    c.starttls(cafile)
    c.open()
    r = c.scram("SCRAM-SHA-256", "romeo", "secret")
    check("<invalid-mechanism/>" in r, "SCRAM-SHA-256 not refused: " + r)
    check("<success" in c.plain("romeo", "secret"), "PLAIN refused after")


def sc_wrong_password(port, mech):
    c = Client(port)
    c.open()
    if mech == "PLAIN":
        r = c.plain("romeo", "wrong")
    else:
        r = c.scram(mech, "romeo", "wrong")
    check("<not-authorized/>" in r, "wrong password not refused: " + r)
    r = c.plain("nobody", "secret")
    check("<not-authorized/>" in r, "unknown user not refused: " + r)
    # The stream is still usable: the right password works afterwards.
    check("<success" in c.plain("romeo", "secret"), "retry refused")


def sc_tls_required(port):
    c = Client(port)
    feats = c.open().group(1)
    check("<required/></starttls>" in feats, "starttls not required")
    check("mechanisms" not in feats, "SASL offered before TLS")
    r = c.plain("romeo", "secret")
    check("<encryption-required/>" in r, "auth before TLS: " + r)


def sc_tls_off(port):
    feats = Client(port).open().group(1)
    check("starttls" not in feats, "starttls offered with --tls off")
    check("<mechanism>PLAIN</mechanism>" in feats, "no PLAIN")


def sc_any_password(port):
    c = Client(port)
    feats = c.open().group(1)
    check("SCRAM" not in feats, "SCRAM offered without accounts")
    check("<success" in c.plain("whoever", "whatever"), "refused")
    check(c.bind("mK0dD6Ha") == "whoever@localhost/mK0dD6Ha",
          "requested resource not honoured")


def sc_any_password_users(port):
    """--any-password with --user: the accounts keep their passwords."""
    c = Client(port)
    c.open()
    check("<not-authorized/>" in c.plain("romeo", "wrong"),
          "--user account accepted with a wrong password")
    check("<success" in c.plain("romeo", "secret"), "account refused")
    c = Client(port)
    c.open()
    check("<success" in c.plain("whoever", "whatever"),
          "a name that is no account refused")


def stream_error(port, payload, cond, header=True, domain="localhost"):
    c = Client(port)
    if header:
        c.open(domain)
    c.send(payload)
    c.expect(r"<stream:error><%s xmlns='urn:ietf:params:xml:ns:xmpp-"
             r"streams'/>.*?</stream:error></stream:stream>" % cond)
    check(c.closed(), "connection not closed after " + cond)


def sc_stream_errors(port):
    """Each error closes the stream; the server keeps serving others."""
    stream_error(port, "<message><body>x</message>", "not-well-formed")
    stream_error(port, "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]>"
                 + HEADER % "localhost", "restricted-xml", header=False)
    stream_error(port, "<message to='a@localhost'><body>" + "x" * 300000,
                 "policy-violation")
    stream_error(port, "<stream:stream to='localhost' xmlns:stream='http://"
                 "etherx.jabber.org/streams' xmlns='jabber:server' "
                 "version='1.0'>", "invalid-namespace", header=False)
    stream_error(port, HEADER % "example.org", "host-unknown", header=False)
    stream_error(port, "<message to='x@localhost'><body>hi</body></message>",
                 "not-authorized")
    c = login(port)
    c.send("<message from='juliet@localhost/x' to='romeo@localhost'/>")
    c.expect(r"<invalid-from xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
    check(c.closed(), "not closed after invalid-from")


def sc_iq(port):
    c = login(port)
    c.send("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:"
           "ping'/></iq>")
    c.expect(r"<iq[^>]*id='p1'[^>]*type='result'[^>]*/>")
    c.send("<iq type='get' id='d1' to='localhost'><query xmlns='http://"
           "jabber.org/protocol/disco#info'/></iq>")
    m = c.expect(r"<iq[^>]*id='d1'.*?</iq>").group(0)
    check("type='result'" in m and "category='server'" in m and
          "urn:xmpp:ping" in m, "disco#info: " + m)
    c.send("<iq type='get' id='d2' to='localhost'><query xmlns='http://"
           "jabber.org/protocol/disco#items'/></iq>")
    m = c.expect(r"<iq[^>]*id='d2'.*?</iq>").group(0)
    check("<item jid='conference.localhost'/>" in m, "disco#items: " + m)
    c.send("<iq type='get' id='u1' to='localhost'><query xmlns='urn:"
           "example:unknown'/></iq>")
    m = c.expect(r"<iq[^>]*id='u1'.*?</iq>").group(0)
    check("type='error'" in m and "<error type='cancel'><service-unavailable"
          " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>" in m and
          "from='localhost'" in m, "unknown iq: " + m)
    c.send("<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>")
    m = c.expect(r"<iq[^>]*id='r1'.*?(/>|</iq>)").group(0)
    check("type='result'" in m, "roster: " + m)
    c.send("<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:"
           "xmpp-session'/></iq>")
    c.expect(r"<iq[^>]*id='s1'[^>]*type='result'")
    c.send("<iq type='set' id='s2' to='localhost'><session xmlns='urn:ietf:"
           "params:xml:ns:xmpp-session'/></iq>")
    c.expect(r"<iq[^>]*id='s2'[^>]*type='result'")


def sc_routing(port):
    a = login(port, "alice", "secret", "home")
    b = login(port, "bob", "secret")
    a.send("<presence/>")
    m = a.expect(r"<presence[^>]*/>").group(0)
    check("from='alice@localhost/home'" in m, "self-presence: " + m)
    a.send("<message to='%s' id='m1' type='chat'><body>hi &amp; bye</body>"
           "</message>" % b.jid)
    m = b.expect(r"<message.*?</message>").group(0)
    check("from='alice@localhost/home'" in m and "to='%s'" % b.jid in m and
          "id='m1'" in m and "<body>hi &amp; bye</body>" in m, "msg: " + m)
    a.send("<iq type='get' id='q1' to='%s'><query xmlns='urn:x'/></iq>"
           % b.jid)
    m = b.expect(r"<iq[^>]*id='q1'.*?</iq>").group(0)
    check("from='alice@localhost/home'" in m, "iq to full JID: " + m)
    a.send("<iq type='get' id='q2' to='bob@localhost/nope'><query xmlns="
           "'urn:x'/></iq>")
    m = a.expect(r"<iq[^>]*id='q2'.*?</iq>").group(0)
    check("service-unavailable" in m, "iq to unknown resource: " + m)
    # Directed presence: alice -> bob; alice vanishes; bob is told.
    a.send("<presence to='%s'/>" % b.jid)
    b.expect(r"<presence[^>]*from='alice@localhost/home'[^>]*/>")
    a.sock.close()
    m = b.expect(r"<presence[^>]*type='unavailable'.*?(/>|</presence>)")
    check("from='alice@localhost/home'" in m.group(0), m.group(0))


def tls_login(port, cafile, user):
    c = Client(port, user)
    c.open()
    c.starttls(cafile)
    c.open()
    check("<success" in c.plain(user, "secret"), "login refused")
    c.jid = c.bind()
    return c


def sc_tls_neighbours(port, cafile):
    """One TLS session ending (cleanly or not) leaves the others alone."""
    a = tls_login(port, cafile, "alice")
    for how in ("close", "drop"):
        b = tls_login(port, cafile, "bob")
        if how == "close":
            b.send("</stream:stream>")
            b.expect("</stream:stream>")
        b.sock.close()
        for i in range(3):
            a.send("<iq type='get' id='t%s%d' to='localhost'><ping xmlns="
                   "'urn:xmpp:ping'/></iq>" % (how, i))
            a.expect(r"id='t%s%d' type='result'" % (how, i))


def sc_replace(port):
    a = login(port, "carol", "secret", "same")
    login(port, "carol", "secret", "same")
    a.expect(r"<conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
    check(a.closed(), "old session not closed")


def sc_idle(port):
    c = Client(port)
    c.expect(r"<connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-"
             r"streams'/>", timeout=10)
    check(c.closed(), "not closed after timeout")


def sc_shutdown_wait(port):
    """Log in, print READY, then wait for the server's shutdown."""
    c = login(port)
    print("READY", flush=True)
    c.expect(r"<system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-"
             r"streams'/>", timeout=20)


SCENARIOS = {
    "scram": sc_scram, "wrong-password": sc_wrong_password,
    "scram-sha256-refused": sc_scram_sha256_refused,
    "tls-required": sc_tls_required, "tls-off": sc_tls_off,
    "any-password": sc_any_password,
    "any-password-users": sc_any_password_users,
    "stream-errors": sc_stream_errors,
    "iq": sc_iq, "routing": sc_routing, "replace": sc_replace,
    "idle": sc_idle, "tls-neighbours": sc_tls_neighbours, "shutdown-wait": sc_shutdown_wait,
}

if __name__ == "__main__":
    try:
        SCENARIOS[sys.argv[1]](int(sys.argv[2]), *sys.argv[3:])
    except (Fail, OSError, KeyError) as e:
        print("%s: %s" % (sys.argv[1], e), file=sys.stderr)
        sys.exit(1)
