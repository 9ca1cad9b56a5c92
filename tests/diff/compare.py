#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# tests/diff/compare.py - compare two servers' transcripts, minus the allowlist.
#
#   compare.py REF_DIR TEST_DIR ALLOWLIST [FLOW...]
#
# Prints "PASS flow F" or "FAIL flow F" and the differing blocks ("- "
# only the reference, Prosody, sent it; "+ " only the server under test);
# then a NOTE for each allowlist entry that no difference needs (when all
# flows ran).  Exit 0 when every flow passes, 1 otherwise, 2 on a bad
# allowlist.
import difflib
import fnmatch
import os
import re
import sys

EMPTY = re.compile(r"<([\w:-]+)((?: [\w:-]+='[^']*')*)></\1>")
PLACEHOLDER = re.compile(r'\{(id|arc|occ|res)\d+\}')


class Entry:
    def __init__(self, line, tag, text):
        self.line = line
        self.tag = tag
        self.text = text
        self.rules = []

    def label(self):
        return 'allowlist line %d (%s: %s)' % (self.line, self.tag, self.text)


def load_allowlist(path):
    entries, cur, bad = [], None, []
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            if not line.strip():
                cur = None
                continue
            m = re.match(r'#\s*(pending|permanent):\s*(.*)', line)
            if m:
                cur = Entry(n, m.group(1), m.group(2))
                entries.append(cur)
                continue
            if line.startswith('#'):
                continue
            f4 = line.split(None, 4)
            kind = f4[0]
            if cur is None:
                bad.append('%s:%d: a rule without a "# pending:" or "# permanent:" line' % (path, n))
                continue
            if kind == 'skip' and len(f4) == 4:
                cur.rules.append((kind, f4[1], f4[2], f4[3], None, None))
            elif kind in ('sub', 'drop') and len(f4) == 5:
                pat, _, rep = f4[4].partition(' => ')
                try:
                    rx = re.compile(pat)
                except re.error as e:
                    bad.append('%s:%d: bad regex: %s' % (path, n, e))
                    continue
                cur.rules.append((kind, f4[1], f4[2], f4[3], rx, rep))
            else:
                bad.append('%s:%d: want "skip FLOW STEP CLIENT" or '
                           '"sub|drop FLOW STEP CLIENT REGEX"' % (path, n))
    for e in entries:
        if not e.rules:
            bad.append('%s:%d: an entry without rules' % (path, e.line))
    return entries, bad


def parse(path):
    """[(step, client, [lines])] in order; '!!' lines are a block of their own."""
    blocks, step, seen = [], None, {}
    if not os.path.exists(path):
        return [('(transcript)', '', ['(no transcript)'])]
    with open(path) as f:
        for raw in f:
            line = raw.rstrip('\n')
            if line.startswith('== '):
                step = line[3:]
                seen[step] = seen.get(step, 0) + 1
                if seen[step] > 1:
                    step += ' #%d' % seen[step]
            elif line.startswith('-- '):
                blocks.append((step, line[3:], []))
            elif line.startswith('!! '):
                blocks.append(('(end)', '', [line[3:]]))
            elif line.startswith('   ') and blocks:
                blocks[-1][2].append(line[3:])
    return blocks


def applies(rule, flow, step, client):
    return fnmatch.fnmatchcase(flow, rule[1]) and fnmatch.fnmatchcase(step, rule[2]) and \
        fnmatch.fnmatchcase(client, rule[3])


def unordered_runs(lines):
    """Consecutive presences of other occupants come in no defined order: sorted."""
    out, run = [], []

    def flush():
        run.sort(key=lambda x: PLACEHOLDER.sub('{}', x))
        out.extend(run)
        run.clear()
    for x in lines:
        if x.startswith('<presence ') and "code='110'" not in x:
            run.append(x)
        else:
            flush()
            out.append(x)
    flush()
    return out


def renumber(blocks):
    """Placeholders numbered again by first appearance, after rules removed some."""
    maps = {}

    def one(m):
        kind = m.group(1)
        tab = maps.setdefault(kind, {})
        if m.group(0) not in tab:
            tab[m.group(0)] = '{%s%d}' % (kind, len(tab) + 1)
        return tab[m.group(0)]
    return [(s, c, [PLACEHOLDER.sub(one, x) for x in lines]) for s, c, lines in blocks]


def filtered(blocks, flow, rules):
    out = []
    for step, client, lines in blocks:
        mine = [r for r in rules if applies(r, flow, step, client)]
        if any(r[0] == 'skip' for r in mine):
            out.append((step, client, ['(not compared: allowlisted)']))
            continue
        kept = []
        for x in lines:
            for r in mine:
                if r[0] == 'sub':
                    x = r[4].sub(r[5], x)
            if any(r[0] == 'drop' and r[4].search(x) for r in mine):
                continue
            kept.append(EMPTY.sub(r'<\1\2/>', x))
        out.append((step, client, unordered_runs(kept)))
    return renumber(out)


def differences(ref, test, flow, rules):
    a = filtered(ref, flow, rules)
    b = filtered(test, flow, rules)
    da = {(s, c): lines for s, c, lines in a}
    db = {(s, c): lines for s, c, lines in b}
    keys = [(s, c) for s, c, _ in a] + [(s, c) for s, c, _ in b if (s, c) not in da]
    diffs = []
    for k in keys:
        la = da.get(k, ['(no such block)'])
        lb = db.get(k, ['(no such block)'])
        if la != lb:
            diffs.append((k, la, lb))
    return diffs


def show(flow, diffs):
    for (step, client), la, lb in diffs:
        print("  %s: step '%s', client %s" % (flow, step, client or '-'))
        for d in difflib.ndiff(la or ['(nothing)'], lb or ['(nothing)']):
            if not d.startswith('? '):
                print('    ' + d)


def main(argv):
    if len(argv) < 4:
        print(__doc__ or 'usage: compare.py REF TEST ALLOWLIST [FLOW...]', file=sys.stderr)
        return 2
    ref_dir, test_dir, allow = argv[1:4]
    entries, bad = load_allowlist(allow)
    if bad:
        print('\n'.join(bad), file=sys.stderr)
        return 2
    flows = argv[4:] or sorted({f[:-4] for d in (ref_dir, test_dir)
                                for f in os.listdir(d) if f.endswith('.txt')})
    used = set()
    failed = 0
    every = [r for e in entries for r in e.rules]
    for flow in flows:
        ref = parse(os.path.join(ref_dir, flow + '.txt'))
        test = parse(os.path.join(test_dir, flow + '.txt'))
        diffs = differences(ref, test, flow, every)
        if diffs:
            failed += 1
            print('FAIL flow %s' % flow)
            show(flow, diffs)
        else:
            print('PASS flow %s' % flow)
        for e in entries:
            if e in used:
                continue
            others = [r for o in entries if o is not e for r in o.rules]
            if differences(ref, test, flow, others) != diffs:
                used.add(e)
    for e in entries:
        if e not in used and not argv[4:]:
            print('NOTE %s: no difference needs it any more; delete it' % e.label())
    print('%d flows, %d differ; allowlist: %d entries (%d pending, %d permanent), %d unused'
          % (len(flows), failed, len(entries),
             sum(e.tag == 'pending' for e in entries),
             sum(e.tag == 'permanent' for e in entries),
             sum(e not in used for e in entries)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
