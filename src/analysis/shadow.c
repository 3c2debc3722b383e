/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shadow-AI scan: match the host first (cheap), then attribute and
 * aggregate only the hits. */
#include "analysis/shadow.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <zlib.h>

#include "core/progress.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/store.h"

#define READ_BLOCK (1u << 20)
#define LINE_MAX_BYTES (64u << 10) /* longer lines are malformed */

struct person {
    int64_t id, unit;
};

/* One aggregate cell: the strmap key is day, unit, service and who. */
struct cell_key {
    int64_t day, unit, service;
    unsigned char who[PSEUDO_BYTES + 1];
};

struct scan {
    struct store *st;
    const struct pseudo_key *key;
    const struct catalog *cat;
    const struct shadow_opts *o;
    struct shadow_counts *c;
    struct strmap identities;      /* pseudonym -> index into people */
    struct person *people;
    size_t npeople, people_cap;
    struct store_subnet *subnets;  /* longest prefix first */
    size_t nsubnets;
    int64_t *service_ids;          /* catalog service -> store id (0) */
    struct strmap cells;           /* cell_key -> requests */
    struct weblog w;
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

/* Attributes an event: fills who and returns the unit, or 0. */
static int64_t attribute(const struct scan *s, const struct weblog_event *ev,
                         unsigned char *who, size_t *who_len)
{
    unsigned char pn[PSEUDO_BYTES];
    int64_t idx, unit;

    if (ev->user && !pseudo_hash(s->key, ev->user, ev->user_len, pn)
        && strmap_get(&s->identities, pn, PSEUDO_BYTES, &idx)
        && s->people[idx].unit) {
        /* a person: the same key whichever alias the log used */
        who[0] = 'p';
        memcpy(who + 1, &s->people[idx].id, sizeof(int64_t));
        *who_len = 1 + sizeof(int64_t);
        return s->people[idx].unit;
    }
    unit = ev->ip ? subnet_unit(s, ev->ip, ev->ip_len) : 0;
    if (!unit)
        return 0;
    /* an address: a keyed hash, never the address itself */
    {
        char tmp[80];
        int n = snprintf(tmp, sizeof(tmp), "ip:%.*s", (int)ev->ip_len,
                         ev->ip);

        if (n <= 0 || (size_t)n >= sizeof(tmp)
            || pseudo_hash(s->key, tmp, (size_t)n, who + 1))
            return 0;
        who[0] = 'a';
        *who_len = 1 + PSEUDO_BYTES;
    }
    return unit;
}

static int service_id(struct scan *s, size_t svc, int64_t *id,
                      struct diag *diag)
{
    const struct catalog_service *cs = &s->cat->services[svc];
    int rc = 0;

    if (!s->service_ids[svc])
        rc = store_service_id(s->st, cs->name, cs->vendor, cs->category,
                              &s->service_ids[svc], diag);
    *id = s->service_ids[svc];
    return rc;
}

static int line(struct scan *s, const char *p, size_t len, struct diag *diag)
{
    char host[CATALOG_HOST_MAX + 1];
    const struct catalog_rule *r;
    struct weblog_event ev;
    struct cell_key k;
    size_t n, who_len = 0;
    int64_t requests = 0;
    int rc;

    s->c->lines++;
    switch (weblog_parse(&s->w, p, len, &ev)) {
    case WL_SKIP:
        return 0;
    case WL_MALFORMED:
        s->c->malformed++;
        return 0;
    case WL_NO_HOST:
        s->c->no_host++;
        return 0;
    case WL_EVENT:
        break;
    }
    s->c->events++;
    n = catalog_host(ev.host, ev.host_len, host);
    r = n ? catalog_match(s->cat, host, n) : NULL;
    if (!r)
        return 0;
    if (!catalog_counts_as_use(r->role)) {
        s->c->ai_other++;
        return 0;
    }
    s->c->ai_use++;
    memset(&k, 0, sizeof(k));
    k.unit = attribute(s, &ev, k.who, &who_len);
    if (!k.unit) {
        s->c->unmapped++;
        return 0;
    }
    rc = service_id(s, r->service, &k.service, diag);
    if (rc)
        return rc;
    k.day = tstamp_day(ev.ts);
    strmap_get(&s->cells, &k, sizeof(k), &requests);
    strmap_put(&s->cells, &k, sizeof(k), requests + 1);
    return 0;
}

static int scan_file(struct scan *s, const char *path, struct progress *prog,
                     uint64_t done_before, struct diag *diag)
{
    gzFile gz = strcmp(path, "-") ? gzopen(path, "rb") : gzdopen(0, "rb");
    char *block = xmalloc(READ_BLOCK);
    struct buf carry = BUF_INIT;
    int n, rc = 0, errnum;

    if (!gz) {
        free(block);
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    }
    gzbuffer(gz, 256u << 10);
    weblog_init(&s->w, s->o->format, s->o->year);
    while (!rc && (n = gzread(gz, block, READ_BLOCK)) > 0) {
        const char *p = block, *end = block + n;

        s->c->bytes += (uint64_t)n;
        while (!rc && p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));

            if (!nl) {
                if (carry.len < LINE_MAX_BYTES)
                    buf_add(&carry, p, (size_t)(end - p));
                break;
            }
            if (carry.len) {
                if (carry.len < LINE_MAX_BYTES)
                    buf_add(&carry, p, (size_t)(nl - p));
                if (carry.len < LINE_MAX_BYTES)
                    rc = line(s, carry.data, carry.len, diag);
                else { /* an overlong line: malformed, not parsed */
                    s->c->lines++;
                    s->c->malformed++;
                }
                buf_reset(&carry);
            } else
                rc = line(s, p, (size_t)(nl - p), diag);
            p = nl + 1;
        }
        progress_update(prog, done_before + (uint64_t)gzoffset(gz));
    }
    if (!rc && carry.len)
        rc = line(s, carry.data, carry.len, diag);
    if (!rc) {
        const char *msg = gzerror(gz, &errnum);

        if (errnum != Z_OK && errnum != Z_STREAM_END)
            rc = diag_set(diag, TR_EIO,
                          "'%s': %s after %ld lines (a gzip file that ends "
                          "early?)",
                          path, msg, s->c->lines);
    }
    gzclose(gz);
    buf_release(&carry);
    free(block);
    return rc;
}

/* Stores the cells: day-level rows, then each touched week rebuilt. A week
 * whose day-level rows have already been deleted by retention cannot be
 * rebuilt: its new events are counted as closed, not merged. */
static int store_cells(struct scan *s, struct diag *diag)
{
    int64_t cutoff = tstamp_day(s->o->now) - s->o->retention_days;
    struct strmap weeks; /* Monday -> 1 when closed by retention */
    int rc = 0;

    strmap_init(&weeks);
    for (size_t i = 0; i < s->cells.cap && !rc; i++) {
        const struct strmap_entry *e = &s->cells.slots[i];
        struct cell_key k;
        int64_t monday, known;
        int exists = 0;

        if (!e->key)
            continue;
        memcpy(&k, e->key, sizeof(k));
        monday = tstamp_monday(k.day);
        if (!strmap_get(&weeks, &monday, sizeof(monday), &known)) {
            if (monday + 6 < cutoff)
                rc = store_shadow_week_exists(s->st, monday, &exists, diag);
            strmap_put(&weeks, &monday, sizeof(monday), exists);
            known = exists;
        }
        if (known) {
            s->c->closed += (long)e->val;
            continue;
        }
        if (!s->c->week_from || monday < s->c->week_from)
            s->c->week_from = monday;
        if (monday > s->c->week_to)
            s->c->week_to = monday;
        rc = store_shadow_add(s->st, k.day, k.who,
                              k.who[0] == 'p' ? 1 + sizeof(int64_t)
                                              : 1 + PSEUDO_BYTES,
                              k.unit, k.service, e->val, diag);
    }
    for (size_t i = 0; i < weeks.cap && !rc; i++) {
        int64_t monday;

        if (!weeks.slots[i].key || weeks.slots[i].val)
            continue;
        memcpy(&monday, weeks.slots[i].key, sizeof(monday));
        rc = store_shadow_week_build(s->st, monday, diag);
    }
    if (!rc) {
        int pruned = store_shadow_prune(s->st, cutoff, diag);

        rc = pruned < 0 ? pruned : 0;
    }
    strmap_release(&weeks);
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
    uint64_t total = 0, done = 0;
    int rc;

    memset(&s, 0, sizeof(s));
    memset(out, 0, sizeof(*out));
    s.st = st;
    s.key = key;
    s.cat = cat;
    s.o = o;
    s.c = out;
    strmap_init(&s.identities);
    strmap_init(&s.cells);
    s.service_ids = xcalloc(cat->nservices ? cat->nservices : 1,
                            sizeof(int64_t));
    rc = store_identities(st, on_identity, &s, diag);
    if (!rc)
        rc = store_subnets(st, &s.subnets, &s.nsubnets, diag);
    for (size_t i = 0; i < nfiles; i++)
        total += file_size(files[i]);
    progress_start(&prog, "scanning", total);
    for (size_t i = 0; i < nfiles && !rc; i++) {
        rc = scan_file(&s, files[i], &prog, done, diag);
        done += file_size(files[i]);
    }
    progress_end(&prog);
    if (!rc)
        rc = store_cells(&s, diag);
    strmap_release(&s.identities);
    strmap_release(&s.cells);
    free(s.people);
    free(s.subnets);
    free(s.service_ids);
    return rc;
}
