/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iCalendar files: content lines unfolded and checked here (so every
 * problem has a line and column), each property libical needs parsed by
 * libical, components built into its tree, then each learning event's
 * instances expanded with libical's recurrence iterator and time
 * zones. */
#include "import/calendar.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "core/buf.h"
#include "core/tstamp.h"
#include "core/utf8.h"
#include "core/xalloc.h"

enum ckind { C_SKIP, C_CALENDAR, C_EVENT, C_TIMEZONE, C_TZPART };

struct level {
    char name[32];
    enum ckind kind;
    icalcomponent *comp; /* owned until END attaches it; NULL: skipped */
    long line;
};

/* Where a property of the tree was, for problems found afterwards. */
struct propat {
    icalproperty *p; /* borrowed from the tree */
    long line, col;
    long tz_line, tz_col; /* its TZID parameter; 0 when none */
};

struct event {
    icalcomponent *comp; /* borrowed from the tree */
    long line;           /* its BEGIN:VEVENT */
};

/* An override of one instance (RECURRENCE-ID) of a recurring event. */
struct override {
    const char *uid; /* borrowed from the tree */
    int64_t t;       /* the instance it replaces, Unix seconds */
};

/* A piece of an unfolded content line: where it starts in the line, and
 * on which physical line and column. */
struct seg {
    size_t off;
    long line, col;
};

struct rd {
    const struct calendar_opts *o;
    const struct calendar_sink *sink;
    struct calendar_counts *c;
    struct diag *diag;
    regex_t re;
    long bad;              /* problems: nothing more reaches the sink */
    int sink_rc;           /* the sink's error, which stops the import */
    struct level stack[CALENDAR_MAX_DEPTH];
    int depth;
    struct event *ev;
    size_t nev, ev_cap;
    struct propat *pa;
    size_t npa, pa_cap;
    struct override *ov;
    size_t nov, ov_cap;
    struct buf line;       /* the unfolded content line */
    struct seg *seg;
    size_t nseg, seg_cap;
    struct buf tmp;
    icaltimezone *utc;     /* libical's, never freed */
};

/* ---- problems ---- */

static void where(const struct rd *r, size_t off, long *line, long *col)
{
    size_t i = 0;

    while (i + 1 < r->nseg && r->seg[i + 1].off <= off)
        i++;
    *line = r->nseg ? r->seg[i].line : 0;
    *col = r->nseg ? r->seg[i].col + (long)(off - r->seg[i].off) : 0;
}

static void problem_at(struct rd *r, long line, long col, const char *msg)
{
    diag_at(r->diag, TR_EPARSE, line, col, "%s", msg);
    r->bad++;
}

/* A problem at byte off of the current content line. */
static void problem(struct rd *r, size_t off, const char *msg)
{
    long line, col;

    where(r, off, &line, &col);
    problem_at(r, line, col, msg);
}

/* ---- content lines ---- */

static int is_name_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')
           || (ch >= '0' && ch <= '9') || ch == '-';
}

static size_t name_len(const char *s, size_t i, size_t n)
{
    size_t j = i;

    while (j < n && is_name_char(s[j]))
        j++;
    return j - i;
}

/* Splits NAME;PARAM=V,...:VALUE: the name's length, where the value
 * starts and where a TZID parameter's name is (0 none). Returns 0, or -1
 * with the problem recorded. */
static int split(struct rd *r, size_t *nlen, size_t *value, size_t *tzid)
{
    const char *s = r->line.data;
    size_t n = r->line.len, i;

    *tzid = 0;
    *nlen = name_len(s, 0, n);
    if (!*nlen) {
        problem(r, 0, "expected a property name (NAME:value)");
        return -1;
    }
    i = *nlen;
    while (i < n && s[i] == ';') {
        size_t pl = name_len(s, i + 1, n);

        if (!pl || i + 1 + pl >= n || s[i + 1 + pl] != '=') {
            problem(r, i + 1, "expected a parameter (NAME=value)");
            return -1;
        }
        if (pl == 4 && !strncasecmp(s + i + 1, "TZID", 4))
            *tzid = i + 1;
        i += pl + 2;
        for (;;) { /* values, separated by commas */
            if (i < n && s[i] == '"') {
                const char *q = memchr(s + i + 1, '"', n - i - 1);

                if (!q) {
                    problem(r, i, "unterminated quoted parameter value");
                    return -1;
                }
                i = (size_t)(q - s) + 1;
            } else
                while (i < n && !strchr(";:,\"", s[i]))
                    i++;
            if (i < n && s[i] == ',') {
                i++;
                continue;
            }
            break;
        }
    }
    if (i >= n || s[i] != ':') {
        problem(r, i, "expected ':' before the value");
        return -1;
    }
    *value = i + 1;
    return 0;
}

static int name_is(const char *s, size_t len, const char *name)
{
    return strlen(name) == len && !strncasecmp(s, name, len);
}

/* The properties of an event that are read (the others are skipped), and
 * those that list several values separated by commas. */
static const char *const event_props[] = {
    "DTSTART", "DTEND",      "DURATION",  "RRULE",    "RDATE",
    "EXDATE",  "RECURRENCE-ID", "SUMMARY", "CATEGORIES", "ORGANIZER",
    "ATTENDEE", "STATUS",    "UID",       NULL};
static const char *const listed_props[] = {"RDATE", "EXDATE", "CATEGORIES",
                                           NULL};

static int in_list(const char *s, size_t len, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (name_is(s, len, list[i]))
            return 1;
    return 0;
}

/* Parses text (one property) with libical into comp. */
static void add_prop(struct rd *r, icalcomponent *comp, const char *text,
                     size_t off, size_t tzid)
{
    icalproperty *p = icalproperty_new_from_string(text);
    struct propat *pa;
    char msg[128];

    if (!p) {
        size_t nl = name_len(text, 0, strlen(text));

        snprintf(msg, sizeof(msg), "cannot read the %.*s property",
                 (int)(nl < 40 ? nl : 40), text);
        problem(r, off, msg);
        return;
    }
    icalcomponent_add_property(comp, p);
    r->pa = xgrow(r->pa, &r->pa_cap, r->npa + 1, sizeof(*r->pa));
    pa = &r->pa[r->npa++];
    memset(pa, 0, sizeof(*pa));
    pa->p = p;
    where(r, 0, &pa->line, &pa->col);
    if (tzid)
        where(r, tzid, &pa->tz_line, &pa->tz_col);
}

/* A property kept in comp; one per value for the listed ones (libical
 * keeps only the first of a list). */
static void property(struct rd *r, icalcomponent *comp, size_t nlen,
                     size_t value, size_t tzid)
{
    const char *s = r->line.data;
    size_t n = r->line.len, i = value;

    if (!in_list(s, nlen, listed_props)) {
        add_prop(r, comp, s, value, tzid);
        return;
    }
    while (i <= n) {
        size_t j = i;

        while (j < n && s[j] != ',') {
            if (s[j] == '\\' && j + 1 < n)
                j++;
            j++;
        }
        buf_reset(&r->tmp);
        buf_add(&r->tmp, s, value);
        buf_add(&r->tmp, s + i, j - i);
        add_prop(r, comp, buf_str(&r->tmp), i, tzid);
        i = j + 1;
    }
}

static enum ckind kind_of(enum ckind parent, const char *v, size_t len)
{
    if (parent == C_CALENDAR && name_is(v, len, "VEVENT"))
        return C_EVENT;
    if (parent == C_CALENDAR && name_is(v, len, "VTIMEZONE"))
        return C_TIMEZONE;
    if (parent == C_TIMEZONE
        && (name_is(v, len, "STANDARD") || name_is(v, len, "DAYLIGHT")))
        return C_TZPART;
    return C_SKIP;
}

static const icalcomponent_kind ical_kinds[] = {
    [C_CALENDAR] = ICAL_VCALENDAR_COMPONENT,
    [C_EVENT] = ICAL_VEVENT_COMPONENT,
    [C_TIMEZONE] = ICAL_VTIMEZONE_COMPONENT,
    [C_TZPART] = ICAL_XSTANDARD_COMPONENT, /* or DAYLIGHT: set below */
};

static void end_calendar(struct rd *r, icalcomponent *cal);

static void begin(struct rd *r, const char *v, size_t len, size_t off)
{
    struct level *l;
    enum ckind k;

    if (r->depth == CALENDAR_MAX_DEPTH) {
        problem(r, off, "components nested too deeply");
        return;
    }
    if (!len || len >= sizeof(l->name)) {
        problem(r, off, "expected a component name after BEGIN:");
        return;
    }
    if (r->depth == 0 && !name_is(v, len, "VCALENDAR")) {
        problem(r, off, "expected BEGIN:VCALENDAR");
        return;
    }
    k = r->depth == 0 ? C_CALENDAR
                      : kind_of(r->stack[r->depth - 1].kind, v, len);
    l = &r->stack[r->depth++];
    memcpy(l->name, v, len);
    l->name[len] = 0;
    l->kind = k;
    where(r, 0, &l->line, &(long){0});
    l->comp = NULL;
    if (k == C_TZPART)
        l->comp = icalcomponent_new(name_is(v, len, "DAYLIGHT")
                                        ? ICAL_XDAYLIGHT_COMPONENT
                                        : ICAL_XSTANDARD_COMPONENT);
    else if (k != C_SKIP)
        l->comp = icalcomponent_new(ical_kinds[k]);
}

#define OFFSET_MAX (18 * 3600) /* the widest UTC offset (RFC 5545's
                                  * utc-offset: hours and minutes) */

/* Whether a time zone's STANDARD or DAYLIGHT part has a UTC offset no
 * zone has (said, with its line and column): "+8467" would move local
 * days by days. */
static void problem_prop(struct rd *r, const icalproperty *p, long line,
                         const char *msg);

static int bad_offsets(struct rd *r, icalcomponent *part, long line)
{
    icalproperty *p;

    for (p = icalcomponent_get_first_property(part, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(part, ICAL_ANY_PROPERTY)) {
        icalproperty_kind k = icalproperty_isa(p);
        int off;

        if (k != ICAL_TZOFFSETFROM_PROPERTY && k != ICAL_TZOFFSETTO_PROPERTY)
            continue;
        off = k == ICAL_TZOFFSETTO_PROPERTY ? icalproperty_get_tzoffsetto(p)
                                            : icalproperty_get_tzoffsetfrom(p);
        if (off > OFFSET_MAX || off < -OFFSET_MAX || off % 60) {
            problem_prop(r, p, line,
                         "a UTC offset beyond 18 hours, or not in hours and "
                         "minutes");
            return 1;
        }
    }
    return 0;
}

static void end(struct rd *r, const char *v, size_t len, size_t off)
{
    struct level *l;
    char msg[96];

    if (!r->depth) {
        problem(r, off, "END without BEGIN");
        return;
    }
    l = &r->stack[r->depth - 1];
    if (!name_is(v, len, l->name)) {
        snprintf(msg, sizeof(msg), "expected END:%.31s (BEGIN on line %ld)",
                 l->name, l->line);
        problem(r, off, msg);
        return;
    }
    r->depth--;
    if (!l->comp)
        return;
    if (l->kind == C_TZPART && bad_offsets(r, l->comp, l->line)) {
        icalcomponent_free(l->comp);
        l->comp = NULL;
        return;
    }
    if (l->kind == C_CALENDAR) {
        end_calendar(r, l->comp);
        icalcomponent_free(l->comp);
    } else {
        /* attached when complete: libical reads a VTIMEZONE's TZID as
         * it is added to its calendar */
        icalcomponent_add_component(r->stack[r->depth - 1].comp, l->comp);
        if (l->kind == C_EVENT) {
            r->ev = xgrow(r->ev, &r->ev_cap, r->nev + 1, sizeof(*r->ev));
            r->ev[r->nev++] = (struct event){l->comp, l->line};
        }
    }
    l->comp = NULL;
}

static void content_line(struct rd *r)
{
    const char *s = r->line.data;
    size_t nlen, value, tzid;
    struct level *top;

    if (memchr(s, 0, r->line.len)) {
        problem(r, (size_t)((const char *)memchr(s, 0, r->line.len) - s),
                "NUL byte in a content line");
        return;
    }
    if (split(r, &nlen, &value, &tzid))
        return;
    if (name_is(s, nlen, "BEGIN") || name_is(s, nlen, "END")) {
        size_t len = r->line.len - value;

        while (len && (s[value + len - 1] == ' ' || s[value + len - 1] == '\t'))
            len--;
        if (name_is(s, nlen, "BEGIN"))
            begin(r, s + value, len, value);
        else
            end(r, s + value, len, value);
        return;
    }
    if (!r->depth) {
        problem(r, 0, "content outside BEGIN:VCALENDAR ... END:VCALENDAR");
        return;
    }
    top = &r->stack[r->depth - 1];
    if (!top->comp || top->kind == C_CALENDAR)
        return; /* PRODID, VERSION, X-WR-*, unknown components */
    if (top->kind == C_EVENT && !in_list(s, nlen, event_props))
        return;
    if ((top->kind == C_TIMEZONE || top->kind == C_TZPART)
        && (nlen > 2 && !strncasecmp(s, "X-", 2)))
        return;
    property(r, top->comp, nlen, value, tzid);
}

/* ---- learning events and their instances ---- */

/* The zone of a property's TZID: the calendar's VTIMEZONE, else the
 * system's zone of that name; NULL when neither. */
static icaltimezone *zone_of(icalcomponent *cal, const char *tzid)
{
    icaltimezone *z = icalcomponent_get_timezone(cal, tzid);

    if (!z)
        z = icaltimezone_get_builtin_timezone(tzid);
    if (!z)
        z = icaltimezone_get_builtin_timezone_from_tzid(tzid);
    return z;
}

static const struct propat *propat_of(const struct rd *r,
                                      const icalproperty *p)
{
    for (size_t i = 0; i < r->npa; i++)
        if (r->pa[i].p == p)
            return &r->pa[i];
    return NULL;
}

static void problem_prop(struct rd *r, const icalproperty *p, long line,
                         const char *msg)
{
    const struct propat *pa = p ? propat_of(r, p) : NULL;

    problem_at(r, pa ? pa->line : line, pa ? pa->col : 1, msg);
}

static void check_zones(struct rd *r, icalcomponent *cal)
{
    char msg[200];

    for (size_t i = 0; i < r->npa; i++) {
        const char *tzid;

        if (!r->pa[i].tz_line)
            continue;
        tzid = icalproperty_get_parameter_as_string(r->pa[i].p, "TZID");
        if (tzid && zone_of(cal, tzid))
            continue;
        snprintf(msg, sizeof(msg),
                 "unknown time zone '%.80s' (no VTIMEZONE in the file and "
                 "not a zone this system knows)",
                 tzid ? tzid : "");
        problem_at(r, r->pa[i].tz_line, r->pa[i].tz_col, msg);
    }
}

static int matches(struct rd *r, icalcomponent *e)
{
    const char *s = icalcomponent_get_summary(e);

    if (s && !regexec(&r->re, s, 0, NULL, 0))
        return 1;
    for (icalproperty *p = icalcomponent_get_first_property(
             e, ICAL_CATEGORIES_PROPERTY);
         p; p = icalcomponent_get_next_property(e, ICAL_CATEGORIES_PROPERTY)) {
        s = icalproperty_get_categories(p);
        if (s && !regexec(&r->re, s, 0, NULL, 0))
            return 1;
    }
    return 0;
}

static int64_t as_unix(struct rd *r, struct icaltimetype t, icaltimezone *z)
{
    return (int64_t)icaltime_as_timet_with_zone(t, z ? z : r->utc);
}

/* The people of an event: organiser and attendees who did not decline,
 * rooms and resources left out, "mailto:" removed. */
static int people_of(struct rd *r, const struct event *ev, const char ***out,
                     size_t *n)
{
    static const icalproperty_kind kinds[] = {ICAL_ORGANIZER_PROPERTY,
                                              ICAL_ATTENDEE_PROPERTY};
    const char **v = NULL;
    size_t cap = 0;

    *n = 0;
    for (size_t k = 0; k < 2; k++)
        for (icalproperty *p = icalcomponent_get_first_property(ev->comp,
                                                                kinds[k]);
             p; p = icalcomponent_get_next_property(ev->comp, kinds[k])) {
            icalparameter *ps =
                icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER);
            icalparameter *cu =
                icalproperty_get_first_parameter(p, ICAL_CUTYPE_PARAMETER);
            const char *who = icalproperty_get_value_as_string(p);

            if (ps && icalparameter_get_partstat(ps) == ICAL_PARTSTAT_DECLINED)
                continue;
            if (cu && (icalparameter_get_cutype(cu) == ICAL_CUTYPE_ROOM
                       || icalparameter_get_cutype(cu)
                              == ICAL_CUTYPE_RESOURCE))
                continue;
            if (!who)
                continue;
            if (!strncasecmp(who, "mailto:", 7))
                who += 7;
            if (!*who)
                continue;
            if (*n == CALENDAR_MAX_PEOPLE) {
                free(v);
                problem_at(r, ev->line, 1, "an event with too many attendees");
                return -1;
            }
            v = xgrow(v, &cap, *n + 1, sizeof(*v));
            v[(*n)++] = who;
        }
    *out = v;
    return 0;
}

/* An instance: its start and how long it lasts. */
struct inst {
    int64_t t, dur; /* seconds; all-day: days in dur */
};

static int cmp_inst(const void *a, const void *b)
{
    const struct inst *x = a, *y = b;

    return (x->t > y->t) - (x->t < y->t);
}

struct instances {
    struct inst *v;
    size_t n, cap;
};

static void add_inst(struct instances *in, int64_t t, int64_t dur)
{
    in->v = xgrow(in->v, &in->cap, in->n + 1, sizeof(*in->v));
    in->v[in->n++] = (struct inst){t, dur};
}

/* The local date of an instance as a day number. */
static int64_t local_day(int64_t t, int is_date, icaltimezone *z)
{
    struct icaltimetype lt;

    if (is_date || !z)
        return tstamp_day(t);
    lt = icaltime_from_timet_with_zone((time_t)t, 0, z);
    return tstamp_days_from_civil(lt.year, lt.month, lt.day);
}

static int excluded(struct rd *r, icalcomponent *e, int64_t t, int is_date,
                    icaltimezone *z)
{
    for (icalproperty *p = icalcomponent_get_first_property(
             e, ICAL_EXDATE_PROPERTY);
         p; p = icalcomponent_get_next_property(e, ICAL_EXDATE_PROPERTY)) {
        struct icaltimetype x = icalproperty_get_datetime_with_component(p, e);

        if (icaltime_is_null_time(x))
            continue;
        if (x.is_date) {
            if (tstamp_days_from_civil(x.year, x.month, x.day)
                == local_day(t, is_date, z))
                return 1;
        } else if (as_unix(r, x, (icaltimezone *)x.zone) == t)
            return 1;
    }
    return 0;
}

static int overridden(const struct rd *r, const char *uid, int64_t t)
{
    for (size_t i = 0; i < r->nov; i++)
        if (r->ov[i].t == t && !strcmp(r->ov[i].uid, uid))
            return 1;
    return 0;
}

/* Every instance of a recurring event up to the end of the window:
 * DTSTART, the RRULEs' and the RDATEs' (a PERIOD with its own length),
 * sorted, once each. Returns 0 or -1 (a problem recorded). */
static int instances_of(struct rd *r, const struct event *ev,
                        struct icaltimetype ds, icaltimezone *z, int64_t dur,
                        struct instances *in)
{
    icalcomponent *e = ev->comp;
    int64_t from = r->o->from, until = r->o->until;
    size_t iters = 0;

    add_inst(in, as_unix(r, ds, z), dur);
    for (icalproperty *p = icalcomponent_get_first_property(
             e, ICAL_RRULE_PROPERTY);
         p; p = icalcomponent_get_next_property(e, ICAL_RRULE_PROPERTY)) {
        struct icalrecurrencetype rule = icalproperty_get_rrule(p);
        icalrecur_iterator *it = icalrecur_iterator_new(rule, ds);
        struct icaltimetype next;

        if (!it) {
            problem_prop(r, p, ev->line, "cannot expand this RRULE");
            return -1;
        }
        /* a rule without COUNT may start at the window (less a day and
         * the length, so an instance overlapping it is not lost) */
        if (!rule.count && from - dur - 86400 > as_unix(r, ds, z))
            icalrecur_iterator_set_start(
                it, icaltime_from_timet_with_zone(
                        (time_t)(from - dur - 86400), ds.is_date,
                        ds.is_date ? NULL : z));
        for (next = icalrecur_iterator_next(it); !icaltime_is_null_time(next);
             next = icalrecur_iterator_next(it)) {
            int64_t t = as_unix(r, next, z);

            if (t >= until)
                break;
            if (++iters > CALENDAR_MAX_OCCURRENCES) {
                icalrecur_iterator_free(it);
                problem_prop(r, p, ev->line,
                             "this RRULE has more than 100000 instances "
                             "before the end of the import's window");
                return -1;
            }
            add_inst(in, t, dur);
        }
        icalrecur_iterator_free(it);
    }
    for (icalproperty *p = icalcomponent_get_first_property(
             e, ICAL_RDATE_PROPERTY);
         p; p = icalcomponent_get_next_property(e, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype rd = icalproperty_get_rdate(p);
        const char *tzid = icalproperty_get_parameter_as_string(p, "TZID");
        icalcomponent *cal = icalcomponent_get_parent(e);
        icaltimezone *pz = tzid ? zone_of(cal, tzid) : NULL;

        if (!icaltime_is_null_time(rd.time)) {
            add_inst(in, as_unix(r, rd.time, rd.time.is_date ? NULL : pz),
                     dur);
            continue;
        }
        if (icalperiodtype_is_null_period(rd.period))
            continue;
        {
            struct icalperiodtype pe = rd.period;
            int64_t t = as_unix(r, pe.start, pz);
            int64_t len = icaltime_is_null_time(pe.end)
                              ? icaldurationtype_as_int(pe.duration)
                              : as_unix(r, pe.end, pz) - t;

            add_inst(in, t, ds.is_date ? dur : len);
        }
    }
    if (in->n > 1)
        qsort(in->v, in->n, sizeof(*in->v), cmp_inst);
    return 0;
}

static int push(struct rd *r, const struct event *ev, const char *uid,
                int64_t t, int64_t day, double hours, const char **people,
                size_t npeople)
{
    struct calendar_occurrence o = {uid, t, day, hours, people, npeople,
                                    ev->line};

    r->c->occurrences++;
    if (!npeople)
        r->c->no_people++;
    if (r->bad)
        return 0;
    r->sink_rc = r->sink->occurrence(r->sink->ctx, &o, r->diag);
    if (r->sink_rc)
        r->bad++;
    return r->sink_rc;
}

/* Whether a date or date-time names a real day and time: libical reads
 * "20248324T090000Z" as month 83 and normalises it years ahead. */
static int real_time(struct icaltimetype t)
{
    return t.month >= 1 && t.month <= 12 && t.day >= 1
           && t.day <= icaltime_days_in_month(t.month, t.year)
           && t.hour >= 0 && t.hour < 24 && t.minute >= 0 && t.minute < 60
           && t.second >= 0 && t.second <= 60;
}

#define LONGEST_DAYS 366 /* an event longer than a year is an error */

/* The length of an event: seconds, or days when it is all-day. */
static int length_of(struct rd *r, const struct event *ev,
                     struct icaltimetype ds, icaltimezone *z, int64_t *dur)
{
    icalcomponent *e = ev->comp;
    icalproperty *pe = icalcomponent_get_first_property(e, ICAL_DTEND_PROPERTY);
    icalproperty *pd =
        icalcomponent_get_first_property(e, ICAL_DURATION_PROPERTY);

    *dur = ds.is_date ? 1 : 0;
    if (pe) {
        struct icaltimetype de =
            icalproperty_get_datetime_with_component(pe, e);

        if (icaltime_is_null_time(de) || !real_time(de)) {
            problem_prop(r, pe, ev->line, "DTEND is not a real date");
            return -1;
        }
        if (de.is_date != ds.is_date) {
            problem_prop(r, pe, ev->line,
                         "DTEND must be a date exactly when DTSTART is");
            return -1;
        }
        *dur = ds.is_date ? tstamp_days_from_civil(de.year, de.month, de.day)
                                - tstamp_days_from_civil(ds.year, ds.month,
                                                         ds.day)
                          : as_unix(r, de, (icaltimezone *)de.zone)
                                - as_unix(r, ds, z);
        if (*dur < 0) {
            problem_prop(r, pe, ev->line, "DTEND is before DTSTART");
            return -1;
        }
    } else if (pd) {
        int secs = icaldurationtype_as_int(icalproperty_get_duration(pd));

        if (secs < 0) {
            problem_prop(r, pd, ev->line, "a negative DURATION");
            return -1;
        }
        *dur = ds.is_date ? secs / 86400 : secs;
    }
    if (ds.is_date && *dur < 1)
        *dur = 1;
    if (*dur > (ds.is_date ? LONGEST_DAYS : LONGEST_DAYS * 86400)) {
        problem_prop(r, pe ? pe : pd, ev->line,
                     "an event longer than a year");
        return -1;
    }
    return 0;
}

static void expand(struct rd *r, const struct event *ev)
{
    icalcomponent *e = ev->comp;
    icalproperty *ps = icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY);
    icalproperty *rid =
        icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY);
    const char *uid = icalcomponent_get_uid(e);
    struct instances in = {NULL, 0, 0};
    const char **people = NULL;
    size_t npeople = 0;
    struct icaltimetype ds;
    icaltimezone *z;
    int64_t dur;

    r->c->events++;
    if (!uid)
        uid = "";
    if (!ps) {
        problem_at(r, ev->line, 1, "an event without DTSTART");
        return;
    }
    if (!matches(r, e))
        return;
    r->c->learning++;
    if (icalcomponent_get_status(e) == ICAL_STATUS_CANCELLED) {
        r->c->cancelled++;
        return;
    }
    ds = icalproperty_get_datetime_with_component(ps, e);
    if (icaltime_is_null_time(ds)) {
        problem_prop(r, ps, ev->line, "cannot read DTSTART");
        return;
    }
    if (!real_time(ds)) {
        problem_prop(r, ps, ev->line, "DTSTART is not a real date");
        return;
    }
    z = ds.is_date ? NULL
        : icaltime_is_utc(ds) ? r->utc
                              : (icaltimezone *)ds.zone;
    if (length_of(r, ev, ds, z, &dur) || people_of(r, ev, &people, &npeople))
        return;
    if (rid) /* one instance replaced: itself only */
        add_inst(&in, as_unix(r, ds, z), dur);
    else if (instances_of(r, ev, ds, z, dur, &in))
        goto out;
    for (size_t i = 0; i < in.n && !r->bad; i++) {
        const struct inst *x = &in.v[i];

        if (i && x->t == in.v[i - 1].t)
            continue; /* DTSTART also an RRULE's or an RDATE's */
        if (!rid && (overridden(r, uid, x->t) || excluded(r, e, x->t,
                                                          ds.is_date, z)))
            continue;
        if (ds.is_date) {
            int64_t day0 = tstamp_day(x->t);

            for (int64_t d = 0; d < x->dur; d++) {
                int64_t day = day0 + d;

                if (day * 86400 < r->o->from || day * 86400 >= r->o->until)
                    continue;
                if (r->o->all_day_hours <= 0) {
                    r->c->all_day++;
                    continue;
                }
                if (push(r, ev, uid, day * 86400, day, r->o->all_day_hours,
                         people, npeople))
                    goto out;
            }
            continue;
        }
        if (x->t < r->o->from || x->t >= r->o->until || x->dur <= 0)
            continue;
        if (push(r, ev, uid, x->t, local_day(x->t, 0, z),
                 (double)x->dur / 3600.0, people, npeople))
            goto out;
    }
out:
    free(in.v);
    free(people);
}

/* The overrides of instances (RECURRENCE-ID) of this calendar. */
static void collect_overrides(struct rd *r)
{
    r->nov = 0;
    for (size_t i = 0; i < r->nev; i++) {
        icalcomponent *e = r->ev[i].comp;
        icalproperty *p =
            icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY);
        icalparameter *range;
        struct icaltimetype t;
        const char *uid = icalcomponent_get_uid(e);

        if (!p)
            continue;
        range = icalproperty_get_first_parameter(p, ICAL_RANGE_PARAMETER);
        if (range && icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE) {
            problem_prop(r, p, r->ev[i].line,
                         "RANGE=THISANDFUTURE is not supported: export the "
                         "changed series as its own event");
            continue;
        }
        t = icalproperty_get_datetime_with_component(p, e);
        r->ov = xgrow(r->ov, &r->ov_cap, r->nov + 1, sizeof(*r->ov));
        r->ov[r->nov++] = (struct override){
            uid ? uid : "",
            as_unix(r, t,
                    t.is_date ? NULL
                    : icaltime_is_utc(t) ? r->utc
                                         : (icaltimezone *)t.zone)};
    }
}

static void end_calendar(struct rd *r, icalcomponent *cal)
{
    check_zones(r, cal);
    collect_overrides(r);
    for (size_t i = 0; i < r->nev && !r->bad; i++)
        expand(r, &r->ev[i]);
    r->nev = 0;
    r->npa = 0;
    r->nov = 0;
}

/* ---- the file ---- */

int calendar_pattern_check(const char *pattern, struct diag *diag)
{
    regex_t re;
    int err = regcomp(&re, pattern, REG_EXTENDED | REG_ICASE | REG_NOSUB);
    char msg[128];

    if (!err) {
        regfree(&re);
        return 0;
    }
    regerror(err, NULL, msg, sizeof(msg));
    return diag_set(diag, TR_EUSAGE, "--learning-pattern '%s': %s", pattern,
                    msg);
}

/* The next physical line: [*s, *e), the end of data at *next. */
static void next_line(const char *buf, size_t len, size_t *pos, size_t *s,
                      size_t *e)
{
    const char *nl = memchr(buf + *pos, '\n', len - *pos);

    *s = *pos;
    *e = nl ? (size_t)(nl - buf) : len;
    *pos = nl ? *e + 1 : len;
    if (*e > *s && buf[*e - 1] == '\r')
        (*e)--;
}

int calendar_import_buf(const char *buf, size_t len,
                        const struct calendar_opts *o,
                        const struct calendar_sink *sink,
                        struct calendar_counts *counts, struct diag *diag)
{
    struct rd r;
    size_t pos = 0, bad_utf8;
    long lineno = 0;
    int rc;

    icalerror_set_errors_are_fatal(0);
    memset(&r, 0, sizeof(r));
    r.o = o;
    r.sink = sink;
    r.c = counts;
    r.diag = diag;
    r.utc = icaltimezone_get_utc_timezone();
    if (regcomp(&r.re, o->pattern ? o->pattern : CALENDAR_PATTERN,
                REG_EXTENDED | REG_ICASE | REG_NOSUB))
        return calendar_pattern_check(o->pattern, diag);
    buf_init(&r.line);
    buf_init(&r.tmp);
    bad_utf8 = utf8_check(buf, len);
    if (bad_utf8 < len) {
        long l = 1, c = 1;

        for (size_t i = 0; i < bad_utf8; i++, c++)
            if (buf[i] == '\n') {
                l++;
                c = 0;
            }
        problem_at(&r, l, c, "not UTF-8");
    }
    if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
        pos = 3; /* a byte-order mark */
    while (!r.bad && pos < len) {
        size_t s, e;

        next_line(buf, len, &pos, &s, &e);
        lineno++;
        if (s == e)
            continue; /* a blank line, usually the last */
        buf_reset(&r.line);
        r.nseg = 0;
        r.seg = xgrow(r.seg, &r.seg_cap, 1, sizeof(*r.seg));
        r.seg[r.nseg++] = (struct seg){0, lineno, 1};
        buf_add(&r.line, buf + s, e - s);
        /* folded continuations: a line starting with a space or a tab */
        while (pos < len && (buf[pos] == ' ' || buf[pos] == '\t')) {
            next_line(buf, len, &pos, &s, &e);
            lineno++;
            r.seg = xgrow(r.seg, &r.seg_cap, r.nseg + 1, sizeof(*r.seg));
            r.seg[r.nseg++] = (struct seg){r.line.len, lineno, 2};
            buf_add(&r.line, buf + s + 1, e - s - 1);
            if (r.line.len > CALENDAR_MAX_LINE)
                break;
        }
        if (r.line.len > CALENDAR_MAX_LINE) {
            problem(&r, 0, "a content line longer than 65536 bytes");
            break;
        }
        content_line(&r);
    }
    if (!r.bad && r.depth) {
        char msg[96];

        snprintf(msg, sizeof(msg), "END:%.31s missing at the end of the file",
                 r.stack[r.depth - 1].name);
        problem_at(&r, lineno + 1, 1, msg);
    }
    if (!r.bad && !lineno)
        problem_at(&r, 1, 1, "an empty file");
    while (r.depth > 0) { /* what an END never attached */
        r.depth--;
        icalcomponent_free(r.stack[r.depth].comp);
    }
    rc = r.sink_rc ? r.sink_rc : r.bad ? TR_EPARSE : 0;
    regfree(&r.re);
    buf_release(&r.line);
    buf_release(&r.tmp);
    free(r.seg);
    free(r.ev);
    free(r.pa);
    free(r.ov);
    return rc;
}

int calendar_import_file(const char *path, const struct calendar_opts *o,
                         const struct calendar_sink *sink,
                         struct calendar_counts *counts, struct diag *diag)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    struct buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc;

    if (!fp)
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0
           && b.len <= (size_t)CALENDAR_MAX_BYTES)
        buf_add(&b, chunk, n);
    if (ferror(fp))
        rc = diag_errno(diag, TR_EIO, "cannot read '%s'", path);
    else if (b.len > (size_t)CALENDAR_MAX_BYTES)
        rc = diag_set(diag, TR_EINVAL, "larger than 64 MiB");
    else
        rc = calendar_import_buf(b.data ? b.data : "", b.len, o, sink, counts,
                                 diag);
    if (fp != stdin)
        fclose(fp);
    buf_release(&b);
    return rc;
}
