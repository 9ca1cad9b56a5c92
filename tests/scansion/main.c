/* SPDX-License-Identifier: MIT */
/* main.c - scansion-run: replay scansion scripts against an XMPP server. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: scansion-run [--host H] [--port P] [--tls none|starttls]\n"
            "                    [--cafile F] [--insecure] [--strict]\n"
            "                    [--timeout SEC] [-v] FILE|DIR...\n");
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.scs directly in dir, sorted, run in turn. */
static void run_dir(const char *dir, const struct run_opts *o, int *pass,
                    int *fail)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL, **t, *p;
    size_t n = 0, i, len;

    if (!d) {
        printf("ERROR %s: cannot open the directory\n", dir);
        (*fail)++;
        return;
    }
    while ((e = readdir(d)) != NULL) {
        len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".scs"))
            continue;
        t = realloc(names, (n + 1) * sizeof(*t));
        p = malloc(strlen(dir) + len + 2);
        if (!t || !p) {
            free(p);
            names = t ? t : names;
            break;
        }
        names = t;
        sprintf(p, "%s/%s", dir, e->d_name);
        names[n++] = p;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), cmp);
    for (i = 0; i < n; i++) {
        if (run_file(names[i], o, stdout) == R_PASS)
            (*pass)++;
        else
            (*fail)++;
        fflush(stdout);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    struct run_opts o = { 0 };
    int i, pass = 0, fail = 0, files = 0;
    struct stat sb;
    char *end;

    o.host = "127.0.0.1";
    o.port = 5222;
    o.timeout = 5.0;
    o.conn.tls = TLS_NONE;
    /* libstrophe may write after the server has closed the socket. */
    signal(SIGPIPE, SIG_IGN);

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "--host") && more) {
            o.host = argv[++i];
            o.host_set = 1;
        } else if (!strcmp(a, "--port") && more) {
            long p = strtol(argv[++i], &end, 10);
            if (*end || p <= 0 || p > 65535) {
                fprintf(stderr, "scansion-run: bad port '%s'\n", argv[i]);
                return 2;
            }
            o.port = (int)p;
            o.port_set = 1;
        } else if (!strcmp(a, "--tls") && more) {
            i++;
            if (!strcmp(argv[i], "none"))
                o.conn.tls = TLS_NONE;
            else if (!strcmp(argv[i], "starttls"))
                o.conn.tls = TLS_STARTTLS;
            else {
                fprintf(stderr, "scansion-run: --tls none|starttls\n");
                return 2;
            }
        } else if (!strcmp(a, "--cafile") && more) {
            o.conn.cafile = argv[++i];
        } else if (!strcmp(a, "--insecure")) {
            o.conn.insecure = 1;
        } else if (!strcmp(a, "--strict")) {
            o.strict = 1;
        } else if (!strcmp(a, "--timeout") && more) {
            o.timeout = strtod(argv[++i], &end);
            if (*end || o.timeout <= 0) {
                fprintf(stderr, "scansion-run: bad timeout '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "-v")) {
            o.conn.verbose++;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "scansion-run: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        } else {
            continue;
        }
    }

    xmpp_initialize();
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--host") || !strcmp(a, "--port") ||
            !strcmp(a, "--tls") || !strcmp(a, "--cafile") ||
            !strcmp(a, "--timeout")) {
            i++;
            continue;
        }
        if (a[0] == '-' && a[1])
            continue;
        files++;
        if (stat(a, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            run_dir(a, &o, &pass, &fail);
        } else if (run_file(a, &o, stdout) == R_PASS) {
            pass++;
        } else {
            fail++;
        }
        fflush(stdout);
    }
    xmpp_shutdown();
    if (!files) {
        usage(stderr);
        return 2;
    }
    printf("%d passed, %d failed\n", pass, fail);
    return fail ? 1 : 0;
}
