# SPDX-License-Identifier: MIT
# tests/diff/normalize.py - one received stanza as one canonical line.
#
# Canonical: namespaces declared only where they change, attributes sorted,
# whitespace-only text dropped, children sorted where XMPP gives their order
# no meaning.  Values that differ from run to run are replaced by
# placeholders numbered by first appearance in the flow: ids the server
# made ({id1}, the same value always the same number, so a stanza-id that
# comes back as a MAM result id or an RSM <last> keeps its number),
# timestamps ({time}), resources the server assigned ({res1}), random
# room names (muc#unique) and SASL data.  Ids the
# flows choose ("f-" or "sync-" and a short lowercase name) stay as they are.
import re

XML_NS = 'http://www.w3.org/XML/1998/namespace'
STAMP = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?'
                   r'|\d{8}T\d\d:\d\d:\d\d')
OUR_RESOURCES = {'A', 'B', 'C', 'D', 'E', 'G'}
# Elements whose children's order carries no meaning (sorted).
UNORDERED = {
    'jabber:client|message', 'jabber:client|presence', 'jabber:client|iq',
    'http://jabber.org/protocol/muc#user|x',
    'http://jabber.org/protocol/disco#info|query',
    'http://jabber.org/protocol/disco#items|query',
    'http://jabber.org/protocol/muc#admin|query',
    'urn:ietf:params:xml:ns:xmpp-stanzas|error',
    'jabber:client|error',
    'http://etherx.jabber.org/streams|features',
    # Prosody 0.12 lists its SASL mechanisms in hash order: it changes
    # from one start to the next, so no client can rely on it.
    'urn:ietf:params:xml:ns:xmpp-sasl|mechanisms',
    'http://jabber.org/protocol/rsm|set',   # hash order in Prosody too
}
# Text that is an opaque server value (RSM paging keys).
OPAQUE_TEXT = {'http://jabber.org/protocol/rsm|first', 'http://jabber.org/protocol/rsm|last',
               'http://jabber.org/protocol/rsm|before', 'http://jabber.org/protocol/rsm|after'}
# Ids with their own numbering: archive ids (stanza-id, MAM result, RSM
# keys) and occupant ids, so that one server's missing kind does not shift
# the other kinds' numbers.
ID_KIND = {'urn:xmpp:sid:0|stanza-id': 'arc', 'urn:xmpp:mam:2|result': 'arc',
           'urn:xmpp:occupant-id:0|occupant-id': 'occ'}
# SASL exchanges: random nonces and proofs.
SASL_DATA = {'urn:ietf:params:xml:ns:xmpp-sasl|' + n for n in ('challenge', 'success')}
# Attributes that carry a JID.
JID_ATTRS = {'from', 'to', 'jid', 'by'}


def split(tag):
    if tag.startswith('{'):
        ns, name = tag[1:].split('}', 1)
        return ns, name
    return '', tag


def unordered_form(key, el):
    """A result form's fields (disco extensions) and a multi field's values are sets."""
    if key == 'jabber:x:data|x':
        return el.get('type') == 'result'
    if key == 'jabber:x:data|field':
        return el.get('type') in ('list-multi', 'jid-multi')
    return False


def esc(s, quote=False):
    s = s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    return s.replace("'", '&apos;') if quote else s


# The ids the flows choose: short, lowercase, "f-" or "sync-" first.
FLOW_ID = re.compile(r'(?:f|sync)-[a-z0-9-]{1,14}')


class Normalizer:
    def __init__(self):
        self.ids = {}
        self.res = {}

    def opaque(self, v, kind='id'):
        # Not a prefix test: one random id in 4096 starts with "f-".
        if FLOW_ID.fullmatch(v):
            return v
        if v not in self.ids:
            n = sum(1 for k in self.ids.values() if k.startswith('{' + kind)) + 1
            self.ids[v] = '{%s%d}' % (kind, n)
        return self.ids[v]

    def jid(self, v):
        if '/' not in v:
            return v
        bare, res = v.split('/', 1)
        if '@' not in bare and bare.endswith('localhost'):
            return v        # a server's own full JID: leave it
        if '@' in bare and bare.split('@', 1)[1] == 'localhost' and res not in OUR_RESOURCES:
            if res not in self.res:
                self.res[res] = '{res%d}' % (len(self.res) + 1)
            return bare + '/' + self.res[res]
        return v

    def value(self, key, name, v):
        if name == 'id':
            return self.opaque(v, ID_KIND.get(key, 'id'))
        if name in JID_ATTRS:
            return self.jid(v)
        if STAMP.fullmatch(v):
            return '{time}'
        return v

    def text(self, key, t):
        t = t.strip()
        if not t:
            return ''
        if key in OPAQUE_TEXT:
            return self.opaque(t, 'arc')
        if key in SASL_DATA:
            return '{sasl-data}'
        if key == 'http://jabber.org/protocol/muc#unique|unique':
            return '{unique}'
        if STAMP.fullmatch(t):
            return '{time}'
        return esc(t)

    def element(self, el, parent_ns):
        ns, name = split(el.tag)
        key = ns + '|' + name
        attrs = []
        if ns != parent_ns:
            attrs.append("xmlns='%s'" % esc(ns, True))
        for k in sorted(el.attrib):
            kns, kname = split(k)
            shown = ('xml:' + kname) if kns == XML_NS else (kns + ':' + kname if kns else kname)
            attrs.append("%s='%s'" % (shown, esc(self.value(key, kname, el.attrib[k]), True)))
        kids = [self.element(c, ns) for c in el]
        if key in UNORDERED or unordered_form(key, el):
            kids.sort()
        body = self.text(key, el.text or '') + ''.join(kids)
        head = '<' + name + ''.join(' ' + a for a in attrs)
        return head + ('>' + body + '</' + name + '>' if body else '/>')

    def stanza(self, el):
        if el.tag == 'stream-closed':
            return '(the server closed the stream)'
        # The status of an occupant whose client dropped its connection:
        # Prosody says "Disconnected: " and its TLS library's reason, or
        # nothing when it saw the stream end first (it varies from run to
        # run: Prosody against Prosody differed), so it is not compared.
        return re.sub(r'<status>Disconnected: [^<]*</status>', '',
                      self.element(el, 'jabber:client'))
