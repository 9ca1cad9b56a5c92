/* SPDX-License-Identifier: MIT */
/*
 * check.h - the unit tests' tiny harness: CHECK(cond, name) records one
 * result, check_done() prints "N passed, N failed" and gives the exit code.
 */
#ifndef MUCADMIN_CHECK_H
#define MUCADMIN_CHECK_H

#include <stdio.h>

static int check_passed, check_failed;

static inline void check_report(int ok, const char *name, const char *file,
                                int line)
{
    if (ok) {
        check_passed++;
    } else {
        check_failed++;
        printf("FAIL %s (%s:%d)\n", name, file, line);
    }
}

#define CHECK(cond, name) check_report(!!(cond), (name), __FILE__, __LINE__)

static inline int check_done(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
