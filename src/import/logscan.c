/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log reader: plain files cut into chunks that a worker per core
 * reads with pread, gzip files and stdin streamed whole through zlib side
 * by side; lines found by bit masks, each parsed only as far as the sink
 * needs (the host first, the rest on a hit). The sink's prepare runs on
 * a thread of its own meanwhile. */
#include "import/logscan.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "core/progress.h"
#include "core/xalloc.h"
#include "import/linemask.h"

#define READ_BLOCK (256u << 10) /* stays in the L2 cache */
#define LINE_MAX_BYTES (64u << 10) /* longer lines are malformed */
#define MAX_WORKERS 8
#define MIN_SPLIT (8u << 20)       /* smaller files get one worker */
#define CHUNK (16u << 20)          /* workers take a file in chunks */

/* What the workers share: read-only while they run, except what tells
 * them the sink's prepare is done. */
struct scan {
    const struct logscan_opts *o;
    const struct weblog_sink *sink;
    /* The sink's prepare runs on its own thread while the files are
     * read; workers wait for it before a flush. */
    atomic_int ready;              /* prepared (or failed) */
    pthread_mutex_t lock;
    pthread_cond_t prepared;
    int prepare_rc;
    struct diag prepare_diag;
    struct logscan_counts *c;      /* merged counts */
    struct progress *prog;
    atomic_uint_fast64_t done;     /* bytes read by all workers */
    atomic_uint_fast64_t lines;    /* lines read by all workers */
    uint64_t done_before;          /* bytes of earlier files */
    uint32_t file;                 /* the plain file being read (its
                                      index in the scan's files) */
    uint32_t nfiles;               /* streams are numbered from here */
};

/* Where a worker's bytes come from: a range of a plain file (read with
 * pread into a buffer that stays in the cache, which beats mapping the
 * file), or a gzip stream or stdin through zlib. */
struct source {
    int fd;                        /* a plain file's range, or -1 */
    uint64_t off, end;             /* a stream: off counts bytes out */
    gzFile gz;                     /* else a stream */
};

/* A plain file cut at line starts into chunks that workers take in
 * turn, so a core that runs slower (a shared machine) is not left with
 * half the file. */
struct chunks {
    int fd;
    const uint64_t *at;            /* n + 1 offsets */
    size_t n;
    atomic_size_t next;            /* the next chunk to take */
};


/* The scan's gzip files and stdin: each streamed whole by one worker,
 * as many at once as there are cores (a week of rotated logs is read in
 * parallel even though one gzip stream cannot be split). A file's error
 * is its own until the workers are joined. */
struct streams {
    const char *const *paths;
    size_t n;
    atomic_size_t next;            /* the next file to take */
    atomic_int failed;             /* a file failed: take no more */
    const struct weblog *tmpl;     /* each file starts from it */
    int *rc;                       /* per file */
    struct diag *diag;             /* per file */
};

/* One thread's share of a file. */
struct worker {
    struct scan *s;
    struct chunks *chunks;         /* a plain file's, or NULL */
    struct streams *streams;       /* or the scan's gzip files and stdin */
    char *mem;                     /* the read buffer, with padding */
    struct linemask lm;            /* its masks */
    int err;                       /* errno of a failed read */
    struct weblog w;
    struct logscan_counts c;
    void *part;                    /* the sink's part for this worker */
    int first;                     /* reports progress */
    uint32_t file;                 /* the number of the file it reads */
};

/* Lets the sink count what the worker's part holds, once the sink's
 * prepare is done (waiting for it). */
static void flush(struct worker *wk)
{
    struct scan *s = wk->s;

    if (!atomic_load_explicit(&s->ready, memory_order_acquire)) {
        pthread_mutex_lock(&s->lock);
        while (!atomic_load_explicit(&s->ready, memory_order_acquire))
            pthread_cond_wait(&s->prepared, &s->lock);
        pthread_mutex_unlock(&s->lock);
    }
    s->sink->flush(wk->part);
}

/* One line: the host first; everything else only on a hit. sp: the
 * space bits of its first 128 bytes when the block's masks have them. */
static void line(struct worker *wk, const char *p, size_t len,
                 const uint64_t *sp)
{
    const struct weblog_sink *k = wk->s->sink;
    struct weblog_event ev;
    const char *h;
    size_t hn;
    int cls;
    /* a Squid host lies in the line, so in the padded read buffer (other
     * formats may give a %-decoded copy) */
    int squid = sp && wk->w.format == WL_SQUID;

    wk->c.lines++;
    switch (squid ? weblog_squid_host(p, len, sp, &h, &hn)
                  : weblog_host(&wk->w, p, len, &h, &hn)) {
    case WL_SKIP:
        return;
    case WL_MALFORMED:
        wk->c.malformed++;
        return;
    case WL_NO_HOST:
        wk->c.no_host++;
        return;
    case WL_EVENT:
        break;
    }
    wk->c.events++;
    if (!hn)
        return;
    cls = k->host(wk->part, h, hn, squid);
    if (cls < 0)
        return;
    if ((squid ? weblog_squid_event(&wk->w, p, len, sp, &ev)
               : weblog_parse(&wk->w, p, len, &ev))
        != WL_EVENT) {
        wk->c.events--;
        wk->c.malformed++;
        return;
    }
    ev.line = p;
    ev.line_len = len && p[len - 1] == '\r' ? len - 1 : len;
    ev.file = wk->file;
    switch (k->hit(wk->part, &ev, cls)) {
    case WEBLOG_TAKEN:
        break;
    case WEBLOG_FULL:
        flush(wk);
        break;
    case WEBLOG_REFUSED:
        wk->c.events--;
        wk->c.malformed++;
        break;
    }
}

static void progress_add(struct worker *wk, uint64_t bytes, uint64_t lines)
{
    uint64_t done = atomic_fetch_add(&wk->s->done, bytes) + bytes;
    uint64_t seen = atomic_fetch_add(&wk->s->lines, lines) + lines;

    if (wk->first)
        progress_update_items(wk->s->prog, wk->s->done_before + done, seen,
                              "lines");
}

/* Up to n bytes into buf: >0, 0 at the end, -1 on an error. */
static long source_read(struct source *src, char *buf, size_t n)
{
    ssize_t got;

    if (!src->gz) {
        if (src->off >= src->end)
            return 0;
        if (n > src->end - src->off)
            n = (size_t)(src->end - src->off);
        do
            got = pread(src->fd, buf, n, (off_t)src->off);
        while (got < 0 && errno == EINTR);
        if (got > 0)
            src->off += (uint64_t)got;
        return got;
    }
    got = gzread(src->gz, buf, (unsigned)n);
    if (got > 0)
        src->off += (uint64_t)got;
    return got;
}

/* How far into the file a source has read: a gzip file's offset in its
 * compressed bytes (its size is the progress's total); a pipe has none
 * (zlib cannot tell it), so the bytes read from it. */
static uint64_t source_pos(struct source *src)
{
    z_off_t at = src->gz ? gzoffset(src->gz) : -1;

    return at >= 0 ? (uint64_t)at : src->off;
}

/* Reads a source to its end, line by line: each block's newlines and
 * spaces become bit masks, and lines and fields are found from those. A
 * line that does not fit the buffer is malformed and skipped to its
 * newline; the buffer keeps the start of a line cut by a block and reads
 * the rest behind it. */
#define READ_CAP (READ_BLOCK + LINE_MAX_BYTES)

static long run_source(struct worker *wk, struct source *src)
{
    size_t have = 0;
    char *buf;
    uint64_t done = source_pos(src), pos;
    struct linemask *lm = &wk->lm;
    long got, lines = wk->c.lines; /* a worker reads many chunks */
    int overlong = 0;

    if (!wk->mem) /* padded: a sink may read around a host */
        wk->mem = xcalloc(1, WEBLOG_PAD + READ_CAP + WEBLOG_PAD);
    buf = wk->mem + WEBLOG_PAD;
    while ((got = source_read(src, buf + have, READ_CAP - have)) > 0) {
        size_t n = have + (size_t)got, from = 0;

        linemask_build(lm, buf, n);
        for (size_t j = 0; j < lm->words; j++)
            for (uint64_t nl = lm->nl[j]; nl; nl &= nl - 1) {
                size_t to = 64 * j + (size_t)__builtin_ctzll(nl);
                uint64_t sp[2];

                if (overlong)
                    overlong = 0; /* the end of a line already counted */
                else if (to - from > LINE_MAX_BYTES) {
                    wk->c.lines++;
                    wk->c.malformed++;
                } else {
                    linemask_window(lm->sp, from, sp);
                    line(wk, buf + from, to - from, sp);
                }
                from = to + 1;
            }
        have = n - from;
        if (have >= LINE_MAX_BYTES) { /* no newline in sight: overlong */
            if (!overlong) {
                wk->c.lines++;
                wk->c.malformed++;
            }
            overlong = 1;
            have = 0;
        } else
            memmove(buf, buf + from, have);
        wk->c.bytes += (uint64_t)got;
        pos = source_pos(src);
        progress_add(wk, pos - done, (uint64_t)(wk->c.lines - lines));
        done = pos;
        lines = wk->c.lines;
    }
    if (have && !overlong)
        line(wk, buf, have, NULL);
    return got;
}

/* A gzip file or stdin on one worker. */
static int run_stream(struct worker *wk, const char *path, struct diag *diag)
{
    struct source src = {.fd = -1};
    long lines = wk->c.lines; /* a worker may stream several files */
    int rc = 0, errnum;

    src.gz = strcmp(path, "-") ? gzopen(path, "rb") : gzdopen(0, "rb");
    if (!src.gz)
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    gzbuffer(src.gz, 256u << 10);
    run_source(wk, &src);
    {
        const char *msg = gzerror(src.gz, &errnum);
        const char *name = strcmp(path, "-") ? path : "<fd:0>";
        size_t n = strlen(name);

        if (!strncmp(msg, name, n) && !strncmp(msg + n, ": ", 2))
            msg += n + 2; /* zlib names the file too */
        if (errnum != Z_OK && errnum != Z_STREAM_END)
            rc = diag_set(diag, TR_EIO,
                          "'%s': %s after %ld lines (a gzip file that ends "
                          "early?)",
                          path, msg, wk->c.lines - lines);
    }
    gzclose(src.gz);
    return rc;
}

/* Chunks of a plain file on one thread, until none is left; then a
 * flush of what the worker's part holds. */
static void *run_chunks(void *arg)
{
    struct worker *wk = arg;
    struct chunks *ch = wk->chunks;
    size_t i;

    while (!wk->err && (i = atomic_fetch_add(&ch->next, 1)) < ch->n) {
        struct source src = {ch->fd, ch->at[i], ch->at[i + 1], NULL};

        if (run_source(wk, &src) < 0)
            wk->err = errno;
    }
    flush(wk);
    return NULL;
}

/* Streams files until none is left (or one failed); then a flush. */
static void *run_streams(void *arg)
{
    struct worker *wk = arg;
    struct streams *st = wk->streams;
    size_t i;

    while (!atomic_load(&st->failed)
           && (i = atomic_fetch_add(&st->next, 1)) < st->n) {
        wk->w = *st->tmpl; /* a Zeek file brings its own #fields */
        wk->file = wk->s->nfiles + (uint32_t)i;
        st->rc[i] = run_stream(wk, st->paths[i], &st->diag[i]);
        if (st->rc[i])
            atomic_store(&st->failed, 1);
    }
    flush(wk);
    return NULL;
}

static void worker_init(struct worker *wk, struct scan *s,
                        const struct weblog *w)
{
    memset(wk, 0, sizeof(*wk));
    wk->s = s;
    wk->w = *w;
    wk->part = s->sink->part_new(s->sink->ctx);
    linemask_init(&wk->lm);
}

/* Adds a worker's counts to the scan's and ends its part of the sink
 * (its hits are counted already: each worker's run ends with a flush,
 * on its own thread). */
static void worker_merge(struct scan *s, struct worker *wk)
{
    struct logscan_counts *c = s->c;

    c->bytes += wk->c.bytes;
    c->lines += wk->c.lines;
    c->events += wk->c.events;
    c->malformed += wk->c.malformed;
    c->no_host += wk->c.no_host;
    s->sink->part_end(s->sink->ctx, wk->part);
    free(wk->mem);
    linemask_release(&wk->lm);
}

/* The start of the first line at or after off (a split point). */
static uint64_t line_start(int fd, uint64_t off, uint64_t size)
{
    char block[4096];
    ssize_t got;

    if (!off)
        return 0;
    off--; /* a split just after a newline starts a line */
    while (off < size && (got = pread(fd, block, sizeof(block), (off_t)off))
                             > 0) {
        const char *nl = memchr(block, '\n', (size_t)got);

        if (nl)
            return off + (uint64_t)(nl - block) + 1;
        off += (uint64_t)got;
    }
    return size;
}

/* The header lines (Zeek's #fields) are read once, for every worker;
 * returns where the data starts. */
static uint64_t read_header(struct scan *s, int fd, struct weblog *tmpl)
{
    char block[LINE_MAX_BYTES];
    uint64_t off = 0;
    ssize_t got;

    while ((got = pread(fd, block, sizeof(block), (off_t)off)) > 0
           && block[0] == '#') {
        const char *nl = memchr(block, '\n', (size_t)got);
        struct weblog_event ev;

        weblog_parse(tmpl, block, (size_t)(nl ? nl - block : got), &ev);
        s->c->lines++;
        if (!nl)
            return off + (uint64_t)got; /* an overlong header: skipped */
        off += (uint64_t)(nl - block) + 1;
    }
    return off;
}

/* The line reader every file starts from. */
static int scan_template(const struct scan *s, struct weblog *tmpl,
                         struct diag *diag)
{
    weblog_init(tmpl, s->o->format, s->o->year);
    if (s->o->format != WL_ZSCALER)
        return 0;
    return weblog_fields(tmpl, s->o->fields ? s->o->fields : "", s->o->sep,
                         diag);
}

/* The workers a file or a set of streams gets: one per core. */
static size_t workers_max(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);

    return cpus > 1 ? (size_t)(cpus < MAX_WORKERS ? cpus : MAX_WORKERS) : 1;
}

/* Runs fn on nw workers, the first on this thread (and a worker whose
 * thread cannot start leaves its share to the others), then merges
 * them into the scan. */
static void workers_run(struct scan *s, struct worker *wk, size_t nw,
                        void *(*fn)(void *))
{
    pthread_t tid[MAX_WORKERS];

    for (size_t i = 1; i < nw; i++)
        if (pthread_create(&tid[i], NULL, fn, &wk[i]) != 0)
            tid[i] = 0;
    fn(&wk[0]);
    for (size_t i = 1; i < nw; i++)
        if (tid[i])
            pthread_join(tid[i], NULL);
    for (size_t i = 0; i < nw; i++)
        worker_merge(s, &wk[i]);
}

/* Whether a file is streamed: stdin, what is not a regular file or a
 * directory (a pipe), and gzip files. (A file that cannot be opened, or
 * a directory, is not: the plain reader says why.) */
static int is_stream(const char *path)
{
    unsigned char magic[2];
    struct stat sb;
    int fd, gz;

    if (!strcmp(path, "-"))
        return 1;
    if (stat(path, &sb))
        return 0;
    if (!S_ISREG(sb.st_mode))
        return !S_ISDIR(sb.st_mode);
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    gz = pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    close(fd);
    return gz;
}

/* A plain file is cut at line starts into chunks that a worker per core
 * takes in turn, each read with pread. */
static int scan_plain(struct scan *s, const char *path,
                      const struct weblog *tmpl, struct diag *diag)
{
    struct worker wk[MAX_WORKERS];
    struct chunks ch;
    uint64_t *at;
    struct weblog w = *tmpl;
    struct stat sb;
    uint64_t size, from;
    size_t nw = 1;
    int fd, rc = 0;

    fd = open(path, O_RDONLY);
    if (fd < 0)
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    if (fstat(fd, &sb) || S_ISDIR(sb.st_mode)) {
        rc = S_ISDIR(sb.st_mode)
                 ? diag_set(diag, TR_EIO, "'%s' is a directory", path)
                 : diag_errno(diag, TR_EIO, "cannot read '%s'", path);
        close(fd);
        return rc;
    }
    size = (uint64_t)sb.st_size;
    from = read_header(s, fd, &w);
    s->c->bytes += from;
    if (size - from >= MIN_SPLIT)
        nw = workers_max();
    ch.fd = fd;
    ch.n = nw > 1 ? (size_t)((size - from + CHUNK - 1) / CHUNK) : 1;
    if (ch.n < nw)
        ch.n = nw;
    at = xmalloc((ch.n + 1) * sizeof(*at));
    at[0] = from;
    for (size_t i = 1; i < ch.n; i++) {
        at[i] = line_start(fd, from + (size - from) * i / ch.n, size);
        if (at[i] < at[i - 1])
            at[i] = at[i - 1];
    }
    at[ch.n] = size;
    ch.at = at;
    atomic_init(&ch.next, 0);
    for (size_t i = 0; i < nw; i++) {
        worker_init(&wk[i], s, &w);
        wk[i].file = s->file;
        wk[i].chunks = &ch;
        wk[i].first = i == 0;
    }
    workers_run(s, wk, nw, run_chunks);
    for (size_t i = 0; i < nw && !rc; i++)
        if (wk[i].err)
            rc = diag_set(diag, TR_EIO, "cannot read '%s': %s", path,
                          strerror(wk[i].err));
    free(at);
    close(fd);
    return rc;
}

/* The gzip files and stdin, a worker per file and as many at once as
 * there are cores; the first failed file (in the order given) is the
 * scan's error. */
static int scan_streams(struct scan *s, const char *const *paths, size_t n,
                        const struct weblog *tmpl, struct diag *diag)
{
    struct worker wk[MAX_WORKERS];
    struct streams st;
    size_t nw = workers_max();
    int rc = 0;

    if (!n)
        return 0;
    if (nw > n)
        nw = n;
    st.paths = paths;
    st.n = n;
    atomic_init(&st.next, 0);
    atomic_init(&st.failed, 0);
    st.tmpl = tmpl;
    st.rc = xcalloc(n, sizeof(*st.rc));
    st.diag = xcalloc(n, sizeof(*st.diag));
    for (size_t i = 0; i < n; i++)
        diag_init(&st.diag[i]);
    for (size_t i = 0; i < nw; i++) {
        worker_init(&wk[i], s, tmpl);
        wk[i].streams = &st;
        wk[i].first = i == 0;
    }
    workers_run(s, wk, nw, run_streams);
    for (size_t i = 0; i < n; i++) {
        if (st.rc[i] && !rc)
            rc = diag_set(diag, st.rc[i], "%s",
                          st.diag[i].nproblems ? st.diag[i].problems[0].msg
                                               : "cannot read the file");
        diag_release(&st.diag[i]);
    }
    free(st.rc);
    free(st.diag);
    return rc;
}

static uint64_t file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size
                                                       : 0;
}

/* Runs the sink's prepare (on its own thread) and lets the workers
 * know. */
static void *prepare(void *arg)
{
    struct scan *s = arg;
    int rc = s->sink->prepare(s->sink->ctx, &s->prepare_diag);

    pthread_mutex_lock(&s->lock);
    s->prepare_rc = rc;
    atomic_store_explicit(&s->ready, 1, memory_order_release);
    pthread_cond_broadcast(&s->prepared);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

int logscan_run(const struct logscan_opts *o, const char *const *files,
                size_t nfiles, const struct weblog_sink *sink,
                struct logscan_counts *out, struct diag *diag)
{
    struct scan s;
    struct progress prog;
    struct weblog tmpl;
    pthread_t preparer;
    const char **streams;
    uint64_t *sizes, total = 0;
    size_t nstreams = 0;
    int rc = 0, threaded;

    memset(&s, 0, sizeof(s));
    memset(out, 0, sizeof(*out));
    s.o = o;
    s.sink = sink;
    s.c = out;
    s.prog = &prog;
    s.nfiles = (uint32_t)nfiles;
    atomic_init(&s.ready, 0);
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.prepared, NULL);
    diag_init(&s.prepare_diag);
    threaded = pthread_create(&preparer, NULL, prepare, &s) == 0;
    if (!threaded)
        prepare(&s);
    sizes = xcalloc(nfiles ? nfiles : 1, sizeof(*sizes));
    for (size_t i = 0; i < nfiles; i++)
        total += sizes[i] = file_size(files[i]);
    /* plain files one after the other, each split across the cores;
     * then the streams side by side */
    streams = xcalloc(nfiles ? nfiles : 1, sizeof(*streams));
    rc = scan_template(&s, &tmpl, diag);
    progress_start(&prog, "scanning", total);
    for (size_t i = 0; i < nfiles && !rc; i++) {
        if (is_stream(files[i])) {
            streams[nstreams++] = files[i];
            continue;
        }
        atomic_store(&s.done, 0); /* the lines go on counting */
        s.file = (uint32_t)i;
        rc = scan_plain(&s, files[i], &tmpl, diag);
        s.done_before += sizes[i];
    }
    atomic_store(&s.done, 0);
    if (!rc)
        rc = scan_streams(&s, streams, nstreams, &tmpl, diag);
    progress_end(&prog);
    free(streams);
    free(sizes);
    if (threaded)
        pthread_join(preparer, NULL);
    if (!rc && s.prepare_rc)
        rc = diag_set(diag, s.prepare_rc, "%s",
                      s.prepare_diag.nproblems
                          ? s.prepare_diag.problems[0].msg
                          : "cannot prepare the scan");
    diag_release(&s.prepare_diag);
    pthread_cond_destroy(&s.prepared);
    pthread_mutex_destroy(&s.lock);
    return rc;
}
