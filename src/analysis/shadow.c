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
#include "core/buf.h"
#include "core/pnmap.h"
#include "core/progress.h"
#include "core/strmap.h"
#include "core/u64map.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "import/linemask.h"
#include "store/store.h"
#include "store/roster.h"
#include "store/shadow.h"

#define READ_BLOCK (256u << 10) /* stays in the L2 cache */
#define LINE_MAX_BYTES (64u << 10) /* longer lines are malformed */
#define MAX_WORKERS 8
#define MIN_SPLIT (8u << 20)       /* smaller files get one worker */
#define CHUNK (16u << 20)          /* workers take a file in chunks */

/* A roster member: id and current unit (0: none). */
struct person {
    int64_t id, unit;
};

/* Who an event counts for, in a unit: 'p' and a person id, or 'a' and the
 * keyed hash of an address (never the address itself). The bytes are
 * zeroed past who_len, so entries compare as bytes. Cells name a who by
 * a 32-bit number: a roster member in their current unit by their
 * number among the scan's persons (the same in every worker), any other
 * who (an address; a member in a former unit, from stored rows) by the
 * persons' count plus its index in a table of whos. */
struct who {
    unsigned char b[PSEUDO_BYTES + 1];
    int64_t unit;
};

/* A table of whos by index, with an index of their own. */
struct whos {
    struct who *v;
    size_t n, cap;
    struct strmap index;           /* who (bytes and unit) -> index */
};

static size_t who_len(const unsigned char *b)
{
    return b[0] == 'p' ? 1 + sizeof(int64_t) : 1 + PSEUDO_BYTES;
}

static uint32_t whos_intern(struct whos *ws, const struct who *w)
{
    int64_t idx;

    if (strmap_get(&ws->index, w, sizeof(*w), &idx))
        return (uint32_t)idx;
    ws->v = xgrow(ws->v, &ws->cap, ws->n + 1, sizeof(*ws->v));
    ws->v[ws->n] = *w;
    strmap_put(&ws->index, w, sizeof(*w), (int64_t)ws->n);
    return (uint32_t)ws->n++;
}

static void whos_release(struct whos *ws)
{
    free(ws->v);
    strmap_release(&ws->index);
    memset(ws, 0, sizeof(*ws));
}

/* A day cell's key: who, day (days since 1970) and service (a catalog
 * index while scanning, a service slot when stored) in 64 bits, so the
 * hit path hashes one integer and allocates nothing per cell. */
#define DAY_MAX 0xFFFF  /* 2149-06-06 */
#define SERVICE_MAX 0xFFFF
/* A worker's cell table and user names start with room for this many
 * (2 MiB each: one huge page, no regrowth for most logs). */
#define CELLS_FIRST 98304
#define USERS_FIRST 49152

static uint64_t cell_key(uint32_t who, int64_t day, size_t service)
{
    return (uint64_t)who << 32 | (uint64_t)day << 16 | (uint64_t)service;
}

static uint32_t key_who(uint64_t k) { return (uint32_t)(k >> 32); }
static int64_t key_day(uint64_t k) { return (int64_t)(k >> 16 & 0xFFFF); }
static size_t key_service(uint64_t k) { return (size_t)(k & 0xFFFF); }

/* What the workers share: read-only while they run, except the roster,
 * which the loader fills before it sets `ready`. */
struct scan {
    struct store *st;
    const struct pseudo_key *key;
    const struct catalog *cat;
    const struct shadow_opts *o;
    struct pnmap identities;       /* pseudonym -> person number */
    struct person *persons;        /* by number */
    size_t npersons, persons_cap;
    struct u64map person_no;       /* person id -> number */
    struct store_subnet *subnets;  /* longest prefix first */
    size_t nsubnets;
    /* The roster (identities and subnets) loads on its own thread while
     * the files are read; hits wait for it in their worker's batch. */
    atomic_int ready;              /* loaded (or failed: then empty) */
    pthread_mutex_t lock;
    pthread_cond_t loaded;
    int load_rc;
    struct diag load_diag;
    struct whos whos;              /* the other whos, merged */
    /* the cells of every worker (and then of the stored day rows), as
     * cell_key and requests; a key may repeat until cells_settle */
    struct u64map_entry *cells;
    size_t ncells, cells_cap;
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
    uint64_t off, end;             /* a stream: off counts bytes out */
    gzFile gz;                     /* else a stream */
};

/* A host as a log wrote it and its rule (NULL: none). Logs repeat a few
 * hosts, and a host that ends like some rule's host passes the quick no
 * without having a rule: a small cache spares such hosts, and the hits,
 * normalising and the rule lookups. */
#define HOSTS_SEEN 256
#define HOST_SEEN_MAX 55

struct host_seen {
    unsigned char len;             /* 0: empty */
    char host[HOST_SEEN_MAX];
    const struct catalog_rule *rule;
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

/* A hit in its worker's batch: its user name and address as offsets
 * into the batch's bytes (len 0: none). Hits are counted a batch at a
 * time, once BATCH_MAX are held and the roster is loaded, and at the
 * end: together, the table probes of the hits a few ahead (AHEAD) are
 * prefetched, and a batch waits on memory about once instead of once a
 * hit; and no hit waits for the roster while it loads. */
#define BATCH_MAX 65536
#define BATCH_BYTES (16u << 20) /* of user names and addresses */
#define AHEAD 8

struct hit {
    uint32_t user, ip, user_len, ip_len;
    uint16_t day, service;
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
    struct shadow_counts c;
    struct whos whos;              /* the addresses this worker saw */
    struct u64map cells;           /* cell_key -> requests */
    /* the log's user names and addresses (in memory only, never stored)
     * -> who + 1, or 0 when they map to no team */
    struct strmap users, addrs;
    struct hit *batch;             /* the batch of hits */
    size_t nbatch, batch_cap;
    struct buf batch_bytes;        /* their user names and addresses */
    uint64_t *keys;                /* their cells (scratch) */
    size_t keys_cap;
    struct host_seen *seen;        /* HOSTS_SEEN: the rules of hosts as the
                                      log wrote them, most recent by hash */
    int first;                     /* reports progress */
};

/* One roster identifier (a person's id or an alias) and its person. */
static int on_identity(void *ctx, const void *pn, size_t len,
                       int64_t person_id, int64_t unit_id)
{
    struct scan *s = ctx;
    int added;
    int64_t *no;

    if (len != PSEUDO_BYTES)
        return 0; /* not a pseudonym this program wrote */
    no = u64map_at(&s->person_no, (uint64_t)person_id, &added);
    if (added) {
        s->persons = xgrow(s->persons, &s->persons_cap, s->npersons + 1,
                           sizeof(*s->persons));
        s->persons[s->npersons] = (struct person){person_id, unit_id};
        *no = (int64_t)s->npersons++;
    }
    pnmap_put(&s->identities, pn, *no);
    return 0;
}

/* A who by number. */
static void who_get(const struct scan *s, uint32_t who, struct who *w)
{
    if (who < s->npersons) {
        memset(w, 0, sizeof(*w));
        w->b[0] = 'p';
        memcpy(w->b + 1, &s->persons[who].id, sizeof(int64_t));
        w->unit = s->persons[who].unit;
    } else
        *w = s->whos.v[who - s->npersons];
}

/* The unit of a who by number. */
static int64_t who_unit(const struct scan *s, uint32_t who)
{
    return who < s->npersons ? s->persons[who].unit
                             : s->whos.v[who - s->npersons].unit;
}

/* The number of a who from its bytes and unit (stored rows). */
static uint32_t who_number(struct scan *s, const struct who *w)
{
    int64_t id, no;

    if (w->b[0] == 'p') {
        memcpy(&id, w->b + 1, sizeof(id));
        if (u64map_get(&s->person_no, (uint64_t)id, &no)
            && s->persons[no].unit == w->unit)
            return (uint32_t)no;
    }
    return (uint32_t)s->npersons + whos_intern(&s->whos, w);
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

/* The who (+ 1) of a log's user name, or 0 when it is not a roster
 * member in a team. Each name is hashed once per worker. */
static int64_t user_who(struct worker *wk, const char *name, size_t len)
{
    const struct scan *s = wk->s;
    unsigned char pn[PSEUDO_BYTES];
    int64_t who = 0, no;

    if (strmap_get(&wk->users, name, len, &who))
        return who;
    if (!wk->users.cap) /* one huge page from the first name */
        strmap_reserve(&wk->users, USERS_FIRST);
    /* a person: the same who whichever alias the log used */
    if (!pseudo_hash(s->key, name, len, pn)
        && pnmap_get(&s->identities, pn, &no) && s->persons[no].unit)
        who = no + 1;
    strmap_put(&wk->users, name, len, who);
    return who;
}

/* The who (+ 1) of an address in a subnet of a team, or 0. */
static int64_t addr_who(struct worker *wk, const char *ip, size_t len)
{
    const struct scan *s = wk->s;
    int64_t who = 0, unit;
    char tmp[80];
    int n;

    if (strmap_get(&wk->addrs, ip, len, &who))
        return who;
    unit = subnet_unit(s, ip, len);
    n = snprintf(tmp, sizeof(tmp), "ip:%.*s", (int)len, ip);
    if (unit && n > 0 && (size_t)n < sizeof(tmp)) {
        struct who w;

        /* an address: a keyed hash, never the address itself */
        memset(&w, 0, sizeof(w));
        w.b[0] = 'a';
        if (!pseudo_hash(s->key, tmp, (size_t)n, w.b + 1)) {
            w.unit = unit;
            who = (int64_t)(s->npersons + whos_intern(&wk->whos, &w)) + 1;
        }
    }
    strmap_put(&wk->addrs, ip, len, who);
    return who;
}

/* The who (+ 1) of a hit: its user name's, else its address's; 0 when
 * it maps to no team. */
static int64_t hit_who(struct worker *wk, const char *user, size_t user_len,
                       const char *ip, size_t ip_len)
{
    int64_t who = user_len ? user_who(wk, user, user_len) : 0;

    if (!who && ip_len && wk->s->nsubnets)
        who = addr_who(wk, ip, ip_len);
    return who;
}

/* Counts the batch once the roster is loaded (waiting for it): the
 * whos first, then the cells, each prefetching AHEAD hits ahead. */
static void count_batch(struct worker *wk)
{
    struct scan *s = wk->s;
    const char *b = wk->batch_bytes.data;
    size_t n = wk->nbatch;
    uint64_t *keys;

    if (!atomic_load_explicit(&s->ready, memory_order_acquire)) {
        pthread_mutex_lock(&s->lock);
        while (!atomic_load_explicit(&s->ready, memory_order_acquire))
            pthread_cond_wait(&s->loaded, &s->lock);
        pthread_mutex_unlock(&s->lock);
    }
    if (!n)
        return;
    keys = wk->keys = xgrow(wk->keys, &wk->keys_cap, n, sizeof(*keys));
    if (!wk->cells.cap)
        u64map_reserve(&wk->cells, CELLS_FIRST);
    for (size_t i = 0; i < n; i++) {
        const struct hit *h = &wk->batch[i], *a = h + AHEAD;
        int64_t who;

        if (i + AHEAD < n && a->user_len)
            strmap_prefetch(&wk->users, b + a->user, a->user_len);
        who = hit_who(wk, b + h->user, h->user_len, b + h->ip, h->ip_len);
        keys[i] = who ? cell_key((uint32_t)(who - 1), h->day, h->service)
                      : U64MAP_EMPTY;
        wk->c.unmapped += !who;
    }
    for (size_t i = 0; i < n; i++) {
        if (i + AHEAD < n && keys[i + AHEAD] != U64MAP_EMPTY)
            u64map_prefetch(&wk->cells, keys[i + AHEAD]);
        if (keys[i] != U64MAP_EMPTY)
            (*u64map_at(&wk->cells, keys[i], NULL))++;
    }
    wk->nbatch = 0;
    buf_reset(&wk->batch_bytes);
}

/* Adds a hit to the batch, counting the batch first when it is full. */
static void batch_hit(struct worker *wk, const struct weblog_event *ev,
                     int64_t day, size_t service)
{
    size_t user_len = ev->user ? ev->user_len : 0;
    size_t ip_len = ev->ip ? ev->ip_len : 0;
    struct hit *h;

    if (wk->nbatch >= BATCH_MAX || wk->batch_bytes.len >= BATCH_BYTES)
        count_batch(wk);
    wk->batch = xgrow(wk->batch, &wk->batch_cap, wk->nbatch + 1,
                       sizeof(*wk->batch));
    h = &wk->batch[wk->nbatch++];
    h->user = (uint32_t)wk->batch_bytes.len;
    h->user_len = (uint32_t)user_len;
    buf_add(&wk->batch_bytes, ev->user ? ev->user : "", user_len);
    h->ip = (uint32_t)wk->batch_bytes.len;
    h->ip_len = (uint32_t)ip_len;
    buf_add(&wk->batch_bytes, ev->ip ? ev->ip : "", ip_len);
    h->day = (uint16_t)day;
    h->service = (uint16_t)service;
}

/* The rule of a host as a log wrote it, or NULL, through the worker's
 * cache of recent hosts. */
static const struct catalog_rule *rule_of(struct worker *wk, const char *h,
                                          size_t hn)
{
    char host[CATALOG_HOST_MAX + 1];
    const struct catalog_rule *r;
    struct host_seen *e = NULL;
    uint64_t x = hn;
    size_t n;

    if (hn <= HOST_SEEN_MAX) {
        for (size_t i = 0; i < hn; i++)
            x = (x ^ (unsigned char)h[i]) * 0x100000001B3ull;
        e = &wk->seen[(x ^ x >> 29) & (HOSTS_SEEN - 1)];
        if (e->len == hn && !memcmp(e->host, h, hn))
            return e->rule;
    }
    n = catalog_host(h, hn, host);
    r = n ? catalog_match(wk->s->cat, host, n) : NULL;
    if (e) {
        e->len = (unsigned char)hn;
        memcpy(e->host, h, hn);
        e->rule = r;
    }
    return r;
}

/* One line: the host first; everything else only on a hit. sp: the
 * space bits of its first 128 bytes when the block's masks have them. */
static void line(struct worker *wk, const char *p, size_t len,
                 const uint64_t *sp)
{
    const struct catalog_rule *r;
    struct weblog_event ev;
    int64_t day;
    const char *h;
    size_t hn;
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
    if (!hn
        || !(squid ? catalog_may_match_padded(wk->s->cat, h, hn)
                   : catalog_may_match(wk->s->cat, h, hn))
        || !(r = rule_of(wk, h, hn)))
        return;
    if (!catalog_counts_as_use(r->role)) {
        wk->c.ai_other++;
        return;
    }
    if ((squid ? weblog_squid_event(&wk->w, p, len, sp, &ev)
               : weblog_parse(&wk->w, p, len, &ev))
        != WL_EVENT) {
        wk->c.events--;
        wk->c.malformed++;
        return;
    }
    day = tstamp_day(ev.ts);
    if (day < 0 || day > DAY_MAX) {
        wk->c.events--;
        wk->c.malformed++;
        return;
    }
    wk->c.ai_use++;
    batch_hit(wk, &ev, day, r->service);
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

    if (!wk->mem) /* padded for catalog_may_match_padded */
        wk->mem = xcalloc(1, CATALOG_PAD + READ_CAP + 32);
    buf = wk->mem + CATALOG_PAD;
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

/* Chunks of a plain file on one thread, until none is left; then the
 * batch of hits. */
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
    count_batch(wk);
    return NULL;
}

/* Streams files until none is left (or one failed); then the batch of
 * hits. */
static void *run_streams(void *arg)
{
    struct worker *wk = arg;
    struct streams *st = wk->streams;
    size_t i;

    while (!atomic_load(&st->failed)
           && (i = atomic_fetch_add(&st->next, 1)) < st->n) {
        wk->w = *st->tmpl; /* a Zeek file brings its own #fields */
        st->rc[i] = run_stream(wk, st->paths[i], &st->diag[i]);
        if (st->rc[i])
            atomic_store(&st->failed, 1);
    }
    count_batch(wk);
    return NULL;
}

static void worker_init(struct worker *wk, struct scan *s,
                        const struct weblog *w)
{
    memset(wk, 0, sizeof(*wk));
    wk->s = s;
    wk->w = *w;
    wk->seen = xcalloc(HOSTS_SEEN, sizeof(*wk->seen));
    linemask_init(&wk->lm);
    strmap_init(&wk->users);
    strmap_init(&wk->addrs);
    u64map_init(&wk->cells);
}

/* Adds a cell to the scan's. */
static void cell_add(struct scan *s, uint64_t key, int64_t requests)
{
    s->cells = xgrow(s->cells, &s->cells_cap, s->ncells + 1, sizeof(*s->cells));
    s->cells[s->ncells].key = key;
    s->cells[s->ncells++].val = requests;
}

/* Sorts the scan's cells by key and adds up the requests of each key. */
static void cells_settle(struct scan *s)
{
    size_t n = 0;

    u64map_sort(s->cells, s->ncells);
    for (size_t i = 0; i < s->ncells; i++)
        if (n && s->cells[n - 1].key == s->cells[i].key)
            s->cells[n - 1].val += s->cells[i].val;
        else
            s->cells[n++] = s->cells[i];
    s->ncells = n;
}

/* Adds a worker's counts and cells to the scan's (the addresses among
 * its whos renumbered into the scan's table) and frees them; the first
 * worker's whos become the scan's as they are. Its batch of hits is
 * counted already: each worker's run ends with it, on its own thread. */
static void worker_merge(struct scan *s, struct worker *wk)
{
    struct shadow_counts *c = s->c;
    uint32_t np = (uint32_t)s->npersons, *to = NULL;

    c->bytes += wk->c.bytes;
    c->lines += wk->c.lines;
    c->events += wk->c.events;
    c->ai_use += wk->c.ai_use;
    c->ai_other += wk->c.ai_other;
    c->unmapped += wk->c.unmapped;
    c->malformed += wk->c.malformed;
    c->no_host += wk->c.no_host;
    if (!s->whos.n) {
        whos_release(&s->whos);
        s->whos = wk->whos;
        memset(&wk->whos, 0, sizeof(wk->whos));
    } else {
        to = xcalloc(wk->whos.n ? wk->whos.n : 1, sizeof(*to));
        for (size_t i = 0; i < wk->whos.n; i++)
            to[i] = np + whos_intern(&s->whos, &wk->whos.v[i]);
    }
    s->cells = xgrow(s->cells, &s->cells_cap, s->ncells + wk->cells.len,
                     sizeof(*s->cells));
    for (size_t i = 0; i < wk->cells.cap; i++) {
        uint64_t k = wk->cells.slots[i].key;
        uint32_t who = key_who(k);

        if (k == U64MAP_EMPTY)
            continue;
        if (to && who >= np)
            k = cell_key(to[who - np], key_day(k), key_service(k));
        cell_add(s, k, wk->cells.slots[i].val);
    }
    free(to);
    u64map_release(&wk->cells);
    whos_release(&wk->whos);
    strmap_release(&wk->users);
    strmap_release(&wk->addrs);
    free(wk->seen);
    free(wk->mem);
    free(wk->batch);
    free(wk->keys);
    buf_release(&wk->batch_bytes);
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

/* Service slots: the catalog's services first (slot = catalog index),
 * then the services of stored rows the catalog no longer names; each
 * with its store id once known. */
struct slots {
    int64_t *id;                   /* 0: not in the store yet */
    size_t n, cap;
    struct u64map by_id;           /* store id -> slot */
};

/* The store id of a catalog service's slot, adding the service once. */
static int slot_resolve(struct scan *s, struct slots *sl, size_t slot,
                        struct diag *diag)
{
    const struct catalog_service *cs = &s->cat->services[slot];
    int rc;

    if (sl->id[slot])
        return 0;
    rc = store_service_intern(s->st, cs->name, cs->vendor, cs->category,
                              &sl->id[slot], diag);
    if (!rc)
        *u64map_at(&sl->by_id, (uint64_t)sl->id[slot], NULL) = (int64_t)slot;
    return rc;
}

/* The slot of a stored service id, adding one when the scan has none. */
static int slot_of_id(struct slots *sl, int64_t id, size_t *slot,
                      struct diag *diag)
{
    int added;
    int64_t *v = u64map_at(&sl->by_id, (uint64_t)id, &added);

    if (added) {
        if (sl->n > SERVICE_MAX)
            return diag_set(diag, TR_EINVAL,
                            "more than %d AI services in one scan",
                            SERVICE_MAX);
        sl->id = xgrow(sl->id, &sl->cap, sl->n + 1, sizeof(*sl->id));
        sl->id[sl->n] = id;
        *v = (int64_t)sl->n++;
    }
    *slot = (size_t)*v;
    return 0;
}

/* What the stored day rows of the open weeks join. */
struct merge {
    struct scan *s;
    const struct weeks *w;
    struct slots *sl;
};

static int on_stored_day(void *ctx, int64_t day, const unsigned char *who,
                         size_t who_len, int64_t unit, int64_t service,
                         int64_t requests, struct diag *diag)
{
    struct merge *m = ctx;
    struct who w;
    size_t slot = 0;
    int rc;

    if (!weeks_is_open(m->w, day) || who_len < 1 || who_len > sizeof(w.b)
        || requests < 1 || day < 0 || day > DAY_MAX)
        return 0;
    memset(&w, 0, sizeof(w));
    memcpy(w.b, who, who_len);
    w.unit = unit;
    rc = slot_of_id(m->sl, service, &slot, diag);
    if (!rc)
        cell_add(m->s, cell_key(who_number(m->s, &w), day, slot), requests);
    return rc;
}

/* A who and its index, for ranking whos in their stored order. */
struct who_at {
    struct who w;
    uint32_t idx;
};

static int who_at_cmp(const void *a, const void *b)
{
    const struct who_at *x = a, *y = b;
    int c = memcmp(x->w.b, y->w.b, sizeof(x->w.b));

    if (c)
        return c;
    return (x->w.unit > y->w.unit) - (x->w.unit < y->w.unit);
}

/* Writes the new day rows in shadow_day's key order (day, who, unit,
 * service): the B-tree then grows at its end instead of being rewritten
 * all over. */
static int put_days(struct scan *s, const struct slots *sl,
                    struct u64map_entry *fresh, size_t n, struct diag *diag)
{
    size_t nw = s->npersons + s->whos.n;
    struct who_at *order = xcalloc(nw ? nw : 1, sizeof(*order));
    uint32_t *rank = xcalloc(nw ? nw : 1, sizeof(*rank));
    int rc = 0;

    for (size_t i = 0; i < nw; i++) {
        who_get(s, (uint32_t)i, &order[i].w);
        order[i].idx = (uint32_t)i;
    }
    qsort(order, nw, sizeof(*order), who_at_cmp);
    for (size_t i = 0; i < nw; i++)
        rank[order[i].idx] = (uint32_t)i;
    /* day | rank | slot sorts as the key does */
    for (size_t i = 0; i < n; i++)
        fresh[i].key = (uint64_t)key_day(fresh[i].key) << 48
                       | (uint64_t)rank[key_who(fresh[i].key)] << 16
                       | key_service(fresh[i].key);
    u64map_sort(fresh, n);
    for (size_t i = 0; i < n && !rc;) {
        struct store_shadow_day rows[STORE_ROWS];
        size_t k = 0;

        for (; k < STORE_ROWS && i < n; k++, i++) {
            const struct who *w = &order[fresh[i].key >> 16 & 0xFFFFFFFFu].w;

            rows[k] = (struct store_shadow_day){
                (int64_t)(fresh[i].key >> 48), w->b, who_len(w->b), w->unit,
                sl->id[fresh[i].key & 0xFFFF], fresh[i].val};
        }
        rc = store_shadow_add(s->st, rows, k, diag);
    }
    free(rank);
    free(order);
    return rc;
}

/* A week's aggregate for one team and service. */
struct group {
    int64_t week, unit, service;   /* service: its store id */
    long people, days, requests;
    uint32_t mark;                 /* the last who counted + 1 */
};

/* shadow_week's key order, so its rows are appended, not scattered. */
static int group_cmp(const void *a, const void *b)
{
    const struct group *x = a, *y = b;

    if (x->week != y->week)
        return x->week < y->week ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return (x->service > y->service) - (x->service < y->service);
}

/* The weeks' aggregates from every day row of the open weeks (the
 * settled cells with requests): per week, team and service the distinct
 * people, their person-days and the requests. The cells come who by who
 * (their key's order), so a group counts a person once with a mark
 * instead of a set of pairs. */
static int put_weeks(struct scan *s, const struct slots *sl, struct diag *diag)
{
    struct u64map units, groups;
    struct group *g = NULL;
    size_t ng = 0, gcap = 0;
    int64_t unit = 0, unit_no = 0;
    uint32_t prev = UINT32_MAX;
    int rc = 0, added;

    u64map_init(&units);
    u64map_init(&groups);
    for (size_t i = 0; i < s->ncells; i++) {
        uint64_t k = s->cells[i].key;
        uint32_t who = key_who(k);
        int64_t day = key_day(k), *gi;
        struct group *x;

        if (s->cells[i].val <= 0)
            continue;
        if (who != prev) { /* units numbered densely, for 64-bit keys */
            int64_t *no;

            prev = who;
            unit = who_unit(s, who);
            no = u64map_at(&units, (uint64_t)unit, &added);
            if (added)
                *no = (int64_t)units.len - 1;
            unit_no = *no;
        }
        /* weeks counted from the Monday before 1970-01-01 */
        gi = u64map_at(&groups,
                       (uint64_t)((day + 3) / 7) << 48
                           | (uint64_t)unit_no << 16 | key_service(k),
                       &added);
        if (added) {
            g = xgrow(g, &gcap, ng + 1, sizeof(*g));
            g[ng] = (struct group){tstamp_monday(day), unit,
                                   sl->id[key_service(k)], 0, 0, 0, 0};
            *gi = (int64_t)ng++;
        }
        x = &g[*gi];
        x->days++;
        x->requests += (long)s->cells[i].val;
        if (x->mark != who + 1) {
            x->mark = who + 1;
            x->people++;
        }
    }
    if (ng > 1)
        qsort(g, ng, sizeof(*g), group_cmp);
    for (size_t i = 0; i < ng && !rc; i++)
        rc = store_shadow_week_put(s->st, g[i].week, g[i].unit, g[i].service,
                                   g[i].people, g[i].days, g[i].requests,
                                   diag);
    free(g);
    u64map_release(&groups);
    u64map_release(&units);
    return rc;
}

/* Stores the cells: new day-level rows (not in a dry run), then the
 * aggregates of every week touched, computed here from its day rows (the
 * stored ones and the new). A week whose day-level rows have already been
 * deleted by retention cannot be rebuilt: its new events are counted as
 * closed, not merged. */
static int store_cells(struct scan *s, struct diag *diag)
{
    int64_t cutoff = tstamp_day(s->o->now) - s->o->retention_days;
    struct slots sl = {NULL, 0, 0, {NULL, 0, 0, 0}};
    struct u64map_entry *fresh = NULL;
    struct merge m = {s, NULL, &sl};
    size_t n = 0;
    int64_t monday = -1;
    struct weeks w;
    int rc = 0, open = 0;

    u64map_init(&sl.by_id);
    weeks_init(&w, s->st, cutoff, store_shadow_week_exists);
    m.w = &w;
    sl.n = s->cat->nservices;
    sl.cap = sl.n ? sl.n : 1;
    sl.id = xcalloc(sl.cap, sizeof(*sl.id));
    cells_settle(s);
    if (!s->o->dry_run)
        fresh = xmalloc((s->ncells ? s->ncells : 1) * sizeof(*fresh));
    /* the new cells of open weeks, their services in the store; a closed
     * week's cells keep no requests */
    for (size_t i = 0; i < s->ncells && !rc; i++) {
        struct u64map_entry *e = &s->cells[i];

        if (tstamp_monday(key_day(e->key)) != monday) {
            monday = tstamp_monday(key_day(e->key));
            rc = weeks_admit(&w, key_day(e->key), &open, diag);
        }
        if (!open) {
            s->c->closed += (long)e->val;
            e->val = 0;
            continue;
        }
        if (!rc)
            rc = slot_resolve(s, &sl, key_service(e->key), diag);
        /* a day the retention window has passed would be pruned below,
         * in this transaction: its row is not written (the week's
         * aggregate still counts it, from memory) */
        if (fresh && key_day(e->key) >= cutoff)
            fresh[n++] = *e;
    }
    /* the stored day rows of those weeks join them, read before the new
     * ones are written */
    if (!rc && w.from)
        rc = store_shadow_days(s->st, w.from, w.to + 6, on_stored_day, &m,
                               diag);
    if (!rc && fresh)
        rc = put_days(s, &sl, fresh, n, diag);
    if (!rc)
        rc = weeks_build(&w, store_shadow_week_clear, diag);
    cells_settle(s); /* the stored rows with the new */
    if (!rc)
        rc = put_weeks(s, &sl, diag);
    if (!rc && !s->o->dry_run) {
        int pruned = store_shadow_prune(s->st, cutoff, diag);

        rc = pruned < 0 ? pruned : 0;
    }
    s->c->week_from = w.from;
    s->c->week_to = w.to;
    weeks_release(&w);
    u64map_release(&sl.by_id);
    free(sl.id);
    free(fresh);
    return rc;
}

static uint64_t file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size
                                                       : 0;
}

/* Loads the roster (on its own thread) and lets the workers know. */
static void *load_roster(void *arg)
{
    struct scan *s = arg;
    size_t people = 0, aliases = 0;
    int rc = store_identity_counts(s->st, &people, &aliases, &s->load_diag);

    if (!rc) {
        pnmap_reserve(&s->identities, people + aliases);
        u64map_reserve(&s->person_no, people);
        s->persons = xgrow(NULL, &s->persons_cap, people,
                           sizeof(*s->persons));
        rc = store_identities(s->st, on_identity, s, &s->load_diag);
    }
    if (!rc)
        rc = store_subnets(s->st, &s->subnets, &s->nsubnets, &s->load_diag);
    pthread_mutex_lock(&s->lock);
    s->load_rc = rc;
    atomic_store_explicit(&s->ready, 1, memory_order_release);
    pthread_cond_broadcast(&s->loaded);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

int shadow_scan(struct store *st, const struct pseudo_key *key,
                const struct catalog *cat, const struct shadow_opts *o,
                const char *const *files, size_t nfiles,
                struct shadow_counts *out, struct diag *diag)
{
    struct scan s;
    struct progress prog;
    struct weblog tmpl;
    pthread_t loader;
    const char **streams;
    uint64_t *sizes, total = 0;
    size_t nstreams = 0;
    int rc = 0, threaded;

    memset(&s, 0, sizeof(s));
    memset(out, 0, sizeof(*out));
    if (cat->nservices > SERVICE_MAX) /* cells hold a service in 16 bits */
        return diag_set(diag, TR_EINVAL,
                        "more than %d AI services in the catalogs",
                        SERVICE_MAX);
    s.st = st;
    s.key = key;
    s.cat = cat;
    s.o = o;
    s.c = out;
    s.prog = &prog;
    pnmap_init(&s.identities);
    u64map_init(&s.person_no);
    atomic_init(&s.ready, 0);
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.loaded, NULL);
    diag_init(&s.load_diag);
    /* the store is the loader's alone until it is joined */
    threaded = pthread_create(&loader, NULL, load_roster, &s) == 0;
    if (!threaded)
        load_roster(&s);
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
        pthread_join(loader, NULL);
    if (!rc && s.load_rc)
        rc = diag_set(diag, s.load_rc, "%s",
                      s.load_diag.nproblems ? s.load_diag.problems[0].msg
                                            : "cannot read the roster");
    if (!rc)
        rc = store_cells(&s, diag);
    pnmap_release(&s.identities);
    u64map_release(&s.person_no);
    free(s.cells);
    whos_release(&s.whos);
    free(s.persons);
    free(s.subnets);
    diag_release(&s.load_diag);
    pthread_cond_destroy(&s.loaded);
    pthread_mutex_destroy(&s.lock);
    return rc;
}
