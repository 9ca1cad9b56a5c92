#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# slix.py - the benchmarks' python3-slixmpp client: one muc#admin get, or
# N member adds pipelined then the list read back.
#
#   slix.py HOST PORT CAFILE|- JID get ROOM
#   slix.py HOST PORT CAFILE|- JID add ROOM N [PREFIX]
# Password from $MUCADMIN_PASSWORD.  'add' prints "total_s=... listed=..."
# (from the first request to the list, login not counted).
import asyncio
import logging
import os
import ssl
import sys
import time

logging.getLogger("slixmpp.stringprep").setLevel(logging.ERROR)
logging.basicConfig(level=logging.ERROR)
import slixmpp  # noqa: E402

ADMIN = "http://jabber.org/protocol/muc#admin"


class Bot(slixmpp.ClientXMPP):
    def __init__(self, jid, password, cafile):
        super().__init__(jid, password)
        if cafile == "-":
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            self.ssl_context = ctx
        else:
            self.ca_certs = cafile
        self.pending = {}
        self.n = 0
        self.started = asyncio.get_event_loop().create_future()
        self.add_event_handler("session_start", self._started)
        self.add_event_handler("failed_auth", self._failed)

    def _started(self, _):
        if not self.started.done():
            self.started.set_result(1)

    def _failed(self, _):
        if not self.started.done():
            self.started.set_exception(RuntimeError("auth failed"))

    def incoming_filter(self, xml):
        if xml.tag == "{jabber:client}iq":
            fut = self.pending.pop(xml.get("id"), None)
            if fut is not None and not fut.done():
                fut.set_result(xml)
        return xml

    def iq(self, body, to, typ="set"):
        self.n += 1
        iq_id = "b%d" % self.n
        fut = asyncio.get_event_loop().create_future()
        self.pending[iq_id] = fut
        self.send_raw("<iq type='%s' id='%s' to='%s'>%s</iq>"
                      % (typ, iq_id, to, body))
        return fut


def ok(el, what):
    if el.get("type") != "result":
        raise RuntimeError("%s failed: %s" % (what, el.get("type")))
    return el


async def members(b, room):
    q = "<query xmlns='%s'><item affiliation='member'/></query>" % ADMIN
    el = ok(await b.iq(q, room, "get"), "member list")
    return len(el.findall("{%s}query/{%s}item" % (ADMIN, ADMIN)))


async def run(argv):
    host, port, cafile, jid, cmd, room = argv[:6]
    b = Bot(jid, os.environ.get("MUCADMIN_PASSWORD", "password"), cafile)
    b.connect((host, int(port)), force_starttls=True)
    await asyncio.wait_for(b.started, 30)
    if cmd == "get":
        await members(b, room)
    else:
        n = int(argv[6])
        prefix = argv[7] if len(argv) > 7 else "u"
        t0 = time.perf_counter()
        futs = [b.iq("<query xmlns='%s'><item affiliation='member' "
                     "jid='%s%d@localhost'/></query>" % (ADMIN, prefix, i),
                     room) for i in range(n)]
        for f in futs:
            ok(await f, "add")
        listed = await members(b, room)
        print("total_s=%.6f listed=%d" % (time.perf_counter() - t0, listed))
    b.disconnect(wait=0.2)
    await asyncio.sleep(0)


def main():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.wait_for(run(sys.argv[1:]), 3600))
    tasks = asyncio.all_tasks(loop)
    for t in tasks:
        t.cancel()
    loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))


if __name__ == "__main__":
    main()
