/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing a file through a temporary one with an unguessable name. */
#include "core/safefile.h"

#include <errno.h>
#include <fcntl.h>
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

int safefile_open(struct safefile *f, const char *path, unsigned mode,
                  struct diag *diag)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(path);
    int fd = -1, e;

    memset(f, 0, sizeof(*f));
    f->path = xstrdup(path);
    f->tmp = xmalloc(n + sizeof(".tmp-") + 16);
    /* a random name, created only if nothing (not even a link) is there;
     * open() applies the umask itself */
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        unsigned char rnd[8];

        if (getentropy(rnd, sizeof(rnd)) != 0)
            break;
        memcpy(f->tmp, path, n);
        memcpy(f->tmp + n, ".tmp-", 5);
        for (int i = 0; i < 8; i++) {
            f->tmp[n + 5 + 2 * i] = hex[rnd[i] >> 4];
            f->tmp[n + 6 + 2 * i] = hex[rnd[i] & 15];
        }
        f->tmp[n + 21] = '\0';
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  (mode_t)mode);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd >= 0 && !(f->fp = fdopen(fd, "wb"))) {
        e = errno;
        close(fd);
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
    int rc = 0;

    if (!f->fp)
        rc = diag_set(diag, TR_EIO, "cannot write '%s'",
                      f->path ? f->path : "?");
    else if (ferror(f->fp)) {
        fclose(f->fp);
        rc = diag_set(diag, TR_EIO, "cannot write '%s'", f->path);
    } else if (fclose(f->fp) != 0)
        rc = diag_errno(diag, TR_EIO, "cannot write '%s'", f->path);
    else if (rename(f->tmp, f->path) != 0)
        rc = diag_errno(diag, TR_EIO, "cannot write '%s'", f->path);
    f->fp = NULL;
    if (rc && f->tmp)
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
    if (f->tmp)
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
