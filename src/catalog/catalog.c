/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Catalog loading and host matching: one hash probe for the exact host
 * and one per parent suffix. */
#include "catalog/catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/buf.h"
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

/* Where the filter's part of a host lies: its last two labels (the
 * whole host when it has two), after any "user@", before any ":port" and
 * trailing dots, read from the host as normalised or as a log gives it.
 * -1 when the host has a single label. Characters a host cannot hold are
 * not looked at: catalog_host refuses such a host, so a "no" from the
 * filter is still right for it. */
static int span_bytes(const char *host, size_t len, size_t *start,
                      size_t *end)
{
    size_t dots = 0, i, e = len;

    while (e && (unsigned)(host[e - 1] - '0') < 10)
        e--;
    e = e && host[e - 1] == ':' ? e - 1 : len; /* a port */
    while (e && host[e - 1] == '.')
        e--;
    for (i = e; i > 0; i--) {
        char ch = host[i - 1];

        if ((ch == '.' && ++dots == 2) || ch == '@')
            break;
    }
    if (!dots)
        return -1;
    *start = i;
    *end = e;
    return 0;
}

#if defined(__SSE2__)
/* The 32 bits of byte c in lo and hi. */
static uint32_t bits32(__m128i lo, __m128i hi, char c)
{
    const __m128i k = _mm_set1_epi8(c);

    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(lo, k))
           | (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(hi, k)) << 16;
}

static unsigned top_ones(uint32_t x)
{
    return x == ~0u ? 32 : (unsigned)__builtin_clz(~x);
}

static unsigned top_bit(uint32_t x)
{
    return 31u - (unsigned)__builtin_clz(x);
}

/* span_bytes from the 32 bytes before the host's end as bit masks (those
 * before the host are read only when padded says they may be, and then
 * ignored); -2 when they do not decide it (a long host). */
static int span32(const char *host, size_t len, int padded, size_t *start,
                  size_t *end)
{
    char tmp[32];
    const char *w = host + len - 32;
    __m128i lo, hi, dl, dh;
    uint32_t dot, at, digit, below, d, a, d2, in = ~0u;
    unsigned e, s;
    int whole = len <= 32; /* the window holds all of the host */

    if (len < 32 && padded)
        in = len ? ~0u << (32 - len) : 0;
    else if (len < 32) { /* right-aligned after zero bytes */
        memset(tmp, 0, sizeof(tmp));
        memcpy(tmp + 32 - len, host, len);
        w = tmp;
    }
    lo = _mm_loadu_si128((const __m128i *)(const void *)w);
    hi = _mm_loadu_si128((const __m128i *)(const void *)(w + 16));
    dl = _mm_sub_epi8(lo, _mm_set1_epi8('0'));
    dh = _mm_sub_epi8(hi, _mm_set1_epi8('0'));
    digit = (uint32_t)_mm_movemask_epi8(
                _mm_cmpeq_epi8(_mm_min_epu8(dl, _mm_set1_epi8(9)), dl))
            | (uint32_t)_mm_movemask_epi8(
                  _mm_cmpeq_epi8(_mm_min_epu8(dh, _mm_set1_epi8(9)), dh))
                  << 16;
    digit &= in;
    dot = bits32(lo, hi, '.') & in;
    at = bits32(lo, hi, '@') & in;
    e = 32 - top_ones(digit); /* before the trailing digits */
    if (!e)
        return whole ? -1 : -2;
    e = (bits32(lo, hi, ':') & in) >> (e - 1) & 1 ? e - 1 : 32;
    if (e)
        e -= top_ones(dot << (32 - e)); /* trailing dots */
    if (!e)
        return whole ? -1 : -2;
    below = e == 32 ? ~0u : (1u << e) - 1;
    d = dot & below;
    a = at & below;
    if (!d)
        return whole || a ? -1 : -2;
    if (a && top_bit(a) > top_bit(d))
        return -1; /* "user@" after the last dot */
    d2 = d & ~(1u << top_bit(d));
    if (d2)
        s = top_bit(d2) + 1;
    else if (a)
        s = 0;
    else if (whole)
        s = 32 - (unsigned)len;
    else
        return -2;
    if (a && top_bit(a) >= s)
        s = top_bit(a) + 1;
    *start = len - 32 + s;
    *end = len - 32 + e;
    return 0;
}
#endif

/* The filter's bit from a span's last 32 bytes as four words (right-
 * aligned, zero before a shorter span, every byte OR 0x20, which lower-
 * cases host characters) and its length. */
static long span_bit(const uint64_t w[4], size_t n)
{
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull
                 + w[0] * 0xC2B2AE3D27D4EB4Full + w[1] * 0x165667B19E3779F9ull
                 + w[2] * 0x27D4EB2F165667C5ull + w[3] * 0xFF51AFD7ED558CCDull;

    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return (long)((h >> 32) & 0xFFFF);
}

/* span_bit of host[i, end) through a copy. */
static long span_bit_copy(const char *host, size_t i, size_t end)
{
    unsigned char t[32];
    uint64_t w[4];
    size_t n = end - i, k = n < 32 ? n : 32;

    memset(t, 0, sizeof(t));
    for (size_t j = 0; j < k; j++)
        t[32 - k + j] = (unsigned char)(host[end - k + j] | 0x20);
    memcpy(w, t, sizeof(w));
    return span_bit(w, n);
}

#if defined(__SSE2__)
/* span_bit of host[i, end), read in place: 32 bytes before end must be
 * readable. */
static long span_bit_in_place(const char *host, size_t i, size_t end)
{
    const __m128i fold = _mm_set1_epi8(0x20);
    const __m128i at_lo = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                                        11, 12, 13, 14, 15);
    const __m128i at_hi = _mm_add_epi8(at_lo, _mm_set1_epi8(16));
    size_t n = end - i;
    /* bytes at or past 32 - n are the span's */
    __m128i first = _mm_set1_epi8((char)(n < 32 ? 31 - (int)n : -1));
    __m128i lo = _mm_loadu_si128((const __m128i *)(const void *)(
        host + end - 32));
    __m128i hi = _mm_loadu_si128((const __m128i *)(const void *)(
        host + end - 16));
    uint64_t w[4];

    lo = _mm_and_si128(_mm_or_si128(lo, fold), _mm_cmpgt_epi8(at_lo, first));
    hi = _mm_and_si128(_mm_or_si128(hi, fold), _mm_cmpgt_epi8(at_hi, first));
    _mm_storeu_si128((__m128i *)(void *)w, lo);
    _mm_storeu_si128((__m128i *)(void *)(w + 2), hi);
    return span_bit(w, n);
}
#endif

/* The bit of a host's filter span; -1 when it has none. padded: 64
 * bytes before the host's end may be read. */
static long filter_bit(const char *host, size_t len, int padded)
{
    size_t i, end;
    int rc = -2;

#if defined(__SSE2__)
    rc = span32(host, len, padded, &i, &end);
#endif
    if (rc == -2)
        rc = span_bytes(host, len, &i, &end);
    if (rc)
        return -1;
#if defined(__SSE2__)
    if (padded && len - end <= 32) /* end - 32 is in the padding */
        return span_bit_in_place(host, i, end);
#endif
    return span_bit_copy(host, i, end);
}

int catalog_may_match(const struct catalog *c, const char *host, size_t len)
{
    long bit = c->filter_off ? -1 : filter_bit(host, len, 0);

    return bit < 0 || (c->filter[bit >> 6] >> (bit & 63) & 1);
}

int catalog_may_match_padded(const struct catalog *c, const char *host,
                             size_t len)
{
    long bit = c->filter_off ? -1 : filter_bit(host, len, 1);

    return bit < 0 || (c->filter[bit >> 6] >> (bit & 63) & 1);
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
    {
        long bit = filter_bit(host, n, 0);

        if (bit < 0)
            c->filter_off = 1;
        else
            c->filter[bit >> 6] |= 1ull << (bit & 63);
    }
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
    char chunk[65536];
    size_t n;
    FILE *fp = fopen(path, "rb");
    int rc;

    if (!fp)
        return diag_errno(diag, TR_EIO, "cannot open catalog '%s'", path);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        buf_add(&b, chunk, n);
    rc = ferror(fp) ? diag_errno(diag, TR_EIO, "cannot read '%s'", path) : 0;
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
