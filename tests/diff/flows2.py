# SPDX-License-Identifier: MIT
# tests/diff/flows2.py - more flows, beyond those issue #16 names: room
# configuration side effects, presence, empty rooms, self-ping, server
# admins, message extensions.  Same helpers and clients as flows.py.
from flows import M, MUC, admin, config, create, disco, item, join, leave, say, users


async def config_changes(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'conf1', 'Alice')
    await h.step('join', b, join('conf1', 'Bob'))
    await h.step('non-anonymous', a, config('conf1', [('muc#roomconfig_whois', 'anyone')]))
    await h.step('semi-anonymous', a, config('conf1', [('muc#roomconfig_whois', 'moderators')]))
    await h.step('rename', a, config('conf1', [('muc#roomconfig_roomname', 'New name')]))
    await h.step('logging off', a, config('conf1', [('muc#roomconfig_enablearchiving', '0')]))
    await h.step('logging on', a, config('conf1', [('muc#roomconfig_enablearchiving', '1')]))
    await h.step('history length', a, config('conf1', [('muc#roomconfig_historylength', '1')]))
    await h.step('say', a, [say('conf1', 'one', 'f-x1'), say('conf1', 'two', 'f-x2')])
    await h.step('leave', b, leave('conf1', 'Bob'))
    await h.step('rejoin', b, join('conf1', 'Bob', 'f-x3'))
    await h.step('max users', a, config('conf1', [('muc#roomconfig_maxusers', '2')]))
    c, = await users(h, 'C')
    await h.step('full', c, join('conf1', 'Carol', 'f-x4'))
    await h.step('bad value', a, config('conf1', [('muc#roomconfig_whois', 'everybody')]))
    await h.step('wrong form type', a, "<iq type='set' to='conf1@%s' id='f-x5'><query xmlns="
                 "'%s#owner'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'>"
                 "<value>urn:example:other</value></field></x></query></iq>" % (M, MUC))


async def presence(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'pres1', 'Alice')
    await h.step('join with status', b, "<presence to='pres1@%s/Bob' id='f-y1'><x xmlns='%s'/>"
                 "<show>dnd</show><status>working</status><priority>5</priority></presence>"
                 % (M, MUC))
    await h.step('update', b, "<presence to='pres1@%s/Bob' id='f-y2'><show>xa</show></presence>" % M)
    await h.step('caps', b, "<presence to='pres1@%s/Bob' id='f-y3'><c xmlns='http://jabber.org/"
                 "protocol/caps' hash='sha-1' node='urn:example' ver='abc='/></presence>" % M)
    await h.step('leave with status', b, "<presence to='pres1@%s/Bob' type='unavailable' "
                 "id='f-y4'><status>gone</status></presence>" % M)
    await h.step('leave again', b, leave('pres1', 'Bob', 'f-y5'))
    await h.step('probe', b, "<presence to='pres1@%s/Alice' type='probe' id='f-y6'/>" % M)
    # No subscribe to the room: Prosody would keep it in user2's roster and
    # send it again at the next initial presence, in a later flow.
    await h.step('bare presence', b, "<presence to='pres1@%s' id='f-y8'/>" % M)


async def empty_room(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'empty1', 'Alice')
    await h.step('last leaves', a, leave('empty1', 'Alice'))
    await h.step('gone', b, disco('empty1@' + M, 'f-z1'))
    await h.step('recreate', b, join('empty1', 'Bob', 'f-z2'))
    await h.step('leave locked', b, leave('empty1', 'Bob'))
    await create(h, a, 'empty2', 'Alice', [('muc#roomconfig_persistentroom', '1')])
    await h.step('persistent leaves', a, leave('empty2', 'Alice'))
    await h.step('still there', b, disco('empty2@' + M, 'f-z3'))
    await h.step('join persistent', b, join('empty2', 'Bob', 'f-z4'))
    await h.step('items', b, disco(M, 'f-z5', 'items'))
    await h.step('unpersist', a, config('empty2', [('muc#roomconfig_persistentroom', '0')]))
    await h.step('leave unpersisted', b, leave('empty2', 'Bob'))
    await h.step('gone 2', b, disco('empty2@' + M, 'f-z6'))


async def self_ping(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'ping1', 'Alice')
    ping = "<iq type='get' to='ping1@%s/%s' id='%s'><ping xmlns='urn:xmpp:ping'/></iq>"
    await h.step('self ping', a, ping % (M, 'Alice', 'f-sp1'))
    await h.step('ping other', a, ping % (M, 'Nobody', 'f-sp2'))
    await h.step('ping from outside', b, ping % (M, 'Alice', 'f-sp3'))
    await h.step('disco occupant', b, disco('ping1@%s/Alice' % M, 'f-sp4'))
    await h.step('vcard room', b, "<iq type='get' to='ping1@%s' id='f-sp5'><vCard "
                 "xmlns='vcard-temp'/></iq>" % M)
    await h.step('version room', b, "<iq type='get' to='ping1@%s' id='f-sp6'><query "
                 "xmlns='jabber:iq:version'/></iq>" % M)


async def server_admin(h):
    a, b, g = await users(h, 'A', 'B', 'G')
    await create(h, a, 'sadm1', 'Alice', [('muc#roomconfig_membersonly', '1'),
                                          ('muc#roomconfig_passwordprotectedroom', '1'),
                                          ('muc#roomconfig_roomsecret', 's')])
    await h.step('admin joins', g, join('sadm1', 'Root', 'f-sa1'))
    await h.step('admin reads config', g, "<iq type='get' to='sadm1@%s' id='f-sa2'><query "
                 "xmlns='%s#owner'/></iq>" % (M, MUC))
    await h.step('admin bans owner', g, admin('sadm1', item(jid='user@localhost',
                                                            affiliation='outcast'), 'f-sa3'))
    await h.step('owner kicks admin', a, admin('sadm1', item(nick='Root', role='none'), 'f-sa4'))
    await h.step('outsider creates', b, join('sadm2', 'Bob', 'f-sa5'))


async def extensions(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'ext1', 'Alice')
    await h.step('join', b, join('ext1', 'Bob'))
    await h.step('correction', b, "<message to='ext1@%s' type='groupchat' id='f-t1'><body>fixed"
                 "</body><replace xmlns='urn:xmpp:message-correct:0' id='f-t0'/></message>" % M)
    await h.step('origin id', b, "<message to='ext1@%s' type='groupchat' id='f-t2'><body>o</body>"
                 "<origin-id xmlns='urn:xmpp:sid:0' id='f-t2o'/></message>" % M)
    await h.step('html', b, "<message to='ext1@%s' type='groupchat' id='f-t3'><body>b</body>"
                 "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/"
                 "1999/xhtml'><p>b</p></body></html></message>" % M)
    await h.step('no type', b, "<message to='ext1@%s' id='f-t4'><body>normal</body></message>" % M)
    await h.step('headline', b, "<message to='ext1@%s' type='headline' id='f-t5'><body>h</body>"
                 "</message>" % M)
    await h.step('empty body', b, "<message to='ext1@%s' type='groupchat' id='f-t6'><body/>"
                 "</message>" % M)
    await h.step('thread', b, "<message to='ext1@%s' type='groupchat' id='f-t7'><body>t</body>"
                 "<thread>th1</thread></message>" % M)
    await h.step('receipt request', b, "<message to='ext1@%s' type='groupchat' id='f-t8'><body>r"
                 "</body><request xmlns='urn:xmpp:receipts'/></message>" % M)
    await h.step('nick in pm', a, "<message to='ext1@%s/Bob' type='chat' id='f-t9'><body>p</body>"
                 "<nick xmlns='http://jabber.org/protocol/nick'>A</nick></message>" % M)


async def moderation(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'mod1', 'Alice', [('muc#roomconfig_moderatedroom', '1')])
    await h.step('join', b, join('mod1', 'Bob'))
    await h.step('join c', c, join('mod1', 'Carol'))
    await h.step('visitor pm', b, "<message to='mod1@%s/Alice' type='chat' id='f-md1'><body>pm"
                 "</body></message>" % M)
    await h.step('visitor nick change', b, "<presence to='mod1@%s/Bobby' id='f-md2'/>" % M)
    await h.step('visitor status', b, "<presence to='mod1@%s/Bobby' id='f-md3'><show>away"
                 "</show></presence>" % M)
    await h.step('moderators', a, admin('mod1', item(nick='Carol', role='moderator'), 'f-md4'))
    await h.step('moderator kicks owner', c, admin('mod1', item(nick='Alice', role='none'),
                                                   'f-md5'))
    await h.step('moderator mutes moderator', c, admin('mod1', item(nick='Alice', role='visitor'),
                                                       'f-md6'))
    await h.step('batch', a, admin('mod1', item(nick='Bobby', role='participant') +
                                   item(nick='Nobody', role='participant'), 'f-md7'))
    await h.step('batch affiliations', a, admin('mod1', item(jid='user2@localhost',
                                                             affiliation='member') +
                                                item(jid='user3@localhost', affiliation='admin'),
                                                'f-md8'))
    await h.step('admin kicks owner', c, admin('mod1', item(nick='Alice', role='none'), 'f-md9'))


async def pm_policy(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'pmp1', 'Alice', [('muc#roomconfig_allowpm', 'moderators')])
    await h.step('join', b, join('pmp1', 'Bob'))
    await h.step('join c', c, join('pmp1', 'Carol'))
    await h.step('participant pm', b, "<message to='pmp1@%s/Carol' type='chat' id='f-pp1'><body>"
                 "x</body></message>" % M)
    await h.step('moderator pm', a, "<message to='pmp1@%s/Carol' type='chat' id='f-pp2'><body>"
                 "x</body></message>" % M)
    await h.step('nobody', a, config('pmp1', [('muc#roomconfig_allowpm', 'none')]))
    await h.step('moderator pm none', a, "<message to='pmp1@%s/Bob' type='chat' id='f-pp3'>"
                 "<body>x</body></message>" % M)
    await h.step('invites off', a, config('pmp1', [('muc#roomconfig_membersonly', '1'),
                                                   ('muc#roomconfig_allowinvites', '0')]))
    await h.step('participant invites', b, "<message to='pmp1@%s' id='f-pp4'><x xmlns='%s#user'>"
                 "<invite to='admin@localhost'/></x></message>" % (M, MUC))
    await h.step('invites on', a, config('pmp1', [('muc#roomconfig_allowinvites', '1')]))
    await h.step('participant invites 2', b, "<message to='pmp1@%s' id='f-pp5'><x xmlns="
                 "'%s#user'><invite to='admin@localhost'/></x></message>" % (M, MUC))
    await h.step('presence broadcast', a, config('pmp1', [
        ('muc#roomconfig_presencebroadcast', ['moderator'])]))
    await h.step('participant status', b, "<presence to='pmp1@%s/Bob' id='f-pp6'><show>away"
                 "</show></presence>" % M)


async def members_revoke(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'rev1', 'Alice', [('muc#roomconfig_membersonly', '1')])
    await h.step('add', a, admin('rev1', item(jid='user2@localhost', affiliation='member') +
                                 item(jid='user3@localhost', affiliation='member'), 'f-rv1'))
    await h.step('join', b, join('rev1', 'Bob'))
    await h.step('join c', c, join('rev1', 'Carol'))
    await h.step('revoke', a, admin('rev1', item(jid='user3@localhost', affiliation='none',
                                                 reason='bye'), 'f-rv2'))
    await h.step('rejoin', c, join('rev1', 'Carol', 'f-rv3'))
    await h.step('owner nick change', a, "<presence to='rev1@%s/Boss' id='f-rv4'/>" % M)
    await h.step('case nick', b, "<presence to='rev1@%s/boss' id='f-rv5'/>" % M)
    await h.step('member list by member', b, admin('rev1', item(affiliation='member'), 'f-rv6',
                                                   'get'))
    await h.step('owner leaves', a, leave('rev1', 'Boss'))
    await h.step('destroy persistent', a, "<iq type='set' to='rev1@%s' id='f-rv7'><query xmlns="
                 "'%s#owner'><destroy/></query></iq>" % (M, MUC))


REG = "<iq type='%s' to='%s@%s' id='%s'><query xmlns='jabber:iq:register'>%s</query></iq>"


def reg_form(nick):
    return ("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>http://jabber.org"
            "/protocol/muc#register</value></field><field var='muc#register_roomnick'><value>%s"
            "</value></field></x>" % nick)


async def registration2(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'reg2', 'Alice', [('muc#roomconfig_membersonly', '1')])
    await h.step('non-member form', b, REG % ('get', 'reg2', M, 'f-rg1', ''))
    await h.step('non-member submits', b, REG % ('set', 'reg2', M, 'f-rg2', reg_form('Bob')))
    await h.step('add member', a, admin('reg2', item(jid='user3@localhost', affiliation='member'),
                                        'f-rg3'))
    await h.step('member form', c, REG % ('get', 'reg2', M, 'f-rg4', ''))
    await h.step('owner nick taken', c, REG % ('set', 'reg2', M, 'f-rg5', reg_form('Alice')))
    await h.step('member registers', c, REG % ('set', 'reg2', M, 'f-rg6', reg_form('Caz')))
    await h.step('re-register', c, REG % ('set', 'reg2', M, 'f-rg7', reg_form('Cazz')))
    await h.step('joins other nick', c, join('reg2', 'Carol', 'f-rg8'))
    await h.step('empty nick', c, REG % ('set', 'reg2', M, 'f-rg9', reg_form('')))
    await h.step('legacy form', c, REG % ('set', 'reg2', M, 'f-rg10', '<username>x</username>'))
    await h.step('unregister', c, REG % ('set', 'reg2', M, 'f-rg11', '<remove/>'))
    await h.step('unregister again', c, REG % ('set', 'reg2', M, 'f-rg12', '<remove/>'))
    await h.step('service register', b, "<iq type='get' to='%s' id='f-rg13'><query xmlns="
                 "'jabber:iq:register'/></iq>" % M)


async def forms(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'form1', 'Alice')
    await h.step('admins by form', a, config('form1', [
        ('muc#roomconfig_roomadmins', ['user2@localhost']),
        ('muc#roomconfig_roomowners', ['user@localhost', 'user3@localhost'])]))
    await h.step('lists', a, [admin('form1', item(affiliation='admin'), 'f-fm1', 'get'),
                              admin('form1', item(affiliation='owner'), 'f-fm2', 'get')])
    await h.step('form again', a, "<iq type='get' to='form1@%s' id='f-fm3'><query xmlns="
                 "'%s#owner'/></iq>" % (M, MUC))
    await h.step('hidden', a, config('form1', [('muc#roomconfig_publicroom', '0'),
                                               ('muc#roomconfig_persistentroom', '1')]))
    await h.step('items', b, "<iq type='get' to='%s' id='f-fm4'><query xmlns='http://jabber.org"
                 "/protocol/disco#items'><set xmlns='http://jabber.org/protocol/rsm'><max>1</max>"
                 "</set></query></iq>" % M)
    await h.step('public', a, config('form1', [('muc#roomconfig_publicroom', '1')]))
    await h.step('items 2', b, disco(M, 'f-fm5', 'items'))
    await h.step('traffic node', b, disco('form1@' + M, 'f-fm6',
                                          node='http://jabber.org/protocol/muc#traffic'))
    await h.step('language', a, config('form1', [('muc#roomconfig_lang', 'de'),
                                                 ('muc#roomconfig_roomdesc', 'Beschreibung')]))
    await h.step('info', b, disco('form1@' + M, 'f-fm7'))
    await h.step('destroy', a, "<iq type='set' to='form1@%s' id='f-fm8'><query xmlns='%s#owner'>"
                 "<destroy/></query></iq>" % (M, MUC))


async def invites2(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    for x in (b, c):
        x.send("<presence/>")
    await h.step('presence', None)
    await create(h, a, 'inv2', 'Alice', [('muc#roomconfig_passwordprotectedroom', '1'),
                                         ('muc#roomconfig_roomsecret', 'pw')])
    await h.step('two invites', a, "<message to='inv2@%s' id='f-iv1'><x xmlns='%s#user'><invite "
                 "to='user2@localhost'/><invite to='user3@localhost/C'><reason>r</reason>"
                 "<continue thread='t1'/></invite></x></message>" % (M, MUC))
    await h.step('decline uninvited', b, "<message to='inv2@%s' id='f-iv2'><x xmlns='%s#user'>"
                 "<decline to='user3@localhost'/></x></message>" % (M, MUC))
    await h.step('invite nobody', a, "<message to='inv2@%s' id='f-iv3'><x xmlns='%s#user'>"
                 "<invite/></x></message>" % (M, MUC))
    await h.step('invite bad jid', a, "<message to='inv2@%s' id='f-iv4'><x xmlns='%s#user'>"
                 "<invite to='@@'/></x></message>" % (M, MUC))
    await h.step('join with password', b, join('inv2', 'Bob', 'f-iv5', '<password>pw</password>'))


async def history2(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'hist2', 'Alice')
    await h.step('say', a, [say('hist2', 'one', 'f-hh1'), say('hist2', 'two', 'f-hh2'),
                            "<message to='hist2@%s' type='groupchat' id='f-hh3'><subject>S"
                            "</subject></message>" % M, say('hist2', 'three', 'f-hh4')])
    # Not seconds='0': whether a message of this very second counts depends
    # on the clock (Prosody against Prosody differed under load).
    for n, (what, sid) in enumerate((("since='2000-01-01T00:00:00Z'", 'f-hh5'),
                                     ("seconds='3600'", 'f-hh6'),
                                     ("maxchars='10'", 'f-hh7'), ("maxstanzas='0'", 'f-hh8'),
                                     ("maxstanzas='100'", 'f-hh9'),
                                     ("since='2100-01-01T00:00:00Z'", 'f-hh10'),
                                     ("maxstanzas='x'", 'f-hh11'))):
        await h.step('join %s' % what, b, join('hist2', 'Bob', sid, '<history %s/>' % what))
        await h.step('leave %d' % n, b, leave('hist2', 'Bob', sid + 'l'))


async def nick2(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'nick2', 'Alice', [('muc#roomconfig_whois', 'anyone')])
    await h.step('join', b, join('nick2', 'Bob'))
    await h.step('change', b, "<presence to='nick2@%s/Bob Two' id='f-nn1'/>" % M)
    await h.step('fullwidth', b, "<presence to='nick2@%s/\uff21lice' id='f-nn2'/>" % M)
    await h.step('unicode', b, "<presence to='nick2@%s/Bj\u00f6rn' id='f-nn3'/>" % M)
    await h.step('say', b, say('nick2', 'hej', 'f-nn4'))
    await h.step('owner changes', a, "<presence to='nick2@%s/Alicia' id='f-nn5'/>" % M)
    await h.step('to nobody', b, "<presence to='nick2@%s/Nobody' type='unavailable' id='f-nn6'/>"
                 % M)


FLOWS = {
    'config_changes': config_changes,
    'presence': presence,
    'empty_room': empty_room,
    'self_ping': self_ping,
    'server_admin': server_admin,
    'extensions': extensions,
    'moderation': moderation,
    'pm_policy': pm_policy,
    'members_revoke': members_revoke,
    'registration2': registration2,
    'forms': forms,
    'invites2': invites2,
    'history2': history2,
    'nick2': nick2,
}
