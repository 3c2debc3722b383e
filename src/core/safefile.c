/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing a file through a temporary one with an unguessable name, or
 * one with no name at all until it is complete (O_TMPFILE). */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH (Linux) */
#include "core/safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"

static void release(struct safefile *f)
{
    free(f->tmp);
    free(f->path);
    memset(f, 0, sizeof(*f));
}

/* f->tmp := f->path ".tmp-" 16 random hex digits; -1 without entropy. */
static int random_name(struct safefile *f)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(f->path);
    unsigned char rnd[8];

    if (getentropy(rnd, sizeof(rnd)) != 0)
        return -1;
    memcpy(f->tmp, f->path, n);
    memcpy(f->tmp + n, ".tmp-", 5);
    for (int i = 0; i < 8; i++) {
        f->tmp[n + 5 + 2 * i] = hex[rnd[i] >> 4];
        f->tmp[n + 6 + 2 * i] = hex[rnd[i] & 15];
    }
    f->tmp[n + 21] = '\0';
    return 0;
}

/* A file without a name in path's folder (Linux's O_TMPFILE): a writer
 * killed before it commits leaves nothing behind. -1 where the file
 * system or the kernel cannot. */
static int open_unnamed(const char *path, unsigned mode)
{
#ifdef O_TMPFILE
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : xstrdup(".");
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, (mode_t)mode);

    free(dir);
    return fd;
#else
    (void)path;
    (void)mode;
    return -1;
#endif
}

/* Gives the unnamed file f->fp a random name beside f->path (never
 * through a link: linkat does not follow the new name). */
static int name_unnamed(struct safefile *f)
{
#ifdef O_TMPFILE
    int fd = fileno(f->fp);
    char proc[64];

    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    for (int tries = 0; tries < 100; tries++) {
        if (random_name(f))
            return -1;
        if (linkat(AT_FDCWD, proc, AT_FDCWD, f->tmp, AT_SYMLINK_FOLLOW) == 0)
            return 0;
        if (errno == ENOENT /* no /proc */
            && linkat(fd, "", AT_FDCWD, f->tmp, AT_EMPTY_PATH) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
#endif
    (void)f;
    return -1;
}

int safefile_open(struct safefile *f, const char *path, unsigned mode,
                  struct diag *diag)
{
    size_t n = strlen(path);
    int fd = -1, e;

    memset(f, 0, sizeof(*f));
    f->path = xstrdup(path);
    f->tmp = xmalloc(n + sizeof(".tmp-") + 16);
    fd = open_unnamed(path, mode);
    if (fd >= 0)
        f->unnamed = 1;
    /* else a random name, created only if nothing (not even a link) is
     * there; open() applies the umask itself */
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        if (random_name(f))
            break;
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  (mode_t)mode);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd >= 0 && !(f->fp = fdopen(fd, "wb"))) {
        e = errno;
        close(fd);
        if (!f->unnamed)
            unlink(f->tmp);
        errno = e;
        fd = -1;
    }
    if (fd < 0) {
        e = errno;
        release(f);
        errno = e;
        return diag_errno(diag, TR_EIO, "cannot create '%s'", path);
    }
    return 0;
}

int safefile_commit(struct safefile *f, struct diag *diag)
{
    int rc = 0, named = f->fp && !f->unnamed;

    if (!f->fp)
        rc = diag_set(diag, TR_EIO, "cannot write '%s'",
                      f->path ? f->path : "?");
    else if (fflush(f->fp) != 0 || ferror(f->fp))
        rc = diag_errno(diag, TR_EIO, "cannot write '%s'", f->path);
    else if (f->unnamed && name_unnamed(f) != 0)
        rc = diag_errno(diag, TR_EIO, "cannot write '%s'", f->path);
    else
        named = 1;
    if (f->fp && fclose(f->fp) != 0 && !rc)
        rc = diag_errno(diag, TR_EIO, "cannot write '%s'", f->path);
    f->fp = NULL;
    if (!rc && rename(f->tmp, f->path) != 0)
        rc = diag_errno(diag, TR_EIO, "cannot write '%s'", f->path);
    if (rc && named)
        unlink(f->tmp);
    release(f);
    return rc;
}

void safefile_abort(struct safefile *f)
{
    if (!f)
        return;
    if (f->fp)
        fclose(f->fp);
    if (f->tmp && !f->unnamed) /* an unnamed file has no name to drop */
        unlink(f->tmp);
    release(f);
}

int safefile_write(const char *path, const void *data, size_t len,
                   unsigned mode, struct diag *diag)
{
    struct safefile f;
    int rc = safefile_open(&f, path, mode, diag);

    if (rc)
        return rc;
    if (len && fwrite(data, 1, len, f.fp) != len) {
        int e = errno;

        safefile_abort(&f);
        errno = e;
        return diag_errno(diag, TR_EIO, "cannot write '%s'", path);
    }
    return safefile_commit(&f, diag);
}
