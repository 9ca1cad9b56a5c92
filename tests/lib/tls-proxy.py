#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tls-proxy.py - a direct-TLS (XEP-0368) front for a plaintext XMPP port,
so that the library's direct TLS mode can be tested against Prosody.

    tls-proxy.py CERT KEY TARGET_PORT

Listens on a free loopback port, prints "PORT=N" when ready, and for each
client terminates TLS with CERT/KEY and relays bytes to TARGET_PORT."""
import socket
import ssl
import sys
import threading


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client, ctx, target):
    try:
        tls = ctx.wrap_socket(client, server_side=True)
        up = socket.create_connection(("127.0.0.1", target))
    except (OSError, ssl.SSLError):
        client.close()
        return
    threading.Thread(target=pump, args=(up, tls), daemon=True).start()
    pump(tls, up)


def main():
    cert, key, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    lsn = socket.socket()
    lsn.bind(("127.0.0.1", 0))
    lsn.listen(16)
    print("PORT=%d" % lsn.getsockname()[1], flush=True)
    while True:
        client, _ = lsn.accept()
        threading.Thread(target=serve, args=(client, ctx, target),
                         daemon=True).start()


if __name__ == "__main__":
    main()
