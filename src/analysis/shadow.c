/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shadow-AI scan: match the host first (cheap), then attribute and
 * aggregate only the hits; then the weekly aggregates of every week
 * touched, from its day rows. */
#include "analysis/shadow.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>
#include <zlib.h>

#include "analysis/weeks.h"
#include "core/progress.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/store.h"

#define READ_BLOCK (256u << 10) /* stays in the L2 cache */
#define LINE_MAX_BYTES (64u << 10) /* longer lines are malformed */
#define MAX_WORKERS 8
#define MIN_SPLIT (8u << 20)       /* smaller files get one worker */

struct person {
    int64_t id, unit;
};

/* One day cell: day, unit, service and who (a person, or the keyed hash
 * of an address). Workers use catalog service indexes; they become
 * stored service ids after the workers have joined. */
struct cell_key {
    int64_t day, unit, service;
    unsigned char who[PSEUDO_BYTES + 1];
};

/* A cell and its requests. */
struct cell {
    struct cell_key k;             /* zeroed before it is filled, so keys
                                      compare as bytes */
    int64_t requests;              /* 0 marks an empty slot */
};

/* Cells by key: open addressing over fixed-size keys, so the hit path
 * allocates nothing per cell. */
struct cellmap {
    struct cell *slots;
    size_t cap, len;               /* cap a power of two, or 0 */
};

static uint64_t cell_hash(const struct cell_key *k)
{
    uint64_t w[2], h;

    memcpy(w, k->who, sizeof(w));
    h = (uint64_t)k->day * 0x9E3779B97F4A7C15ull
        ^ (uint64_t)k->unit * 0xC2B2AE3D27D4EB4Full
        ^ (uint64_t)k->service * 0x165667B19E3779F9ull ^ w[0]
        ^ (w[1] + k->who[16]) * 0x27D4EB2F165667C5ull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
}

static struct cell *cell_slot(struct cell *slots, size_t cap,
                              const struct cell_key *k)
{
    size_t i = (size_t)cell_hash(k) & (cap - 1);

    while (slots[i].requests && memcmp(&slots[i].k, k, sizeof(*k)))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void cellmap_reserve(struct cellmap *m, size_t n)
{
    size_t cap = m->cap ? m->cap : 1024;
    struct cell *old = m->slots;

    while ((n + 1) * 4 > cap * 3)
        cap *= 2;
    if (cap == m->cap)
        return;
    m->slots = xcalloc(cap, sizeof(*m->slots));
    for (size_t i = 0; i < m->cap; i++)
        if (old[i].requests)
            *cell_slot(m->slots, cap, &old[i].k) = old[i];
    free(old);
    m->cap = cap;
}

static void cellmap_add(struct cellmap *m, const struct cell_key *k,
                        int64_t requests)
{
    struct cell *c;

    cellmap_reserve(m, m->len + 1);
    c = cell_slot(m->slots, m->cap, k);
    if (!c->requests) {
        c->k = *k;
        m->len++;
    }
    c->requests += requests;
}

static void cellmap_release(struct cellmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof(*m));
}

/* What the workers share, read-only while they run. */
struct scan {
    struct store *st;
    const struct pseudo_key *key;
    const struct catalog *cat;
    const struct shadow_opts *o;
    struct strmap identities;      /* pseudonym -> index into people */
    struct person *people;
    size_t npeople, people_cap;
    struct store_subnet *subnets;  /* longest prefix first */
    size_t nsubnets;
    struct cellmap cells;          /* merged */
    struct shadow_counts *c;       /* merged counts */
    struct progress *prog;
    atomic_uint_fast64_t done;     /* bytes read by all workers */
    atomic_uint_fast64_t lines;    /* lines read by all workers */
    uint64_t done_before;          /* bytes of earlier files */
};

/* Where a worker's bytes come from: a range of a plain file (read with
 * pread into a buffer that stays in the cache, which beats mapping the
 * file), or a gzip stream or stdin through zlib. */
struct source {
    int fd;                        /* a plain file's range, or -1 */
    uint64_t off, end;
    gzFile gz;                     /* else a stream */
};

/* One thread's share of a file. */
struct worker {
    struct scan *s;
    struct source src;             /* a plain file's range */
    int err;                       /* errno of a failed read */
    struct weblog w;
    struct shadow_counts c;
    struct cellmap cells;
    struct strmap users;           /* the log's user names (in memory only,
                                      never stored) -> person index + 1, or
                                      0 when not in the roster */
    int first;                     /* reports progress */
};
static int on_identity(void *ctx, const void *pn, size_t len,
                       int64_t person_id, int64_t unit_id)
{
    struct scan *s = ctx;

    s->people = xgrow(s->people, &s->people_cap, s->npeople + 1,
                      sizeof(*s->people));
    s->people[s->npeople] = (struct person){person_id, unit_id};
    strmap_put(&s->identities, pn, len, (int64_t)s->npeople++);
    return 0;
}

static int64_t subnet_unit(const struct scan *s, const char *ip, size_t n)
{
    char tmp[64];
    struct in_addr a;
    uint32_t v;

    if (!s->nsubnets || !n || n >= sizeof(tmp))
        return 0;
    memcpy(tmp, ip, n);
    tmp[n] = '\0';
    if (inet_pton(AF_INET, tmp, &a) != 1)
        return 0;
    v = ntohl(a.s_addr);
    for (size_t i = 0; i < s->nsubnets; i++) {
        uint32_t mask = s->subnets[i].prefix
                            ? 0xFFFFFFFFu << (32 - s->subnets[i].prefix)
                            : 0;

        if ((v & mask) == s->subnets[i].network)
            return s->subnets[i].unit_id;
    }
    return 0;
}

/* The person a log's user name belongs to (index + 1), or 0. The keyed
 * hash is computed once per name and worker. */
static int64_t person_of(struct worker *wk, const struct weblog_event *ev)
{
    unsigned char pn[PSEUDO_BYTES];
    int64_t idx = 0;

    if (strmap_get(&wk->users, ev->user, ev->user_len, &idx))
        return idx;
    if (!pseudo_hash(wk->s->key, ev->user, ev->user_len, pn)
        && strmap_get(&wk->s->identities, pn, PSEUDO_BYTES, &idx))
        idx++;
    else
        idx = 0;
    strmap_put(&wk->users, ev->user, ev->user_len, idx);
    return idx;
}

/* Attributes an event: fills who and returns the unit, or 0. */
static int64_t attribute(struct worker *wk, const struct weblog_event *ev,
                         unsigned char *who)
{
    const struct scan *s = wk->s;
    int64_t idx = ev->user ? person_of(wk, ev) - 1 : -1, unit;
    char tmp[80];
    int n;

    if (idx >= 0 && s->people[idx].unit) {
        /* a person: the same key whichever alias the log used */
        who[0] = 'p';
        memcpy(who + 1, &s->people[idx].id, sizeof(int64_t));
        return s->people[idx].unit;
    }
    unit = ev->ip ? subnet_unit(s, ev->ip, ev->ip_len) : 0;
    if (!unit)
        return 0;
    /* an address: a keyed hash, never the address itself */
    n = snprintf(tmp, sizeof(tmp), "ip:%.*s", (int)ev->ip_len, ev->ip);
    if (n <= 0 || (size_t)n >= sizeof(tmp)
        || pseudo_hash(s->key, tmp, (size_t)n, who + 1))
        return 0;
    who[0] = 'a';
    return unit;
}

static size_t who_len(const unsigned char *who)
{
    return who[0] == 'p' ? 1 + sizeof(int64_t) : 1 + PSEUDO_BYTES;
}

/* One line: the host first; everything else only on a hit. */
static void line(struct worker *wk, const char *p, size_t len)
{
    const struct scan *s = wk->s;
    char host[CATALOG_HOST_MAX + 1];
    const struct catalog_rule *r;
    struct weblog_event ev;
    struct cell_key k;
    const char *h;
    size_t hn, n;

    wk->c.lines++;
    switch (weblog_host(&wk->w, p, len, &h, &hn)) {
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
    if (!catalog_may_match(s->cat, h, hn))
        return;
    n = catalog_host(h, hn, host);
    r = n ? catalog_match(s->cat, host, n) : NULL;
    if (!r)
        return;
    if (!catalog_counts_as_use(r->role)) {
        wk->c.ai_other++;
        return;
    }
    if (weblog_parse(&wk->w, p, len, &ev) != WL_EVENT) {
        wk->c.events--;
        wk->c.malformed++;
        return;
    }
    wk->c.ai_use++;
    memset(&k, 0, sizeof(k));
    k.unit = attribute(wk, &ev, k.who);
    if (!k.unit) {
        wk->c.unmapped++;
        return;
    }
    k.service = (int64_t)r->service;
    k.day = tstamp_day(ev.ts);
    cellmap_add(&wk->cells, &k, 1);
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
    return gzread(src->gz, buf, (unsigned)n);
}

/* How far into the file a source has read. */
static uint64_t source_pos(struct source *src)
{
    return src->gz ? (uint64_t)gzoffset(src->gz) : src->off;
}

/* Reads a source to its end, line by line. A line that does not fit the
 * buffer is malformed and skipped to its newline; the buffer keeps the
 * start of a line cut by a block and reads the rest behind it. */
static long run_source(struct worker *wk, struct source *src)
{
    size_t cap = READ_BLOCK + LINE_MAX_BYTES, have = 0;
    char *buf = xmalloc(cap);
    uint64_t done = source_pos(src), pos;
    long got, lines = 0;
    int overlong = 0;

    while ((got = source_read(src, buf + have, cap - have)) > 0) {
        const char *p = buf, *end = buf + have + (size_t)got;

        for (;;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));

            if (!nl)
                break;
            if (overlong)
                overlong = 0; /* the end of a line already counted */
            else if ((size_t)(nl - p) > LINE_MAX_BYTES) {
                wk->c.lines++;
                wk->c.malformed++;
            } else
                line(wk, p, (size_t)(nl - p));
            p = nl + 1;
        }
        have = (size_t)(end - p);
        if (have >= LINE_MAX_BYTES) { /* no newline in sight: overlong */
            if (!overlong) {
                wk->c.lines++;
                wk->c.malformed++;
            }
            overlong = 1;
            have = 0;
        } else
            memmove(buf, p, have);
        wk->c.bytes += (uint64_t)got;
        pos = source_pos(src);
        progress_add(wk, pos - done, (uint64_t)(wk->c.lines - lines));
        done = pos;
        lines = wk->c.lines;
    }
    if (have && !overlong)
        line(wk, buf, have);
    free(buf);
    return got;
}

/* A gzip file or stdin on one worker. */
static int run_stream(struct worker *wk, const char *path, struct diag *diag)
{
    struct source src = {.fd = -1};
    int rc = 0, errnum;

    src.gz = strcmp(path, "-") ? gzopen(path, "rb") : gzdopen(0, "rb");
    if (!src.gz)
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    gzbuffer(src.gz, 256u << 10);
    run_source(wk, &src);
    {
        const char *msg = gzerror(src.gz, &errnum);

        if (errnum != Z_OK && errnum != Z_STREAM_END)
            rc = diag_set(diag, TR_EIO,
                          "'%s': %s after %ld lines (a gzip file that ends "
                          "early?)",
                          path, msg, wk->c.lines);
    }
    gzclose(src.gz);
    return rc;
}

/* A plain file's share on one thread. */
static void *run_range(void *arg)
{
    struct worker *wk = arg;

    if (run_source(wk, &wk->src) < 0)
        wk->err = errno;
    return NULL;
}

static void worker_init(struct worker *wk, struct scan *s,
                        const struct weblog *w)
{
    memset(wk, 0, sizeof(*wk));
    wk->s = s;
    wk->w = *w;
    strmap_init(&wk->users);
}

/* Adds a worker's counts and cells to the scan's, and frees them. */
static void worker_merge(struct scan *s, struct worker *wk)
{
    struct shadow_counts *c = s->c;

    /* the first worker's map becomes the scan's: merge into the larger */
    if (wk->cells.len > s->cells.len) {
        struct cellmap t = s->cells;

        s->cells = wk->cells;
        wk->cells = t;
    }
    cellmap_reserve(&s->cells, s->cells.len + wk->cells.len);
    c->bytes += wk->c.bytes;
    c->lines += wk->c.lines;
    c->events += wk->c.events;
    c->ai_use += wk->c.ai_use;
    c->ai_other += wk->c.ai_other;
    c->unmapped += wk->c.unmapped;
    c->malformed += wk->c.malformed;
    c->no_host += wk->c.no_host;
    for (size_t i = 0; i < wk->cells.cap; i++)
        if (wk->cells.slots[i].requests)
            cellmap_add(&s->cells, &wk->cells.slots[i].k,
                        wk->cells.slots[i].requests);
    cellmap_release(&wk->cells);
    strmap_release(&wk->users);
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

/* A plain file is split at line starts across the cores, each share read
 * with pread; gzip files and stdin are streamed by one worker. */
static int scan_file(struct scan *s, const char *path, struct diag *diag)
{
    struct worker wk[MAX_WORKERS];
    pthread_t tid[MAX_WORKERS];
    struct weblog tmpl;
    struct stat sb;
    unsigned char magic[2];
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t size, from;
    size_t nw = 1;
    int fd, rc = 0;

    weblog_init(&tmpl, s->o->format, s->o->year);
    if (s->o->format == WL_ZSCALER) {
        rc = weblog_fields(&tmpl, s->o->fields ? s->o->fields : "",
                           s->o->sep, diag);
        if (rc)
            return rc;
    }
    fd = strcmp(path, "-") ? open(path, O_RDONLY) : -1;
    if (strcmp(path, "-") && fd < 0)
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode)
        || pread(fd, magic, 2, 0) != 2 || (magic[0] == 0x1f && magic[1] == 0x8b)) {
        if (fd >= 0)
            close(fd);
        worker_init(&wk[0], s, &tmpl);
        wk[0].first = 1;
        rc = run_stream(&wk[0], path, diag);
        worker_merge(s, &wk[0]);
        return rc;
    }
    size = (uint64_t)sb.st_size;
    from = read_header(s, fd, &tmpl);
    s->c->bytes += from;
    if (cpus > 1 && size - from >= MIN_SPLIT)
        nw = (size_t)(cpus < MAX_WORKERS ? cpus : MAX_WORKERS);
    for (size_t i = 0; i < nw; i++) {
        uint64_t b = i ? wk[i - 1].src.end : from;
        uint64_t e = i + 1 == nw ? size
                                 : line_start(fd, from + (size - from) * (i + 1) / nw,
                                              size);

        worker_init(&wk[i], s, &tmpl);
        wk[i].src = (struct source){.fd = fd, .off = b, .end = e < b ? b : e};
        wk[i].first = i == 0;
    }
    for (size_t i = 1; i < nw; i++)
        if (pthread_create(&tid[i], NULL, run_range, &wk[i]) != 0) {
            run_range(&wk[i]); /* no thread: do it here */
            tid[i] = 0;
        }
    run_range(&wk[0]);
    for (size_t i = 1; i < nw; i++)
        if (tid[i])
            pthread_join(tid[i], NULL);
    for (size_t i = 0; i < nw; i++) {
        if (wk[i].err && !rc)
            rc = diag_set(diag, TR_EIO, "cannot read '%s': %s", path,
                          strerror(wk[i].err));
        worker_merge(s, &wk[i]);
    }
    close(fd);
    return rc;
}

/* The store id of a catalog service, adding the service once. */
static int service_id(struct scan *s, size_t svc, int64_t *ids, int64_t *id,
                      struct diag *diag)
{
    const struct catalog_service *cs = &s->cat->services[svc];
    int rc = 0;

    if (!ids[svc])
        rc = store_service_id(s->st, cs->name, cs->vendor, cs->category,
                              &ids[svc], diag);
    *id = ids[svc];
    return rc;
}

/* shadow_day's key order (day, who, unit, service): the B-tree then
 * grows at its end instead of being rewritten all over. */
static int cell_cmp(const void *a, const void *b)
{
    const struct cell_key *x = &((const struct cell *)a)->k;
    const struct cell_key *y = &((const struct cell *)b)->k;
    int c;

    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    c = memcmp(x->who, y->who, sizeof(x->who));
    if (c)
        return c;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return (x->service > y->service) - (x->service < y->service);
}

/* The order of day rows for the weekly pass: week, unit, service, who,
 * day. `week` holds each row's Monday (computed once, not per compare). */
struct week_row {
    int64_t week;
    struct cell c;
};

static int week_cmp(const void *a, const void *b)
{
    const struct week_row *x = a, *y = b;
    int c;

    if (x->week != y->week)
        return x->week < y->week ? -1 : 1;
    if (x->c.k.unit != y->c.k.unit)
        return x->c.k.unit < y->c.k.unit ? -1 : 1;
    if (x->c.k.service != y->c.k.service)
        return x->c.k.service < y->c.k.service ? -1 : 1;
    c = memcmp(x->c.k.who, y->c.k.who, sizeof(x->c.k.who));
    if (c)
        return c;
    return (x->c.k.day > y->c.k.day) - (x->c.k.day < y->c.k.day);
}

/* Day rows of the open weeks: the new ones, and those already stored. */
struct week_rows {
    const struct weeks *w;
    struct week_row *v;
    size_t n, cap;
};

static void week_rows_add(struct week_rows *wr, const struct cell *c)
{
    wr->v = xgrow(wr->v, &wr->cap, wr->n + 1, sizeof(*wr->v));
    wr->v[wr->n].week = tstamp_monday(c->k.day);
    wr->v[wr->n++].c = *c;
}

static int on_stored_day(void *ctx, int64_t day, const unsigned char *who,
                         size_t who_len, int64_t unit, int64_t service,
                         int64_t requests, struct diag *diag)
{
    struct week_rows *wr = ctx;
    struct cell c;

    (void)diag;
    if (!weeks_is_open(wr->w, day) || who_len > sizeof(c.k.who)
        || requests < 1)
        return 0;
    memset(&c, 0, sizeof(c));
    c.k.day = day;
    c.k.unit = unit;
    c.k.service = service;
    memcpy(c.k.who, who, who_len);
    c.requests = requests;
    week_rows_add(wr, &c);
    return 0;
}

/* The weeks' aggregates from every day row of the open weeks: per week,
 * team and service the distinct people, their person-days and the
 * requests. A stored row and a new one for the same person and day are
 * one person-day (their requests add up, as the stored row's will). */
static int put_weeks(struct scan *s, struct week_rows *wr, struct diag *diag)
{
    struct week_row *v = wr->v;
    size_t i = 0, n = wr->n;
    int rc = 0;

    if (n > 1)
        qsort(v, n, sizeof(*v), week_cmp);
    while (i < n && !rc) {
        size_t j = i;
        long people = 0, days = 0, requests = 0;

        for (; j < n && v[j].week == v[i].week && v[j].c.k.unit == v[i].c.k.unit
               && v[j].c.k.service == v[i].c.k.service;
             j++) {
            int new_who = j == i || memcmp(v[j].c.k.who, v[j - 1].c.k.who,
                                           sizeof(v[j].c.k.who)) != 0;

            people += new_who;
            days += new_who || v[j].c.k.day != v[j - 1].c.k.day;
            requests += (long)v[j].c.requests;
        }
        rc = store_shadow_week_put(s->st, v[i].week, v[i].c.k.unit,
                                   v[i].c.k.service, people, days, requests,
                                   diag);
        i = j;
    }
    return rc;
}

/* Stores the cells: new day-level rows (not in a dry run), then the
 * aggregates of every week touched, computed here from its day rows (the
 * stored ones and the new). A week whose day-level rows have already been
 * deleted by retention cannot be rebuilt: its new events are counted as
 * closed, not merged. */
static int row_cell_cmp(const void *a, const void *b)
{
    return cell_cmp(&((const struct week_row *)a)->c,
                    &((const struct week_row *)b)->c);
}

static int store_cells(struct scan *s, struct diag *diag)
{
    int64_t cutoff = tstamp_day(s->o->now) - s->o->retention_days;
    int64_t *ids = xcalloc(s->cat->nservices ? s->cat->nservices : 1,
                           sizeof(int64_t));
    struct week_rows wr = {NULL, NULL, 0, 0};
    size_t fresh = 0;
    struct weeks w;
    int rc = 0, open;

    weeks_init(&w, s->st, cutoff, store_shadow_week_exists);
    wr.w = &w;
    /* one array of the new day cells serves both passes */
    for (size_t i = 0; i < s->cells.cap; i++)
        if (s->cells.slots[i].requests)
            week_rows_add(&wr, &s->cells.slots[i]);
    cellmap_release(&s->cells);
    if (wr.n > 1)
        qsort(wr.v, wr.n, sizeof(*wr.v), row_cell_cmp);
    /* keep the open ones, their services as stored ids */
    for (size_t i = 0; i < wr.n && !rc; i++) {
        struct cell *c = &wr.v[i].c;

        rc = weeks_admit(&w, c->k.day, &open, diag);
        if (!rc && !open) {
            s->c->closed += (long)c->requests;
            continue;
        }
        if (!rc)
            rc = service_id(s, (size_t)c->k.service, ids, &c->k.service,
                            diag);
        wr.v[fresh++] = wr.v[i];
    }
    wr.n = fresh;
    /* the stored day rows of those weeks join them, read before the new
     * ones are written */
    if (!rc && w.from)
        rc = store_shadow_days(s->st, w.from, w.to + 6, on_stored_day, &wr,
                               diag);
    for (size_t i = 0; i < fresh && !rc && !s->o->dry_run; i++) {
        const struct cell *c = &wr.v[i].c;

        rc = store_shadow_add(s->st, c->k.day, c->k.who, who_len(c->k.who),
                              c->k.unit, c->k.service, c->requests, diag);
    }
    if (!rc)
        rc = weeks_build(&w, store_shadow_week_clear, diag);
    if (!rc)
        rc = put_weeks(s, &wr, diag);
    if (!rc && !s->o->dry_run) {
        int pruned = store_shadow_prune(s->st, cutoff, diag);

        rc = pruned < 0 ? pruned : 0;
    }
    s->c->week_from = w.from;
    s->c->week_to = w.to;
    weeks_release(&w);
    free(wr.v);
    free(ids);
    return rc;
}

static uint64_t file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size
                                                       : 0;
}

int shadow_scan(struct store *st, const struct pseudo_key *key,
                const struct catalog *cat, const struct shadow_opts *o,
                const char *const *files, size_t nfiles,
                struct shadow_counts *out, struct diag *diag)
{
    struct scan s;
    struct progress prog;
    uint64_t total = 0;
    int rc;

    memset(&s, 0, sizeof(s));
    memset(out, 0, sizeof(*out));
    s.st = st;
    s.key = key;
    s.cat = cat;
    s.o = o;
    s.c = out;
    s.prog = &prog;
    strmap_init(&s.identities);
    rc = store_identities(st, on_identity, &s, diag);
    if (!rc)
        rc = store_subnets(st, &s.subnets, &s.nsubnets, diag);
    for (size_t i = 0; i < nfiles; i++)
        total += file_size(files[i]);
    progress_start(&prog, "scanning", total);
    for (size_t i = 0; i < nfiles && !rc; i++) {
        atomic_store(&s.done, 0);
        atomic_store(&s.lines, 0);
        rc = scan_file(&s, files[i], diag);
        s.done_before += file_size(files[i]);
    }
    progress_end(&prog);
    if (!rc)
        rc = store_cells(&s, diag);
    strmap_release(&s.identities);
    cellmap_release(&s.cells);
    free(s.people);
    free(s.subnets);
    return rc;
}
