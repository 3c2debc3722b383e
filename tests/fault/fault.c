/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Store fault injection for build/traction-fault, a test build of the CLI
 * (never installed): SQLite's own hooks fail its Nth I/O call or its Nth
 * allocation, so a test can prove that each step of an import or a report
 * either fails cleanly (exit 1, a message, the workspace unchanged) or is
 * not affected at all. The program is linked with
 * --wrap for sqlite3_initialize, sqlite3_vfs_find and sqlite3_open_v2: the
 * store's first call of one of them (before SQLite initialises) installs
 * the hooks.
 *
 *   TRACTION_FAULT=io:N     the Nth I/O call of the default VFS fails
 *                           (xOpen, xDelete, xAccess, xRead, xWrite,
 *                           xTruncate, xSync, xFileSize, xLock, xShmMap,
 *                           xFetch), with the method's SQLITE_IOERR_* code
 *                           (xOpen: SQLITE_CANTOPEN); later calls succeed
 *   TRACTION_FAULT=nomem:N  SQLite's Nth allocation (malloc or realloc)
 *                           returns NULL, its initialisation's included;
 *                           allocations SQLite marks benign (it carries on
 *                           without them) are not counted; the VFS is
 *                           SQLite's own
 *   TRACTION_FAULT=full:N   the Nth xWrite fails with SQLITE_FULL, as on a
 *                           full disk (only writes are counted; later ones
 *                           succeed)
 *   TRACTION_FAULT=count    nothing fails; the counts are reported at exit
 *   TRACTION_FAULT_LOG=FILE where "fired io N xWrite FILE" (when the fault
 *                           fires) and "count io N nomem M ..." (at exit) are
 *                           appended; stderr when unset
 *
 * Without TRACTION_FAULT the program is the ordinary traction. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

int __real_sqlite3_initialize(void);
int __wrap_sqlite3_initialize(void);
sqlite3_vfs *__real_sqlite3_vfs_find(const char *name);
int __real_sqlite3_open_v2(const char *path, sqlite3 **db, int flags,
                           const char *vfs);
sqlite3_vfs *__wrap_sqlite3_vfs_find(const char *name);
int __real_sqlite3_close_v2(sqlite3 *db);
int __wrap_sqlite3_close_v2(sqlite3 *db);
int __real_store_open(const char *path, enum store_open_mode how,
                      struct store **out, struct diag *diag);
int __wrap_store_open(const char *path, enum store_open_mode how,
                      struct store **out, struct diag *diag);
int __wrap_sqlite3_open_v2(const char *path, sqlite3 **db, int flags,
                           const char *vfs);

enum mode { OFF, COUNT, IO, NOMEM, FULL };

static enum mode mode;
static long target;             /* the step that fails, from 1 */
static atomic_long io_steps;    /* I/O calls that could have failed */
static atomic_long alloc_steps; /* allocations that could have failed */
static atomic_long write_steps; /* xWrite calls (full:N counts these) */
static _Thread_local int benign; /* depth of SQLite's benign regions */
static _Thread_local int closing; /* in sqlite3_close_v2 */
static long opened_io = -1, opened_alloc = -1; /* steps when first open */
static long opened_write = -1;
static sqlite3_vfs *real;        /* the VFS this one wraps */
static sqlite3_mem_methods real_mem;

/* Appends a line to TRACTION_FAULT_LOG (or stderr) in one write. */
static void note(const char *fmt, ...)
{
    const char *path = getenv("TRACTION_FAULT_LOG");
    char line[512];
    va_list ap;
    int fd = 2, n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof(line))
        n = (int)sizeof(line) - 1;
    if (path && *path)
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    if (write(fd, line, (size_t)n) < 0) {
        /* nothing to do: the test sees no line */
    }
    if (fd != 2)
        close(fd);
}

/* Whether this I/O call is the one that fails. */
static int io_fails(const char *method, const char *file)
{
    long step;

    if (mode != IO && mode != COUNT)
        return 0;
    step = atomic_fetch_add(&io_steps, 1) + 1;
    if (mode != IO || step != target)
        return 0;
    note("fired io %ld %s %s%s\n", step, method, file ? file : "(temp)",
         closing ? " at close" : "");
    return 1;
}

/* Whether this xWrite is the one that finds the disk full. */
static int write_fails(const char *file)
{
    long step;

    if (mode != FULL && mode != COUNT)
        return 0;
    step = atomic_fetch_add(&write_steps, 1) + 1;
    if (mode != FULL || step != target)
        return 0;
    note("fired full %ld xWrite %s%s\n", step, file ? file : "(temp)",
         closing ? " at close" : "");
    return 1;
}

static int alloc_fails(void)
{
    long step;

    if ((mode != NOMEM && mode != COUNT) || benign)
        return 0;
    step = atomic_fetch_add(&alloc_steps, 1) + 1;
    if (mode != NOMEM || step != target)
        return 0;
    note("fired nomem %ld%s\n", step, closing ? " at close" : "");
    return 1;
}

/* ---- the allocator ---- */

static void *mem_malloc(int n)
{
    return alloc_fails() ? NULL : real_mem.xMalloc(n);
}

static void *mem_realloc(void *p, int n)
{
    return alloc_fails() ? NULL : real_mem.xRealloc(p, n);
}

static void benign_begin(void)
{
    benign++;
}

static void benign_end(void)
{
    benign--;
}

/* ---- the VFS ---- */

struct ffile {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct, real->szOsFile bytes */
    const char *name;   /* borrowed from SQLite until xClose */
};

#define FFILE_SIZE ((sizeof(struct ffile) + 7) & ~(size_t)7)
#define REAL(f) (((struct ffile *)(f))->real)
#define NAME(f) (((struct ffile *)(f))->name)

static int f_close(sqlite3_file *f)
{
    return REAL(f)->pMethods->xClose(REAL(f));
}

static int f_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
    if (io_fails("xRead", NAME(f)))
        return SQLITE_IOERR_READ;
    return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}

static int f_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
    if (io_fails("xWrite", NAME(f)))
        return SQLITE_IOERR_WRITE;
    if (write_fails(NAME(f)))
        return SQLITE_FULL;
    return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    if (io_fails("xTruncate", NAME(f)))
        return SQLITE_IOERR_TRUNCATE;
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int f_sync(sqlite3_file *f, int flags)
{
    if (io_fails("xSync", NAME(f)))
        return SQLITE_IOERR_FSYNC;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int f_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    if (io_fails("xFileSize", NAME(f)))
        return SQLITE_IOERR_FSTAT;
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int f_lock(sqlite3_file *f, int level)
{
    if (io_fails("xLock", NAME(f)))
        return SQLITE_IOERR_LOCK;
    return REAL(f)->pMethods->xLock(REAL(f), level);
}

static int f_unlock(sqlite3_file *f, int level)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), level);
}

static int f_check_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int f_file_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int f_sector_size(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int f_device(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int f_shm_map(sqlite3_file *f, int pg, int sz, int extend,
                     void volatile **pp)
{
    if (io_fails("xShmMap", NAME(f)))
        return SQLITE_IOERR_SHMMAP;
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, pp);
}

static int f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void f_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int f_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    if (io_fails("xFetch", NAME(f)))
        return SQLITE_IOERR_MMAP;
    return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}

static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods fault_io = {
    3,           f_close,         f_read,          f_write,
    f_truncate,  f_sync,          f_file_size,     f_lock,
    f_unlock,    f_check_reserved, f_file_control, f_sector_size,
    f_device,    f_shm_map,       f_shm_lock,      f_shm_barrier,
    f_shm_unmap, f_fetch,         f_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
                  int flags, int *out)
{
    struct ffile *ff = (struct ffile *)f;
    int rc;

    (void)vfs;
    ff->base.pMethods = NULL;
    ff->real = (sqlite3_file *)((char *)f + FFILE_SIZE);
    ff->name = name;
    if (io_fails("xOpen", name))
        return SQLITE_CANTOPEN;
    rc = real->xOpen(real, name, ff->real, flags, out);
    if (ff->real->pMethods) {
        if (ff->real->pMethods->iVersion < 3) { /* not the unix VFS */
            note("fault: the default VFS is too old to wrap\n");
            abort();
        }
        ff->base.pMethods = &fault_io;
    }
    return rc;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
    (void)vfs;
    if (io_fails("xDelete", name))
        return SQLITE_IOERR_DELETE;
    return real->xDelete(real, name, sync);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    if (io_fails("xAccess", name))
        return SQLITE_IOERR_ACCESS;
    return real->xAccess(real, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n,
                           char *out)
{
    (void)vfs;
    return real->xFullPathname(real, name, n, out);
}

static void *v_dl_open(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return real->xDlOpen(real, name);
}

static void v_dl_error(sqlite3_vfs *vfs, int n, char *msg)
{
    (void)vfs;
    real->xDlError(real, n, msg);
}

static void (*v_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    (void)vfs;
    return real->xDlSym(real, h, sym);
}

static void v_dl_close(sqlite3_vfs *vfs, void *h)
{
    (void)vfs;
    real->xDlClose(real, h);
}

static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return real->xRandomness(real, n, out);
}

static int v_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return real->xSleep(real, us);
}

static int v_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return real->xCurrentTime(real, out);
}

static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return real->xGetLastError(real, n, out);
}

static int v_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return real->xCurrentTimeInt64(real, out);
}

static int v_set_syscall(sqlite3_vfs *vfs, const char *name,
                         sqlite3_syscall_ptr p)
{
    (void)vfs;
    return real->xSetSystemCall(real, name, p);
}

static sqlite3_syscall_ptr v_get_syscall(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return real->xGetSystemCall(real, name);
}

static const char *v_next_syscall(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return real->xNextSystemCall(real, name);
}

static sqlite3_vfs fault_vfs = {
    .iVersion = 3,
    .zName = "traction-fault",
    .xOpen = v_open,
    .xDelete = v_delete,
    .xAccess = v_access,
    .xFullPathname = v_full_pathname,
    .xDlOpen = v_dl_open,
    .xDlError = v_dl_error,
    .xDlSym = v_dl_sym,
    .xDlClose = v_dl_close,
    .xRandomness = v_randomness,
    .xSleep = v_sleep,
    .xCurrentTime = v_current_time,
    .xGetLastError = v_last_error,
    .xCurrentTimeInt64 = v_current_time64,
    .xSetSystemCall = v_set_syscall,
    .xGetSystemCall = v_get_syscall,
    .xNextSystemCall = v_next_syscall,
};

/* ---- installation ---- */

static void report_counts(void)
{
    note("count io %ld nomem %ld opened io %ld nomem %ld\n",
         atomic_load(&io_steps), atomic_load(&alloc_steps), opened_io,
         opened_alloc);
    note("count full %ld opened full %ld\n", atomic_load(&write_steps),
         opened_write);
}

static void die(const char *what)
{
    note("fault: %s\n", what);
    abort();
}

static void install(void)
{
    const char *spec = getenv("TRACTION_FAULT");
    sqlite3_mem_methods m;
    char *end;

    if (!spec || !*spec)
        return;
    if (!strcmp(spec, "count")) {
        mode = COUNT;
    } else if (!strncmp(spec, "io:", 3) || !strncmp(spec, "nomem:", 6)
               || !strncmp(spec, "full:", 5)) {
        mode = spec[0] == 'i' ? IO : spec[0] == 'n' ? NOMEM : FULL;
        target = strtol(strchr(spec, ':') + 1, &end, 10);
        if (*end || target < 1)
            die("TRACTION_FAULT: a step is a number from 1");
    } else {
        die("TRACTION_FAULT is io:N, nomem:N, full:N or count");
    }
    /* before SQLite initialises: the allocator cannot change after */
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK)
        die("cannot read SQLite's allocator");
    m = real_mem;
    m.xMalloc = mem_malloc;
    m.xRealloc = mem_realloc;
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
        die("SQLite was initialised before the fault hooks");
    sqlite3_test_control(SQLITE_TESTCTRL_BENIGN_MALLOC_HOOKS, benign_begin,
                         benign_end);
    if (mode == COUNT)
        atexit(report_counts);
    /* The VFS is not needed for allocations, and registering it would
     * initialise SQLite here, where a failed allocation is not the
     * program's to handle. */
    if (mode == NOMEM)
        return;
    real = __real_sqlite3_vfs_find(NULL); /* initialises SQLite */
    if (!real || real->iVersion < 3)
        die("no default VFS to wrap");
    fault_vfs.szOsFile = (int)FFILE_SIZE + real->szOsFile;
    fault_vfs.mxPathname = real->mxPathname;
    if (sqlite3_vfs_register(&fault_vfs, 1) != SQLITE_OK)
        die("cannot register the VFS");
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

int __wrap_sqlite3_initialize(void)
{
    pthread_once(&once, install);
    return __real_sqlite3_initialize();
}

sqlite3_vfs *__wrap_sqlite3_vfs_find(const char *name)
{
    pthread_once(&once, install);
    return __real_sqlite3_vfs_find(name);
}

int __wrap_sqlite3_open_v2(const char *path, sqlite3 **db, int flags,
                           const char *vfs)
{
    pthread_once(&once, install);
    return __real_sqlite3_open_v2(path, db, flags, vfs);
}

int __wrap_sqlite3_close_v2(sqlite3 *db)
{
    int rc;

    closing++;
    rc = __real_sqlite3_close_v2(db);
    closing--;
    return rc;
}

/* The first store_open's steps, for TRACTION_FAULT=count: where the
 * command's own work begins. */
int __wrap_store_open(const char *path, enum store_open_mode how,
                      struct store **out, struct diag *diag)
{
    int rc = __real_store_open(path, how, out, diag);

    if (opened_io < 0) {
        opened_io = atomic_load(&io_steps);
        opened_alloc = atomic_load(&alloc_steps);
        opened_write = atomic_load(&write_steps);
    }
    return rc;
}
