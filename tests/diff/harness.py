# SPDX-License-Identifier: MIT
# tests/diff/harness.py - slixmpp clients that record every stanza they receive, step by step.
#
# A flow (flows.py) opens clients and runs steps; a step is raw XML one
# client sends, then a barrier: the sender, then all the other clients at
# once, ask the MUC service a disco#info and wait for the answer, so
# everything the step caused has arrived (the server answers a client's
# stanzas in order, and routes the room's broadcasts before it reads the
# next stanza).  What each client received during the step is its block in
# the transcript.
import asyncio
import hashlib
import logging
import ssl
import xml.etree.ElementTree as ET

import slixmpp
from slixmpp.util.sasl import mechanisms

from normalize import Normalizer


# Two costs of slixmpp that change nothing on the wire, made cheaper: each
# client's default TLS context reads the whole system CA store (33 ms;
# the flows trust the server's CA file alone, ca_certs below), and SCRAM
# derives its key in a Python loop of HMACs (40-100 ms a login).
def _context_without_system_store(*_args, **_kwargs):
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _pbkdf2(self, text, salt, iterations):
    return hashlib.pbkdf2_hmac(self.hash().name, bytes(text), salt, iterations)


ssl.create_default_context = _context_without_system_store
mechanisms.SCRAM.Hi = _pbkdf2

DOMAIN = 'localhost'
MUC = 'conference.localhost'
PASSWORD = 'password'
TIMEOUT = 5
SASL_NS = 'urn:ietf:params:xml:ns:xmpp-sasl'
TLS_NS = 'urn:ietf:params:xml:ns:xmpp-tls'


class FlowError(Exception):
    pass


class Client:
    """One account's connection: records what it receives into the open block."""

    def __init__(self, harness, name, user, resource, tls=True, password=PASSWORD, mech=None):
        self.h = harness
        self.name = name
        self.jid = '%s@%s/%s' % (user, DOMAIN, resource)
        self.bare = '%s@%s' % (user, DOMAIN)
        self.x = slixmpp.ClientXMPP(self.jid, password, sasl_mech=mech)
        self.x.ca_certs = harness.cafile
        self.tls = tls
        self.waiting = {}
        self.got = []           # elements received since the last block
        self.all = []           # every element received, for flows that read answers
        self.started = asyncio.get_event_loop().create_future()
        self.x.add_filter('in', self._in)
        self.x.add_event_handler('session_start', self._started)
        self.x.add_event_handler('failed_all_auth', self._failed)
        self.x.add_event_handler('disconnected', self._gone)
        self.gone = asyncio.get_event_loop().create_future()
        self.x.add_event_handler('connection_failed', self._failed)

    def _started(self, _):
        if not self.started.done():
            self.started.set_result(True)

    def _failed(self, *_):
        if not self.started.done():
            self.started.set_result(False)

    def _gone(self, *_):
        self._failed()
        if not self.gone.done():
            self.gone.set_result(True)
        if self.h.clients and self in self.h.clients:
            self.got.append(ET.Element('stream-closed'))

    def _in(self, stanza):
        el = stanza.xml
        sid = el.get('id', '')
        if sid in self.waiting:
            fut = self.waiting.pop(sid)
            if not fut.done():
                fut.set_result(el)
        if not sid.startswith('sync-'):
            self.got.append(el)
            self.all.append(el)
        return stanza

    async def connect(self):
        if self.tls:
            self.x.connect(('127.0.0.1', self.h.port))
        else:
            self.x.connect(('127.0.0.1', self.h.port), disable_starttls=True)
        try:
            ok = await asyncio.wait_for(self.started, TIMEOUT)
        except asyncio.TimeoutError:
            ok = False
        return ok

    def send(self, xml):
        if self.gone.done():
            raise FlowError('%s: cannot send, the stream is closed' % self.name)
        self.x.send_raw(xml)

    async def request(self, xml, sid):
        """Sends xml (whose id is sid) and waits for the element answering it."""
        fut = asyncio.get_event_loop().create_future()
        self.waiting[sid] = fut
        self.x.send_raw(xml)
        done, _ = await asyncio.wait([fut, self.gone], timeout=TIMEOUT,
                                     return_when=asyncio.FIRST_COMPLETED)
        if fut in done:
            return fut.result()
        if self.gone in done:
            return None
        raise FlowError('%s: no answer to id %s' % (self.name, sid))

    def take(self):
        got, self.got = self.got, []
        return got


class Harness:
    """Runs the flows against one server and writes one transcript per flow."""

    def __init__(self, port, cafile):
        self.port = port
        self.cafile = cafile
        self.clients = []
        self.lines = []
        self.norm = None
        self.nsync = 0
        self.flow = None

    async def client(self, name, user, resource=None, record_login=False, tls=True,
                     password=PASSWORD, mech=None):
        """A connected client (mech: the one SASL mechanism it may use)."""
        c = Client(self, name, user, resource or name, tls, password, mech)
        ok = await c.connect()
        if not ok:
            # Everything up to the end of the stream belongs to the login.
            c.x.disconnect()
            try:
                await asyncio.wait_for(asyncio.shield(c.gone), TIMEOUT)
            except asyncio.TimeoutError:
                pass
        self.clients.append(c)
        login = [e for e in c.take() if e.tag != 'stream-closed']
        if record_login:
            self._block('login ' + name, [(c, login)], always=True)
            self.lines.append('   connected: %s' % ('yes' if ok else 'no'))
        if not ok and not record_login:
            raise FlowError('%s (%s) cannot log in' % (name, c.jid))
        return c

    async def sync(self, first=None):
        """first's barrier, then everyone else's at once: once first's answer is
        in, the server has handled what first sent, so the others' barriers
        (sent after it) come after everything that caused."""
        live = [c for c in self.clients if not c.gone.done()]
        if first in live:
            live.remove(first)
            await self._sync1(first)
        await asyncio.gather(*(self._sync1(c) for c in live))
        # What the others answered on their own (an iq forwarded to an
        # occupant's client) went out before their barriers came back:
        # first's second barrier comes after its answer to first.
        if first is not None and not first.gone.done() and live:
            await self._sync1(first)

    async def _sync1(self, c):
        self.nsync += 1
        sid = 'sync-%d' % self.nsync
        await c.request("<iq type='get' to='%s' id='%s'><query xmlns="
                        "'http://jabber.org/protocol/disco#info'/></iq>" % (MUC, sid), sid)

    async def step(self, name, sender, xml=None):
        """sender sends xml (a string or a list of them); every client's block follows."""
        if sender is not None and xml is not None:
            for x in ([xml] if isinstance(xml, str) else xml):
                sender.send(x)
        await self.sync(sender)
        self._block(name, [(c, c.take()) for c in self.clients])

    async def ask(self, name, sender, xml, sid):
        """A step whose answer (the element with id sid) the flow needs."""
        el = await sender.request(xml, sid)
        await self.sync(sender)
        self._block(name, [(c, c.take()) for c in self.clients])
        return el

    async def close(self, c, name='close'):
        """c ends its stream and waits for the server to end its own."""
        self.clients.remove(c)
        c.x.disconnect()
        try:
            await asyncio.wait_for(asyncio.shield(c.gone), TIMEOUT)
        except asyncio.TimeoutError:
            raise FlowError('%s: the server does not close the stream' % c.name)
        await self.sync()
        self._block(name, [(o, o.take()) for o in self.clients])

    def _block(self, name, got, always=False):
        self.lines.append('== %s' % name)
        for c, els in got:
            self.lines.append('-- %s' % c.name)
            for el in els:
                if not always and login_noise(el):
                    continue
                self.lines.append('   ' + self.norm.stanza(el))

    async def run(self, name, fn, out):
        self.flow = name
        self.clients = []
        self.lines = ['# flow %s' % name]
        self.norm = Normalizer()
        err = None
        try:
            await fn(self)
        except FlowError as e:
            err = str(e)
        except Exception as e:  # a flow that breaks says so in its transcript
            err = '%s: %s' % (type(e).__name__, e)
        if err:
            self.lines.append('!! flow stopped: ' + err)
        for c in self.clients:
            c.x.disconnect()
        await asyncio.sleep(0)
        with open(out, 'w') as f:
            f.write('\n'.join(self.lines) + '\n')
        return err


def login_noise(el):
    """Stream negotiation a client gets before its session (only the login flow shows it)."""
    tag = el.tag
    return tag.startswith('{%s}' % SASL_NS) or tag.startswith('{%s}' % TLS_NS) or \
        tag == '{http://etherx.jabber.org/streams}features'


def quiet_logs():
    logging.basicConfig(level=logging.CRITICAL)
