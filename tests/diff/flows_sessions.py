# SPDX-License-Identifier: MIT
# tests/diff/flows_sessions.py - one nick, several sessions of one account
# (issue #16 item 2): whose presence the room shows, which id each session
# gets back, and what changes when the first session goes.  Same helpers
# and clients as flows.py; D and E are further sessions of user (A).
from flows import M, admin, create, item, join, leave, users

SHOW = "<presence to='%s@%s/%s' id='%s'><show>%s</show></presence>"


def show(room, nick, sid, what):
    return SHOW % (room, M, nick, sid, what)


async def multi_session(h):
    a, b = await users(h, 'A', 'B')
    d = await h.client('D', 'user')
    await create(h, a, 'ms1', 'Alice')
    await h.step('join', b, join('ms1', 'Bob'))
    await h.step('second session', d, join('ms1', 'Alice', 'f-ms1', attrs=" xml:lang='de'"))
    await h.step('second updates', d, show('ms1', 'Alice', 'f-ms2', 'away'))
    await h.step('first updates', a, show('ms1', 'Alice', 'f-ms3', 'dnd'))
    e = await h.client('E', 'user')
    await h.step('third session', e, join('ms1', 'Alice', 'f-ms4'))
    await h.step('third leaves', e, leave('ms1', 'Alice', 'f-ms5'))
    c, = await users(h, 'C')
    await h.step('newcomer', c, join('ms1', 'Carol', 'f-ms6'))
    await h.step('probe', c, "<presence to='ms1@%s/Alice' type='probe' id='f-ms7'/>" % M)
    await h.step('first leaves', a, leave('ms1', 'Alice', 'f-ms8'))
    await h.step('second updates again', d, show('ms1', 'Alice', 'f-ms9', 'chat'))
    await h.step('first rejoins', a, join('ms1', 'Alice', 'f-ms10'))
    await h.step('grant', a, admin('ms1', item(affiliation='owner', jid='user2@localhost'),
                                   'f-ms11'))
    await h.step('demote', b, admin('ms1', item(affiliation='admin', jid='user@localhost'),
                                    'f-ms12'))
    await h.step('voice off', b, admin('ms1', item(nick='Alice', role='participant'), 'f-ms13'))
    await h.step('second bounces', d, "<presence to='ms1@%s/Alice' type='error' id='f-ms14'>"
                 "<error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                 "</error></presence>" % M)
    await h.step('second back', d, join('ms1', 'Alice', 'f-ms15'))
    await h.step('first moves', a, "<presence to='ms1@%s/Alicia' id='f-ms16'/>" % M)
    await h.step('first comes back', a, "<presence to='ms1@%s/Alice' id='f-ms17'/>" % M)
    await h.step('second leaves', d, leave('ms1', 'Alice', 'f-ms18'))
    await h.step('last leaves', a, leave('ms1', 'Alice', 'f-ms19'))


async def multi_session2(h):
    a, b = await users(h, 'A', 'B')
    d = await h.client('D', 'user')
    e = await h.client('E', 'user')
    await create(h, a, 'ms2', 'Alice', [('muc#roomconfig_whois', 'anyone')])
    await h.step('join', b, join('ms2', 'Bob'))
    await h.step('second session', d, join('ms2', 'Alice', 'f-mt1'))
    await h.step('second resyncs', d, join('ms2', 'Alice', 'f-mt2', attrs=" xml:lang='fr'"))
    await h.step('third elsewhere', e, join('ms2', 'Alicia', 'f-mt3'))
    await h.step('second moves over', d, "<presence to='ms2@%s/Alicia' id='f-mt4'/>" % M)
    await h.step('first leaves with status', a, "<presence to='ms2@%s/Alice' type='unavailable'"
                 " id='f-mt5'><status>bye</status></presence>" % M)
    await h.step('first back', a, join('ms2', 'Alice', 'f-mt6'))
    await h.step('moves to first', d, "<presence to='ms2@%s/Alice' id='f-mt7'/>" % M)
    await h.step('kick', a, admin('ms2', item(nick='Alicia', role='none', reason='out'), 'f-mt8'))
    await h.step('grant', a, admin('ms2', item(affiliation='owner', jid='user2@localhost'),
                                   'f-mt9'))
    await h.step('ban', b, admin('ms2', item(affiliation='outcast', jid='user@localhost'),
                                 'f-mt10'))


FLOWS = {
    'multi_session': multi_session,
    'multi_session2': multi_session2,
}
