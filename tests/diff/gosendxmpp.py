# SPDX-License-Identifier: MIT
# tests/diff/gosendxmpp.py - the second, independent client stack: go-sendxmpp
# (go-xmpp's STARTTLS, SASL and MUC join) driven as a process.  Its exit
# status, stdout and stderr are a block of the transcript like a client's
# stanzas; a slixmpp occupant watches the room meanwhile.
import asyncio
import re
import shutil

from harness import FlowError, TIMEOUT

ROOM = 'gsx1@conference.localhost'
LOGSTAMP = re.compile(r'^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d ')
ISO = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ')


def clean(text):
    return [ISO.sub('{time}', LOGSTAMP.sub('', x)) for x in text.decode(errors='replace')
            .splitlines() if x.strip()]


def argv(h, user, *rest, password='password'):
    return ['go-sendxmpp', '-n', '-j', '127.0.0.1:%d' % h.port, '-u', user + '@localhost',
            '-p', password] + list(rest)


async def run(h, name, args, stdin, watch=None):
    """One go-sendxmpp run as a step: its block, then every client's.  With
    watch (a client in the room), the step also waits for the room to see
    the run's occupant leave (its connection's end reaches the server
    after the process exits)."""
    def left():
        return gone(watch, 'Bob') if watch else 0
    before = left()
    p = await asyncio.create_subprocess_exec(*args, stdin=asyncio.subprocess.PIPE,
                                             stdout=asyncio.subprocess.PIPE,
                                             stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(p.communicate(stdin.encode()), 3 * TIMEOUT)
    except asyncio.TimeoutError:
        p.kill()
        await p.wait()
        raise FlowError('go-sendxmpp %s: no exit' % name)
    if watch:
        await until(h, lambda: left() > before, 'Bob leaves')
    await h.step(name, None)
    h.lines.append('-- go-sendxmpp')
    h.lines.extend('   ' + x for x in ['exit %d' % p.returncode] + clean(out) + clean(err))


def gone(c, nick):
    """How many times c has seen nick leave the room."""
    return sum(1 for e in c.all if e.get('type') == 'unavailable' and
               e.get('from') == ROOM + '/' + nick)


async def until(h, cond, what):
    """Until cond() holds: barriers, with a short pause between them (a
    process's connection is not ours to sync on)."""
    loop = asyncio.get_event_loop()
    deadline = loop.time() + 3 * TIMEOUT
    while not cond():
        if loop.time() > deadline:
            raise FlowError('gave up waiting for ' + what)
        await h.sync()
        await asyncio.sleep(0.05)


async def go_sendxmpp(h):
    if not shutil.which('go-sendxmpp'):
        raise FlowError('go-sendxmpp is not installed')
    cfg = ("<presence to='%s/Alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>"
           "<iq type='set' to='%s' id='f-g1'><query xmlns='http://jabber.org/protocol/muc#owner'>"
           "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>http://jabber.org"
           "/protocol/muc#roomconfig</value></field><field var='muc#roomconfig_persistentroom'>"
           "<value>1</value></field></x></query></iq>" % (ROOM, ROOM))
    await run(h, 'raw create', argv(h, 'user', '--raw', 'user@localhost'), cfg)
    g = await h.client('G', 'admin')
    await h.step('watch', g, "<presence to='%s/Watch' id='f-g2'><x xmlns='http://jabber.org/"
                 "protocol/muc'/></presence>" % ROOM)
    lis = await asyncio.create_subprocess_exec(*argv(h, 'user3', '-l', '-c', '-a', 'Lis', ROOM),
                                               stdout=asyncio.subprocess.PIPE,
                                               stderr=asyncio.subprocess.PIPE)
    try:
        await until(h, lambda: any(e.get('from') == ROOM + '/Lis' for e in g.all), 'Lis joins')
        await h.step('listener joined', None)
        await run(h, 'say', argv(h, 'user2', '-c', '-a', 'Bob', ROOM), 'hello from go', g)
        await run(h, 'direct', argv(h, 'user2', 'user3@localhost'), 'direct hello')
        await run(h, 'say marker', argv(h, 'user2', '-c', '-a', 'Bob', ROOM), 'marker', g)
        got = b''
        while b'marker' not in got:
            line = await asyncio.wait_for(lis.stdout.readline(), TIMEOUT)
            if not line:
                break
            got += line
    finally:
        lis.kill()
        _, err = await lis.communicate()
    await until(h, lambda: gone(g, 'Lis'), 'Lis leaves')
    await h.step('listener output', None)
    h.lines.append('-- go-sendxmpp listener')
    h.lines.extend('   ' + x for x in clean(got) + clean(err))
    await run(h, 'wrong password', argv(h, 'user2', 'user@localhost', password='wrong'), 'x')
    await run(h, 'missing room', argv(h, 'user2', '-c', '-a', 'Bob', 'nosuch@conference.localhost'),
              'x')
