/* SPDX-License-Identifier: MIT */
/*
 * lib-version.c - the version macros of mucadmin.h, MUCADMIN_CHECK_VERSION
 * and mucadmin_version() agree (their source, VERSION, is checked against
 * the rest by suite 13).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "mucadmin.h"

#define MAJ MUCADMIN_VERSION_MAJOR
#define MIN MUCADMIN_VERSION_MINOR
#define PAT MUCADMIN_VERSION_PATCH

static void test_check_version(void)
{
    CHECK(MUCADMIN_CHECK_VERSION(MAJ, MIN, PAT), "this version");
    CHECK(MUCADMIN_CHECK_VERSION(0, 0, 0), "0.0.0 is older");
    CHECK(!MUCADMIN_CHECK_VERSION(MAJ, MIN, PAT + 1), "next patch is newer");
    CHECK(!MUCADMIN_CHECK_VERSION(MAJ, MIN + 1, 0), "next minor is newer");
    CHECK(!MUCADMIN_CHECK_VERSION(MAJ + 1, 0, 0), "next major is newer");
    /* A minor version outweighs any patch number, a major any minor. */
#if MIN > 0
    CHECK(MUCADMIN_CHECK_VERSION(MAJ, MIN - 1, 255), "older minor");
#endif
#if MAJ > 0
    CHECK(MUCADMIN_CHECK_VERSION(MAJ - 1, 255, 255), "older major");
#endif
    /* Arguments are expressions, evaluated as a whole. */
    CHECK(!MUCADMIN_CHECK_VERSION(MAJ, MIN, 1 ? PAT + 1 : 0),
          "an expression argument");
#if !MUCADMIN_CHECK_VERSION(MAJ, MIN, PAT)
    CHECK(0, "usable in #if");
#endif
}

static void test_strings(void)
{
    char want[32];

    snprintf(want, sizeof want, "%d.%d.%d", MAJ, MIN, PAT);
    CHECK(strcmp(mucadmin_version(), want) == 0,
          "mucadmin_version() is the header's MAJOR.MINOR.PATCH");
    CHECK(MUCADMIN_VERSION_NUM == ((MAJ << 16) | (MIN << 8) | PAT),
          "MUCADMIN_VERSION_NUM");
}

int main(void)
{
    test_check_version();
    test_strings();
    return check_done();
}
