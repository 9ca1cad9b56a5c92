#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# discofloor.py - the service benchmarks' raw floor: one plaintext session
# (SASL PLAIN, bind) that asks a MUC service's admin destroy command for
# its rooms (then cancels it) and discovery for the public ones, then
# writes every room's disco#info at once and reads until each is answered.
# No XML parsing beyond finding the room JIDs and counting answers.
#
#   discofloor.py HOST PORT USER@DOMAIN PASSWORD SERVICE
# Prints "rooms=N answered=N".
import base64
import re
import socket
import sys

host, port, jid, password, service = sys.argv[1:6]
user, domain = jid.split("@")
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
s.sendall(("<iq type='set' id='c' to='%s'><command xmlns="
           "'http://jabber.org/protocol/commands' node="
           "'http://prosody.im/protocol/muc#destroy' action='execute'/></iq>"
           "<iq type='get' id='d' to='%s'><query xmlns="
           "'http://jabber.org/protocol/disco#items'/></iq>"
           % (service, service)).encode())
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
s.sendall("".join("<iq type='get' id='i%d' to='%s'><query xmlns="
                  "'http://jabber.org/protocol/disco#info'/></iq>" % (k, r)
                  for k, r in enumerate(sorted(rooms))).encode())
answered = 0
while answered < len(rooms):
    d = s.recv(1 << 20)
    if not d:
        sys.exit("connection closed")
    buf += d
    answered += buf.count(b"</iq>")
    buf = buf[buf.rfind(b"</iq>") + 5:] if b"</iq>" in buf else buf
s.sendall(b"</stream:stream>")
s.close()
print("rooms=%d answered=%d" % (len(rooms), answered))
