#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make demo: a real administration session with the mucadmin CLI against
# the built-in mini server (mucadmin serve), over STARTTLS with a checked
# certificate, narrated.
. "$(dirname "$0")/testlib.sh"
set -e

D=$(t_tmpdir)
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj /CN=localhost \
	-addext "subjectAltName=DNS:localhost,DNS:conference.localhost" \
	-keyout "$D/key.pem" -out "$D/cert.pem" >/dev/null 2>&1
users=()
for u in admin alice bob carol mallory; do
	users+=(--user "$u@localhost:secret")
done
serve_start "$D" --tls required --cert "$D/cert.pem" --key "$D/key.pem" \
	"${users[@]}"

# The account, as a user would write it once; the password comes from a
# command (here a file readable only by us), never from the command line.
export XDG_CONFIG_HOME=$D/config
mkdir -p "$XDG_CONFIG_HOME/mucadmin"
echo secret >"$D/admin.pw"
chmod 600 "$D/admin.pw"
cat >"$XDG_CONFIG_HOME/mucadmin/config.yaml" <<EOF
accounts:
  demo:
    jid: admin@localhost
    server: 127.0.0.1:$SERVE_PORT
    cafile: $D/cert.pem
    service: conference.localhost
    password_command: cat $D/admin.pw
EOF
chmod 600 "$XDG_CONFIG_HOME/mucadmin/config.yaml" # never writable by others
unset MUCADMIN_PASSWORD

if [ -t 1 ]; then B=$'\033[1m' N=$'\033[0m'; else B= N=; fi
say() { printf '\n%s# %s%s\n' "$B" "$*" "$N"; }
run() {
	printf '$ mucadmin'
	printf ' %q' "$@"
	printf '\n'
	"$MUCADMIN" "$@"
}

say "mucadmin serve is listening on 127.0.0.1:$SERVE_PORT (STARTTLS required)."
say "The account 'demo' lives in \$XDG_CONFIG_HOME/mucadmin/config.yaml:"
sed 's/^/    /' "$XDG_CONFIG_HOME/mucadmin/config.yaml"

say "Create a room, configured in the same step."
run create team name="Team room" description="Where we meet" membersonly=yes

say "Its configuration, with short field names, types, values and options:"
run config team

say "Change two fields; values are checked against the server's form."
run config team moderated=yes whois=anyone
say "A field this server does not have is refused, and the offered ones listed:"
run config team colour=blue || echo "(exit $?: usage error)"

say "Add members from a list on stdin, one JID per line."
printf 'alice@localhost\nbob@localhost\ncarol@localhost\n' >"$D/people"
printf '$ printf "alice@...\\nbob@...\\ncarol@...\\n" | mucadmin members team add -\n'
"$MUCADMIN" members team add - <"$D/people"

say "The members, as a table and as JSON:"
run members team
run --json members team

say "Who is in the room (its role lists: mucadmin need not join to read them):"
run occupants team

say "Ban someone (destructive: --yes, since no one is here to confirm)."
run --yes ban team mallory@localhost --reason "spam"
run outcasts team

say "Errors say what, where and why, with documented exit codes:"
run members team add "not a jid" || echo "(exit $?: bad input)"
printf 'With a wrong password (MUCADMIN_PASSWORD=wrong):\n'
MUCADMIN_PASSWORD=wrong run rooms || echo "(exit $?: authentication failed)"

say "Destroy the room."
run --yes destroy team --reason "demo over"
run info team || echo "(exit $?: the server refused: the room is gone)"

serve_stop
say "Done: mucadmin serve stopped."
