# SPDX-License-Identifier: MIT
# tests/diff/flows.py - the scripted client flows, one small function each.
#
# Clients: A is user (owns the rooms), B user2, C user3, G admin (a server
# admin).  Every flow has its own rooms; the flows run in FLOWS' order.
# A step sends raw XML and records what every client then receives; the
# flows read answers only where the next stanza needs a value from them.
from gosendxmpp import go_sendxmpp

M = 'conference.localhost'
NS = {'muc': 'http://jabber.org/protocol/muc'}
MUC = 'http://jabber.org/protocol/muc'
OWNER = MUC + '#owner'
ADMIN = MUC + '#admin'
MAM = 'urn:xmpp:mam:2'
RSM = 'http://jabber.org/protocol/rsm'


def join(room, nick, sid='f-join', extra='', attrs=''):
    return ("<presence to='%s@%s/%s' id='%s'%s><x xmlns='%s'>%s</x></presence>"
            % (room, M, nick, sid, attrs, MUC, extra))


def leave(room, nick, sid='f-leave'):
    return "<presence to='%s@%s/%s' type='unavailable' id='%s'/>" % (room, M, nick, sid)


def say(room, text, sid):
    return ("<message to='%s@%s' type='groupchat' id='%s'><body>%s</body></message>"
            % (room, M, sid, text))


def form(ftype, fields, typ='submit'):
    x = "<x xmlns='jabber:x:data' type='%s'><field var='FORM_TYPE'><value>%s</value></field>" % (
        typ, ftype)
    for var, val in fields:
        vals = val if isinstance(val, list) else [val]
        x += "<field var='%s'>%s</field>" % (var, ''.join('<value>%s</value>' % v for v in vals))
    return x + '</x>'


def config(room, fields, sid='f-cfg'):
    return ("<iq type='set' to='%s@%s' id='%s'><query xmlns='%s'>%s</query></iq>"
            % (room, M, sid, OWNER, form(MUC + '#roomconfig', fields)))


def admin(room, items, sid, typ='set'):
    return ("<iq type='%s' to='%s@%s' id='%s'><query xmlns='%s'>%s</query></iq>"
            % (typ, room, M, sid, ADMIN, items))


def item(**kw):
    reason = kw.pop('reason', None)
    a = ''.join(" %s='%s'" % kv for kv in sorted(kw.items()))
    if reason:
        return "<item%s><reason>%s</reason></item>" % (a, reason)
    return '<item%s/>' % a


def disco(to, sid, what='info', node=None):
    n = " node='%s'" % node if node else ''
    return ("<iq type='get' to='%s' id='%s'><query xmlns='http://jabber.org/protocol/disco#%s'%s/>"
            "</iq>" % (to, sid, what, n))


async def create(h, owner, room, nick, fields=(), sid='f-create'):
    """owner joins a new room, then submits its configuration (an instant room if none)."""
    await h.step('create ' + room, owner, join(room, nick, sid))
    await h.step('configure ' + room, owner, config(room, list(fields), sid + '-cfg'))


async def users(h, *names):
    who = {'A': 'user', 'B': 'user2', 'C': 'user3', 'G': 'admin'}
    return [await h.client(n, who[n]) for n in names]


def field_value(el, var):
    for f in el.iter('{jabber:x:data}field'):
        if f.get('var') == var:
            v = f.find('{jabber:x:data}value')
            return v.text if v is not None else None
    return None


async def login(h):
    a = await h.client('A', 'user', record_login=True)
    await h.client('B', 'user2', record_login=True, tls=False)
    for name, user, mech in (('C', 'user3', 'SCRAM-SHA-1'), ('C', 'user3', 'PLAIN'),
                             ('D', 'nobody', 'SCRAM-SHA-1'), ('D', 'nobody', 'PLAIN')):
        await h.client(name, user, record_login=True, password='wrong', mech=mech)
    await h.step('disco', a, disco('localhost', 'f-l1'))
    e = await h.client('E', 'user', resource='A', record_login=True)
    await h.step('same resource', e, disco('localhost', 'f-l2'))


async def service_disco(h):
    a, = await users(h, 'A')
    await h.step('service info', a, disco(M, 'f-d1'))
    await h.step('service items', a, disco(M, 'f-d2', 'items'))
    await h.step('server info', a, disco('localhost', 'f-d3'))
    await h.step('unique', a, "<iq type='get' to='%s' id='f-u1'><unique xmlns='%s#unique'/></iq>"
                 % (M, MUC))


async def create_destroy(h):
    a, b = await users(h, 'A', 'B')
    await h.step('create', a, join('cfg1', 'Alice', 'f-c1'))
    await h.step('locked join', b, join('cfg1', 'Bob', 'f-c2'))
    await h.step('get form', a, "<iq type='get' to='cfg1@%s' id='f-c3'><query xmlns='%s'/></iq>"
                 % (M, OWNER))
    await h.step('submit form', a, config('cfg1', [
        ('muc#roomconfig_roomname', 'Config one'), ('muc#roomconfig_roomdesc', 'A test room'),
        ('muc#roomconfig_persistentroom', '1'), ('muc#roomconfig_publicroom', '1'),
        ('muc#roomconfig_whois', 'anyone')], 'f-c4'))
    await h.step('join', b, join('cfg1', 'Bob', 'f-c5'))
    await h.step('room info', b, disco('cfg1@' + M, 'f-c6'))
    await h.step('room items', b, disco('cfg1@' + M, 'f-c6b', 'items'))
    await h.step('listed', b, disco(M, 'f-c7', 'items'))
    await h.step('form by non-owner', b, "<iq type='get' to='cfg1@%s' id='f-c8'><query "
                 "xmlns='%s'/></iq>" % (M, OWNER))
    await h.step('reconfigure', a, config('cfg1', [('muc#roomconfig_whois', 'moderators'),
                                                   ('muc#roomconfig_roomname', 'Renamed')], 'f-c9'))
    await h.step('cancel form', a, "<iq type='set' to='cfg1@%s' id='f-c10'><query xmlns='%s'>"
                 "<x xmlns='jabber:x:data' type='cancel'/></query></iq>" % (M, OWNER))
    await h.step('destroy by non-owner', b, "<iq type='set' to='cfg1@%s' id='f-c11'><query "
                 "xmlns='%s'><destroy/></query></iq>" % (M, OWNER))
    await h.step('destroy', a, "<iq type='set' to='cfg1@%s' id='f-c12'><query xmlns='%s'>"
                 "<destroy jid='other@%s'><reason>Moving on</reason></destroy></query></iq>"
                 % (M, OWNER, M))
    await h.step('info after destroy', b, disco('cfg1@' + M, 'f-c13'))
    await h.step('recreate', a, join('cfg1', 'Alice', 'f-c14'))


async def history(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'hist1', 'Alice')
    await h.step('say', a, [say('hist1', 'one', 'f-h1'), say('hist1', 'two', 'f-h2'),
                            say('hist1', 'three', 'f-h3')])
    await h.step('join', b, join('hist1', 'Bob', 'f-h4'))
    await h.step('leave', b, leave('hist1', 'Bob', 'f-h5'))
    await h.step('rejoin maxstanzas', b, join('hist1', 'Bob', 'f-h6', "<history maxstanzas='1'/>"))
    await h.step('leave 2', b, leave('hist1', 'Bob', 'f-h7'))
    await h.step('rejoin maxchars 0', b, join('hist1', 'Bob', 'f-h8', "<history maxchars='0'/>"))
    await h.step('leave 3', b, leave('hist1', 'Bob', 'f-h9'))
    await h.step('rejoin since', b, join('hist1', 'Bob', 'f-h10',
                                         "<history since='2000-01-01T00:00:00Z'/>"))
    await h.step('join lang', b, join('hist1', 'Bob', 'f-h11', attrs=" xml:lang='de'"))
    await h.step('presence update', b, "<presence to='hist1@%s/Bob' id='f-h12'><show>away</show>"
                 "<status>busy</status></presence>" % M)
    await h.step('say lang', b, "<message to='hist1@%s' type='groupchat' id='f-h13' "
                 "xml:lang='fr'><body>salut</body></message>" % M)
    await h.close(b, 'disconnect')


async def nick(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'nick1', 'Alice')
    await h.step('join', b, join('nick1', 'Bob'))
    await h.step('change', b, "<presence to='nick1@%s/Robert' id='f-n1'/>" % M)
    await h.step('conflict', b, "<presence to='nick1@%s/Alice' id='f-n2'/>" % M)
    await h.step('join taken', b, join('nick1', 'Alice', 'f-n3'))
    await h.step('same nick', b, "<presence to='nick1@%s/Robert' id='f-n4'/>" % M)


async def private(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'pm1', 'Alice')
    await h.step('join', b, join('pm1', 'Bob'))
    await h.step('pm', b, "<message to='pm1@%s/Alice' type='chat' id='f-p1'><body>hi</body>"
                 "<x xmlns='%s#user'/></message>" % (M, MUC))
    await h.step('pm reply', a, "<message to='pm1@%s/Bob' type='chat' id='f-p2'><body>hello"
                 "</body></message>" % M)
    await h.step('pm nobody', b, "<message to='pm1@%s/Nobody' type='chat' id='f-p3'><body>x"
                 "</body></message>" % M)
    await h.step('pm from outside', c, "<message to='pm1@%s/Alice' type='chat' id='f-p4'>"
                 "<body>x</body></message>" % M)
    await h.step('groupchat from outside', c, say('pm1', 'x', 'f-p5'))
    await h.step('groupchat to nick', b, "<message to='pm1@%s/Alice' type='groupchat' "
                 "id='f-p6'><body>x</body></message>" % M)
    await h.step('chat state', b, "<message to='pm1@%s' type='groupchat' id='f-p7'>"
                 "<active xmlns='http://jabber.org/protocol/chatstates'/></message>" % M)
    await h.step('iq to occupant', b, "<iq type='get' to='pm1@%s/Alice' id='f-p8'><query "
                 "xmlns='jabber:iq:version'/></iq>" % M)


async def subject(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'subj1', 'Alice')
    await h.step('join', b, join('subj1', 'Bob'))
    await h.step('set', a, "<message to='subj1@%s' type='groupchat' id='f-s1'><subject>Topic"
                 "</subject></message>" % M)
    await h.step('by participant', b, "<message to='subj1@%s' type='groupchat' id='f-s2'>"
                 "<subject>Mine</subject></message>" % M)
    await h.step('late join', c, join('subj1', 'Carol'))
    await h.step('allow', a, config('subj1', [('muc#roomconfig_changesubject', '1')]))
    await h.step('by participant allowed', b, "<message to='subj1@%s' type='groupchat' "
                 "id='f-s3'><subject>Mine</subject><body>new topic</body></message>" % M)
    await h.step('clear', a, "<message to='subj1@%s' type='groupchat' id='f-s4'><subject/>"
                 "</message>" % M)


async def invites(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    c.send("<presence/>")
    await h.step('presence', None)
    await create(h, a, 'inv1', 'Alice')
    await h.step('mediated', a, "<message to='inv1@%s' id='f-i1'><x xmlns='%s#user'><invite "
                 "to='user3@localhost'><reason>Come in</reason></invite></x></message>" % (M, MUC))
    await h.step('decline', c, "<message to='inv1@%s' id='f-i2'><x xmlns='%s#user'><decline "
                 "to='user@localhost'><reason>No thanks</reason></decline></x></message>"
                 % (M, MUC))
    await h.step('direct', a, "<message to='user3@localhost' id='f-i3'><x xmlns='jabber:x:"
                 "conference' jid='inv1@%s' reason='Direct'/></message>" % M)
    await h.step('by outsider', b, "<message to='inv1@%s' id='f-i4'><x xmlns='%s#user'><invite"
                 " to='user3@localhost'/></x></message>" % (M, MUC))
    await h.step('members only', a, config('inv1', [('muc#roomconfig_membersonly', '1')]))
    await h.step('mediated members only', a, "<message to='inv1@%s' id='f-i5'><x xmlns='%s#user'>"
                 "<invite to='user2@localhost'/></x></message>" % (M, MUC))
    await h.step('admin list', a, admin('inv1', item(affiliation='member'), 'f-i6', 'get'))
    await h.step('invited joins', b, join('inv1', 'Bob', 'f-i7'))


async def password(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'pw1', 'Alice', [('muc#roomconfig_passwordprotectedroom', '1'),
                                        ('muc#roomconfig_roomsecret', 'sekrit')])
    await h.step('info', b, disco('pw1@' + M, 'f-w0'))
    await h.step('no password', b, join('pw1', 'Bob', 'f-w1'))
    await h.step('wrong password', b, join('pw1', 'Bob', 'f-w2', '<password>nope</password>'))
    await h.step('right password', b, join('pw1', 'Bob', 'f-w3', '<password>sekrit</password>'))
    await h.step('unprotect', a, config('pw1', [('muc#roomconfig_passwordprotectedroom', '0')]))


async def members_only(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'mo1', 'Alice')
    await h.step('join', c, join('mo1', 'Carol'))
    await h.step('members only', a, config('mo1', [('muc#roomconfig_membersonly', '1')]))
    await h.step('not a member', b, join('mo1', 'Bob', 'f-m1'))
    await h.step('add member', a, admin('mo1', item(jid='user2@localhost', affiliation='member'),
                                        'f-m2'))
    await h.step('member joins', b, join('mo1', 'Bob', 'f-m3'))
    await h.step('remove member', a, admin('mo1', item(jid='user2@localhost',
                                                       affiliation='none'), 'f-m4'))
    await h.step('info', c, disco('mo1@' + M, 'f-m5'))


async def registration(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'reg1', 'Alice')
    reg = "<iq type='%s' to='reg1@%s' id='%s'><query xmlns='jabber:iq:register'>%s</query></iq>"
    await h.step('form', b, reg % ('get', M, 'f-r1', ''))
    await h.step('submit', b, reg % ('set', M, 'f-r2', form(
        'http://jabber.org/protocol/muc#register', [('muc#register_roomnick', 'Bobby')])))
    await h.step('form again', b, reg % ('get', M, 'f-r3', ''))
    await h.step('nick taken', c, join('reg1', 'Bobby', 'f-r4'))
    await h.step('reserved nick', b, disco('reg1@' + M, 'f-r5', node='x-roomuser-item'))
    await h.step('member list', a, admin('reg1', item(affiliation='member'), 'f-r6', 'get'))
    await h.step('join', b, join('reg1', 'Bobby', 'f-r7'))
    await h.step('other nick', c, reg % ('set', M, 'f-r8', form(
        'http://jabber.org/protocol/muc#register', [('muc#register_roomnick', 'Bobby')])))
    await h.step('cancel', b, reg % ('set', M, 'f-r9', '<remove/>'))


async def affiliations(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'aff1', 'Alice')
    await h.step('join', b, join('aff1', 'Bob'))
    await h.step('join c', c, join('aff1', 'Carol'))
    await h.step('admin', a, admin('aff1', item(jid='user2@localhost', affiliation='admin'),
                                   'f-a1'))
    await h.step('member by nick', a, admin('aff1', item(nick='Carol', affiliation='member'),
                                            'f-a2'))
    await h.step('outsider outcast', a, admin('aff1', item(jid='x@localhost', affiliation='outcast',
                                                           reason='spam'), 'f-a3'))
    for aff, sid in (('owner', 'f-a4'), ('admin', 'f-a5'), ('member', 'f-a6'),
                     ('outcast', 'f-a7')):
        await h.step('list ' + aff, a, admin('aff1', item(affiliation=aff), sid, 'get'))
    await h.step('admin makes owner', b, admin('aff1', item(jid='user3@localhost',
                                                            affiliation='owner'), 'f-a8'))
    await h.step('admin demotes owner', b, admin('aff1', item(jid='user@localhost',
                                                              affiliation='none'), 'f-a9'))
    await h.step('owner by admin list', b, admin('aff1', item(affiliation='owner'), 'f-a10',
                                                 'get'))
    await h.step('member lists', c, admin('aff1', item(affiliation='member'), 'f-a11', 'get'))
    await h.step('second owner', a, admin('aff1', item(jid='user3@localhost', affiliation='owner'),
                                          'f-a12'))
    await h.step('last owner', a, admin('aff1', item(jid='user3@localhost', affiliation='none') +
                                        item(jid='user@localhost', affiliation='none'), 'f-a13'))
    await h.step('bad affiliation', a, admin('aff1', item(jid='user2@localhost',
                                                          affiliation='king'), 'f-a14'))


async def roles(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'role1', 'Alice', [('muc#roomconfig_moderatedroom', '1')])
    await h.step('join', b, join('role1', 'Bob'))
    await h.step('join c', c, join('role1', 'Carol'))
    await h.step('visitor speaks', b, say('role1', 'hi', 'f-o1'))
    await h.step('voice', a, admin('role1', item(nick='Bob', role='participant'), 'f-o2'))
    await h.step('moderator', a, admin('role1', item(nick='Bob', role='moderator',
                                                     reason='trust'), 'f-o3'))
    await h.step('list moderators', b, admin('role1', item(role='moderator'), 'f-o4', 'get'))
    await h.step('list participants', b, admin('role1', item(role='participant'), 'f-o5', 'get'))
    await h.step('list visitors', c, admin('role1', item(role='visitor'), 'f-o6', 'get'))
    await h.step('revoke owner', b, admin('role1', item(nick='Alice', role='visitor'), 'f-o7'))
    await h.step('no such nick', a, admin('role1', item(nick='Nobody', role='participant'),
                                          'f-o8'))
    await h.step('demote', a, admin('role1', item(nick='Bob', role='visitor'), 'f-o9'))
    await h.step('unmoderate', a, config('role1', [('muc#roomconfig_moderatedroom', '0')]))


async def kick_ban(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'kick1', 'Alice')
    await h.step('join', b, join('kick1', 'Bob'))
    await h.step('join c', c, join('kick1', 'Carol'))
    await h.step('kick', a, admin('kick1', item(nick='Carol', role='none', reason='out'), 'f-k1'))
    await h.step('rejoin', c, join('kick1', 'Carol', 'f-k2'))
    await h.step('kick by participant', b, admin('kick1', item(nick='Carol', role='none'), 'f-k3'))
    await h.step('kick owner', a, admin('kick1', item(nick='Alice', role='none'), 'f-k4'))
    await h.step('ban', a, admin('kick1', item(jid='user3@localhost', affiliation='outcast',
                                               reason='bye'), 'f-k5'))
    await h.step('banned joins', c, join('kick1', 'Carol', 'f-k6'))
    await h.step('ban list', a, admin('kick1', item(affiliation='outcast'), 'f-k7', 'get'))
    await h.step('unban', a, admin('kick1', item(jid='user3@localhost', affiliation='none'),
                                   'f-k8'))
    await h.step('unbanned joins', c, join('kick1', 'Carol', 'f-k9'))


async def voice_request(h):
    a, b, c = await users(h, 'A', 'B', 'C')
    await create(h, a, 'vr1', 'Alice', [('muc#roomconfig_moderatedroom', '1')])
    await h.step('join', c, join('vr1', 'Carol'))
    await h.step('join b', b, join('vr1', 'Bob'))
    await h.step('request', c, "<message to='vr1@%s' id='f-v1'>%s</message>" % (
        M, form(MUC + '#request', [('muc#role', 'participant')])))
    req = [e for e in a.all if e.tag == '{jabber:client}message' and
           field_value(e, 'muc#jid')]
    jid = field_value(req[-1], 'muc#jid') if req else 'user3@localhost/C'
    await h.step('approve', a, "<message to='vr1@%s' id='f-v2'>%s</message>" % (M, form(
        MUC + '#request', [('muc#role', 'participant'), ('muc#jid', jid),
                           ('muc#roomnick', 'Carol'), ('muc#request_allow', 'true')])))
    await h.step('speaks', c, say('vr1', 'thanks', 'f-v3'))
    await h.step('request again', b, "<message to='vr1@%s' id='f-v4'>%s</message>" % (
        M, form(MUC + '#request', [('muc#role', 'participant')])))
    await h.step('deny', a, "<message to='vr1@%s' id='f-v5'>%s</message>" % (M, form(
        MUC + '#request', [('muc#role', 'participant'), ('muc#jid', 'user2@localhost/B'),
                           ('muc#roomnick', 'Bob'), ('muc#request_allow', 'false')])))


def mam_query(room, sid, fields=(), rsm=''):
    x = form(MAM, list(fields)) if fields else ''
    return ("<iq type='set' to='%s@%s' id='%s'><query xmlns='%s' queryid='%s'>%s%s</query></iq>"
            % (room, M, sid, MAM, sid + 'q', x, "<set xmlns='%s'>%s</set>" % (RSM, rsm)
               if rsm else ''))


def rsm_value(el, name):
    if el is None:
        return ''
    v = el.find('.//{%s}%s' % (RSM, name))
    return v.text if v is not None and v.text else ''


async def mam(h):
    a, b = await users(h, 'A', 'B')
    await create(h, a, 'mam1', 'Alice')
    await h.step('features', b, disco('mam1@' + M, 'f-q0'))
    await h.step('join', b, join('mam1', 'Bob'))
    await h.step('say', a, [say('mam1', 'one', 'f-q1'), say('mam1', 'two', 'f-q2')])
    await h.step('say b', b, [say('mam1', 'three', 'f-q3'), say('mam1', 'four', 'f-q4')])
    await h.step('say 5', a, say('mam1', 'five', 'f-q5'))
    await h.step('all', b, mam_query('mam1', 'f-q6'))
    p1 = await h.ask('page 1', b, mam_query('mam1', 'f-q7', rsm='<max>2</max>'), 'f-q7')
    p2 = await h.ask('page 2', b, mam_query('mam1', 'f-q8', rsm='<max>2</max><after>%s</after>'
                                            % rsm_value(p1, 'last')), 'f-q8')
    await h.step('page 3', b, mam_query('mam1', 'f-q9', rsm='<max>2</max><after>%s</after>'
                                        % rsm_value(p2, 'last')))
    await h.step('last page', b, mam_query('mam1', 'f-q10', rsm='<max>2</max><before/>'))
    await h.step('before', b, mam_query('mam1', 'f-q11', rsm='<max>1</max><before>%s</before>'
                                        % rsm_value(p2, 'first')))
    await h.step('max 0', b, mam_query('mam1', 'f-q12', rsm='<max>0</max>'))
    await h.step('with', b, mam_query('mam1', 'f-q13', [('with', 'mam1@%s/Bob' % M)]))
    await h.step('start past', b, mam_query('mam1', 'f-q14', [('start', '2000-01-01T00:00:00Z')]))
    await h.step('end past', b, mam_query('mam1', 'f-q15', [('end', '2000-01-01T00:00:00Z')]))
    await h.step('start future', b, mam_query('mam1', 'f-q16', [('start', '2100-01-01T00:00:00Z')]))
    await h.step('form', b, "<iq type='get' to='mam1@%s' id='f-q17'><query xmlns='%s'/></iq>"
                 % (M, MAM))
    await h.step('bad after', b, mam_query('mam1', 'f-q18', rsm='<after>nonesuch</after>'))
    await h.step('not occupant', a, leave('mam1', 'Alice', 'f-q19'))
    await h.step('query outside', a, mam_query('mam1', 'f-q20', rsm='<max>1</max>'))


async def occupant_id(h):
    a, b = await users(h, 'A', 'B')
    a2 = await h.client('D', 'user')
    await create(h, a, 'occ1', 'Alice')
    await h.step('join', b, join('occ1', 'Bob'))
    await h.step('second session', a2, join('occ1', 'Alice', 'f-o1'))
    await h.step('message', a2, say('occ1', 'from D', 'f-o2'))
    await h.step('pm', b, "<message to='occ1@%s/Alice' type='chat' id='f-o3'><body>pm</body>"
                 "</message>" % M)
    await h.step('leave', b, leave('occ1', 'Bob'))
    await h.step('rejoin other nick', b, join('occ1', 'Bobby', 'f-o4'))
    await h.step('spoof', b, "<message to='occ1@%s' type='groupchat' id='f-o5'><body>x</body>"
                 "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='f-forged'/><stanza-id xmlns="
                 "'urn:xmpp:sid:0' by='occ1@%s' id='f-forged2'/></message>" % (M, M))


async def errors(h):
    a, b, g = await users(h, 'A', 'B', 'G')
    await h.step('no nick', a, "<presence to='err1@%s' id='f-e1'><x xmlns='%s'/></presence>"
                 % (M, MUC))
    await h.step('message to missing room', a, say('nosuch', 'x', 'f-e2'))
    await h.step('owner get missing', a, "<iq type='get' to='nosuch@%s' id='f-e3'><query "
                 "xmlns='%s'/></iq>" % (M, OWNER))
    await h.step('info missing', a, disco('nosuch@' + M, 'f-e4'))
    await create(h, a, 'err2', 'Alice')
    await h.step('unknown iq', a, "<iq type='get' to='err2@%s' id='f-e5'><query "
                 "xmlns='urn:example:nothing'/></iq>" % M)
    await h.step('unknown iq service', a, "<iq type='get' to='%s' id='f-e6'><query "
                 "xmlns='urn:example:nothing'/></iq>" % M)
    await h.step('admin list by outsider', b, admin('err2', item(affiliation='member'), 'f-e7',
                                                    'get'))
    await h.step('bad item', a, admin('err2', '<item/>', 'f-e8'))
    await h.step('presence error', b, "<presence to='err2@%s/Bob' type='error' id='f-e9'/>" % M)
    await h.step('message error', b, "<message to='err2@%s' type='error' id='f-e10'/>" % M)
    await h.step('iq result', b, "<iq type='result' to='err2@%s' id='f-e11'/>" % M)
    await h.step('admin destroys', g, "<iq type='set' to='err2@%s' id='f-e14'><query "
                 "xmlns='%s'><destroy/></query></iq>" % (M, OWNER))
    await h.step('service ping', a, "<iq type='get' to='%s' id='f-e15'><ping xmlns='urn:xmpp:"
                 "ping'/></iq>" % M)
    await h.step('room ping', a, "<iq type='get' to='err2@%s' id='f-e16'><ping xmlns='urn:xmpp:"
                 "ping'/></iq>" % M)


async def bad_jid(h):
    a, = await users(h, 'A')
    await h.step('bad room jid', a, join('bad room', 'Alice', 'f-j2'))


FLOWS = {
    'login': login,
    'service_disco': service_disco,
    'create_destroy': create_destroy,
    'history': history,
    'nick': nick,
    'private': private,
    'subject': subject,
    'invites': invites,
    'password': password,
    'members_only': members_only,
    'registration': registration,
    'affiliations': affiliations,
    'roles': roles,
    'kick_ban': kick_ban,
    'voice_request': voice_request,
    'mam': mam,
    'occupant_id': occupant_id,
    'errors': errors,
    'bad_jid': bad_jid,
    'go_sendxmpp': go_sendxmpp,
}
