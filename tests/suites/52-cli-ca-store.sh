# SPDX-License-Identifier: MIT
# Where the CLI's OpenSSL finds the trusted CAs (cli/castore.c): with a
# hashed CA directory it does not parse the CA bundle file, and the trust is
# the same: a CA found in the directory is trusted, none is trusted when the
# directory has none, and a SSL_CERT_FILE the user set is used as it is.
. "$(dirname "$0")/../lib.sh"
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

# What is opened: OpenSSL's default CA file only when the directory cannot
# stand in for it.
if ! command -v strace >/dev/null 2>&1; then
	t_fail "strace is installed (tools/deps.sh lists it)"
elif ! strace -f -qq -e trace=openat -o /dev/null true 2>/dev/null; then
	# A machine that forbids ptrace: the trust checks above still ran.
	echo "SKIP what is opened: strace cannot trace here"
else
	bundle=$(openssl version -d | sed -n 's/^OPENSSLDIR: "\(.*\)"$/\1/p')/cert.pem
	opened() { # opened DIR ARGS...: the files opened, in $D/trace
		local dir=$1
		shift
		# LeakSanitizer cannot run under ptrace (SANITIZE=1 builds).
		SSL_CERT_DIR=$dir \
			ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -f -qq -e trace=openat -o "$D/trace" \
			"${M[@]}" "$@" members store >/dev/null 2>&1
	}
	t_check "hashed directory: the request runs under strace" \
		opened "$D/hashed" --cafile "$D/cert.pem"
	t_check "hashed directory: the CA bundle is not read" \
		sh -c "! grep -qF '\"$bundle\"' '$D/trace'"
	t_check "no hashed directory: the request runs under strace" \
		opened "$D/unhashed" --cafile "$D/cert.pem"
	t_check "no hashed directory: the CA bundle is read ($bundle)" \
		grep -qF "\"$bundle\"" "$D/trace"
	t_check "--insecure: the request runs under strace" \
		opened "$D/unhashed" --insecure
	t_check "--insecure: the CA bundle is not read" \
		sh -c "! grep -qF '\"$bundle\"' '$D/trace'"
fi
serve_stop
t_done
