# SPDX-License-Identifier: MIT
"""fake_server.py - a misbehaving XMPP server for the CLI's fault tests
(tests/suites/82-client-faults.sh).

usage: fake_server.py MODE; listens on 127.0.0.1, port 0, without TLS (the
client needs --plaintext), prints "PORT=N" once listening, serves one
client, then exits.  Every client gets logged in (PLAIN, any password) and
then, by MODE:
  drop        answers the first two muc#admin sets, then closes the socket
  stall       answers the first two muc#admin sets, then nothing more
              (and writes "STALLED" to stderr)
  silent      never answers anything after the login
  unknown-id  sends results with ids nobody asked for (and one from the
              wrong JID) before every real answer
  malformed   answers the first request with XML that is not well-formed
  malformed-open  the same, then keeps the stream open and reads on
  deep        answers a room's configuration form get with a form nesting
              $FAKE_DEPTH elements (default 100000); answers the rest
  evil        answers muc#admin gets with a JID holding a C1 CSI, CR and
              a tab, and owner gets with an error whose text holds them
  big-list    answers muc#admin gets with $FAKE_ITEMS members (default
              10000), as a big room's honest server does
  bad-reply   answers every get with a result missing its payload, and
              every set with an error that has no condition
  bad-set     answers gets as "members" does, and every muc#admin set with
              an error that has no condition
  plain-check offers PLAIN only and no STARTTLS; writes "AUTH-SEEN" to
              stderr if an <auth/> arrives anyway
  tls-stall   offers STARTTLS (required), answers <proceed/>, then never
              takes part in the TLS handshake; writes "CLIENT-LEFT" to
              stderr when the client closes first, "TIMED-OUT" otherwise
  adhoc-stages  offers an ad-hoc command of two stages (node "stages", at
              any JID; adhoc_stages() below), answered honestly; what each
              submit carried and each cancel go to stderr
Ends by itself after 60 s at most ($FAKE_SERVER_SECONDS).
"""
import os
import socket
import sys
import time
import xml.etree.ElementTree as ET

MODE = sys.argv[1] if len(sys.argv) > 1 else "silent"
SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
BIND = "urn:ietf:params:xml:ns:xmpp-bind"
ADMIN = "http://jabber.org/protocol/muc#admin"
OWNER = "http://jabber.org/protocol/muc#owner"
DISCO_INFO = "http://jabber.org/protocol/disco#info"
DISCO_ITEMS = "http://jabber.org/protocol/disco#items"
HEADER = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' id='fake' "
          "from='localhost' version='1.0'>")
LIMIT = float(os.environ.get("FAKE_SERVER_SECONDS") or 60)
DEADLINE = time.monotonic() + LIMIT


class Gone(Exception):
    pass


class Stream:
    def __init__(self, sock):
        self.sock = sock
        self.restart()

    def restart(self):
        self.parser = ET.XMLPullParser(events=("start", "end"))
        self.depth = 0
        self.pending = []

    def send(self, s):
        self.sock.sendall(s.encode())

    def next(self):
        """The next top-level element (or the header as 'open')."""
        while not self.pending:
            left = DEADLINE - time.monotonic()
            if left <= 0:
                raise Gone()
            self.sock.settimeout(left)
            try:
                d = self.sock.recv(65536)
            except (socket.timeout, OSError):
                raise Gone()
            if not d:
                raise Gone()
            self.parser.feed(d)
            for ev, el in self.parser.read_events():
                if ev == "start":
                    self.depth += 1
                    if self.depth == 1:
                        self.pending.append(("open", el))
                elif ev == "end":
                    self.depth -= 1
                    if self.depth == 1:
                        self.pending.append(("el", el))
                    elif self.depth == 0:
                        raise Gone()
        return self.pending.pop(0)


def tag(el):
    return el.tag.split("}")[-1]


def ns(el):
    return el.tag[1:].split("}")[0] if el.tag.startswith("{") else ""


def login(st):
    st.next()
    if MODE == "tls-stall":
        st.send(HEADER + "<stream:features><starttls xmlns='urn:ietf:params:"
                "xml:ns:xmpp-tls'><required/></starttls></stream:features>")
        st.next()
        st.send("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        st.sock.settimeout(max(0.1, DEADLINE - time.monotonic()))
        try:
            while st.sock.recv(4096):
                pass  # the ClientHello, never answered
            sys.stderr.write("CLIENT-LEFT\n")
        except socket.timeout:
            sys.stderr.write("TIMED-OUT\n")
        except OSError:
            sys.stderr.write("CLIENT-LEFT\n")
        sys.stderr.flush()
        raise Gone()
    st.send(HEADER + "<stream:features><mechanisms xmlns='%s'><mechanism>"
            "PLAIN</mechanism></mechanisms></stream:features>" % SASL)
    kind, el = st.next()
    if tag(el) != "auth":
        raise Gone()
    if MODE == "plain-check":
        sys.stderr.write("AUTH-SEEN\n")
        sys.stderr.flush()
    st.send("<success xmlns='%s'/>" % SASL)
    st.restart()
    st.next()
    st.send(HEADER + "<stream:features><bind xmlns='%s'/>"
            "</stream:features>" % BIND)
    kind, el = st.next()
    st.send("<iq type='result' id='%s'><bind xmlns='%s'><jid>user@localhost"
            "/fake</jid></bind></iq>" % (el.get("id"), BIND))


def answer(el, members):
    """The honest answer to a request, as a string."""
    to, iid = el.get("to") or "localhost", el.get("id")
    q = list(el)[0] if len(el) else None
    head = "<iq type='result' id='%s' from='%s' to='user@localhost/fake'>" \
        % (iid, to)
    if q is None:
        return head + "</iq>"
    if ns(q) == DISCO_ITEMS:
        return head + ("<query xmlns='%s'><item jid='conference.localhost'/>"
                       "</query></iq>" % DISCO_ITEMS)
    if ns(q) == DISCO_INFO:
        return head + ("<query xmlns='%s'><identity category='conference' "
                       "type='text'/><feature var='http://jabber.org/protocol"
                       "/muc'/></query></iq>" % DISCO_INFO)
    if ns(q) == OWNER and el.get("type") == "get":
        return head + ("<query xmlns='%s'><x xmlns='jabber:x:data' type="
                       "'form'><field var='FORM_TYPE' type='hidden'><value>"
                       "http://jabber.org/protocol/muc#roomconfig</value>"
                       "</field><field var='muc#roomconfig_roomname' type="
                       "'text-single'><value>R</value></field></x></query>"
                       "</iq>" % OWNER)
    if ns(q) == ADMIN and el.get("type") == "set":
        for it in q:
            members[it.get("jid")] = it.get("affiliation")
        return head + "</iq>"
    if ns(q) == ADMIN:
        want = q[0].get("affiliation") if len(q) else None
        items = "".join("<item jid='%s' affiliation='%s'/>" % (j, a)
                        for j, a in members.items() if a == want)
        if want == "owner":
            items += "<item jid='user@localhost' affiliation='owner'/>"
        return head + "<query xmlns='%s'>%s</query></iq>" % (ADMIN, items)
    return ("<iq type='error' id='%s' from='%s'><error type='cancel'>"
            "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-"
            "stanzas'/></error></iq>" % (iid, to))


COMMANDS = "http://jabber.org/protocol/commands"
STAGE1 = (
    "<actions execute='next'><next/></actions>"
    "<x xmlns='jabber:x:data' type='form'><title>Stage one</title>"
    "<instructions>Pick a mode</instructions>"
    "<field type='hidden' var='FORM_TYPE'><value>urn:fake:stages</value>"
    "</field><field type='fixed'><value>Read this first</value></field>"
    "<field type='list-single' var='mode' label='Mode'><value>slow</value>"
    "<option label='Fast'><value>fast</value></option><option label='Slow'>"
    "<value>slow</value></option><option><value>refuse</value></option>"
    "<option><value>hang</value></option></field><field type='boolean' var='notify' label='Notify'>"
    "<value>1</value></field><field type='text-private' var='secret' "
    "label='Secret'><required/></field><field type='text-single' "
    "var='evil' label='Evil&#x9b;2J&#x7f;label'/></x>")
STAGE2 = (
    "<actions execute='complete'><prev/><complete/></actions>"
    "<x xmlns='jabber:x:data' type='form'><title>Stage two</title>"
    "<field type='jid-multi' var='jids' label='JIDs'><required/></field>"
    "<field type='text-multi' var='lines' label='Lines'/></x>")


def adhoc_stages(el, q, sessions):
    """The "stages" command: stage one (a list with a default, a boolean
    set, a private field, a label with control characters), stage two
    (jid-multi, text-multi), then completed with a note; mode=refuse is
    answered not-acceptable, mode=hang not at all (None).  sessions: sessionid -> the next stage."""
    iid, to = el.get("id"), el.get("to") or "localhost"
    sid, action = q.get("sessionid"), q.get("action") or "execute"
    head = ("<iq type='result' id='%s' from='%s' to='user@localhost/fake'>"
            "<command xmlns='%s' node='stages' sessionid='%%s' status='%%s'>"
            % (iid, to, COMMANDS))
    if not sid:
        sessions[None] = sessions.get(None, 0) + 1  # the sessions made
        sid = "fake-%d" % sessions[None]
        sessions[sid] = 1
        return head % (sid, "executing") + STAGE1 + "</command></iq>"
    stage = sessions.pop(sid, None)
    if action == "cancel":
        sys.stderr.write("CANCELED %s\n" % sid)
        sys.stderr.flush()
        return head % (sid, "canceled") + "</command></iq>"
    if stage is None:
        return ("<iq type='error' id='%s' from='%s'><error type='modify'>"
                "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                "</error></iq>" % (iid, to))
    vals = []
    for x in q:
        for f in x:
            if f.get("var") and f.get("var") != "FORM_TYPE":
                vals.append("%s=%s" % (f.get("var"), "|".join(
                    v.text or "" for v in f)))
    sys.stderr.write("SUBMIT %d %s %s\n" % (stage, action, " ".join(vals)))
    sys.stderr.flush()
    if "mode=hang" in vals:
        sessions[sid] = stage  # never answered; a cancel still is
        return None
    if "mode=refuse" in vals:
        sessions[sid] = stage  # the session stays: a client may cancel it
        return ("<iq type='error' id='%s' from='%s'><error type='modify'>"
                "<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'"
                "/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>refused"
                " by the fake</text></error></iq>" % (iid, to))
    if stage == 1:
        sessions[sid] = 2
        return head % (sid, "executing") + STAGE2 + "</command></iq>"
    return (head % (sid, "completed") + "<note type='info'>done in two "
            "stages</note></command></iq>")


def serve(st):
    login(st)
    members = {}
    sessions = {}
    sets = 0
    n = 0
    while True:
        kind, el = st.next()
        if tag(el) != "iq":
            continue
        n += 1
        q = list(el)[0] if len(el) else None
        if MODE == "silent":
            continue
        if MODE == "adhoc-stages" and q is not None and ns(q) == COMMANDS:
            reply = adhoc_stages(el, q, sessions)
            if reply:
                st.send(reply)
            continue
        if MODE in ("drop", "stall") and q is not None and \
                ns(q) == ADMIN and el.get("type") == "set":
            sets += 1
            if sets > 2 and MODE == "drop":
                # FIN after the answers already sent (a close with unread
                # input would be a reset, which may discard them), then
                # read until the client goes.
                st.sock.shutdown(socket.SHUT_WR)
                while True:
                    st.next()
            if sets == 3:
                sys.stderr.write("STALLED\n")
                sys.stderr.flush()
            if sets > 2:
                continue
        if MODE == "unknown-id":
            st.send("<iq type='result' id='nobody-asked-%d' from='%s'/>"
                    % (n, el.get("to") or "localhost"))
            st.send("<iq type='result' id='%s' from='someone@else'/>"
                    % el.get("id"))
        if MODE == "malformed":
            st.send("<iq type='result' id='%s'><query></iq></stream:stream>"
                    % el.get("id"))
            return
        if MODE == "malformed-open":
            st.send("<iq type='result' id='%s'><query></iq>" % el.get("id"))
            while True:
                st.sock.settimeout(max(DEADLINE - time.monotonic(), 0.01))
                if not st.sock.recv(65536):
                    raise Gone()
        if MODE == "deep" and q is not None and ns(q) == OWNER:
            depth = int(os.environ.get("FAKE_DEPTH") or 100000)
            st.send("<iq type='result' id='%s' from='%s'><query xmlns='%s'>"
                    "<x xmlns='jabber:x:data' type='form'>%s%s</x></query>"
                    "</iq>" % (el.get("id"), el.get("to"), OWNER,
                               "<a>" * depth, "</a>" * depth))
            continue
        if MODE == "evil" and q is not None and ns(q) in (ADMIN, OWNER):
            bad = "&#x9b;31m&#13;fake&#10;line&#9;"
            if ns(q) == ADMIN:
                st.send("<iq type='result' id='%s' from='%s'><query xmlns="
                        "'%s'><item jid='evil%s@localhost' affiliation="
                        "'member'/></query></iq>"
                        % (el.get("id"), el.get("to"), ADMIN, bad))
            else:
                st.send("<iq type='error' id='%s' from='%s'><error type="
                        "'cancel'><forbidden xmlns='urn:ietf:params:xml:ns:"
                        "xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:"
                        "xmpp-stanzas'>no%s</text></error></iq>"
                        % (el.get("id"), el.get("to"), bad))
            continue
        if MODE == "big-list" and q is not None and ns(q) == ADMIN:
            n = int(os.environ.get("FAKE_ITEMS") or 10000)
            items = "".join("<item jid='member%d@localhost' affiliation="
                            "'member' nick='Member number %d'/>" % (i, i)
                            for i in range(n))
            st.send("<iq type='result' id='%s' from='%s'><query xmlns='%s'>"
                    "%s</query></iq>" % (el.get("id"), el.get("to"), ADMIN,
                                         items))
            continue
        if MODE == "bad-reply" and q is not None and ns(q) not in (
                DISCO_ITEMS, DISCO_INFO):
            if el.get("type") == "get":
                st.send("<iq type='result' id='%s' from='%s'/>"
                        % (el.get("id"), el.get("to")))
            else:
                st.send("<iq type='error' id='%s' from='%s'><error/></iq>"
                        % (el.get("id"), el.get("to")))
            continue
        if MODE == "bad-set" and q is not None and ns(q) == ADMIN and \
                el.get("type") == "set":
            st.send("<iq type='error' id='%s' from='%s'><error/></iq>"
                    % (el.get("id"), el.get("to")))
            continue
        st.send(answer(el, members))


def main():
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    ls.settimeout(LIMIT)
    print("PORT=%d" % ls.getsockname()[1], flush=True)
    try:
        sock, _ = ls.accept()
    except socket.timeout:
        return 1
    try:
        serve(Stream(sock))
    except Gone:
        pass
    except ET.ParseError:
        pass
    try:
        sock.close()
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
