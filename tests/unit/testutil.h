/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every cmocka unit test includes: cmocka's prerequisites, and a few
 * helpers for temporary workspaces and fixture files. */
#ifndef TR_TESTUTIL_H
#define TR_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xalloc.h"

/* Reads a whole file into an owned NUL-terminated buffer; fails the test
 * when it cannot. */
static inline char *tu_read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    struct buf b = BUF_INIT;
    char chunk[65536];
    size_t n;

    if (!fp)
        fail_msg("cannot open %s", path);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        buf_add(&b, chunk, n);
    fclose(fp);
    if (len)
        *len = b.len;
    return buf_detach(&b);
}

/* A fresh temporary directory (owned path). */
static inline char *tu_tmpdir(void)
{
    char tmpl[] = "/tmp/traction-test-XXXXXX";

    if (!mkdtemp(tmpl))
        fail_msg("mkdtemp failed");
    return xstrdup(tmpl);
}

/* Removes a temporary directory made by tu_tmpdir, and what is in it. */
static inline void tu_rmtree(char *dir)
{
    struct buf cmd = BUF_INIT;

    buf_addf(&cmd, "rm -rf '%s'", dir);
    if (system(cmd.data) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    buf_release(&cmd);
    free(dir);
}

/* The test fixtures (tests/fixtures from the project root, where the
 * suite runs; their sources and licences: tests/fixtures/SOURCES.md). */
#define TU_FIXTURES "tests/fixtures"

#endif
