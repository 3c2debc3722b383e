/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shadow-AI scan's sink: match the host first (cheap), then
 * attribute and aggregate only the hits; then the weekly aggregates of
 * every week touched, from its day rows. */
#include "analysis/shadow.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/weeks.h"
#include "core/buf.h"
#include "core/pnmap.h"
#include "core/strmap.h"
#include "core/u64map.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "store/roster.h"
#include "store/shadow.h"

/* Hosts are matched where the reader read them (see WEBLOG_PAD). */
_Static_assert(CATALOG_PAD <= WEBLOG_PAD && 32 <= WEBLOG_PAD,
               "the reader's padding is what catalog_may_match_padded reads");


/* A roster member: id and current unit (0: none). */
struct person {
    int64_t id, unit;
};

/* Who an event counts for, in a unit: 'p' and a person id, or 'a' and the
 * keyed hash of an address (never the address itself). The bytes are
 * zeroed past who_len, so entries compare as bytes. Cells name a who by
 * a 32-bit number: a roster member in their current unit by their
 * number among the scan's persons (the same in every part), any other
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
/* A part's user names start with room for this many (2 MiB: one huge
 * page, no regrowth for most logs). */
#define USERS_FIRST 49152

static uint64_t cell_key(uint32_t who, int64_t day, size_t service)
{
    return (uint64_t)who << 32 | (uint64_t)day << 16 | (uint64_t)service;
}

static uint32_t key_who(uint64_t k) { return (uint32_t)(k >> 32); }
static int64_t key_day(uint64_t k) { return (int64_t)(k >> 16 & 0xFFFF); }
static size_t key_service(uint64_t k) { return (size_t)(k & 0xFFFF); }

/* What the parts share: read-only while the reader runs, except the
 * roster, which prepare fills before any part counts a hit. */
struct shadow_scan {
    struct store *st;
    const struct pseudo_key *key;
    const struct catalog *cat;
    struct shadow_opts o;
    struct pnmap identities;       /* pseudonym -> person number */
    struct person *persons;        /* by number */
    size_t npersons, persons_cap;
    struct u64map person_no;       /* person id -> number */
    struct store_subnet *subnets;  /* longest prefix first */
    size_t nsubnets;
    struct whos whos;              /* the other whos, merged */
    /* the cells of every part (and then of the stored day rows), as
     * cell_key and requests; a key may repeat until cells_settle */
    struct u64map_entry *cells;
    size_t ncells, cells_cap;
    struct line_hit *lines;        /* the counted lines of every part */
    size_t nlines, lines_cap;
    struct shadow_counts c;        /* merged counts */
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

/* A hit in its part's batch: its user name and address as offsets
 * into the batch's bytes (len 0: none). Hits are counted a batch at a
 * time, once BATCH_MAX are held and the roster is loaded, and at the
 * end: together, the table probes of the hits a few ahead (AHEAD) are
 * prefetched, and a batch waits on memory about once instead of once a
 * hit; and no hit waits for the roster while it loads. */
#define BATCH_MAX 65536
#define BATCH_BYTES (16u << 20) /* of user names and addresses */
#define AHEAD 8

struct hit {
    uint64_t fp;                   /* the line's fingerprint */
    uint32_t user, ip, user_len, ip_len, file;
    uint16_t day, service;
};

/* A counted line: its fingerprint (a keyed hash of the whole line), the
 * file it was in, and its cell. A rescan counts a line only as often as
 * it is in one file beyond what the store has recorded for it (the most
 * of any file scanned): the same file twice, or two rotations of one log
 * that overlap, add up to one scan of the lines of their union. */
struct line_hit {
    uint64_t fp, cell;
    uint32_t file;
};

static void lines_add(struct line_hit **v, size_t *n, size_t *cap,
                      uint64_t fp, uint32_t file, uint64_t cell)
{
    *v = xgrow(*v, cap, *n + 1, sizeof(**v));
    (*v)[(*n)++] = (struct line_hit){fp, cell, file};
}

/* A reader's worker's part of the sink. */
struct part {
    struct shadow_scan *s;
    struct shadow_counts c;
    struct whos whos;              /* the addresses this part saw */
    struct line_hit *lines;        /* the lines it counted */
    size_t nlines, lines_cap;
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
};

/* One roster identifier (a person's id or an alias) and its person. */
static int on_identity(void *ctx, const void *pn, size_t len,
                       int64_t person_id, int64_t unit_id)
{
    struct shadow_scan *s = ctx;
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
static void who_get(const struct shadow_scan *s, uint32_t who, struct who *w)
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
static int64_t who_unit(const struct shadow_scan *s, uint32_t who)
{
    return who < s->npersons ? s->persons[who].unit
                             : s->whos.v[who - s->npersons].unit;
}

/* The number of a who from its bytes and unit (stored rows). */
static uint32_t who_number(struct shadow_scan *s, const struct who *w)
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

static int64_t subnet_unit(const struct shadow_scan *s, const char *ip, size_t n)
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
 * member in a team. Each name is hashed once per part. */
static int64_t user_who(struct part *pt, const char *name, size_t len)
{
    const struct shadow_scan *s = pt->s;
    unsigned char pn[PSEUDO_BYTES];
    int64_t who = 0, no;

    if (strmap_get(&pt->users, name, len, &who))
        return who;
    if (!pt->users.cap) /* one huge page from the first name */
        strmap_reserve(&pt->users, USERS_FIRST);
    /* a person: the same who whichever alias the log used */
    if (!pseudo_hash(s->key, name, len, pn)
        && pnmap_get(&s->identities, pn, &no) && s->persons[no].unit)
        who = no + 1;
    strmap_put(&pt->users, name, len, who);
    return who;
}

/* The who (+ 1) of an address in a subnet of a team, or 0. */
static int64_t addr_who(struct part *pt, const char *ip, size_t len)
{
    const struct shadow_scan *s = pt->s;
    int64_t who = 0, unit;
    char tmp[80];
    int n;

    if (strmap_get(&pt->addrs, ip, len, &who))
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
            who = (int64_t)(s->npersons + whos_intern(&pt->whos, &w)) + 1;
        }
    }
    strmap_put(&pt->addrs, ip, len, who);
    return who;
}

/* The who (+ 1) of a hit: its user name's, else its address's; 0 when
 * it maps to no team. */
static int64_t hit_who(struct part *pt, const char *user, size_t user_len,
                       const char *ip, size_t ip_len)
{
    int64_t who = user_len ? user_who(pt, user, user_len) : 0;

    if (!who && ip_len && pt->s->nsubnets)
        who = addr_who(pt, ip, ip_len);
    return who;
}

/* Counts the batch (the sink's flush: the roster is loaded): the whos
 * first, then the cells, each prefetching AHEAD hits ahead. */
static void count_batch(void *part)
{
    struct part *pt = part;
    const char *b = pt->batch_bytes.data;
    size_t n = pt->nbatch;
    uint64_t *keys;

    if (!n)
        return;
    keys = pt->keys = xgrow(pt->keys, &pt->keys_cap, n, sizeof(*keys));
    for (size_t i = 0; i < n; i++) {
        const struct hit *h = &pt->batch[i], *a = h + AHEAD;
        int64_t who;

        if (i + AHEAD < n && a->user_len)
            strmap_prefetch(&pt->users, b + a->user, a->user_len);
        who = hit_who(pt, b + h->user, h->user_len, b + h->ip, h->ip_len);
        keys[i] = who ? cell_key((uint32_t)(who - 1), h->day, h->service)
                      : U64MAP_EMPTY;
        pt->c.unmapped += !who;
    }
    for (size_t i = 0; i < n; i++)
        if (keys[i] != U64MAP_EMPTY)
            lines_add(&pt->lines, &pt->nlines, &pt->lines_cap,
                      pt->batch[i].fp, pt->batch[i].file, keys[i]);
    pt->nbatch = 0;
    buf_reset(&pt->batch_bytes);
}

/* A hit on a service in a use role (the sink's hit): refused when its
 * day does not fit a cell, else added to the batch; the reader flushes
 * the batch when it is full. */
static enum weblog_take batch_hit(void *part, const struct weblog_event *ev,
                                  int service)
{
    struct part *pt = part;
    size_t user_len = ev->user ? ev->user_len : 0;
    size_t ip_len = ev->ip ? ev->ip_len : 0;
    int64_t day = tstamp_day(ev->ts);
    unsigned char fp[PSEUDO_BYTES];
    struct hit *h;

    if (day < 0 || day > DAY_MAX)
        return WEBLOG_REFUSED;
    /* keyed, as every identifier: the line holds user names and
     * addresses; a failure (none with a loaded key) counts the line
     * like every other that hashes alike */
    if (pseudo_hash(pt->s->key, ev->line ? ev->line : "", ev->line_len, fp))
        memset(fp, 0, sizeof(fp));
    pt->c.ai_use++;
    pt->batch = xgrow(pt->batch, &pt->batch_cap, pt->nbatch + 1,
                       sizeof(*pt->batch));
    h = &pt->batch[pt->nbatch++];
    memcpy(&h->fp, fp, sizeof(h->fp));
    if (h->fp == U64MAP_EMPTY) /* a map's free slot */
        h->fp--;
    h->file = ev->file;
    h->user = (uint32_t)pt->batch_bytes.len;
    h->user_len = (uint32_t)user_len;
    buf_add(&pt->batch_bytes, ev->user ? ev->user : "", user_len);
    h->ip = (uint32_t)pt->batch_bytes.len;
    h->ip_len = (uint32_t)ip_len;
    buf_add(&pt->batch_bytes, ev->ip ? ev->ip : "", ip_len);
    h->day = (uint16_t)day;
    h->service = (uint16_t)service;
    return pt->nbatch >= BATCH_MAX || pt->batch_bytes.len >= BATCH_BYTES
               ? WEBLOG_FULL
               : WEBLOG_TAKEN;
}

/* The rule of a host as a log wrote it, or NULL, through the part's
 * cache of recent hosts. Not inlined: most lines never get here, and
 * its frame would cost each of them in host_service. */
__attribute__((noinline)) static const struct catalog_rule *
rule_of(struct part *pt, const char *h,
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
        e = &pt->seen[(x ^ x >> 29) & (HOSTS_SEEN - 1)];
        if (e->len == hn && !memcmp(e->host, h, hn))
            return e->rule;
    }
    n = catalog_host(h, hn, host);
    r = n ? catalog_match(pt->s->cat, host, n) : NULL;
    if (e) {
        e->len = (unsigned char)hn;
        memcpy(e->host, h, hn);
        e->rule = r;
    }
    return r;
}

/* The service a host counts for (the sink's host): the quick no first,
 * then its rule; -1 when it has none or its role is not use. */
static int host_service(void *part, const char *h, size_t hn, int padded)
{
    struct part *pt = part;
    const struct catalog_rule *r;

    if (!(padded ? catalog_may_match_padded(pt->s->cat, h, hn)
                 : catalog_may_match(pt->s->cat, h, hn)))
        return -1;
    r = rule_of(pt, h, hn);
    if (!r)
        return -1;
    if (!catalog_counts_as_use(r->role)) {
        pt->c.ai_other++;
        return -1;
    }
    return (int)r->service;
}

/* A reader's worker's part (the sink's part_new). */
static void *part_new(void *ctx)
{
    struct part *pt = xcalloc(1, sizeof(*pt));

    pt->s = ctx;
    pt->seen = xcalloc(HOSTS_SEEN, sizeof(*pt->seen));
    strmap_init(&pt->users);
    strmap_init(&pt->addrs);
    return pt;
}

/* Adds a cell to the scan's. */
static void cell_add(struct shadow_scan *s, uint64_t key, int64_t requests)
{
    s->cells = xgrow(s->cells, &s->cells_cap, s->ncells + 1, sizeof(*s->cells));
    s->cells[s->ncells].key = key;
    s->cells[s->ncells++].val = requests;
}

/* Sorts the scan's cells by key and adds up the requests of each key. */
static void cells_settle(struct shadow_scan *s)
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

/* Adds a part's counts and cells to the scan's (the addresses among
 * its whos renumbered into the scan's table) and frees it (the sink's
 * part_end); the first part's whos become the scan's as they are. Its
 * batch of hits is counted already: each worker's run ends with a
 * flush, on its own thread. */
static void part_end(void *ctx, void *part)
{
    struct shadow_scan *s = ctx;
    struct part *pt = part;
    struct shadow_counts *c = &s->c;
    uint32_t np = (uint32_t)s->npersons, *to = NULL;

    c->ai_use += pt->c.ai_use;
    c->ai_other += pt->c.ai_other;
    c->unmapped += pt->c.unmapped;
    if (!s->whos.n) {
        whos_release(&s->whos);
        s->whos = pt->whos;
        memset(&pt->whos, 0, sizeof(pt->whos));
    } else {
        to = xcalloc(pt->whos.n ? pt->whos.n : 1, sizeof(*to));
        for (size_t i = 0; i < pt->whos.n; i++)
            to[i] = np + whos_intern(&s->whos, &pt->whos.v[i]);
    }
    for (size_t i = 0; i < pt->nlines; i++) {
        const struct line_hit *l = &pt->lines[i];
        uint64_t k = l->cell;
        uint32_t who = key_who(k);

        if (to && who >= np)
            k = cell_key(to[who - np], key_day(k), key_service(k));
        lines_add(&s->lines, &s->nlines, &s->lines_cap, l->fp, l->file, k);
    }
    free(to);
    free(pt->lines);
    whos_release(&pt->whos);
    strmap_release(&pt->users);
    strmap_release(&pt->addrs);
    free(pt->seen);
    free(pt->batch);
    free(pt->keys);
    buf_release(&pt->batch_bytes);
    free(pt);
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
static int slot_resolve(struct shadow_scan *s, struct slots *sl, size_t slot,
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
    struct shadow_scan *s;
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
static int put_days(struct shadow_scan *s, const struct slots *sl,
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

static int line_hit_cmp(const void *a, const void *b)
{
    const struct line_hit *x = a, *y = b;

    if (x->fp != y->fp)
        return x->fp < y->fp ? -1 : 1;
    return (x->file > y->file) - (x->file < y->file);
}

static int on_stored_line(void *ctx, int64_t day, int64_t fp, int64_t n,
                          struct diag *diag)
{
    (void)day;
    (void)diag;
    *u64map_at(ctx, (uint64_t)fp, NULL) = n;
    return 0;
}

/* The scan's cells from its counted lines: a line counts as often as it
 * is in one file (the most of any file of this scan) beyond what the
 * store has recorded for it. The lines to record (not in a dry run, not
 * before cutoff, the day the retention prunes) go to *put. */
static int lines_to_cells(struct shadow_scan *s, int64_t cutoff,
                          struct store_shadow_line **put, size_t *nput,
                          struct diag *diag)
{
    struct u64map stored;
    int64_t from = DAY_MAX, to = 0;
    size_t cap = 0;
    int rc = 0;

    *put = NULL;
    *nput = 0;
    u64map_init(&stored);
    for (size_t i = 0; i < s->nlines; i++) {
        int64_t day = key_day(s->lines[i].cell);

        from = day < from ? day : from;
        to = day > to ? day : to;
    }
    if (s->nlines)
        rc = store_shadow_lines(s->st, from, to, on_stored_line, &stored,
                                diag);
    if (s->nlines > 1)
        qsort(s->lines, s->nlines, sizeof(*s->lines), line_hit_cmp);
    for (size_t i = 0; i < s->nlines && !rc;) {
        const struct line_hit *l = &s->lines[i];
        int64_t most = 0, run = 0, had = 0;
        size_t j = i;

        for (; j < s->nlines && s->lines[j].fp == l->fp; j++) {
            run = j > i && s->lines[j].file == s->lines[j - 1].file ? run + 1
                                                                    : 1;
            most = run > most ? run : most;
        }
        u64map_get(&stored, l->fp, &had);
        /* a line counted before still touches its week: the week's
         * aggregates are shown, and rebuilt from the day rows */
        if (most <= had)
            cell_add(s, l->cell, 0);
        else {
            cell_add(s, l->cell, most - had);
            if (!s->o.dry_run && key_day(l->cell) >= cutoff) {
                *put = xgrow(*put, &cap, *nput + 1, sizeof(**put));
                (*put)[(*nput)++] = (struct store_shadow_line){
                    key_day(l->cell), (int64_t)l->fp, most};
            }
        }
        i = j;
    }
    u64map_release(&stored);
    free(s->lines);
    s->lines = NULL;
    s->nlines = s->lines_cap = 0;
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
static int put_weeks(struct shadow_scan *s, const struct slots *sl, struct diag *diag)
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
static int store_cells(struct shadow_scan *s, struct diag *diag)
{
    int64_t cutoff = tstamp_day(s->o.now) - s->o.retention_days;
    struct slots sl = {NULL, 0, 0, {NULL, 0, 0, 0}};
    struct u64map_entry *fresh = NULL;
    struct store_shadow_line *put = NULL;
    size_t nput = 0;
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
    rc = lines_to_cells(s, cutoff, &put, &nput, diag);
    cells_settle(s);
    if (!s->o.dry_run)
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
            s->c.closed += (long)e->val;
            e->val = 0;
            continue;
        }
        if (!rc)
            rc = slot_resolve(s, &sl, key_service(e->key), diag);
        /* a day the retention window has passed would be pruned below,
         * in this transaction: its row is not written (the week's
         * aggregate still counts it, from memory) */
        if (fresh && key_day(e->key) >= cutoff && e->val > 0)
            fresh[n++] = *e;
    }
    /* the stored day rows of those weeks join them, read before the new
     * ones are written */
    if (!rc && w.from)
        rc = store_shadow_days(s->st, w.from, w.to + 6, on_stored_day, &m,
                               diag);
    if (!rc && fresh)
        rc = put_days(s, &sl, fresh, n, diag);
    if (!rc && nput)
        rc = store_shadow_lines_add(s->st, put, nput, diag);
    if (!rc)
        rc = weeks_build(&w, store_shadow_week_clear, diag);
    cells_settle(s); /* the stored rows with the new */
    if (!rc)
        rc = put_weeks(s, &sl, diag);
    if (!rc && !s->o.dry_run) {
        int pruned = store_shadow_prune(s->st, cutoff, diag);

        rc = pruned < 0 ? pruned : 0;
    }
    s->c.week_from = w.from;
    s->c.week_to = w.to;
    weeks_release(&w);
    u64map_release(&sl.by_id);
    free(sl.id);
    free(fresh);
    free(put);
    return rc;
}

/* Loads the roster (the sink's prepare: on a thread of the reader's,
 * while the files are read). */
static int load_roster(void *ctx, struct diag *diag)
{
    struct shadow_scan *s = ctx;
    size_t people = 0, aliases = 0;
    int rc = store_identity_counts(s->st, &people, &aliases, diag);

    if (!rc) {
        pnmap_reserve(&s->identities, people + aliases);
        u64map_reserve(&s->person_no, people);
        s->persons = xgrow(NULL, &s->persons_cap, people,
                           sizeof(*s->persons));
        rc = store_identities(s->st, on_identity, s, diag);
    }
    if (!rc)
        rc = store_subnets(s->st, &s->subnets, &s->nsubnets, diag);
    return rc;
}

int shadow_scan_open(struct store *st, const struct pseudo_key *key,
                     const struct catalog *cat, const struct shadow_opts *o,
                     struct shadow_scan **out, struct diag *diag)
{
    struct shadow_scan *s;

    *out = NULL;
    if (cat->nservices > SERVICE_MAX) /* cells hold a service in 16 bits */
        return diag_set(diag, TR_EINVAL,
                        "more than %d AI services in the catalogs",
                        SERVICE_MAX);
    s = xcalloc(1, sizeof(*s));
    s->st = st;
    s->key = key;
    s->cat = cat;
    s->o = *o;
    pnmap_init(&s->identities);
    u64map_init(&s->person_no);
    *out = s;
    return 0;
}

void shadow_scan_sink(struct shadow_scan *s, struct weblog_sink *sink)
{
    sink->ctx = s;
    sink->prepare = load_roster;
    sink->part_new = part_new;
    sink->host = host_service;
    sink->hit = batch_hit;
    sink->flush = count_batch;
    sink->part_end = part_end;
}

int shadow_scan_store(struct shadow_scan *s, struct diag *diag)
{
    return store_cells(s, diag);
}

void shadow_scan_counts(const struct shadow_scan *s, struct shadow_counts *c)
{
    *c = s->c;
}

void shadow_scan_free(struct shadow_scan *s)
{
    if (!s)
        return;
    pnmap_release(&s->identities);
    u64map_release(&s->person_no);
    free(s->cells);
    free(s->lines);
    whos_release(&s->whos);
    free(s->persons);
    free(s->subnets);
    free(s);
}
