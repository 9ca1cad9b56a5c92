# SPDX-License-Identifier: MIT
# tests/diff/flows3.py - message moderation (XEP-0425) on the room archive,
# as Debian 12's mod_muc_moderation (urn:xmpp:message-moderate:0) does it on
# top of mod_muc_mam.  Same helpers and clients as flows.py.
from flows import M, MAM, admin, create, disco, item, join, leave, say, users

FASTEN = 'urn:xmpp:fasten:0'
MOD0 = 'urn:xmpp:message-moderate:0'
MOD1 = 'urn:xmpp:message-moderate:1'
RET0 = 'urn:xmpp:message-retract:0'
RET1 = 'urn:xmpp:message-retract:1'


def moderate(room, sid, stanza_id, reason=None, retract=True, attrs=None):
    """A moderation request of version :0: <apply-to id=><moderate/>."""
    body = ("<retract xmlns='%s'/>" % RET0 if retract else '') + (
        '<reason>%s</reason>' % reason if reason is not None else '')
    at = " id='%s'" % stanza_id if stanza_id is not None else ''
    return ("<iq type='set' to='%s@%s' id='%s'><apply-to xmlns='%s'%s%s>"
            "<moderate xmlns='%s'>%s</moderate></apply-to></iq>"
            % (room, M, sid, FASTEN, at, attrs or '', MOD0, body))


def stanza_id(el):
    for c in el if el is not None else ():
        if c.tag == '{urn:xmpp:sid:0}stanza-id':
            return c.get('id')
    return 'none'


async def retraction(h):
    a, b, c, g = await users(h, 'A', 'B', 'C', 'G')
    await create(h, a, 'ret1', 'Alice')
    await h.step('join', b, join('ret1', 'Bob'))
    await h.step('join c', c, join('ret1', 'Carol'))
    await h.step('features', b, disco('ret1@' + M, 'f-t0'))
    s1 = stanza_id(await h.ask('spam', b, say('ret1', 'spam one', 'f-t1'), 'f-t1'))
    s2 = stanza_id(await h.ask('spam 2', b, say('ret1', 'spam two', 'f-t2'), 'f-t2'))
    s3 = stanza_id(await h.ask('hello', c, say('ret1', 'hello', 'f-t3'), 'f-t3'))
    s4 = stanza_id(await h.ask('spam 3', b, say('ret1', 'spam three', 'f-t4'), 'f-t4'))
    await h.step('not a moderator', c, moderate('ret1', 'f-t5', s1, 'mine'))
    await h.step('the sender itself', b, moderate('ret1', 'f-t6', s1))
    await h.step('unknown id', a, moderate('ret1', 'f-t7', 'nonesuch'))
    await h.step('no id', a, moderate('ret1', 'f-t8', None))
    await h.step('empty id', a, moderate('ret1', 'f-t8b', ''))
    await h.step('other fastening', a, "<iq type='set' to='ret1@%s' id='f-t9'><apply-to "
                 "xmlns='%s' id='%s'><example xmlns='urn:example'/></apply-to></iq>"
                 % (M, FASTEN, s1))
    await h.step('version 1', a, "<iq type='set' to='ret1@%s' id='f-t10'><moderate xmlns='%s'"
                 " id='%s'><retract xmlns='%s'/></moderate></iq>" % (M, MOD1, s1, RET1))
    await h.step('apply-to get', a, "<iq type='get' to='ret1@%s' id='f-t11'><apply-to "
                 "xmlns='%s' id='%s'><moderate xmlns='%s'><retract xmlns='%s'/></moderate>"
                 "</apply-to></iq>" % (M, FASTEN, s1, MOD0, RET0))
    await h.step('missing room', a, moderate('nosuch', 'f-t12', s1))
    await h.step('to an occupant', a, "<iq type='set' to='ret1@%s/Bob' id='f-t13'><apply-to "
                 "xmlns='%s' id='%s'><moderate xmlns='%s'><retract xmlns='%s'/></moderate>"
                 "</apply-to></iq>" % (M, FASTEN, s1, MOD0, RET0))
    await h.step('retract with a reason', a, moderate('ret1', 'f-t14', s1, 'spam'))
    await h.step('retract, no reason', a, moderate('ret1', 'f-t15', s2))
    await h.step('again', a, moderate('ret1', 'f-t16', s1, 'again'))
    await h.step('moderate, no retract', a, moderate('ret1', 'f-t17', s3, 'noted', False))
    await h.step('empty reason', a, moderate('ret1', 'f-t18', s4, ''))
    await h.step('archive', b, "<iq type='set' to='ret1@%s' id='f-t19'><query xmlns='%s' "
                 "queryid='f-t19q'/></iq>" % (M, MAM))
    await h.step('leave c', c, leave('ret1', 'Carol'))
    await h.step('outsider', c, moderate('ret1', 'f-t20', s3))
    await h.step('server admin outside', g, moderate('ret1', 'f-t21', s3, 'by admin'))
    await h.step('rejoin c: history', c, join('ret1', 'Carol', 'f-t22'))
    await h.step('leave a', a, leave('ret1', 'Alice'))
    await h.step('owner outside', a, moderate('ret1', 'f-t23', s4))
    await h.step('archive 2', b, "<iq type='set' to='ret1@%s' id='f-t24'><query xmlns='%s' "
                 "queryid='f-t24q'/></iq>" % (M, MAM))


async def retraction_nolog(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'ret2', 'Alice',
                 [('muc#roomconfig_enablearchiving', '0')])
    await h.step('join', b, join('ret2', 'Bob'))
    await h.step('say', b, say('ret2', 'spam', 'f-u1'))
    await h.step('retract', a, moderate('ret2', 'f-u2', 'nonesuch'))


async def retraction2(h):
    """Real JIDs shown, moderators by role or by reserved nick, the history
    from memory (which keeps what was retracted) and from the archive."""
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'ret3', 'Alice', [('muc#roomconfig_whois', 'anyone')])
    await h.step('join', b, join('ret3', 'Bob'))
    s1 = stanza_id(await h.ask('say', b, say('ret3', 'first', 'f-v1'), 'f-v1'))
    s2 = stanza_id(await h.ask('say 2', b, say('ret3', 'second', 'f-v2'), 'f-v2'))
    await h.step('moderator by role', a, admin('ret3', item(nick='Bob', role='moderator'),
                                               'f-v3'))
    await h.step('a moderator retracts', b, moderate('ret3', 'f-v4', s1, 'own words'))
    await h.step('reserved nick', a, admin('ret3', item(jid='user3@localhost',
                                                        affiliation='admin', nick='Cee'),
                                           'f-v5'))
    await h.step('by reserved nick', c, moderate('ret3', 'f-v6', s2))
    await h.step('history from memory', c, join('ret3', 'Carol', 'f-v7',
                                                 "<history maxstanzas='2'/>"))
    await h.step('leave', c, leave('ret3', 'Carol'))
    await h.step('history from the archive', c, join('ret3', 'Carol', 'f-v8',
                                                      "<history maxstanzas='10'/>"))
    await h.step('archive', b, "<iq type='set' to='ret3@%s' id='f-v9'><query xmlns='%s' "
                 "queryid='f-v9q'/></iq>" % (M, MAM))


FLOWS = {
    'retraction2': retraction2,
    'retraction': retraction,
    'retraction_nolog': retraction_nolog,
}
