/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files written whole or not at all, safe against planted links: the
 * text goes to a temporary file beside the final name with a random name
 * (PATH.tmp-16 hex digits), created with O_CREAT|O_EXCL|O_NOFOLLOW (so
 * neither a file nor a link already there is ever opened), and is
 * renamed over the name at the end (a link at the final name is
 * replaced, never written through). Where Linux's O_TMPFILE works the
 * file has no name at all until the commit, which links it at such a
 * temporary name and renames it: a writer killed before (a --skip-bad
 * import's rejects file) leaves nothing behind. Every
 * file traction writes for users goes through here: reports, playbooks,
 * rejects files, the simulator's files, the server's port file. */
#ifndef TR_CORE_SAFEFILE_H
#define TR_CORE_SAFEFILE_H

#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"

struct safefile {
    FILE *fp;    /* write here; owned */
    char *tmp;   /* the temporary file's name; owned */
    char *path;  /* the final name; owned */
    int unnamed; /* fp has no name until the commit (O_TMPFILE) */
};

/* Modes (less the umask, as open applies it): an ordinary file, or one
 * for its owner only (files that hold personal data). */
#define SAFEFILE_SHARED 0666
#define SAFEFILE_PRIVATE 0600

/* Starts path; mode is SAFEFILE_SHARED or SAFEFILE_PRIVATE (the umask
 * applies to either). Returns 0 or TR_EIO (diag names path). */
int safefile_open(struct safefile *f, const char *path, unsigned mode,
                  struct diag *diag);
/* Closes the temporary file and renames it to its final name; on an
 * error (a failed write or close loses data) removes it instead and
 * returns TR_EIO. f is released either way. */
int safefile_commit(struct safefile *f, struct diag *diag);
/* Closes and removes the temporary file; f is released. NULL-safe, and
 * safe on a released or never opened (zeroed) f. */
void safefile_abort(struct safefile *f);
/* The whole of data[0..len) as path, through the steps above. */
int safefile_write(const char *path, const void *data, size_t len,
                   unsigned mode, struct diag *diag);

#endif
