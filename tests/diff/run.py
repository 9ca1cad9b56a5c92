#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# tests/diff/run.py - run the flows against one server, one transcript per flow.
#
#   run.py --port N --cafile FILE --out DIR [FLOW...]
#
# Writes DIR/FLOW.txt; prints one line per flow that stopped early.
import argparse
import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import flows  # noqa: E402
import flows2  # noqa: E402
import flows3  # noqa: E402
import flows_sessions  # noqa: E402

FLOWS = dict(flows.FLOWS, **flows2.FLOWS, **flows3.FLOWS, **flows_sessions.FLOWS)


async def main(args):
    h = harness.Harness(args.port, args.cafile)
    names = args.flows or list(FLOWS)
    bad = 0
    for name in names:
        if name not in FLOWS:
            print('run.py: no flow %s' % name, file=sys.stderr)
            return 2
        err = await h.run(name, FLOWS[name], os.path.join(args.out, name + '.txt'))
        if err:
            print('flow %s stopped: %s' % (name, err))
    return bad


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--cafile', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('flows', nargs='*')
    harness.quiet_logs()
    sys.exit(asyncio.run(main(p.parse_args())))
