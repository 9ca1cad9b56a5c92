/* SPDX-License-Identifier: MIT */
/* server-authlimit.c - unit tests: the delay of login attempts from an
 * address with recent failures grows with them and stays bounded. */
#include "../../cli/server/core.h"
#include "check.h"

int main(void)
{
    struct server s = { .auth_delay = 0.1 };
    double prev = 0, d;
    bool grows = true;

    CHECK(auth_delay_for(&s, 0) == 0, "no failure: no delay");
    CHECK(auth_delay_for(&s, 1) == 0.1, "one failure: the first delay");
    for (unsigned n = 1; n < 100; n++) {
        d = auth_delay_for(&s, n);
        grows = grows && d >= prev;
        prev = d;
    }
    CHECK(grows, "the delay never shrinks with more failures");
    CHECK(auth_delay_for(&s, 3) == 0.4, "it doubles");
    CHECK(auth_delay_for(&s, 99) == 2.0 && auth_delay_for(&s, 1000000) == 2.0,
          "bounded at 2 s");
    s.auth_delay = 5;
    CHECK(auth_delay_for(&s, 1) == 5 && auth_delay_for(&s, 9) == 5,
          "a first delay over the bound is the bound");
    return check_done();
}
