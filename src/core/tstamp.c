/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Timestamp parsing and formatting without the C library's global-state
 * time functions (gmtime and friends are banned); named zones go through
 * mktime once per local hour and are cached. */
#include "core/tstamp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int64_t tstamp_days_from_civil(int y, int m, int d)
{
    /* Howard Hinnant's algorithm, valid for the whole int range. */
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

void tstamp_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 ? 28 + leap : dm[m - 1];
}

static int parse_offset(const char *s, size_t len, int *off)
{
    int sign, hh, mm = 0;

    if (len == 1 && (s[0] == 'Z' || s[0] == 'z')) {
        *off = 0;
        return 0;
    }
    if (len < 3 || (s[0] != '+' && s[0] != '-') || !isdigit((unsigned char)s[1])
        || !isdigit((unsigned char)s[2]))
        return -1;
    sign = s[0] == '-' ? -1 : 1;
    hh = (s[1] - '0') * 10 + (s[2] - '0');
    s += 3;
    len -= 3;
    if (len && *s == ':')
        s++, len--;
    if (len == 2 && isdigit((unsigned char)s[0])
        && isdigit((unsigned char)s[1]))
        mm = (s[0] - '0') * 10 + (s[1] - '0');
    else if (len != 0)
        return -1;
    if (hh > 18 || mm > 59)
        return -1;
    *off = sign * (hh * 3600 + mm * 60);
    return 0;
}

int tzone_init(struct tzone *z, const char *spec, struct diag *diag)
{
    struct stat st;
    char path[512];

    memset(z, 0, sizeof(*z));
    z->fixed = 1;
    if (!spec || !*spec || !strcmp(spec, "UTC") || !strcmp(spec, "utc"))
        return 0;
    if (!parse_offset(spec, strlen(spec), &z->offset_s))
        return 0;
    if (strstr(spec, "..") || spec[0] == '/' || strlen(spec) > 200)
        return diag_set(diag, TR_EINVAL, "unknown time zone '%s'", spec);
    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", spec);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return diag_set(diag, TR_EINVAL,
                        "unknown time zone '%s' (use an IANA name such as "
                        "'Europe/Berlin', 'UTC' or an offset like '+02:00')",
                        spec);
    if (setenv("TZ", spec, 1) != 0)
        return diag_errno(diag, TR_EINVAL, "cannot set time zone '%s'", spec);
    tzset();
    z->fixed = 0;
    for (size_t i = 0; i < 64; i++)
        z->cache_key[i] = -1;
    return 0;
}

/* Offset east of UTC for a local wall-clock time given as seconds. */
static int zone_offset(struct tzone *z, int64_t local)
{
    long hour = (long)(local >= 0 ? local / 3600 : (local - 3599) / 3600);
    size_t slot = (size_t)hour & 63;
    struct tm tm;
    int64_t days = (local >= 0 ? local : local - 86399) / 86400;
    int64_t sod = local - days * 86400;
    time_t t;
    int y, m, d;

    if (z->fixed)
        return z->offset_s;
    if (z->cache_key[slot] == hour)
        return z->cache_off[slot];
    tstamp_civil_from_days(days, &y, &m, &d);
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = (int)(sod / 3600);
    tm.tm_isdst = -1;
    t = mktime(&tm); /* uses TZ, set in tzone_init */
    /* offset = local - utc, taking the start of the hour */
    z->cache_key[slot] = hour;
    z->cache_off[slot] = (int)((int64_t)hour * 3600 - (int64_t)t);
    return z->cache_off[slot];
}

/* Reads exactly n digits. */
static int digits(const char **p, const char *end, int n, int *v)
{
    int x = 0;

    if (end - *p < n)
        return -1;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        x = x * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *v = x;
    return 0;
}

/* Reads 1..max digits. */
static int some_digits(const char **p, const char *end, int max, int *v)
{
    int x = 0, n = 0;

    while (*p < end && n < max && isdigit((unsigned char)**p)) {
        x = x * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (!n)
        return -1;
    *v = x;
    return 0;
}

static int valid_civil(int y, int m, int d, int hh, int mi, int ss)
{
    return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1
           && d <= days_in_month(y, m) && hh >= 0 && hh <= 23 && mi >= 0
           && mi <= 59 && ss >= 0 && ss <= 60;
}

static int finish(struct tzone *zone, int y, int m, int d, int hh, int mi,
                  int ss, int has_off, int off, int64_t *out)
{
    int64_t local;

    if (!valid_civil(y, m, d, hh, mi, ss))
        return TR_EPARSE;
    if (ss == 60)
        ss = 59; /* a leap second is read as the second before */
    local = tstamp_days_from_civil(y, m, d) * 86400 + hh * 3600 + mi * 60 + ss;
    *out = local - (has_off ? off : zone_offset(zone, local));
    return 0;
}

static int parse_unix(const char *p, const char *end, int64_t *out)
{
    int64_t v = 0;
    const char *s = p;

    while (p < end && isdigit((unsigned char)*p)) {
        if (v > 9999999999LL)
            return TR_EPARSE;
        v = v * 10 + (*p++ - '0');
    }
    if (p == s)
        return TR_EPARSE;
    if (p < end && *p == '.') {
        p++;
        while (p < end && isdigit((unsigned char)*p))
            p++;
    }
    if (p != end || p - s < 9)
        return TR_EPARSE; /* short digit runs are not plausible epochs */
    *out = v;
    return 0;
}

static int parse_iso(const char *p, const char *end, struct tzone *zone,
                     int64_t *out)
{
    int y, m, d, hh = 0, mi = 0, ss = 0, off = 0, has_off = 0;

    if (digits(&p, end, 4, &y) || p >= end || *p++ != '-'
        || digits(&p, end, 2, &m) || p >= end || *p++ != '-'
        || digits(&p, end, 2, &d))
        return TR_EPARSE;
    if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
        p++;
        if (digits(&p, end, 2, &hh) || p >= end || *p++ != ':'
            || digits(&p, end, 2, &mi))
            return TR_EPARSE;
        if (p < end && *p == ':') {
            p++;
            if (digits(&p, end, 2, &ss))
                return TR_EPARSE;
            if (p < end && (*p == '.' || *p == ',')) {
                p++;
                while (p < end && isdigit((unsigned char)*p))
                    p++;
            }
        }
        if (p < end && *p == ' ')
            p++;
        if (p < end) {
            if (parse_offset(p, (size_t)(end - p), &off))
                return TR_EPARSE;
            has_off = 1;
            p = end;
        }
    }
    if (p != end)
        return TR_EPARSE;
    return finish(zone, y, m, d, hh, mi, ss, has_off, off, out);
}

static int month_abbr(const char *p, const char *end)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";

    if (end - p < 3)
        return -1;
    for (int i = 0; i < 12; i++)
        if (tolower((unsigned char)p[0]) == names[i * 3]
            && tolower((unsigned char)p[1]) == names[i * 3 + 1]
            && tolower((unsigned char)p[2]) == names[i * 3 + 2])
            return i + 1;
    return -1;
}

/* dd/MMM/yy h:mm AM|PM, also with a four-digit year. */
static int parse_jira(const char *p, const char *end, struct tzone *zone,
                      int64_t *out)
{
    int y, m, d, hh, mi, ylen;
    const char *ys;

    if (some_digits(&p, end, 2, &d) || p >= end || *p++ != '/')
        return TR_EPARSE;
    m = month_abbr(p, end);
    if (m < 0)
        return TR_EPARSE;
    p += 3;
    if (p >= end || *p++ != '/')
        return TR_EPARSE;
    ys = p;
    if (some_digits(&p, end, 4, &y))
        return TR_EPARSE;
    ylen = (int)(p - ys);
    if (ylen == 2)
        y += 2000;
    else if (ylen != 4)
        return TR_EPARSE;
    if (p >= end || *p++ != ' ' || some_digits(&p, end, 2, &hh) || p >= end
        || *p++ != ':' || digits(&p, end, 2, &mi))
        return TR_EPARSE;
    if (p < end && *p == ' ')
        p++;
    if (end - p == 2 && (p[1] == 'M' || p[1] == 'm')) {
        int pm = p[0] == 'P' || p[0] == 'p';

        if (!pm && p[0] != 'A' && p[0] != 'a')
            return TR_EPARSE;
        if (hh < 1 || hh > 12)
            return TR_EPARSE;
        hh = hh % 12 + (pm ? 12 : 0);
        p = end;
    }
    if (p != end)
        return TR_EPARSE;
    return finish(zone, y, m, d, hh, mi, 0, 0, 0, out);
}

/* M/d/yyyy H:mm[:ss] */
static int parse_us(const char *p, const char *end, struct tzone *zone,
                    int64_t *out)
{
    int y, m, d, hh = 0, mi = 0, ss = 0;

    if (some_digits(&p, end, 2, &m) || p >= end || *p++ != '/'
        || some_digits(&p, end, 2, &d) || p >= end || *p++ != '/'
        || digits(&p, end, 4, &y))
        return TR_EPARSE;
    if (p < end) {
        if (*p++ != ' ' || some_digits(&p, end, 2, &hh) || p >= end
            || *p++ != ':' || digits(&p, end, 2, &mi))
            return TR_EPARSE;
        if (p < end && *p == ':') {
            p++;
            if (digits(&p, end, 2, &ss))
                return TR_EPARSE;
        }
    }
    if (p != end)
        return TR_EPARSE;
    return finish(zone, y, m, d, hh, mi, ss, 0, 0, out);
}

int tstamp_parse(const char *s, size_t len, struct tzone *zone, int64_t *out)
{
    const char *end = s + len;

    while (s < end && isspace((unsigned char)*s))
        s++;
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    if (s == end)
        return TR_EPARSE;
    if (!parse_unix(s, end, out) || !parse_iso(s, end, zone, out)
        || !parse_jira(s, end, zone, out) || !parse_us(s, end, zone, out))
        return 0;
    return TR_EPARSE;
}

static void split(int64_t t, int *y, int *m, int *d, int *sod)
{
    int64_t days = (t >= 0 ? t : t - 86399) / 86400;

    *sod = (int)(t - days * 86400);
    tstamp_civil_from_days(days, y, m, d);
}

void tstamp_format_iso(struct buf *out, int64_t t)
{
    int y, m, d, sod;

    split(t, &y, &m, &d, &sod);
    buf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, sod / 3600,
             sod / 60 % 60, sod % 60);
}

void tstamp_format_day(struct buf *out, int64_t t)
{
    int y, m, d, sod;

    split(t, &y, &m, &d, &sod);
    buf_addf(out, "%04d-%02d-%02d", y, m, d);
}

void tstamp_format_month(struct buf *out, int64_t t)
{
    int y, m, d, sod;

    split(t, &y, &m, &d, &sod);
    buf_addf(out, "%04d-%02d", y, m);
}

int64_t tstamp_day(int64_t t)
{
    return (t >= 0 ? t : t - 86399) / 86400;
}

int64_t tstamp_monday(int64_t day)
{
    /* 1970-01-05 (day 4) was a Monday */
    int64_t r = (day - 4) % 7;

    return day - (r < 0 ? r + 7 : r);
}

void tstamp_format_isoweek(struct buf *out, int64_t monday)
{
    int y, m, d;

    /* the ISO year is the year of the week's Thursday */
    tstamp_civil_from_days(monday + 3, &y, &m, &d);
    buf_addf(out, "%04d-W%02d", y,
             (int)((monday + 3 - tstamp_days_from_civil(y, 1, 1)) / 7) + 1);
}

int tstamp_parse_isoweek(const char *s, int64_t *monday)
{
    int y, w;
    int64_t jan4;
    char tail;

    if (sscanf(s, "%4d-W%2d%c", &y, &w, &tail) != 2 || w < 1 || w > 53
        || y < 1900 || y > 9999)
        return TR_EPARSE;
    /* week 1 holds January 4th */
    jan4 = tstamp_days_from_civil(y, 1, 4);
    *monday = tstamp_monday(jan4) + (int64_t)(w - 1) * 7;
    {
        struct buf b = BUF_INIT;
        char want[16];
        int ok;

        snprintf(want, sizeof(want), "%04d-W%02d", y, w);
        tstamp_format_isoweek(&b, *monday);
        ok = !strcmp(buf_str(&b), want); /* week 53 exists only some years */
        buf_release(&b);
        return ok ? 0 : TR_EPARSE;
    }
}
