#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# tests/cli/occupant.py - a minimal XMPP client that sits in a room as an
# occupant, so that kick/role/voice/occupants have someone to act on.
#
#   occupant.py HOST PORT CAFILE JID PASSWORD ROOM NICK
#
# STARTTLS (certificate verified against CAFILE), SASL PLAIN, bind, join;
# prints "JOINED" once the room reflects our presence, then stays until
# stdin closes or the room removes us (prints "GONE <status codes>").
import base64
import re
import select
import socket
import ssl
import sys


def main():
    host, port, cafile, jid, password, room, nick = sys.argv[1:8]
    user, domain = jid.split("@", 1)
    sock = socket.create_connection((host, int(port)), timeout=20)
    buf = [b""]

    def send(s):
        sock.sendall(s.encode())

    def wait_for(pattern):
        rx = re.compile(pattern, re.S)
        while True:
            m = rx.search(buf[0])
            if m:
                buf[0] = buf[0][m.end():]
                return m
            data = sock.recv(65536)
            if not data:
                raise SystemExit("occupant: connection closed")
            buf[0] += data

    def stream():
        send("<?xml version='1.0'?><stream:stream to='%s' version='1.0' "
             "xmlns='jabber:client' "
             "xmlns:stream='http://etherx.jabber.org/streams'>" % domain)
        wait_for(rb"</stream:features>")

    stream()
    send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
    wait_for(rb"<proceed[^>]*>")
    ctx = ssl.create_default_context(cafile=cafile)
    sock = ctx.wrap_socket(sock, server_hostname=domain)
    buf[0] = b""
    stream()
    cred = base64.b64encode(("\0%s\0%s" % (user, password)).encode())
    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
         "%s</auth>" % cred.decode())
    wait_for(rb"<success[^>]*?(/>|>.*?</success>)")
    buf[0] = b""
    stream()
    send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:"
         "xmpp-bind'><resource>occupant</resource></bind></iq>")
    wait_for(rb"<iq[^>]*id=['\"]b1['\"].*?</iq>")
    send("<presence to='%s/%s'><x xmlns='http://jabber.org/protocol/muc'>"
         "<history maxstanzas='0'/></x></presence>" % (room, nick))
    wait_for(rb"<status code=['\"]110['\"]")
    print("JOINED", flush=True)
    sock.settimeout(None)
    # Stay until stdin closes, or we are removed (unavailable + status).
    gone = re.compile(rb"<presence[^>]*type=['\"]unavailable['\"][^>]*>"
                      rb"(?:(?!</presence>).)*?code=['\"]110['\"]"
                      rb"(?:(?!</presence>).)*</presence>", re.S)
    while True:
        r, _, _ = select.select([sock, sys.stdin], [], [])
        if sys.stdin in r and not sys.stdin.readline():
            break
        if sock in r or sock.pending():
            data = sock.recv(65536)
            if not data:
                break
            buf[0] += data
            m = gone.search(buf[0])
            if m:
                codes = re.findall(rb"code=['\"](\d+)['\"]", m.group(0))
                print("GONE " + " ".join(c.decode() for c in codes),
                      flush=True)
                buf[0] = buf[0][m.end():]
    try:
        send("</stream:stream>")
    except OSError:
        pass


if __name__ == "__main__":
    main()
