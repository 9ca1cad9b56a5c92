#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# discofloor.py - the service benchmarks' raw floor: one plaintext session
# (SASL PLAIN, bind) that asks a MUC service's admin destroy command for
# its rooms (then cancels it) and discovery for the public ones, then
# sends the requests of one service-wide command for every room at once
# (a thread writes while the answers are read) and counts the answers.
# No XML parsing beyond finding the room JIDs and counting answers.
#
#   discofloor.py HOST PORT USER@DOMAIN PASSWORD SERVICE [MODE [JID]]
# MODE info (default): every room's disco#info (rooms --all --long);
# serial: the same requests, each sent once the previous one is answered
# (the floor of one request at a time);
# whereis: its four affiliation lists and three role lists (whereis);
# ban JID: its outcast list, then JID banned, then the list read back, each
# step for every room before the next (ban JID --everywhere).
# Prints "rooms=N answered=N seconds=S", S from the connection to the last
# answer: the interpreter's start-up (0.05-0.15 s) is left out.
import base64
import re
import socket
import sys
import threading
import time

host, port, jid, password, service = sys.argv[1:6]
mode = sys.argv[6] if len(sys.argv) > 6 else "info"
target = sys.argv[7] if len(sys.argv) > 7 else None
user, domain = jid.split("@")
t0 = time.perf_counter()
s = socket.create_connection((host, int(port)))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
buf = b""


def until(token):
    global buf
    while token not in buf:
        d = s.recv(1 << 20)
        if not d:
            sys.exit("connection closed")
        buf += d
    i = buf.index(token) + len(token)
    out, buf = buf[:i], buf[i:]
    return out


def stream():
    s.sendall(("<?xml version='1.0'?><stream:stream to='%s' "
               "xmlns='jabber:client' xmlns:stream="
               "'http://etherx.jabber.org/streams' version='1.0'>"
               % domain).encode())
    until(b"</stream:features>")


stream()
cred = base64.b64encode(("\0%s\0%s" % (user, password)).encode()).decode()
s.sendall(("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
           "mechanism='PLAIN'>%s</auth>" % cred).encode())
until(b"success")
stream()
s.sendall(b"<iq type='set' id='b'><bind "
          b"xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
until(b"</iq>")
inventory = [("<iq type='set' id='c' to='%s'><command xmlns="
              "'http://jabber.org/protocol/commands' node="
              "'http://prosody.im/protocol/muc#destroy' action='execute'/>"
              "</iq>" % service),
             ("<iq type='get' id='d' to='%s'><query xmlns="
              "'http://jabber.org/protocol/disco#items'/></iq>" % service)]
if mode == "serial":
    got = b""
    for r in inventory:
        s.sendall(r.encode())
        got += until(b"</iq>")
else:
    s.sendall("".join(inventory).encode())
    got = until(b"</iq>") + until(b"</iq>")
rooms = set(m.decode() for m in re.findall(
    rb"<value>([^<@]+@" + re.escape(service.encode()) + rb")</value>", got))
rooms |= set(m.decode() for m in re.findall(
    rb"jid=['\"]([^'\"@]+@" + re.escape(service.encode()) + rb")['\"]", got))
sid = re.search(rb"sessionid=['\"]([^'\"]+)", got)
if sid:
    s.sendall(("<iq type='set' id='e' to='%s'><command xmlns="
               "'http://jabber.org/protocol/commands' node="
               "'http://prosody.im/protocol/muc#destroy' sessionid='%s' "
               "action='cancel'/></iq>"
               % (service, sid.group(1).decode())).encode())
    until(b"</iq>")
ADMIN = "http://jabber.org/protocol/muc#admin"


def iq(kind, n, room, inner, ns=ADMIN):
    return ("<iq type='%s' id='q%d' to='%s'><query xmlns='%s'>%s</query>"
            "</iq>" % (kind, n, room, ns, inner))


def serial(reqs):
    """Send each of reqs once the previous one is answered."""
    for r in reqs:
        s.sendall(r.encode())
        until(b"</iq>")
    return len(reqs)


def pipelined(reqs):
    """Write reqs (a thread) while counting answers: every answer is one
    <iq, and nothing else comes to this session."""
    global buf
    w = threading.Thread(target=s.sendall, args=("".join(reqs).encode(),))
    w.start()
    got = buf.count(b"<iq")
    buf = buf[-2:]
    while got < len(reqs):
        d = s.recv(1 << 20)
        if not d:
            sys.exit("connection closed")
        buf += d
        got += buf.count(b"<iq")
        buf = buf[-2:]  # shorter than "<iq": never counted twice
    w.join()
    return got


rooms = sorted(rooms)
outcast = "<item affiliation='outcast'/>"
if mode in ("info", "serial"):
    steps = [[iq("get", k, r, "", "http://jabber.org/protocol/disco#info")
              for k, r in enumerate(rooms)]]
elif mode == "whereis":
    lists = ["<item affiliation='%s'/>" % a
             for a in ("owner", "admin", "member", "outcast")]
    lists += ["<item role='%s'/>" % r
              for r in ("moderator", "participant", "visitor")]
    steps = [[iq("get", k * 7 + j, r, x) for k, r in enumerate(rooms)
              for j, x in enumerate(lists)]]
elif mode == "ban" and target:
    ban = "<item affiliation='outcast' jid='%s'/>" % target
    steps = [[iq("get", k, r, outcast) for k, r in enumerate(rooms)],
             [iq("set", k, r, ban) for k, r in enumerate(rooms)],
             [iq("get", k, r, outcast) for k, r in enumerate(rooms)]]
else:
    sys.exit("usage: discofloor.py HOST PORT JID PASSWORD SERVICE "
             "[info|serial|whereis|ban JID]")
answered = 0
for step in steps:
    answered = serial(step) if mode == "serial" else pipelined(step)
s.sendall(b"</stream:stream>")
s.close()
print("rooms=%d answered=%d seconds=%.6f"
      % (len(rooms), answered, time.perf_counter() - t0))
