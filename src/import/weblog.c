/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Log-line parsers for the shadow-AI scan. Each is a small state machine
 * over the line's bytes; no allocation, no copies. */
#include "import/weblog.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytemask.h"
#include "core/tstamp.h"

const char *const weblog_format_names[WL_COUNT] = {
    [WL_SQUID] = "squid",       [WL_COMBINED] = "combined",
    [WL_ZEEK] = "zeek",         [WL_UMBRELLA] = "umbrella",
    [WL_BIND] = "bind",         [WL_DNSMASQ] = "dnsmasq",
    [WL_ZSCALER] = "zscaler"};

int weblog_format_parse(const char *s)
{
    for (int i = 0; i < WL_COUNT; i++)
        if (!strcmp(s, weblog_format_names[i]))
            return i;
    return -1;
}

void weblog_init(struct weblog *w, enum weblog_format f, int year)
{
    memset(w, 0, sizeof(*w));
    w->format = f;
    w->year = year;
    w->zf_ts = w->zf_ip = w->zf_user = w->zf_host = w->zs_url = -1;
    w->sep = ',';
}

int weblog_fields(struct weblog *w, const char *list, char sep,
                  struct diag *diag)
{
    static const struct {
        const char *name;
        int which; /* 0 time, 1 user, 2 ip, 3 url, 4 host */
    } known[] = {{"time", 0},  {"datetime", 0}, {"login", 1},
                 {"elogin", 1}, {"cip", 2},     {"url", 3},
                 {"eurl", 3},  {"host", 4},     {"ehost", 4}};
    const char *p = list;
    int i = 0;

    w->sep = sep;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);

        for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
            if (strlen(known[k].name) == n && !memcmp(known[k].name, p, n)) {
                int *slot[] = {&w->zf_ts, &w->zf_user, &w->zf_ip, &w->zs_url,
                               &w->zf_host};

                *slot[known[k].which] = i;
            }
        i++;
        p += n;
        if (*p == ',')
            p++;
    }
    if (w->zf_ts < 0 || (w->zs_url < 0 && w->zf_host < 0))
        return diag_set(diag, TR_EUSAGE,
                        "--fields must name the time and the url or host "
                        "columns, e.g. time,login,cip,url,dept");
    w->have_fields = 1;
    return 0;
}

/* A field of a line split on runs of `sep` (spaces) or on each `sep`. */
struct cursor {
    const char *p, *end;
};

static int next_field(struct cursor *c, char sep, int runs, const char **f,
                      size_t *n)
{
    if (runs)
        while (c->p < c->end && *c->p == sep)
            c->p++;
    if (c->p >= c->end && runs)
        return 0;
    *f = c->p;
    while (c->p < c->end && *c->p != sep)
        c->p++;
    *n = (size_t)(c->p - *f);
    if (c->p < c->end)
        c->p++;
    else if (!runs && *n == 0 && *f == c->end)
        return 0;
    return 1;
}

/* Unix seconds with an optional fraction: the whole field, so that an
 * address (83.149.9.216, an Apache line) or a tab-separated Zeek line is
 * not read as a Squid time. */
static int epoch(const char *s, size_t n, int64_t *out)
{
    int64_t v = 0;
    size_t i = 0;

    while (i < n && isdigit((unsigned char)s[i]) && i < 12)
        v = v * 10 + (s[i++] - '0');
    if (!i || (i < n && s[i] != '.'))
        return -1;
    if (i < n)
        for (i++; i < n; i++)
            if (!isdigit((unsigned char)s[i]))
                return -1;
    *out = v;
    return 0;
}

/* The host of a URL ("http://user@host:port/path") or of a CONNECT target
 * ("host:443"); 0 when there is none (a path only). */
static size_t url_host(const char *u, size_t n, const char **host)
{
    const char *p = u, *end = u + n, *s;

    for (s = p; s + 2 < end; s++)
        if (s[0] == ':' && s[1] == '/' && s[2] == '/') {
            p = s + 3;
            break;
        } else if (s[0] == '/' || s[0] == '?')
            break;
    if (p == u && n && u[0] == '/')
        return 0;
    *host = p;
    while (p < end && *p != '/' && *p != '?' && *p != '#')
        p++;
    return (size_t)(p - *host);
}

static int is_dash(const char *s, size_t n)
{
    return n == 1 && s[0] == '-';
}

static enum weblog_result squid(const char *line, size_t len,
                                struct weblog_event *ev)
{
    struct cursor c = {line, line + len};
    const char *f[10];
    size_t n[10];
    int k;

    for (k = 0; k < 10 && next_field(&c, ' ', 1, &f[k], &n[k]); k++)
        ;
    if (k < 8 || epoch(f[0], n[0], &ev->ts))
        return WL_MALFORMED;
    ev->ip = f[2];
    ev->ip_len = n[2];
    if (!is_dash(f[7], n[7])) {
        ev->user = f[7];
        ev->user_len = n[7];
    }
    ev->host_len = url_host(f[6], n[6], &ev->host);
    return ev->host_len ? WL_EVENT : WL_NO_HOST;
}

/* [dd/Mon/yyyy:HH:MM:SS +zzzz] */
static int clf_time(const char *s, size_t n, int64_t *out)
{
    char tmp[40];
    struct tzone utc;

    if (n < 20 || n >= sizeof(tmp))
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    tmp[11] = ' '; /* dd/Mon/yyyy HH:MM:SS +zzzz */
    /* reorder into ISO: yyyy-mm-ddTHH:MM:SS+zzzz */
    {
        static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
        const char *m = strstr(months, (char[4]){tmp[3], tmp[4], tmp[5], 0});
        char iso[64];

        if (!m || tmp[2] != '/' || tmp[6] != '/')
            return -1;
        snprintf(iso, sizeof(iso), "%.4s-%02d-%.2sT%.8s%s", tmp + 7,
                 (int)(m - months) / 3 + 1, tmp, tmp + 12,
                 n > 20 ? tmp + 20 : "Z");
        tzone_init(&utc, "UTC", NULL);
        return tstamp_parse(iso, strlen(iso), &utc, out) ? -1 : 0;
    }
}

static enum weblog_result combined(const char *line, size_t len,
                                   struct weblog_event *ev)
{
    const char *end = line + len, *p, *q, *lb, *rb;
    struct cursor c = {line, end};
    const char *f[3];
    size_t n[3];

    for (int k = 0; k < 3; k++)
        if (!next_field(&c, ' ', 1, &f[k], &n[k]))
            return WL_MALFORMED;
    lb = memchr(line, '[', len);
    rb = lb ? memchr(lb, ']', (size_t)(end - lb)) : NULL;
    if (!lb || !rb || clf_time(lb + 1, (size_t)(rb - lb - 1), &ev->ts))
        return WL_MALFORMED;
    p = memchr(rb, '"', (size_t)(end - rb));
    q = p ? memchr(p + 1, '"', (size_t)(end - p - 1)) : NULL;
    if (!p || !q)
        return WL_MALFORMED;
    ev->ip = f[0];
    ev->ip_len = n[0];
    if (!is_dash(f[2], n[2])) {
        ev->user = f[2];
        ev->user_len = n[2];
    }
    /* "METHOD url HTTP/x": the URL is the second word */
    c.p = p + 1;
    c.end = q;
    if (!next_field(&c, ' ', 1, &f[0], &n[0])
        || !next_field(&c, ' ', 1, &f[1], &n[1]))
        return WL_NO_HOST;
    ev->host_len = url_host(f[1], n[1], &ev->host);
    return ev->host_len ? WL_EVENT : WL_NO_HOST;
}

static enum weblog_result zeek_header(struct weblog *w, const char *line,
                                      size_t len)
{
    struct cursor c = {line, line + len};
    const char *f;
    size_t n;
    int i = -1;

    if (len < 8 || memcmp(line, "#fields\t", 8))
        return WL_SKIP;
    w->zf_ts = w->zf_ip = w->zf_user = w->zf_host = -1;
    while (next_field(&c, '\t', 0, &f, &n) && i < WEBLOG_MAX_FIELDS) {
        if (i >= 0) {
#define IS(s) (n == sizeof(s) - 1 && !memcmp(f, s, n))
            if (IS("ts"))
                w->zf_ts = i;
            else if (IS("id.orig_h"))
                w->zf_ip = i;
            else if (IS("username"))
                w->zf_user = i;
            else if (IS("host") || IS("query") || IS("server_name"))
                w->zf_host = i;
#undef IS
        }
        i++;
    }
    w->have_fields = 1;
    return WL_SKIP;
}

static enum weblog_result zeek(struct weblog *w, const char *line, size_t len,
                               struct weblog_event *ev)
{
    struct cursor c = {line, line + len};
    const char *f;
    size_t n;
    int got_ts = 0;

    if (len && line[0] == '#')
        return zeek_header(w, line, len);
    if (!w->have_fields || w->zf_ts < 0 || w->zf_host < 0)
        return WL_MALFORMED; /* no #fields header: columns unknown */
    for (int i = 0; next_field(&c, '\t', 0, &f, &n); i++) {
        int unset = is_dash(f, n) || (n == 7 && !memcmp(f, "(empty)", 7));

        if (i == w->zf_ts) {
            if (epoch(f, n, &ev->ts))
                return WL_MALFORMED;
            got_ts = 1;
        } else if (i == w->zf_ip && !unset) {
            ev->ip = f;
            ev->ip_len = n;
        } else if (i == w->zf_user && !unset) {
            ev->user = f;
            ev->user_len = n;
        } else if (i == w->zf_host && !unset) {
            ev->host = f;
            ev->host_len = n;
        }
    }
    if (!got_ts)
        return WL_MALFORMED;
    return ev->host_len ? WL_EVENT : WL_NO_HOST;
}

/* One field of a quoted CSV line (Umbrella quotes every field; some
 * exports put a space after the comma). */
static int csv_field(struct cursor *c, const char **f, size_t *n)
{
    while (c->p < c->end && *c->p == ' ')
        c->p++;
    if (c->p >= c->end)
        return 0;
    if (*c->p == '"') {
        const char *q = memchr(c->p + 1, '"', (size_t)(c->end - c->p - 1));

        if (!q)
            return -1;
        *f = c->p + 1;
        *n = (size_t)(q - c->p - 1);
        c->p = q + 1;
        while (c->p < c->end && *c->p != ',')
            c->p++;
    } else {
        *f = c->p;
        while (c->p < c->end && *c->p != ',')
            c->p++;
        *n = (size_t)(c->p - *f);
    }
    if (c->p < c->end)
        c->p++;
    return 1;
}

static enum weblog_result umbrella(const char *line, size_t len,
                                   struct weblog_event *ev)
{
    struct cursor c = {line, line + len};
    const char *f[9];
    size_t n[9];
    struct tzone utc;
    int k;

    for (k = 0; k < 9; k++)
        if (csv_field(&c, &f[k], &n[k]) != 1)
            return WL_MALFORMED;
    tzone_init(&utc, "UTC", NULL);
    if (tstamp_parse(f[0], n[0], &utc, &ev->ts))
        return WL_MALFORMED;
    if (n[1]) {
        ev->user = f[1];
        ev->user_len = n[1];
    }
    if (n[3]) {
        ev->ip = f[3];
        ev->ip_len = n[3];
    }
    ev->host = f[8];
    ev->host_len = n[8];
    return n[8] ? WL_EVENT : WL_NO_HOST;
}

/* dd-Mon-yyyy HH:MM:SS[.mmm] somewhere before "client". */
static int bind_time(const char *line, const char *client, int64_t *out)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    struct tzone utc;
    char iso[32];

    for (const char *p = line; p + 20 <= client; p++) {
        const char *m;

        if (!(isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1])
              && p[2] == '-' && p[6] == '-' && p[11] == ' '))
            continue;
        m = strstr(months, (char[4]){p[3], p[4], p[5], 0});
        if (!m)
            continue;
        snprintf(iso, sizeof(iso), "%.4s-%02d-%.2sT%.8s", p + 7,
                 (int)(m - months) / 3 + 1, p, p + 12);
        tzone_init(&utc, "UTC", NULL);
        return tstamp_parse(iso, strlen(iso), &utc, out) ? -1 : 0;
    }
    return -1;
}

static const char *find(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);

    for (size_t i = 0; i + w <= n; i++)
        if (!memcmp(s + i, word, w))
            return s + i;
    return NULL;
}

static enum weblog_result bind_query(const char *line, size_t len,
                               struct weblog_event *ev)
{
    const char *end = line + len, *client = find(line, len, " client ");
    const char *q = find(line, len, "query: "), *p;

    if (!q)
        return WL_SKIP; /* other named messages */
    if (!client || client > q || bind_time(line, client, &ev->ts))
        return WL_MALFORMED;
    p = client + 8;
    if (*p == '@') /* client @0x7f...: the object address */
        while (p < end && *p++ != ' ')
            ;
    ev->ip = p;
    while (p < end && *p != '#' && *p != ' ')
        p++;
    ev->ip_len = (size_t)(p - ev->ip);
    ev->host = q + 7;
    for (p = ev->host; p < end && *p != ' '; p++)
        ;
    ev->host_len = (size_t)(p - ev->host);
    return ev->host_len ? WL_EVENT : WL_NO_HOST;
}

static enum weblog_result dnsmasq(const struct weblog *w, const char *line,
                                  size_t len, struct weblog_event *ev)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const char *end = line + len, *q = find(line, len, " query["), *p, *from;
    struct tzone utc;
    char iso[32];
    const char *m;

    if (!q)
        return WL_SKIP; /* forwarded, reply, cached ... */
    if (len < 15 || line[3] != ' ' || line[9] != ':')
        return WL_MALFORMED;
    m = strstr(months, (char[4]){line[0], line[1], line[2], 0});
    if (!m)
        return WL_MALFORMED;
    /* "Mar  9 09:14:07": the day is space-padded */
    snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%.8s", w->year,
             (int)(m - months) / 3 + 1,
             (isdigit((unsigned char)line[4]) ? line[4] - '0' : 0) * 10
                 + (line[5] - '0'),
             line + 7);
    tzone_init(&utc, "UTC", NULL);
    if (tstamp_parse(iso, strlen(iso), &utc, &ev->ts))
        return WL_MALFORMED;
    p = memchr(q + 7, ']', (size_t)(end - q - 7));
    if (!p || p + 2 >= end)
        return WL_MALFORMED;
    ev->host = p + 2;
    from = find(ev->host, (size_t)(end - ev->host), " from ");
    if (!from)
        return WL_MALFORMED;
    ev->host_len = (size_t)(from - ev->host);
    ev->ip = from + 6;
    ev->ip_len = (size_t)(end - ev->ip);
    return ev->host_len ? WL_EVENT : WL_NO_HOST;
}

/* Decodes %XX escapes (NSS "e" fields) into out; returns the length. */
static size_t unescape(const char *s, size_t n, char *out, size_t size)
{
    size_t k = 0;

    for (size_t i = 0; i < n && k + 1 < size; i++) {
        if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1])
            && isxdigit((unsigned char)s[i + 2])) {
            char hex[3] = {s[i + 1], s[i + 2], 0};

            out[k++] = (char)strtol(hex, NULL, 16);
            i += 2;
        } else
            out[k++] = s[i];
    }
    return k;
}

/* NSS times: "Mon Jun 20 15:29:11 2022" (no zone: UTC), or ISO forms. */
static int nss_time(const char *s, size_t n, int64_t *out)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    struct tzone utc;
    char iso[40];
    const char *m;

    tzone_init(&utc, "UTC", NULL);
    if (!tstamp_parse(s, n, &utc, out))
        return 0;
    if (n != 24 || s[3] != ' ' || s[7] != ' ')
        return -1;
    m = strstr(months, (char[4]){s[4], s[5], s[6], 0});
    if (!m)
        return -1;
    snprintf(iso, sizeof(iso), "%.4s-%02d-%02dT%.8s", s + 20,
             (int)(m - months) / 3 + 1,
             (isdigit((unsigned char)s[8]) ? s[8] - '0' : 0) * 10
                 + (s[9] - '0'),
             s + 11);
    return tstamp_parse(iso, strlen(iso), &utc, out) ? -1 : 0;
}

static enum weblog_result zscaler(struct weblog *w, const char *line,
                                  size_t len, struct weblog_event *ev)
{
    struct cursor c = {line, line + len};
    const char *f;
    size_t n;
    int got_ts = 0;

    if (!w->have_fields)
        return WL_MALFORMED;
    for (int i = 0;; i++) {
        int r = w->sep == ',' ? csv_field(&c, &f, &n)
                              : next_field(&c, w->sep, 0, &f, &n);

        if (r != 1)
            break;
        if (i == w->zf_ts) {
            if (nss_time(f, n, &ev->ts))
                return WL_MALFORMED;
            got_ts = 1;
        } else if (i == w->zf_user && n && !is_dash(f, n)) {
            ev->user = f;
            ev->user_len = n;
        } else if (i == w->zf_ip && n) {
            ev->ip = f;
            ev->ip_len = n;
        } else if ((i == w->zs_url || i == w->zf_host) && n
                   && !ev->host_len) {
            size_t k = n;

            if (memchr(f, '%', n)) {
                k = unescape(f, n, w->decoded, sizeof(w->decoded));
                f = w->decoded;
            }
            if (i == w->zs_url)
                ev->host_len = url_host(f, k, &ev->host);
            else {
                ev->host = f;
                ev->host_len = k;
            }
        }
    }
    if (!got_ts)
        return WL_MALFORMED;
    return ev->host_len ? WL_EVENT : WL_NO_HOST;
}

enum weblog_result weblog_parse(struct weblog *w, const char *line,
                                size_t len, struct weblog_event *ev)
{
    memset(ev, 0, sizeof(*ev));
    while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        len--;
    if (!len)
        return WL_SKIP;
    switch (w->format) {
    case WL_SQUID:
        return squid(line, len, ev);
    case WL_COMBINED:
        return combined(line, len, ev);
    case WL_ZEEK:
        return zeek(w, line, len, ev);
    case WL_UMBRELLA:
        return umbrella(line, len, ev);
    case WL_BIND:
        return bind_query(line, len, ev);
    case WL_DNSMASQ:
        return dnsmasq(w, line, len, ev);
    case WL_ZSCALER:
        return zscaler(w, line, len, ev);
    case WL_COUNT:
        break;
    }
    return WL_MALFORMED;
}

/* The bits of the spaces among a line's first 128 bytes (bit i of m[i/64]
 * for byte i); bytes past the line count as not spaces. */
#define WINDOW 128
static void space_bits(const char *line, size_t len, uint64_t m[2])
{
    char tmp[WINDOW];
    const char *p = line;

    if (len < WINDOW) {
        memcpy(tmp, line, len);
        memset(tmp + len, 'x', WINDOW - len);
        p = tmp;
    }
    m[0] = m[1] = 0;
    for (int i = 0; i < WINDOW; i++)
        m[i / 64] |= (uint64_t)(p[i] == ' ') << (i % 64);
}

#if defined(__SSE2__)
/* url_host from the first 32 bytes of the URL (u + 32 must be readable;
 * only bytes below n count); -1 when they do not decide it. */
static inline long url_host32(const char *u, size_t n, const char **host)
{
    __m128i lo = _mm_loadu_si128((const __m128i *)(const void *)u);
    __m128i hi = _mm_loadu_si128((const __m128i *)(const void *)(u + 16));
    uint32_t in = n >= 32 ? ~0u : (1u << n) - 1;
    uint32_t sl = bytemask32(lo, hi, '/') & in;
    uint32_t q = bytemask32(lo, hi, '?') & in;
    uint32_t stop = sl | q, scheme, end;
    unsigned p = 0;

    if (!stop && n > 32)
        return -1; /* a "://" may come later */
    /* "://" before the first '/' or '?' */
    scheme = bytemask32(lo, hi, ':') & sl >> 1 & sl >> 2;
    if (scheme && (scheme & -scheme) < (stop & -stop))
        p = (unsigned)__builtin_ctz(scheme) + 3;
    else if (n && u[0] == '/')
        return 0;
    if (p >= 32)
        return -1; /* the host starts past the window */
    end = (stop | (bytemask32(lo, hi, '#') & in)) & (~0u << p);
    if (!end)
        return n > 32 ? -1 : (*host = u + p, (long)(n - p));
    *host = u + p;
    return (long)((unsigned)__builtin_ctz(end) - p);
}
#endif

/* Keeps the bits of the first len bytes of a 128-byte window. */
static inline void window_cut(uint64_t *w0, uint64_t *w1, size_t len)
{
    if (len >= WINDOW)
        return;
    if (len <= 64) {
        *w0 &= len == 64 ? ~0ull : (1ull << len) - 1;
        *w1 = 0;
    } else
        *w1 &= (1ull << (len - 64)) - 1;
}

/* The field starts (a byte that is not a space after one that is) of a
 * line's first 128 bytes from its space bits; both cut to its length. */
static inline void field_starts(uint64_t *s0, uint64_t *s1, size_t len,
                                uint64_t *t0, uint64_t *t1)
{
    window_cut(s0, s1, len);
    *t0 = ~*s0 & *s0 << 1;
    *t1 = ~*s1 & (*s1 << 1 | *s0 >> 63);
    window_cut(t0, t1, len);
}

/* Clears the n lowest set bits of w0:w1; returns the offset of the next
 * one, or -1. */
static inline int skip_bits(uint64_t w0, uint64_t w1, int n)
{
    for (; n && w0; n--)
        w0 &= w0 - 1;
    if (w0)
        return __builtin_ctzll(w0);
    for (; n && w1; n--)
        w1 &= w1 - 1;
    return w1 ? 64 + __builtin_ctzll(w1) : -1;
}

/* The first space after bit at of a window; -1 when none is in it. */
static inline int space_after(uint64_t s0, uint64_t s1, int at)
{
    return at < 0 || at >= WINDOW - 1 ? -1
           : at < 63 ? skip_bits(s0 & ~0ull << (at + 1), s1, 0)
                     : skip_bits(0, s1 & ~0ull << (at - 63), 0);
}

/* The URL (and so the host) of a Squid line from its window, through
 * url_host32 when 32 bytes of the line follow the URL's start. */
static inline size_t squid_url_host(const char *u, size_t n,
                                     const char *end, const char **host)
{
#if defined(__SSE2__)
    if (end - u >= 32) {
        long k = url_host32(u, n, host);

        if (k >= 0)
            return (size_t)k;
    }
#else
    (void)end;
#endif
    return url_host(u, n, host);
}

enum weblog_result weblog_squid_event(struct weblog *w, const char *line,
                                      size_t len, const uint64_t sp[2],
                                      struct weblog_event *ev)
{
    uint64_t s0 = sp[0], s1 = sp[1], t0, t1;
    int f[8], e0, e2, e6, e7;
    size_t n = len;

    while (n && (line[n - 1] == '\r' || line[n - 1] == '\n'))
        n--;
    if (!n || (unsigned)(line[0] - '0') >= 10)
        return weblog_parse(w, line, len, ev);
    memset(ev, 0, sizeof(*ev));
    field_starts(&s0, &s1, n, &t0, &t1);
    /* the starts of fields 1 to 7, and the ends of fields 0, 2, 6 and 7 */
    for (int k = 1; k < 8; k++) {
        f[k] = skip_bits(t0, t1, 0);
        if (f[k] < 0)
            return weblog_parse(w, line, len, ev); /* few fields, or late */
        if (f[k] < 64)
            t0 &= t0 - 1;
        else
            t1 &= t1 - 1;
    }
    e0 = skip_bits(s0, s1, 0);
    e2 = space_after(s0, s1, f[2]);
    e6 = space_after(s0, s1, f[6]);
    e7 = space_after(s0, s1, f[7]);
    if (e7 < 0 && n <= WINDOW)
        e7 = (int)n; /* the user ends the line */
    if (e0 < 0 || e2 < 0 || e6 < 0 || e7 < 0)
        return weblog_parse(w, line, len, ev);
    if (epoch(line, (size_t)e0, &ev->ts))
        return WL_MALFORMED;
    ev->ip = line + f[2];
    ev->ip_len = (size_t)(e2 - f[2]);
    if (!is_dash(line + f[7], (size_t)(e7 - f[7]))) {
        ev->user = line + f[7];
        ev->user_len = (size_t)(e7 - f[7]);
    }
    ev->host_len = squid_url_host(line + f[6], (size_t)(e6 - f[6]), line + n,
                                  &ev->host);
    return ev->host_len ? WL_EVENT : WL_NO_HOST;
}

/* Squid's URL is the seventh field: the field starts (a byte after a
 * space that is not one) come from the bit mask of the spaces in the
 * first 128 bytes; a line whose URL starts later takes the byte loop. */
enum weblog_result weblog_squid_host(const char *line, size_t len,
                                     const uint64_t sp[2],
                                     const char **host, size_t *host_len)
{
    const char *p = line, *end, *u;
    uint64_t s0 = sp[0], s1 = sp[1], t0, t1;
    int at, next;

    while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        len--;
    if (!len)
        return WL_SKIP;
    if ((unsigned)(line[0] - '0') >= 10)
        return WL_MALFORMED;
    end = line + len;
    field_starts(&s0, &s1, len, &t0, &t1);
    /* the sixth field start: usually in the first word, found without
     * a loop */
    {
        uint64_t v = t0;

        v &= v - 1;
        v &= v - 1;
        v &= v - 1;
        v &= v - 1;
        v &= v - 1;
        at = v ? __builtin_ctzll(v) : skip_bits(t0, t1, 5);
    }
    if (at >= 0)
        p = line + at;
    else {
        int field = 0, in_space = 0;

        for (; p < end; p++) {
            if (*p == ' ')
                in_space = 1;
            else if (in_space) {
                in_space = 0;
                if (++field == 6)
                    break;
            }
        }
        if (p >= end)
            return WL_MALFORMED;
    }
    u = p;
    next = space_after(s0, s1, at); /* the space after the URL */
    p = next >= 0 ? line + next : memchr(u, ' ', (size_t)(end - u));
    if (!p)
        return WL_MALFORMED; /* the user field must follow */
    *host_len = squid_url_host(u, (size_t)(p - u), end, host);
    return *host_len ? WL_EVENT : WL_NO_HOST;
}

enum weblog_result weblog_host(struct weblog *w, const char *line, size_t len,
                               const char **host, size_t *host_len)
{
    struct weblog_event ev;
    enum weblog_result r;

    while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        len--;
    if (!len)
        return WL_SKIP;
    if (w->format == WL_SQUID) {
        uint64_t sp[2];

        space_bits(line, len, sp);
        return weblog_squid_host(line, len, sp, host, host_len);
    }
    r = weblog_parse(w, line, len, &ev);
    *host = ev.host;
    *host_len = ev.host_len;
    return r;
}
