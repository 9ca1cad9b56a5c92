# SPDX-License-Identifier: MIT
# Where the CLI's OpenSSL finds the trusted CAs (cli/castore.c): with a
# hashed CA directory it does not parse the CA bundle file, and the trust is
# the same: a CA found in the directory is trusted, none is trusted when the
# directory has none, and a SSL_CERT_FILE the user set is used as it is.
# With --cafile or an account's cafile: that file alone is trusted and no
# other CA file is parsed.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
D=$(t_tmpdir)
serve_tls_or_skip "$D"
export MUCADMIN_PASSWORD=password
unset SSL_CERT_FILE SSL_CERT_DIR
M=("$MUCADMIN" --jid user@localhost --server "127.0.0.1:$SERVE_PORT")
"${M[@]}" --cafile "$D/cert.pem" create store >/dev/null 2>&1

# A hashed directory holding the server's (self-signed) certificate, one
# with the certificate but no hash names, and an empty one.
mkdir -p "$D/hashed" "$D/unhashed" "$D/empty"
cp "$D/cert.pem" "$D/hashed/server.pem"
cp "$D/cert.pem" "$D/unhashed/server.pem"
openssl rehash "$D/hashed" >/dev/null 2>&1
t_check "the CA directory is hashed" \
	sh -c "ls '$D/hashed' | grep -qE '^[0-9a-f]{8}\\.0\$'"

run() { # run NAME RC ENV... -- ARGS...
	local name=$1 want=$2 rc e=()
	shift 2
	while [ "$1" != -- ]; do e+=("$1"); shift; done
	shift
	env "${e[@]}" "${M[@]}" "$@" >"$D/out" 2>"$D/err"
	rc=$?
	if [ "$rc" = "$want" ]; then t_pass "$name"; else
		t_fail "$name (exit $rc, want $want)"
		sed 's/^/    /' "$D/err" | head -n 3
	fi
}
run "CA found in the hashed directory: trusted" 0 \
	SSL_CERT_DIR="$D/hashed" -- members store
run "no CA in the directory: refused" 3 SSL_CERT_DIR="$D/empty" -- members store
t_check "the refusal is about the certificate" \
	grep -qiE 'certificate|tls' "$D/err"
run "SSL_CERT_FILE set by the user is used" 0 \
	SSL_CERT_DIR="$D/empty" SSL_CERT_FILE="$D/cert.pem" -- members store
run "a directory without hash names: the file is still read" 3 \
	SSL_CERT_DIR="$D/unhashed" SSL_CERT_FILE="$D/nonexistent.pem" -- \
	members store
run "--cafile with an empty directory" 0 SSL_CERT_DIR="$D/empty" -- \
	--cafile "$D/cert.pem" members store

# --cafile: only that file.  Another CA (a certificate of its own) is
# refused although the directory or SSL_CERT_FILE would trust the server.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=another CA" \
	-keyout "$D/wrong.key" -out "$D/wrong.pem" >/dev/null 2>&1
run "--cafile with the wrong CA: refused" 3 SSL_CERT_DIR="$D/empty" -- \
	--cafile "$D/wrong.pem" members store
t_check "the wrong CA's refusal is about the certificate" \
	grep -qi 'certificate' "$D/err"
run "--cafile: the CA directory is not trusted besides it" 3 \
	SSL_CERT_DIR="$D/hashed" -- --cafile "$D/wrong.pem" members store
run "--cafile: SSL_CERT_FILE is not trusted besides it" 3 \
	SSL_CERT_FILE="$D/cert.pem" -- --cafile "$D/wrong.pem" members store
run "--cafile over a SSL_CERT_FILE naming another CA" 0 \
	SSL_CERT_FILE="$D/wrong.pem" -- --cafile "$D/cert.pem" members store

# The same for cafile: in the account file (no --jid, --server, --cafile).
for c in cert wrong; do
	mkdir -p "$D/xdg-$c/mucadmin"
	printf '%s\n' "default: main" "accounts:" "  main:" \
		"    jid: user@localhost" "    server: 127.0.0.1:$SERVE_PORT" \
		"    cafile: $D/$c.pem" >"$D/xdg-$c/mucadmin/config.yaml"
	chmod 600 "$D/xdg-$c/mucadmin/config.yaml"
done
acct() { # acct NAME RC ENV...: members store with the account file only
	local name=$1 want=$2 rc
	shift 2
	env "$@" "$MUCADMIN" members store >"$D/out" 2>"$D/err"
	rc=$?
	if [ "$rc" = "$want" ]; then t_pass "$name"; else
		t_fail "$name (exit $rc, want $want)"
		sed 's/^/    /' "$D/err" | head -n 3
	fi
}
acct "cafile: in the account trusts its CA" 0 XDG_CONFIG_HOME="$D/xdg-cert" \
	SSL_CERT_DIR="$D/empty" SSL_CERT_FILE="$D/wrong.pem"
acct "cafile: in the account, the wrong CA: refused" 3 \
	XDG_CONFIG_HOME="$D/xdg-wrong" SSL_CERT_DIR="$D/hashed" \
	SSL_CERT_FILE="$D/cert.pem"

# What is opened: OpenSSL's default CA file only when the directory cannot
# stand in for it.
if ! command -v strace >/dev/null 2>&1; then
	t_fail "strace is installed (tools/deps.sh lists it)"
elif ! strace -f -qq -e trace=openat -o /dev/null true 2>/dev/null; then
	# A machine that forbids ptrace: the trust checks above still ran.
	echo "SKIP what is opened: strace cannot trace here"
else
	bundle=$(openssl version -d | sed -n 's/^OPENSSLDIR: "\(.*\)"$/\1/p')/cert.pem
	# traced ENV... -- CMD...: the files CMD opens, in $D/trace.
	traced() {
		local e=()
		while [ "$1" != -- ]; do e+=("$1"); shift; done
		shift
		# LeakSanitizer cannot run under ptrace (SANITIZE=1 builds).
		env "${e[@]}" \
			ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -f -qq -e trace=openat -o "$D/trace" \
			"$@" members store >/dev/null 2>&1
	}
	opened() { # opened DIR ARGS...: the files opened, in $D/trace
		local dir=$1
		shift
		traced SSL_CERT_DIR="$dir" -- "${M[@]}" "$@"
	}
	t_check "hashed directory: the request runs under strace" \
		opened "$D/hashed" --cafile "$D/cert.pem"
	t_check "hashed directory: the CA bundle is not read" \
		sh -c "! grep -qF '\"$bundle\"' '$D/trace'"
	# Without --cafile: the server's CA is in neither, so refused (3).
	opened "$D/unhashed"
	t_check "no hashed directory: refused under strace" [ $? = 3 ]
	t_check "no hashed directory: the CA bundle is read ($bundle)" \
		grep -qF "\"$bundle\"" "$D/trace"

	# --cafile and cafile: read that file and no bundle, neither
	# OpenSSL's nor one the user names (as this machine's may).
	cat "$bundle" "$D/wrong.pem" >"$D/bundle.pem" 2>/dev/null ||
		cp "$D/wrong.pem" "$D/bundle.pem"
	notread() { # notread WHAT: no bundle is in $D/trace, the CA file is
		t_check "$1: the CA bundle is not read" \
			sh -c "! grep -qF '\"$bundle\"' '$D/trace'"
		t_check "$1: SSL_CERT_FILE's bundle is not read" \
			sh -c "! grep -qF '\"$D/bundle.pem\"' '$D/trace'"
		t_check "$1: the CA file is read" \
			grep -qE "\"$D/(xdg-)?cert\.pem\"" "$D/trace"
	}
	t_check "--cafile: the request runs under strace" \
		traced SSL_CERT_DIR="$D/unhashed" SSL_CERT_FILE="$D/bundle.pem" -- \
		"${M[@]}" --cafile "$D/cert.pem"
	notread "--cafile"
	t_check "cafile: in the account: the request runs under strace" \
		traced SSL_CERT_DIR="$D/unhashed" SSL_CERT_FILE="$D/bundle.pem" \
		XDG_CONFIG_HOME="$D/xdg-cert" -- "$MUCADMIN"
	notread "cafile: in the account"
	t_check "--insecure: the request runs under strace" \
		opened "$D/unhashed" --insecure
	t_check "--insecure: the CA bundle is not read" \
		sh -c "! grep -qF '\"$bundle\"' '$D/trace'"
fi
serve_stop
t_done
