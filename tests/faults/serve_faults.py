# SPDX-License-Identifier: MIT
"""serve_faults.py - hostile and heavy raw clients for mucadmin serve
(tests/suites/81-serve-faults.sh).

usage: serve_faults.py SCENARIO PORT [N [COUNT]]; exit 0 when the server behaved,
1 otherwise (the reason on stderr).  Loopback only; every loop is bounded
and every wait has a deadline, so a scenario always ends by itself.  The
server must run with --tls off and --any-password (PLAIN without TLS),
and --user victim:secret for the login scenarios.
"""
import base64
import random
import re
import selectors
import socket
import struct
import sys
import time

HOST = "127.0.0.1"
DOMAIN = "localhost"
ROOM = "faults@conference.localhost"
HEADER = ("<?xml version='1.0'?><stream:stream to='%s' xmlns:stream="
          "'http://etherx.jabber.org/streams' xmlns='jabber:client' "
          "version='1.0'>" % DOMAIN)
PORT = 0


class Fail(Exception):
    pass


def connect(timeout=10, source=None):
    s = socket.create_connection((HOST, PORT), timeout=timeout,
                                 source_address=(source, 0) if source
                                 else None)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def auth_xml(user, password="pw"):
    cred = base64.b64encode(b"\0" + user.encode() + b"\0" +
                            password.encode()).decode()
    return ("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
            "mechanism='PLAIN'>%s</auth>" % cred)


class Client:
    """A blocking client that reads until a marker shows up."""

    def __init__(self, user, timeout=10, source=None):
        self.user = user
        self.sock = connect(timeout, source)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data.encode() if isinstance(data, str) else data)

    def wait_for(self, marker, timeout=10):
        """Consume input up to and including marker (bytes or str)."""
        if isinstance(marker, str):
            marker = marker.encode()
        deadline = time.monotonic() + timeout
        while marker not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Fail("%s: no %r within %ss; got ...%r" %
                           (self.user, marker, timeout, self.buf[-300:]))
            self.sock.settimeout(left)
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not d:
                raise Fail("%s: closed while waiting for %r; got ...%r" %
                           (self.user, marker, self.buf[-300:]))
            self.buf += d
        i = self.buf.index(marker) + len(marker)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def nothing_for(self, seconds):
        """True when nothing arrives for that long (no early answer)."""
        self.sock.settimeout(seconds)
        try:
            d = self.sock.recv(65536)
        except (socket.timeout, BlockingIOError):
            return True
        self.buf += d
        return False

    def login(self, resource="r"):
        self.send(HEADER)
        self.wait_for("</stream:features>")
        self.send(auth_xml(self.user))
        self.wait_for("<success")
        self.send(HEADER)
        self.wait_for("</stream:features>")
        self.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:"
                  "xml:ns:xmpp-bind'><resource>%s</resource></bind></iq>"
                  % resource)
        self.wait_for("</iq>")
        return self

    def ping(self, pid="ping"):
        self.send("<iq type='get' id='%s' to='%s'><ping xmlns='urn:xmpp:"
                  "ping'/></iq>" % (pid, DOMAIN))
        self.wait_for("id='%s'" % pid)

    def closed_within(self, timeout):
        """Read (and keep) input until the server closes; False on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.sock.settimeout(left)
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                return False
            except OSError:
                return True     # reset: closed too
            if not d:
                return True
            self.buf += d

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def expect_stream_error(c, cond, timeout=10):
    if not c.closed_within(timeout):
        raise Fail("%s: not closed within %ss; got ...%r" %
                   (c.user, timeout, c.buf[-300:]))
    if ("<%s " % cond).encode() not in c.buf:
        raise Fail("%s: closed without <%s/>: ...%r" %
                   (c.user, cond, c.buf[-300:]))
    c.close()


def healthy():
    """A normal client still logs in and is answered (generous bounds: a
    sanitized server may still be busy with the crowd that just left)."""
    c = Client("healthy", timeout=60)
    c.send(HEADER)
    c.wait_for("</stream:features>", 60)
    c.send(auth_xml("healthy"))
    c.wait_for("<success", 60)
    c.send(HEADER)
    c.wait_for("</stream:features>", 60)
    c.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:"
           "xmpp-bind'><resource>r</resource></bind></iq>")
    c.wait_for("</iq>", 60)
    c.send("<iq type='get' id='alive' to='%s'><ping xmlns='urn:xmpp:ping'/>"
           "</iq>" % DOMAIN)
    c.wait_for("id='alive'", 60)
    c.send("</stream:stream>")
    c.closed_within(5)
    c.close()


def sc_garbage():
    rnd = random.Random(8)
    for i in range(20):
        c = Client("garbage%d" % i)
        junk = bytes(rnd.getrandbits(8) for _ in range(4096))
        if i % 2:
            c.send(HEADER)      # a good start, then junk
        try:
            c.send(junk)
        except OSError:
            pass                # the server may have hung up already
        if not c.closed_within(10):
            raise Fail("garbage%d: the server kept the connection" % i)
        c.close()
    # Junk after login, and bytes that are not UTF-8.
    c = Client("garbage-late").login()
    c.send(b"<message to='x@localhost'><body>\xff\xfe\xc0\x80</body>")
    expect_stream_error(c, "not-well-formed")
    healthy()


def sc_bomb():
    ents = "".join("<!ENTITY l%d '&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;"
                   "&l%d;&l%d;&l%d;'>" % ((i,) + (i - 1,) * 10)
                   for i in range(1, 10))
    bomb = ("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY l0 'lol'>%s]>"
            % ents)
    c = Client("bomb")
    t0 = time.monotonic()
    c.send(bomb + HEADER.replace("<?xml version='1.0'?>", "") +
           "<message><body>&l9;</body></message>")
    expect_stream_error(c, "restricted-xml")
    if time.monotonic() - t0 > 5:
        raise Fail("bomb: took %.1fs to refuse" % (time.monotonic() - t0))
    # An internal subset after a valid header cannot appear, but an
    # entity reference to an undeclared entity can: not-well-formed.
    c = Client("bomb-late").login()
    c.send("<message to='x@localhost'><body>&l9;</body></message>")
    expect_stream_error(c, "not-well-formed")
    healthy()


def sc_dtd():
    for i, dtd in enumerate([
            "<!DOCTYPE stream:stream SYSTEM 'file:///etc/passwd'>",
            "<!DOCTYPE x [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>",
            "<!DOCTYPE x [<!ELEMENT x ANY>]>"]):
        c = Client("dtd%d" % i)
        c.send("<?xml version='1.0'?>" + dtd +
               HEADER.replace("<?xml version='1.0'?>", ""))
        expect_stream_error(c, "restricted-xml")
        if b"root:" in c.buf:
            raise Fail("dtd%d: a file's content came back" % i)
    healthy()


def sc_oversized():
    c = Client("big").login()
    c.send("<message to='%s@localhost'><body>" % "big")
    chunk = "x" * 65536
    sent = 0
    try:
        for _ in range(16):     # 1 MiB at most; the limit is 256 KiB
            c.send(chunk)
            sent += len(chunk)
    except OSError:
        pass
    expect_stream_error(c, "policy-violation")
    # A start tag that never ends is just as big.
    c = Client("bigtag").login()
    try:
        c.send("<message to='a@localhost' " + "a='b' " * 100000)
    except OSError:
        pass
    expect_stream_error(c, "policy-violation")
    healthy()


def sc_split():
    """A stanza split at every byte boundary: never answered early, always
    answered once complete.  Then a whole login one byte at a time."""
    c = Client("split").login()
    for i in range(1, 200):
        st = ("<iq type='get' id='s%d' to='%s'><ping xmlns='urn:xmpp:"
              "ping'/></iq>" % (i, DOMAIN)).encode()
        if i >= len(st):
            break
        c.send(st[:i])
        if not c.nothing_for(0.01):
            raise Fail("split: answer before the stanza was complete (%d)"
                       % i)
        c.send(st[i:])
        c.wait_for("id='s%d'" % i)
    c.send("</stream:stream>")
    c.closed_within(5)
    c.close()
    c = Client("trickle")
    for chunk in [HEADER, auth_xml("trickle")]:
        for b in chunk.encode():
            c.send(bytes([b]))
        c.wait_for("</stream:features>" if chunk == HEADER else "<success")
    c.close()
    healthy()


def sc_vanish(n):
    """n clients at every stage of a session vanish, some with a reset."""
    socks = []
    stages = [
        b"",
        HEADER[:40].encode(),
        HEADER.encode(),
        (HEADER + auth_xml("v")[:30]).encode(),
        (HEADER + auth_xml("v")).encode(),
    ]
    for i in range(n):
        if i % 6 == 5:
            # A full session in the room, cut in the middle of a message.
            c = Client("vanish%d" % i).login()
            c.send("<presence to='v%d@conference.%s/v'><x xmlns='http://"
                   "jabber.org/protocol/muc'/></presence>" % (i, DOMAIN))
            c.wait_for("code='110'")
            c.send("<message type='groupchat' to='v%d@conference.%s'>"
                   "<body>half" % (i, DOMAIN))
            socks.append(c.sock)
            continue
        s = connect()
        data = stages[i % len(stages)]
        if data:
            s.sendall(data)
        socks.append(s)
    for i, s in enumerate(socks):
        if i % 2:               # RST instead of FIN
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
        s.close()
    healthy()


def sc_slow(timeout):
    """A client that never finishes its header, one that trickles it: the
    others are served meanwhile; both are cut at the handshake timeout."""
    slow = Client("slow")
    slow.send(HEADER[:50])
    trickle = Client("trickle")
    t0 = time.monotonic()
    healthy()
    pos = 0
    header = HEADER.encode()
    while pos < len(header) - 1 and time.monotonic() - t0 < timeout + 10:
        try:
            trickle.send(header[pos:pos + 1])
        except OSError:
            break
        pos += 1
        if trickle.closed_within(0.1):
            break
    for c in (slow, trickle):
        if not c.closed_within(timeout + 10):
            raise Fail("%s: still open %.0fs after connecting" %
                       (c.user, time.monotonic() - t0))
        c.close()
    if time.monotonic() - t0 < timeout * 0.9:
        raise Fail("slow clients cut before the handshake timeout")
    healthy()


def sc_room(n):
    """n clients join one room and each sends one message: everyone gets
    all n; then all leave at once."""
    t0 = time.monotonic()
    clients = []
    for i in range(n):
        c = Client("load%d" % i, timeout=60).login()
        c.send("<presence to='%s/u%d'><x xmlns='http://jabber.org/protocol/"
               "muc'><history maxstanzas='0'/></x></presence>" % (ROOM, i))
        c.wait_for("code='110'", timeout=60)
        if i == 0:              # the owner accepts the default config
            c.send("<iq type='set' id='unlock' to='%s'><query xmlns='http:"
                   "//jabber.org/protocol/muc#owner'><x xmlns='jabber:x:"
                   "data' type='submit'/></query></iq>" % ROOM)
            c.wait_for("id='unlock'")
        clients.append(c)
        # Earlier members keep receiving presence: drain them now and then
        # so nobody's buffers grow without bound.
        if i % 50 == 49:
            for d in clients:
                d.nothing_for(0)
    t_join = time.monotonic() - t0
    sel = selectors.DefaultSelector()
    marker = b"<body>fz-"
    counts = {}
    tails = {}
    for c in clients:
        c.sock.setblocking(False)
        counts[c] = c.buf.count(marker)
        tails[c] = c.buf[-(len(marker) - 1):]
        sel.register(c.sock, selectors.EVENT_READ, c)
    for i, c in enumerate(clients):
        c.sock.setblocking(True)
        c.sock.settimeout(30)
        c.send("<message type='groupchat' to='%s'><body>fz-%d</body>"
               "</message>" % (ROOM, i))
        c.sock.setblocking(False)
    deadline = time.monotonic() + 120
    done = 0
    while done < n and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            c = key.data
            try:
                d = c.sock.recv(262144)
            except BlockingIOError:
                continue
            if not d:
                raise Fail("%s: closed by the server" % c.user)
            chunk = tails[c] + d
            counts[c] += chunk.count(marker)
            tails[c] = chunk[-(len(marker) - 1):]
            if counts[c] >= n:
                sel.unregister(c.sock)
                done += 1
    if done < n:
        short = [c.user for c in clients if counts[c] < n]
        raise Fail("%d clients did not get all %d messages: %s..." %
                   (len(short), n, " ".join(short[:5])))
    t_msg = time.monotonic() - t0 - t_join
    for c in clients:
        try:
            c.sock.sendall(b"</stream:stream>")
        except OSError:
            pass
        c.close()
    print("%d joined in %.1fs; %d messages to %d occupants in %.1fs" %
          (n, t_join, n, n, t_msg))
    healthy()


def sc_logins():
    """Wrong passwords for the --user account 'victim': the third failure
    on a stream ends it with not-authorized (2,000 went unanswered by
    any limit before); guesses sent in one go are cut at once."""
    c = Client("guess")
    c.send(HEADER)
    c.wait_for("</stream:features>")
    for i in range(2):
        c.send(auth_xml("victim"))
        r = c.wait_for("</failure>", 30)
        if b"<not-authorized/>" not in r:
            raise Fail("guess %d: %r" % (i + 1, r[-300:]))
    c.send(auth_xml("victim"))
    expect_stream_error(c, "not-authorized", 30)
    if c.buf.count(b"<failure") != 1:
        raise Fail("third guess: no SASL failure before the stream error")
    c = Client("burst")
    c.send(HEADER)
    c.wait_for("</stream:features>")
    try:
        c.send(auth_xml("victim") * 2000)
    except OSError:
        pass
    if not c.closed_within(30):
        raise Fail("burst of 2,000 guesses: still open")
    n = c.buf.count(b"<failure")
    if n > 3 or b"<stream:error>" not in c.buf:
        raise Fail("burst of 2,000 guesses: %d answered, ...%r" %
                   (n, c.buf[-300:]))
    c.close()
    print("2,000 guesses in one go: %d answered, then a stream error" % n)
    healthy()


def sc_slow_logins():
    """With a long delay (MUCADMIN_SERVE_AUTH_DELAY), an address that
    failed once has its next attempt held, while a client from another
    address logs in and one already in is answered: a timer, not a sleep.
    The held attempt is answered in the end."""
    inside = Client("inside", source="127.0.0.3").login()
    a = Client("guesser")
    a.send(HEADER)
    a.wait_for("</stream:features>")
    a.send(auth_xml("victim"))
    a.wait_for("</failure>", 10)
    a.send(auth_xml("victim"))
    other = Client("other", source="127.0.0.2").login()
    other.ping("other")
    inside.ping("inside")
    if not a.nothing_for(0.01):
        raise Fail("the second failure from one address was not held: %r"
                   % a.buf[-300:])
    r = a.wait_for("</failure>", 60)
    if b"<not-authorized/>" not in r:
        raise Fail("held attempt: %r" % r[-300:])
    for c in (a, other, inside):
        c.close()


def sc_flood(n, count, mode=None):
    """The attack on the output buffers: n occupants that never read (and
    keep their receive buffers small) and a sender of count 16 KB
    messages.  A normal occupant must get every message, and the server
    must close every one that does not read, before count messages are
    through (each would have less than the 16 MiB a connection may
    buffer: only a budget over all of them closes them).  With mode
    "rss" (the default budget) only the normal client is checked: the
    budget closes as many as it takes, not all."""
    room = "flood@conference.%s" % DOMAIN
    join = ("<presence to='%s/%%s'><x xmlns='http://jabber.org/protocol/"
            "muc'><history maxstanzas='0'/></x></presence>" % room)
    sender = Client("sender", timeout=60).login()
    sender.send(join % "sender")
    sender.wait_for("code='110'")
    sender.send("<iq type='set' id='unlock' to='%s'><query xmlns='http://"
                "jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "
                "type='submit'/></query></iq>" % room)
    sender.wait_for("id='unlock'")
    normal = Client("normal", timeout=60).login()
    normal.send(join % "normal")
    normal.wait_for("code='110'")
    sleepers = []
    for i in range(n):
        c = Client.__new__(Client)
        c.user, c.buf = "sleeper%d" % i, b""
        c.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        c.sock.settimeout(60)
        c.sock.connect((HOST, PORT))
        c.login()
        c.send(join % c.user)
        c.wait_for("code='110'")
        sleepers.append(c)
    body = "z" * 16384
    got = 0
    for c in (sender, normal):
        c.sock.setblocking(False)
    for i in range(count):
        msg = ("<message type='groupchat' to='%s'><body>fl-%d %s</body>"
               "</message>" % (room, i, body)).encode()
        sender.sock.setblocking(True)
        sender.sock.settimeout(60)
        sender.sock.sendall(msg)
        sender.sock.setblocking(False)
        # The two readers read all there is, and wait for this message.
        deadline = time.monotonic() + 60
        while ("fl-%d " % i).encode() not in normal.buf:
            if time.monotonic() > deadline:
                raise Fail("normal: message %d not received" % i)
            for c in (sender, normal):
                try:
                    d = c.sock.recv(1 << 20)
                    if not d:
                        raise Fail("%s: closed by the server" % c.user)
                    c.buf += d
                except BlockingIOError:
                    pass
            sender.buf = sender.buf[-64:]
            time.sleep(0.001)
        got += 1
        normal.buf = normal.buf[-64:]
    deadline = time.monotonic() + (30 if mode != "rss" else 1)
    open_ones = [c.user for c in sleepers
                 if not c.closed_within(max(deadline - time.monotonic(),
                                            0.01))]
    if mode == "rss":
        print("%d messages of 16 KB: all to the normal client; %d of %d "
              "non-reading clients disconnected" %
              (count, n - len(open_ones), n))
    elif open_ones:
        raise Fail("%d of %d non-reading clients still connected: %s..." %
                   (len(open_ones), n, " ".join(open_ones[:5])))
    else:
        print("%d messages of 16 KB: all %d to the normal client, %d "
              "non-reading clients disconnected" % (count, got, n))
    for c in sleepers + [sender, normal]:
        c.close()
    healthy()


def sc_persist(start, count):
    """Create persistent public rooms p<start>... one after the other,
    printing "saved pN" once the server has confirmed each; runs until
    count rooms or until the server goes away (it is killed meanwhile)."""
    c = Client("keeper").login()
    for i in range(start, start + count):
        room = "p%d@conference.%s" % (i, DOMAIN)
        c.send("<presence to='%s/k'><x xmlns='http://jabber.org/protocol/"
               "muc'/></presence>" % room)
        c.wait_for("code='110'")
        c.send("<iq type='set' id='cfg%d' to='%s'><query xmlns='http://"
               "jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "
               "type='submit'><field var='FORM_TYPE'><value>http://"
               "jabber.org/protocol/muc#roomconfig</value></field><field "
               "var='muc#roomconfig_persistentroom'><value>1</value>"
               "</field><field var='muc#roomconfig_publicroom'><value>1"
               "</value></field><field var='muc#roomconfig_roomname'>"
               "<value>Room %d</value></field></x></query></iq>"
               % (i, room, i))
        r = c.wait_for("id='cfg%d'" % i)
        if b"type='result'" not in r[-200:]:
            raise Fail("config of %s refused: %r" % (room, r[-300:]))
        print("saved p%d" % i, flush=True)
        c.send("<presence type='unavailable' to='%s/k'/>" % room)
    c.close()


def sc_rooms():
    """Print the rooms the MUC service lists, one JID a line."""
    c = Client("lister").login()
    c.send("<iq type='get' id='items' to='conference.%s'><query xmlns="
           "'http://jabber.org/protocol/disco#items'/></iq>" % DOMAIN)
    c.send("<iq type='get' id='after' to='%s'><ping xmlns='urn:xmpp:"
           "ping'/></iq>" % DOMAIN)
    r = c.wait_for("id='after'").decode()
    for m in re.finditer(r"<item [^>]*jid='([^']*)'", r):
        print(m.group(1))
    c.close()


def main():
    global PORT
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    sc, PORT = sys.argv[1], int(sys.argv[2])
    arg = sys.argv[3] if len(sys.argv) > 3 else None
    try:
        if sc == "garbage":
            sc_garbage()
        elif sc == "bomb":
            sc_bomb()
        elif sc == "dtd":
            sc_dtd()
        elif sc == "oversized":
            sc_oversized()
        elif sc == "split":
            sc_split()
        elif sc == "vanish":
            sc_vanish(int(arg or 300))
        elif sc == "slow":
            sc_slow(float(arg or 2))
        elif sc == "room":
            sc_room(int(arg or 500))
        elif sc == "persist":
            sc_persist(int(arg or 0), int(sys.argv[4]) if len(sys.argv) > 4
                       else 1000)
        elif sc == "flood":
            sc_flood(int(arg or 200), int(sys.argv[4]) if len(sys.argv) > 4
                     else 200, sys.argv[5] if len(sys.argv) > 5 else None)
        elif sc == "logins":
            sc_logins()
        elif sc == "slow-logins":
            sc_slow_logins()
        elif sc == "rooms":
            sc_rooms()
        elif sc == "healthy":
            healthy()
        else:
            sys.stderr.write("unknown scenario %s\n" % sc)
            return 2
    except Fail as e:
        sys.stderr.write("FAIL: %s\n" % e)
        return 1
    except OSError as e:
        sys.stderr.write("FAIL: %s: %s\n" % (sc, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
