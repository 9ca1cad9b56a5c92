/* SPDX-License-Identifier: MIT */
/* sasl.c - libFuzzer target: the mini server's SASL exchanges and base64. */
/*
 * Input: one byte choosing the mechanism (0 PLAIN, 1 SCRAM-SHA-1,
 * 2 SCRAM-SHA-256, 3 base64 decode and encode of the rest), then client
 * messages, each a 2-byte big-endian length and that many bytes, fed to
 * sasl_step() until it stops asking for more.  The account is
 * user/pencil with the salt and nonce of RFC 5802's example, so a valid
 * exchange can be written by hand (seed corpus).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/server/sasl.h"

static struct sasl_db *db;

static void at_exit(void)
{
    sasl_db_free(db);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const unsigned char salt[] = {
        0x41, 0x25, 0xc2, 0x47, 0xe4, 0x3a, 0xb1, 0xe9, 0x3c, 0x6d, 0xff, 0x76,
    };

    db = sasl_db_new(false);
    if (!sasl_db_add_salted(db, "user", "pencil", salt, sizeof(salt), 4096))
        abort();
    atexit(at_exit);
    return 0;
}

static void b64(const uint8_t *data, size_t size)
{
    char *in = malloc(size + 1), *dec, *enc;
    size_t len;

    memcpy(in, data, size);
    in[size] = '\0';
    dec = sasl_b64_decode(in, &len);
    if (dec) {
        enc = sasl_b64_encode(dec, len);
        free(enc);
        free(dec);
    }
    free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const mechs[] = {
        "PLAIN",
        "SCRAM-SHA-1",
        "SCRAM-SHA-256",
    };
    struct sasl *s;
    enum sasl_rc rc = SASL_CONTINUE;

    if (size < 1)
        return 0;
    if (data[0] % 4 == 3) {
        b64(data + 1, size - 1);
        return 0;
    }
    s = sasl_new(db, mechs[data[0] % 4]);
    if (!s)
        return 0;
    sasl_set_nonce(s, "3rfcNHYJY1ZVvWVs7j");
    data++;
    size--;
    while (rc == SASL_CONTINUE && size >= 2) {
        size_t len = (size_t)data[0] << 8 | data[1];
        char *out = NULL, *msg;
        size_t outlen = 0;
        const char *cond = NULL;

        data += 2;
        size -= 2;
        if (len > size)
            len = size;
        /* A copy of exactly len bytes, so reads past it are caught. */
        msg = malloc(len ? len : 1);
        memcpy(msg, data, len);
        rc = sasl_step(s, msg, len, &out, &outlen, &cond);
        if (rc == SASL_FAIL && !cond)
            abort();
        if (rc == SASL_SUCCESS && !sasl_user(s))
            abort();
        free(out);
        free(msg);
        data += len;
        size -= len;
    }
    sasl_free(s);
    return 0;
}
