# SPDX-License-Identifier: MIT
# Completion: "mucadmin __complete" from the command table (no network, no
# config for local words), from the server where an account can connect
# without a prompt; and the bash, zsh and fish scripts in completions/,
# each exercised in its own shell.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
D=$(t_tmpdir)
COMP=$TOP/completions
export XDG_CONFIG_HOME=$D/xdg
unset MUCADMIN_PASSWORD MUCADMIN_ROOM_PASSWORD
mkdir -p "$D/bin" "$XDG_CONFIG_HOME/mucadmin"
ln -s "$MUCADMIN" "$D/bin/mucadmin"
export PATH=$D/bin:$PATH

# comp NAME WANT WORD...: the first column of __complete's answer for
# WORDs (the last one being completed) is exactly WANT (lines joined by
# spaces).
comp() {
	local name=$1 want=$2 got
	shift 2
	got=$("$MUCADMIN" __complete -- "$@" 2>"$D/err" </dev/null | cut -f1 |
		tr '\n' ' ')
	got=${got% }
	if [ "$got" = "$want" ] && [ ! -s "$D/err" ]; then t_pass "$name"; else
		t_fail "$name: got '$got', want '$want'"
		head -n 3 "$D/err" | sed 's/^/    /'
	fi
}

# --- from the table: no config read, no network ----------------------------
# A broken config file proves that local words do not read it.
echo 'accounts: [' >"$XDG_CONFIG_HOME/mucadmin/config.yaml"
chmod 600 "$XDG_CONFIG_HOME/mucadmin/config.yaml"
comp "a command" "members" memb
comp "an alias" "bans ban" ban
comp "several commands (table order)" "rooms role register retract" r
comp "no hidden command" "" __
comp "a command's options" "--reason" members team --rea
comp "global options" "--jid --json" --j
comp "option values" "off optional required" serve --tls ''
comp "add|remove" "add remove" members team ''
comp "affiliations" "owner outcast" affiliation team a@b o
comp "roles" "moderator participant visitor none" role team nick ''
comp "field aliases with =" "membersonly= moderated= maxusers=" config team m
comp "the current word may follow an option value" "add remove" --timeout 5 owners team ''
comp "help COMMAND" "kick" help ki
comp "no more arguments than the command takes" "" info team ''
comp "rooms need the server: nothing without an account" "" info ''
mkdir -p "$D/files/sub"
touch "$D/files/rooms.yaml" "$D/files/sub/x" "$D/files/.hidden"
comp "files for a FILE argument" "$D/files/rooms.yaml $D/files/sub/" shell "$D/files/"
comp "no dot files unless asked" "$D/files/.hidden" shell "$D/files/."
"$MUCADMIN" __complete >"$D/out" 2>&1
t_check "__complete with no words: every command" grep -q '^members	' "$D/out"
# How fast __complete starts is measured by make bench (startup), not
# timed here: the broken config above shows it reads none.
rm "$XDG_CONFIG_HOME/mucadmin/config.yaml"

# --- from the server ---------------------------------------------------------
if ! serve_start "$D" --tls off --user admin@localhost:pw; then
	t_fail "serve starts"
	t_done
	exit 1
fi
G=(--server "127.0.0.1:$SERVE_PORT" --plaintext --jid admin@localhost)
MUCADMIN_PASSWORD=pw "$MUCADMIN" "${G[@]}" create pub public=1 >/dev/null
MUCADMIN_PASSWORD=pw "$MUCADMIN" "${G[@]}" members pub add user2@localhost \
	other@localhost >/dev/null
MUCADMIN_PASSWORD=pw "$MUCADMIN" "${G[@]}" -y ban pub spam@localhost >/dev/null
comp "no password source: no server, no prompt" "" "${G[@]}" members pub remove u
export MUCADMIN_PASSWORD=pw
comp "rooms from disco#items" "pub@conference.localhost" "${G[@]}" info p
comp "members' JIDs for remove" "user2@localhost" "${G[@]}" members pub remove u
comp "no JIDs for add" "" "${G[@]}" members pub add u
comp "outcasts for unban" "spam@localhost" "${G[@]}" unban pub ''
comp "every list's JIDs for affiliation" "admin@localhost user2@localhost other@localhost spam@localhost" "${G[@]}" affiliation pub ''
comp "outcasts remove: the outcasts" "spam@localhost" "${G[@]}" outcasts pub remove ''
comp "a boolean field's values" "membersonly=true membersonly=false" "${G[@]}" config pub membersonly=
comp "a list field's options" "whois=moderators whois=anyone" "${G[@]}" config pub whois=
comp "a field by its var" "muc#roomconfig_whois=anyone" "${G[@]}" config pub muc#roomconfig_whois=a
# own_fields NAME ROOM GLOBALS...: "config ROOM <Tab>" offers exactly the
# fields "config ROOM" shows, one name each (issue 13: not all ~40).
own_fields() {
	local name=$1 room=$2
	shift 2
	"$MUCADMIN" "$@" --json config "$room" 2>/dev/null |
		python3 -c 'import json, sys
print("\n".join(sorted(f["field"] + "=" for f in json.load(sys.stdin))))' \
		>"$D/want"
	"$MUCADMIN" __complete -- "$@" config "$room" '' 2>/dev/null </dev/null |
		cut -f1 | sort >"$D/got"
	if [ -s "$D/want" ] && cmp -s "$D/want" "$D/got"; then t_pass "$name"; else
		t_fail "$name"
		diff "$D/want" "$D/got" | head -n 5 | sed 's/^/    /'
	fi
}
own_fields "config ROOM: the room's own fields" pub "${G[@]}"
comp "config ROOM: no alias the room lacks (maxusers)" "membersonly= moderated=" "${G[@]}" config pub m
comp "config ROOM: a var when no alias fits the word" "muc#roomconfig_whois=" "${G[@]}" config pub muc#roomconfig_w
# The same from an account whose password comes from a command.
unset MUCADMIN_PASSWORD
cat >"$XDG_CONFIG_HOME/mucadmin/config.yaml" <<YAML
accounts:
  test:
    jid: admin@localhost
    server: 127.0.0.1:$SERVE_PORT
    tls: plaintext
    password_command: echo pw
YAML
chmod 600 "$XDG_CONFIG_HOME/mucadmin/config.yaml"
comp "from the configured account" "user2@localhost" members pub remove u

# Against Prosody too: its disco#items, admin lists and forms.
# (the account above says tls: plaintext; set it aside meanwhile)
mv "$XDG_CONFIG_HOME/mucadmin/config.yaml" "$D/config.yaml"
if have_prosody && prosody_start "$D/prosody"; then
	P=(--server "127.0.0.1:$PROSODY_PORT" --cafile "$PROSODY_CAFILE"
		--jid user@localhost)
	export MUCADMIN_PASSWORD=password
	"$MUCADMIN" "${P[@]}" create ptest public=1 >/dev/null 2>&1
	"$MUCADMIN" "${P[@]}" members ptest add user2@localhost >/dev/null 2>&1
	comp "prosody: a room JID" "ptest@conference.localhost" "${P[@]}" info pt
	comp "prosody: members' JIDs for remove" "user2@localhost" "${P[@]}" members ptest remove u
	comp "prosody: a boolean field's values" "membersonly=true membersonly=false" "${P[@]}" config ptest membersonly=
	own_fields "prosody: config ROOM: the room's own fields" ptest "${P[@]}"
	unset MUCADMIN_PASSWORD
	prosody_stop "$D/prosody"
else
	echo "SKIP prosody: not installed or does not start"
fi
mv "$D/config.yaml" "$XDG_CONFIG_HOME/mucadmin/config.yaml"

# --- bash ------------------------------------------------------------------
# bashcomp LINE: COMPREPLY for LINE with the cursor at its end.
bashcomp() {
	bash -c '. "$1/mucadmin.bash"
		COMP_LINE=$2 COMP_POINT=${#2}
		read -r -a COMP_WORDS <<<"$2"
		[[ $2 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_mucadmin
		printf "%s\n" "${COMPREPLY[@]}"' bash "$COMP" "$1" | tr '\n' ' '
}
t_check "bash: a command" [ "$(bashcomp 'mucadmin memb')" = "members " ]
t_check "bash: an option" [ "$(bashcomp 'mucadmin kick --rea')" = "--reason " ]
t_check "bash: a member's JID" [ "$(bashcomp 'mucadmin members pub remove u')" = "user2@localhost " ]
# bash replaces only what follows '@' (a word break): the rest is given.
t_check "bash: a JID after @" [ "$(bashcomp 'mucadmin members pub remove user2@lo')" = "localhost " ]
t_check "bash: a field's value after =" [ "$(bashcomp 'mucadmin config pub membersonly=t')" = "true " ]
t_check "bash: a directory" [ "$(cd "$D/files" && bashcomp 'mucadmin shell su')" = "sub/ " ]
t_check "bash: the script registers itself" \
	bash -c '. "$1/mucadmin.bash"; complete -p mucadmin | grep -q _mucadmin' bash "$COMP"

# --- fish ------------------------------------------------------------------
if command -v fish >/dev/null 2>&1; then
	fishcomp() { fish -N -c "source $COMP/mucadmin.fish; complete -C '$1'" 2>&1 | cut -f1 | tr '\n' ' '; }
	t_check "fish: a command" [ "$(fishcomp 'mucadmin memb')" = "members " ]
	t_check "fish: a member's JID" [ "$(fishcomp 'mucadmin members pub remove u')" = "user2@localhost " ]
	t_check "fish: an enumeration" [ "$(fishcomp 'mucadmin role pub bob v')" = "visitor " ]
else
	echo "SKIP fish: not installed"
fi

# --- zsh: a real interactive zsh in tmux -------------------------------------
if command -v zsh >/dev/null 2>&1 && command -v tmux >/dev/null 2>&1; then
	SOCK=mucadmin-comp-$$
	tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
	trap 'tm kill-server 2>/dev/null; t_cleanup' EXIT
	mkdir -p "$D/zdot"
	cat >"$D/zdot/.zshrc" <<ZRC
fpath=($COMP \$fpath)
autoload -U compinit && compinit -u -d $D/zdot/.zcompdump
PS1='zsh%% '
ZRC
	ZDOTDIR=$D/zdot tm new-session -d -s z -x 160 -y 30 \
		"env ZDOTDIR=$D/zdot PATH=$PATH XDG_CONFIG_HOME=$XDG_CONFIG_HOME zsh -i"
	zwait() {
		local deadline=$((SECONDS + 20))
		while [ $SECONDS -lt $deadline ]; do
			tm capture-pane -p -t z >"$D/zscreen"
			grep -qE -- "$1" "$D/zscreen" && return 0
			sleep 0.1
		done
		sed 's/^/    | /' "$D/zscreen" | grep -v '^    | $'
		return 1
	}
	zwait '^zsh% $|^zsh%$' >/dev/null
	tm send-keys -t z 'mucadmin memb' Tab
	t_check "zsh: a command" zwait '^zsh% mucadmin members$'
	tm send-keys -t z C-u 'mucadmin members pub remove u' Tab
	t_check "zsh: a member's JID" zwait '^zsh% mucadmin members pub remove user2@localhost$'
	tm send-keys -t z C-u 'mucadmin config pub membersonl' Tab
	t_check "zsh: a field name, no space after =" zwait '^zsh% mucadmin config pub membersonly=$'
	tm kill-server 2>/dev/null
else
	echo "SKIP zsh: zsh or tmux not installed"
fi
t_done
