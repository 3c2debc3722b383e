/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Catalog loading and host matching: one hash probe for the exact host
 * and one per parent suffix. */
#include "catalog/catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/bytemask.h"
#include "core/xalloc.h"

/* The built-in catalog, generated from data/catalog/ai-services.tsv. */
extern const char catalog_builtin[];

const char *const catalog_role_names[CR_COUNT] = {
    [CR_UI] = "ui",         [CR_API] = "api",
    [CR_AUTH] = "auth",     [CR_STATIC] = "static",
    [CR_MARKETING] = "marketing"};

static unsigned char host_chars[256];
static void host_chars_init(void);

const char *const catalog_categories[] = {
    "chat", "coding", "writing", "translation", "image",
    "meeting", "search", "api", NULL};

void catalog_init(struct catalog *c)
{
    if (!host_chars['a'])
        host_chars_init();
    memset(c, 0, sizeof(*c));
    strmap_init(&c->full);
    strmap_init(&c->domain);
    strmap_init(&c->by_name);
}

void catalog_release(struct catalog *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nservices; i++) {
        free(c->services[i].name);
        free(c->services[i].vendor);
        free(c->services[i].category);
    }
    for (size_t i = 0; i < c->nrules; i++)
        free(c->rules[i].host);
    free(c->services);
    free(c->rules);
    strmap_release(&c->full);
    strmap_release(&c->domain);
    strmap_release(&c->by_name);
    catalog_init(c);
}

int catalog_counts_as_use(enum catalog_role role)
{
    return role == CR_UI || role == CR_API || role == CR_AUTH;
}

static int is_ip_literal(const char *h, size_t n)
{
    size_t dots = 0;

    for (size_t i = 0; i < n; i++) {
        if (h[i] == ':')
            return 1; /* IPv6 */
        if (h[i] == '.')
            dots++;
        else if (!isdigit((unsigned char)h[i]))
            return 0;
    }
    return dots == 3;
}

/* Host characters lower-cased; 0 for anything a host cannot hold. */
static void host_chars_init(void)
{
    for (int ch = 0; ch < 256; ch++)
        host_chars[ch] = (unsigned char)(isalnum(ch) || ch == '-' || ch == '.'
                                                 || ch == '_'
                                             ? tolower(ch)
                                             : 0);
}

size_t catalog_host(const char *in, size_t len, char *out)
{
    const char *at = memchr(in, '@', len), *colon;
    size_t n = 0;

    if (!host_chars['a'])
        host_chars_init();
    if (at) {
        len -= (size_t)(at + 1 - in);
        in = at + 1;
    }
    if (len && in[0] == '[')
        return 0; /* [IPv6]:port */
    /* a single ':' starts a port; more than one is an IPv6 literal */
    colon = memchr(in, ':', len);
    if (colon) {
        if (memchr(colon + 1, ':', len - (size_t)(colon + 1 - in)))
            return 0;
        len = (size_t)(colon - in);
    }
    while (len && in[len - 1] == '.')
        len--;
    if (!len || len > CATALOG_HOST_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = host_chars[(unsigned char)in[i]];

        if (!ch)
            return 0;
        out[n++] = (char)ch;
    }
    return is_ip_literal(out, n) ? 0 : n;
}

/* The quick no. A host has a rule only when its name (before any
 * ":port" and trailing dots, after any "user@") is the rule's host or
 * ends with a dot and the rule's host. So for a rule host of 16 bytes or
 * more the name's last 16 bytes are the rule's last 16; for one of 8 to
 * 15 its last 8 are; and for a shorter one of L its last L are, with a
 * dot (or the name's start) before them. Those suffixes are hashed to
 * bits of one bitmap. A name is tested with two hashes (its last 16 and
 * last 8 bytes, when it is that long) and, only where a dot (or its
 * start) lies before a suffix of a length short rule hosts have, one
 * hash of that suffix: most names end in a label longer than any short
 * rule host leaves (".com" after "ogle"), so they need none. Bytes are
 * read as words ending at the name's end (OR 0x20 lower-cases host
 * characters); what lies before a short name only adds maybes. */
#define FOLD 0x2020202020202020ull
#define HIGH 0x8080808080808080ull
#define LOW7 0x7F7F7F7F7F7F7F7Full

/* Where catalog_host would end a host's name: before the ":port" after
 * any "user@", and before trailing dots; *from: where the name starts
 * (after the "user@"). (An IPv6 literal, which it refuses, may end
 * anywhere.) */
static size_t host_end(const char *host, size_t len, size_t *from)
{
    const char *at = memchr(host, '@', len), *name = at ? at + 1 : host;
    const char *colon = memchr(name, ':', len - (size_t)(name - host));
    size_t e = colon ? (size_t)(colon - host) : len;

    *from = (size_t)(name - host);
    while (e > *from && host[e - 1] == '.')
        e--;
    return e;
}

#if defined(__SSE2__)
/* host_end from bit masks of the host's first 32 bytes (which must be
 * readable); len at most 32. */
static size_t host_end32(const char *host, size_t len, size_t *from)
{
    __m128i lo = _mm_loadu_si128((const __m128i *)(const void *)host);
    __m128i hi = _mm_loadu_si128((const __m128i *)(const void *)(host + 16));
    uint32_t in = len >= 32 ? ~0u : (1u << len) - 1;
    uint32_t at = bytemask32(lo, hi, '@') & in;
    uint32_t colon = bytemask32(lo, hi, ':') & in;
    size_t e;

    *from = 0;
    if (at) { /* colons after the first '@' */
        *from = (size_t)__builtin_ctz(at) + 1;
        colon &= ~0u << __builtin_ctz(at);
    }
    e = colon ? (size_t)__builtin_ctz(colon) : len;
    while (e > *from && host[e - 1] == '.')
        e--;
    return e;
}
#endif

static unsigned filter_hash(uint64_t w, uint64_t k)
{
    return (unsigned)((w * k) >> (64 - CATALOG_FILTER_LOG2));
}

/* The bits of a suffix of 16 bytes (lo, hi), of 8 (hi), and of L < 8
 * (the last L bytes of hi), each byte OR 0x20. */
static unsigned bit16(uint64_t lo, uint64_t hi)
{
    return filter_hash(lo * 0x9E3779B97F4A7C15ull + hi, 0xC2B2AE3D27D4EB4Full);
}

static unsigned bit8(uint64_t hi)
{
    return filter_hash(hi, 0x165667B19E3779F9ull);
}

static unsigned bit_short(uint64_t hi, unsigned l)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return filter_hash((hi & ((1ull << (8 * l)) - 1)) + l,
                       0x27D4EB2F165667C5ull);
#else
    return filter_hash((hi >> (8 * (8 - l))) + l, 0x27D4EB2F165667C5ull);
#endif
}

/* The top bit of byte i of a word as it was loaded (byte 0 first). */
static uint64_t byte_bit(unsigned i)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return 0x80ull << 8 * (7 - i);
#else
    return 0x80ull << 8 * i;
#endif
}

static unsigned bit_byte(uint64_t bit)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return 7 - (unsigned)__builtin_ctzll(bit) / 8;
#else
    return (unsigned)__builtin_ctzll(bit) / 8;
#endif
}

static uint64_t test_bit(const struct catalog *c, unsigned bit)
{
    return c->filter[bit >> 6] >> (bit & 63) & 1;
}

/* Whether a name of n bytes ending at end (16 bytes before it readable)
 * may have a rule. */
static int filter_test(const struct catalog *c, const char *end, size_t n)
{
    uint64_t lo, hi, v, dots, any;

    memcpy(&lo, end - 16, 8);
    memcpy(&hi, end - 8, 8);
    lo |= FOLD;
    hi |= FOLD;
    any = (test_bit(c, bit16(lo, hi)) & (n >= 16))
          | (test_bit(c, bit8(hi)) & (n >= 8));
    /* the dots among the last 8 bytes (each byte's top bit), and the
     * name's start as one; kept where a short rule host would follow */
    v = hi ^ 0x2E2E2E2E2E2E2E2Eull;
    dots = ~(((v & LOW7) + LOW7) | v) & HIGH;
    if (n < 8)
        dots |= byte_bit(7 - (unsigned)n);
    for (dots &= c->short_dots; dots; dots &= dots - 1)
        any |= test_bit(c, bit_short(hi, 7 - bit_byte(dots & -dots)));
    return (int)any;
}

/* The filter test on a copy of a name, right-aligned after zeros. */
static int filter_copy(const struct catalog *c, const char *name, size_t n)
{
    char tmp[16];
    size_t k = n < 16 ? n : 16;

    memset(tmp, 0, sizeof(tmp));
    memcpy(tmp + 16 - k, name + n - k, k);
    return filter_test(c, tmp + 16, n);
}

/* Adds a normalised rule host to the filter. */
static void filter_add(struct catalog *c, const char *host, size_t n)
{
    char tmp[16];
    uint64_t lo, hi;
    size_t m = n < 16 ? n : 16;
    unsigned bit;

    memset(tmp, 0, sizeof(tmp));
    memcpy(tmp + 16 - m, host + n - m, m);
    memcpy(&lo, tmp, 8);
    memcpy(&hi, tmp + 8, 8);
    lo |= FOLD;
    hi |= FOLD;
    if (n >= 16)
        bit = bit16(lo, hi);
    else if (n >= 8)
        bit = bit8(hi);
    else {
        bit = bit_short(hi, (unsigned)n);
        c->short_dots |= byte_bit(7 - (unsigned)n);
    }
    c->filter[bit >> 6] |= 1ull << (bit & 63);
}

int catalog_may_match(const struct catalog *c, const char *host, size_t len)
{
    size_t from, e = host_end(host, len, &from);

    return filter_copy(c, host + from, e - from);
}

int catalog_may_match_padded(const struct catalog *c, const char *host,
                             size_t len)
{
    size_t from, e;

#if defined(__SSE2__)
    e = len <= 32 ? host_end32(host, len, &from) : host_end(host, len, &from);
#else
    e = host_end(host, len, &from);
#endif
    /* 16 bytes before e lie in the padding unless the port was long */
    return len - e <= CATALOG_PAD - 16 ? filter_test(c, host + e, e - from)
                                       : filter_copy(c, host + from, e - from);
}

const struct catalog_rule *catalog_match(const struct catalog *c,
                                         const char *host, size_t len)
{
    int64_t idx;

    if (!catalog_may_match(c, host, len))
        return NULL;
    if (strmap_get(&c->full, host, len, &idx))
        return &c->rules[idx];
    for (;;) {
        const char *dot;

        if (strmap_get(&c->domain, host, len, &idx))
            return &c->rules[idx];
        dot = memchr(host, '.', len);
        if (!dot)
            return NULL;
        len -= (size_t)(dot + 1 - host);
        host = dot + 1;
    }
}

static int field_index(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n && names[i]; i++)
        if (!strcmp(names[i], s))
            return (int)i;
    return -1;
}

static size_t service(struct catalog *c, const char *name,
                      const char *vendor, const char *category)
{
    int64_t idx;

    if (strmap_gets(&c->by_name, name, &idx)) {
        struct catalog_service *s = &c->services[idx];

        /* the latest file's vendor and category win */
        free(s->vendor);
        free(s->category);
        s->vendor = xstrdup(vendor);
        s->category = xstrdup(category);
        return (size_t)idx;
    }
    c->services = xgrow(c->services, &c->services_cap, c->nservices + 1,
                        sizeof(*c->services));
    c->services[c->nservices].name = xstrdup(name);
    c->services[c->nservices].vendor = xstrdup(vendor);
    c->services[c->nservices].category = xstrdup(category);
    strmap_puts(&c->by_name, name, (int64_t)c->nservices);
    return c->nservices++;
}

static int add_rule(struct catalog *c, char **f, long line,
                    struct diag *diag)
{
    char host[CATALOG_HOST_MAX + 1];
    struct strmap *map;
    int full = !strcmp(f[0], "full"), role, cat;
    size_t n;
    int64_t idx;

    if (!full && strcmp(f[0], "domain"))
        return diag_at(diag, TR_EPARSE, line, 1,
                       "match must be 'domain' or 'full', not '%s'", f[0]);
    n = catalog_host(f[1], strlen(f[1]), host);
    if (!n)
        return diag_at(diag, TR_EPARSE, line, 2, "'%s' is not a host name",
                       f[1]);
    host[n] = '\0';
    if (!*f[2])
        return diag_at(diag, TR_EPARSE, line, 3, "empty service");
    cat = field_index(catalog_categories, 99, f[4]);
    if (cat < 0)
        return diag_at(diag, TR_EPARSE, line, 5,
                       "unknown category '%s' (chat, coding, writing, "
                       "translation, image, meeting, search or api)",
                       f[4]);
    role = field_index(catalog_role_names, CR_COUNT, f[5]);
    if (role < 0)
        return diag_at(diag, TR_EPARSE, line, 6,
                       "unknown role '%s' (ui, api, auth, static or "
                       "marketing)",
                       f[5]);
    filter_add(c, host, n);
    map = full ? &c->full : &c->domain;
    if (!strmap_get(map, host, n, &idx)) {
        c->rules = xgrow(c->rules, &c->rules_cap, c->nrules + 1,
                         sizeof(*c->rules));
        idx = (int64_t)c->nrules++;
        c->rules[idx].host = xstrdup(host);
        strmap_put(map, host, n, idx);
    }
    c->rules[idx].full = full;
    c->rules[idx].service = service(c, f[2], f[3], f[4]);
    c->rules[idx].role = (enum catalog_role)role;
    return 0;
}

int catalog_load_buf(struct catalog *c, const char *buf, size_t len,
                     struct diag *diag)
{
    const char *p = buf, *end = buf + len;
    long line = 0;
    int rc = 0;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        char *copy, *f[6];
        size_t nf = 0;

        line++;
        if (e > p && e[-1] == '\r')
            e--;
        if (e == p || *p == '#') {
            p = nl ? nl + 1 : end;
            continue;
        }
        copy = xstrndup(p, (size_t)(e - p));
        for (char *s = copy; nf < 6; nf++) {
            f[nf] = s;
            s = strchr(s, '\t');
            if (!s) {
                nf++;
                break;
            }
            *s++ = '\0';
        }
        if (nf != 6 || strchr(f[5], '\t'))
            rc = diag_at(diag, TR_EPARSE, line, 0,
                         "expected 6 tab-separated columns (match, host, "
                         "service, vendor, category, role)");
        else if (add_rule(c, f, line, diag))
            rc = TR_EPARSE;
        free(copy);
        p = nl ? nl + 1 : end;
    }
    return rc;
}

int catalog_load_file(struct catalog *c, const char *path, struct diag *diag)
{
    struct buf b = BUF_INIT;
    FILE *fp = fopen(path, "rb");
    int rc;

    if (!fp)
        return diag_errno(diag, TR_EIO, "cannot open catalog '%s'", path);
    rc = buf_read_stream(&b, fp)
             ? diag_errno(diag, TR_EIO, "cannot read '%s'", path)
             : 0;
    fclose(fp);
    if (!rc)
        rc = catalog_load_buf(c, buf_str(&b), b.len, diag);
    buf_release(&b);
    return rc;
}

int catalog_load_builtin(struct catalog *c, struct diag *diag)
{
    return catalog_load_buf(c, catalog_builtin, strlen(catalog_builtin),
                            diag);
}
