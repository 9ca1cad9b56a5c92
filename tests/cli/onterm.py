#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# tests/cli/onterm.py - run a command on a pseudo-terminal and answer its
# prompts, for what mucadmin does only on a terminal (password prompt,
# confirmations).
#
#   onterm.py PROMPT ANSWER [PROMPT ANSWER...] -- CMD [ARGS...]
#
# Each PROMPT (a substring) is answered in turn with ANSWER and a newline.
# Everything the terminal showed goes to stdout; the exit status is the
# command's (124 when it has not finished within 30 seconds).
import os
import pty
import select
import sys
import time


def main():
    argv = sys.argv[1:]
    sep = argv.index("--")
    pairs = argv[:sep]
    cmd = argv[sep + 1:]
    script = [(pairs[i].encode(), pairs[i + 1].encode())
              for i in range(0, len(pairs), 2)]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    seen = b""
    deadline = time.time() + 30
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if fd in r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            seen += data
            if script and script[0][0] in seen:
                prompt, answer = script.pop(0)
                seen_at = seen.index(prompt) + len(prompt)
                sys.stdout.buffer.write(seen[:seen_at])
                seen = seen[seen_at:]
                os.write(fd, answer + b"\n")
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        sys.stdout.buffer.write(seen)
        sys.exit(124)
    sys.stdout.buffer.write(seen)
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
