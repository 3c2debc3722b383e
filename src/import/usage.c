/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Approved-tool telemetry parsers, pushing rows into a usage_sink. */
#include "import/usage.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "import/csv.h"
#include "import/fields.h"

const char *const usage_format_names[UF_COUNT] = {
    [UF_COPILOT_USERS] = "copilot-users",
    [UF_COPILOT_SEATS] = "copilot-seats",
    [UF_COPILOT_LEGACY] = "copilot-legacy",
    [UF_M365_COPILOT] = "m365-copilot",
    [UF_GENERIC] = "generic"};

static const char COPILOT[] = "GitHub Copilot";
static const char M365[] = "Microsoft 365 Copilot";

int usage_format_parse(const char *s)
{
    for (int i = 0; i < UF_COUNT; i++)
        if (!strcmp(s, usage_format_names[i]))
            return i;
    return -1;
}

static int day_of(const char *s, size_t n, int64_t *day)
{
    struct tzone utc;
    int64_t t;

    tzone_init(&utc, "UTC", NULL);
    if (!s || tstamp_parse(s, n, &utc, &t))
        return -1;
    *day = tstamp_day(t);
    return 0;
}

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static long jint(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

/* A tenant's "anonymous identifiers": 32 hexadecimal digits. */
static int is_hashed(const char *s, size_t n)
{
    if (n != 32)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

struct ctx {
    const struct usage_sink *sink;
    struct diag *diag;
    int failed;
};

static int emit(struct ctx *c, struct usage_row *r)
{
    if (c->failed)
        return 0;
    return c->sink->row(c->sink->ctx, r, c->diag);
}

static int emit_seat(struct ctx *c, struct usage_seat *s)
{
    if (c->failed || !c->sink->seat)
        return 0;
    return c->sink->seat(c->sink->ctx, s, c->diag);
}

/* Records a problem; returns 0 so parsing goes on to find the others. */
__attribute__((format(printf, 4, 5))) static int
bad(struct ctx *c, long line, long col, const char *fmt, ...)
{
    char msg[320];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->failed = 1;
    diag_at(c->diag, TR_EPARSE, line, col, "%s", msg);
    return 0;
}

/* One per-user daily Copilot record. */
static int copilot_user(struct ctx *c, json_t *o, long line)
{
    struct usage_row r;
    const char *login = jstr(o, "user_login"), *day = jstr(o, "day");
    long gen = jint(o, "code_generation_activity_count");
    long acc = jint(o, "code_acceptance_activity_count");

    memset(&r, 0, sizeof(r));
    if (!login)
        login = jstr(o, "login");
    if (!login || !*login)
        return bad(c, line, 0, "record without '%s'", "user_login");
    if (!day || day_of(day, strlen(day), &r.day))
        return bad(c, line, 0, "record without a readable '%s'", "day");
    r.tool = COPILOT;
    r.person = login;
    r.person_len = strlen(login);
    r.interactions = jint(o, "user_initiated_interaction_count");
    r.line = line;
    if (r.interactions <= 0 && gen <= 0 && acc <= 0
        && !json_is_true(json_object_get(o, "used_chat"))
        && !json_is_true(json_object_get(o, "used_agent")))
        return 0; /* a seat without activity that day */
    return emit(c, &r);
}

static int copilot_seat(struct ctx *c, json_t *o, long line)
{
    struct usage_row r;
    const char *login = jstr(json_object_get(o, "assignee"), "login");
    const char *last = jstr(o, "last_activity_at");

    struct usage_seat seat = {COPILOT, login, 0, USAGE_NEVER, USAGE_NEVER,
                              line};
    int rc;

    memset(&r, 0, sizeof(r));
    if (!login || !*login)
        return bad(c, line, 0, "seat without '%s'", "assignee.login");
    seat.person_len = strlen(login);
    if (last && (day_of(last, strlen(last), &r.day) || r.day < 0))
        return bad(c, line, 0, "unreadable '%s'", "last_activity_at");
    if (last)
        seat.last_day = r.day;
    rc = emit_seat(c, &seat);
    if (rc || !last)
        return rc; /* a seat never used has no activity row */
    r.tool = COPILOT;
    r.person = login;
    r.person_len = strlen(login);
    r.last_only = 1;
    r.line = line;
    return emit(c, &r);
}

static int copilot_legacy(struct ctx *c, json_t *o, long line)
{
    struct usage_row r;
    const char *date = jstr(o, "date");

    memset(&r, 0, sizeof(r));
    if (!date || day_of(date, strlen(date), &r.day))
        return bad(c, line, 0, "record without a readable '%s'", "date");
    r.tool = COPILOT;
    r.org_active = jint(o, "total_active_users");
    r.org_engaged = json_is_integer(json_object_get(o, "total_engaged_users"))
                        ? jint(o, "total_engaged_users")
                        : -1;
    r.line = line;
    return emit(c, &r);
}

/* The M365 date columns, CSV name and JSON name. */
static const char *const m365_dates[][2] = {
    {"Last Activity Date", "lastActivityDate"},
    {"Microsoft Teams Copilot Last Activity Date",
     "microsoftTeamsCopilotLastActivityDate"},
    {"Word Copilot Last Activity Date", "wordCopilotLastActivityDate"},
    {"Excel Copilot Last Activity Date", "excelCopilotLastActivityDate"},
    {"PowerPoint Copilot Last Activity Date",
     "powerPointCopilotLastActivityDate"},
    {"Outlook Copilot Last Activity Date", "outlookCopilotLastActivityDate"},
    {"OneNote Copilot Last Activity Date", "oneNoteCopilotLastActivityDate"},
    {"Loop Copilot Last Activity Date", "loopCopilotLastActivityDate"},
    {"Copilot Chat Last Activity Date", "copilotChatLastActivityDate"},
};
#define M365_NDATES (sizeof(m365_dates) / sizeof(m365_dates[0]))

/* What a report line says of its seat: the report's refresh date
 * (USAGE_NEVER when the report has none) and whether the user holds a
 * Copilot licence (the report lists licensed users; a "Has Copilot
 * License" column, where the export has one, may say no). */
struct m365_seat {
    int64_t as_of;
    int licensed;
};

/* One user's report line: a last-activity row per distinct date, and
 * the user's seat. */
static int m365_user(struct ctx *c, const char *upn, size_t upn_len,
                     const char *const *dates, const size_t *lens,
                     const struct m365_seat *ms, long line)
{
    int64_t seen[M365_NDATES];
    size_t nseen = 0;
    struct usage_seat seat = {M365, upn, upn_len, USAGE_NEVER, ms->as_of,
                              line};
    int rc = 0;

    if (!upn_len)
        return bad(c, line, 0, "row without '%s'", "User Principal Name");
    for (size_t i = 0; i < M365_NDATES && !rc; i++) {
        struct usage_row r;
        size_t k;

        if (!dates[i] || !lens[i])
            continue;
        memset(&r, 0, sizeof(r));
        if (day_of(dates[i], lens[i], &r.day))
            return bad(c, line, (long)i + 1, "unreadable date in '%s'",
                       m365_dates[i][0]);
        for (k = 0; k < nseen && seen[k] != r.day; k++)
            ;
        if (k < nseen)
            continue;
        seen[nseen++] = r.day;
        if (r.day >= 0 && r.day > seat.last_day)
            seat.last_day = r.day;
        r.tool = M365;
        r.line = line;
        r.last_only = 1;
        if (is_hashed(upn, upn_len)) {
            r.hashed = 1;
            r.org_active = 1;
            r.org_engaged = -1;
        } else {
            r.person = upn;
            r.person_len = upn_len;
        }
        rc = emit(c, &r);
    }
    if (!rc && ms->licensed)
        rc = emit_seat(c, &seat);
    return rc;
}

/* The refresh date and licence of an M365 line (the fields, NULL when
 * the report has no such column); 0, or -1 with the problem recorded. */
static int m365_seat_of(struct ctx *c, const char *date, size_t date_len,
                        const char *lic, size_t lic_len, long line,
                        struct m365_seat *ms)
{
    ms->as_of = USAGE_NEVER;
    ms->licensed = 1;
    if (date && date_len
        && (day_of(date, date_len, &ms->as_of) || ms->as_of < 0))
        return bad(c, line, 0, "unreadable date in '%s'",
                   "Report Refresh Date") - 1;
    if (lic && lic_len && fields_yesno(lic, lic_len, &ms->licensed))
        return bad(c, line, 0, "'%s' is not yes or no",
                   "Has Copilot License") - 1;
    return 0;
}

/* ---- CSV formats ---- */

struct csv_state {
    struct ctx *c;
    enum usage_format f;
    int col[M365_NDATES + 1]; /* m365: UPN then dates; generic: 5 fields */
    int refresh_col, licence_col; /* m365, -1 when absent */
};

static int field_at(const struct csv_record *rec, int col, const char **s,
                    size_t *n)
{
    if (col < 0 || (size_t)col >= rec->nfields) {
        *s = NULL;
        *n = 0;
        return -1;
    }
    *s = rec->fields[col];
    *n = rec->lens[col];
    fields_trim(s, n);
    return 0;
}

static int on_csv(void *ctx, const struct csv_record *rec, struct diag *diag)
{
    struct csv_state *st = ctx;
    struct ctx *c = st->c;
    const char *s;
    size_t n;

    (void)diag;
    if (rec->index == 0) {
        if (st->f == UF_M365_COPILOT) {
            st->col[0] = fields_find(rec, "User Principal Name");
            for (size_t i = 0; i < M365_NDATES; i++)
                st->col[i + 1] = fields_find(rec, m365_dates[i][0]);
            st->refresh_col = fields_find(rec, "Report Refresh Date");
            st->licence_col = fields_find(rec, "Has Copilot License");
            if (st->col[0] < 0 || st->col[1] < 0) {
                bad(c, rec->line, 0,
                    "not a Microsoft 365 Copilot usage report: no '%s' "
                    "column",
                    st->col[0] < 0 ? "User Principal Name"
                                   : "Last Activity Date");
                return TR_EPARSE;
            }
        } else {
            static const char *const names[] = {"day", "person", "tool",
                                                "active", "interactions"};

            for (int i = 0; i < 5; i++) {
                st->col[i] = fields_find(rec, names[i]);
                if (st->col[i] < 0 && i < 3) {
                    bad(c, rec->line, 0, "missing column '%s'", names[i]);
                    return TR_EPARSE;
                }
            }
        }
        return 0;
    }
    if (rec->problem)
        return bad(c, rec->line, rec->problem_col, "%s", rec->problem);
    if (st->f == UF_M365_COPILOT) {
        const char *dates[M365_NDATES], *rd, *lic;
        size_t lens[M365_NDATES], rdn, licn;
        struct m365_seat ms;

        field_at(rec, st->col[0], &s, &n);
        for (size_t i = 0; i < M365_NDATES; i++)
            field_at(rec, st->col[i + 1], &dates[i], &lens[i]);
        field_at(rec, st->refresh_col, &rd, &rdn);
        field_at(rec, st->licence_col, &lic, &licn);
        if (m365_seat_of(c, rd, rdn, lic, licn, rec->line, &ms))
            return 0;
        return m365_user(c, s, n, dates, lens, &ms, rec->line);
    }
    {
        struct usage_row r;
        char tool[256];
        int active = 1;
        long k;

        memset(&r, 0, sizeof(r));
        r.line = rec->line;
        field_at(rec, st->col[0], &s, &n);
        if (day_of(s, n, &r.day))
            return bad(c, rec->line, st->col[0] + 1, "unreadable %s", "day");
        field_at(rec, st->col[1], &r.person, &r.person_len);
        if (!r.person_len)
            return bad(c, rec->line, st->col[1] + 1, "empty %s", "person");
        field_at(rec, st->col[2], &s, &n);
        if (!n || n >= sizeof(tool))
            return bad(c, rec->line, st->col[2] + 1, "empty %s", "tool");
        memcpy(tool, s, n);
        tool[n] = '\0';
        r.tool = tool;
        if (!field_at(rec, st->col[3], &s, &n) && n
            && fields_yesno(s, n, &active))
            return bad(c, rec->line, st->col[3] + 1, "%s is not yes or no",
                       "active");
        if (!field_at(rec, st->col[4], &s, &n) && n) {
            if (fields_count(s, n, &k))
                return bad(c, rec->line, st->col[4] + 1,
                           "%s is not a count", "interactions");
            r.interactions = k;
        }
        return active ? emit(c, &r) : 0;
    }
}

/* ---- JSON formats ---- */

static int each(struct ctx *c, enum usage_format f, json_t *arr)
{
    size_t i;
    json_t *o;
    int rc = 0;

    json_array_foreach(arr, i, o)
    {
        long line = (long)i + 1;

        if (!json_is_object(o)) {
            bad(c, line, 0, "the record is not an object");
            continue;
        }
        switch (f) {
        case UF_COPILOT_USERS:
            rc = copilot_user(c, o, line);
            break;
        case UF_COPILOT_SEATS:
            rc = copilot_seat(c, o, line);
            break;
        case UF_COPILOT_LEGACY:
            rc = copilot_legacy(c, o, line);
            break;
        case UF_M365_COPILOT: {
            const char *upn = jstr(o, "userPrincipalName"),
                       *dates[M365_NDATES],
                       *rd = jstr(o, "reportRefreshDate");
            json_t *jl = json_object_get(o, "hasCopilotLicense");
            const char *lic = json_is_true(jl)    ? "yes"
                              : json_is_false(jl) ? "no"
                                                  : jstr(o, "hasCopilotLicense");
            size_t lens[M365_NDATES];
            struct m365_seat ms;

            for (size_t d = 0; d < M365_NDATES; d++) {
                dates[d] = jstr(o, m365_dates[d][1]);
                lens[d] = dates[d] ? strlen(dates[d]) : 0;
            }
            if (m365_seat_of(c, rd, rd ? strlen(rd) : 0, lic,
                             lic ? strlen(lic) : 0, line, &ms))
                break;
            rc = m365_user(c, upn ? upn : "", upn ? strlen(upn) : 0, dates,
                           lens, &ms, line);
            break;
        }
        default:
            break;
        }
        if (rc)
            break;
    }
    return rc;
}

/* ---- reading: a file in blocks, or memory ---- */

/* The input as it is read: bytes from pos on are unread (or looked at
 * only); a block is added when more is needed. Memory is a block plus
 * the longest line, bounded by USAGE_RECORD_MAX for NDJSON. */
struct src {
    FILE *fp;         /* borrowed; NULL when the input is in memory */
    char *buf;        /* owned when fp; else borrowed */
    size_t len, pos, cap;
    int eof;
    int err;          /* errno of a failed read, 0 when none */
};

#define USAGE_BLOCK (1u << 20)

static void src_mem(struct src *s, const char *buf, size_t len)
{
    memset(s, 0, sizeof(*s));
    s->buf = (char *)buf;
    s->len = len;
    s->eof = 1;
}

static void src_file(struct src *s, FILE *fp)
{
    memset(s, 0, sizeof(*s));
    s->fp = fp;
}

static void src_release(struct src *s)
{
    if (s->fp)
        free(s->buf);
}

/* Reads one more block after what is unread (read bytes are dropped);
 * -1 on a read error (errno in s->err). */
static int src_fill(struct src *s)
{
    size_t n;

    if (s->eof)
        return 0;
    if (s->pos) {
        memmove(s->buf, s->buf + s->pos, s->len - s->pos);
        s->len -= s->pos;
        s->pos = 0;
    }
    if (s->cap - s->len < USAGE_BLOCK) {
        s->cap = s->len + USAGE_BLOCK;
        s->buf = xrealloc(s->buf, s->cap);
    }
    n = fread(s->buf + s->len, 1, USAGE_BLOCK, s->fp);
    s->len += n;
    if (n < USAGE_BLOCK) {
        s->eof = 1;
        if (ferror(s->fp)) {
            s->err = errno ? errno : EIO;
            return -1;
        }
    }
    return 0;
}

/* The offset from pos of the first byte at or after `from` that is not
 * space, or SIZE_MAX when there is none; -1 in *rc on a read error. */
static size_t src_nonspace(struct src *s, size_t from, int *rc)
{
    for (;;) {
        for (size_t i = s->pos + from; i < s->len; i++)
            if (!isspace((unsigned char)s->buf[i]))
                return i - s->pos;
        from = s->len - s->pos;
        if (s->eof)
            return SIZE_MAX;
        if (src_fill(s)) {
            *rc = -1;
            return SIZE_MAX;
        }
    }
}

/* The next line, without its '\n', in *p, *n (valid until the next
 * call); returns 1, 0 at the end, -1 on a read error. A line longer
 * than USAGE_RECORD_MAX is skipped unread: *too_long, *n == 0. */
static int src_line(struct src *s, const char **p, size_t *n, int *too_long)
{
    size_t scanned = 0;

    *too_long = 0;
    for (;;) {
        const char *nl = memchr(s->buf + s->pos + scanned, '\n',
                                s->len - s->pos - scanned);

        if (nl || (s->eof && (s->pos < s->len || *too_long))) {
            size_t end = nl ? (size_t)(nl - s->buf) : s->len;

            if (end - s->pos > USAGE_RECORD_MAX)
                *too_long = 1;
            *p = s->buf + s->pos;
            *n = *too_long ? 0 : end - s->pos;
            s->pos = nl ? end + 1 : end;
            return 1;
        }
        if (s->eof)
            return 0;
        scanned = s->len - s->pos;
        if (scanned > USAGE_RECORD_MAX) {
            *too_long = 1; /* drop what was read of it */
            s->pos = s->len;
            scanned = 0;
        }
        if (src_fill(s))
            return -1;
    }
}

/* jansson's reader over a src: what was looked at, then the rest. */
static size_t src_json_read(void *out, size_t size, void *data)
{
    struct src *s = data;
    size_t n;

    if (s->pos == s->len && (s->eof || src_fill(s)))
        return s->err ? (size_t)-1 : 0;
    n = s->len - s->pos < size ? s->len - s->pos : size;
    memcpy(out, s->buf + s->pos, n);
    s->pos += n;
    return n;
}

static int read_error(struct src *s, struct diag *diag)
{
    errno = s->err;
    return diag_errno(diag, TR_EIO, "cannot read");
}

/* NDJSON: one object per line, from the start of s. */
static int ndjson(struct ctx *c, struct src *s)
{
    long line = 0;
    int rc = 0, got, too_long;
    const char *p;
    size_t n;

    while (!rc && (got = src_line(s, &p, &n, &too_long)) > 0) {
        const char *e = p + n;
        json_error_t err;
        json_t *o;

        line++;
        if (too_long) {
            bad(c, line, 0, "record longer than %u bytes", USAGE_RECORD_MAX);
            continue;
        }
        while (p < e && isspace((unsigned char)*p))
            p++;
        if (p < e) {
            o = json_loadb(p, (size_t)(e - p), 0, &err);
            if (!json_is_object(o))
                bad(c, line, err.column > 0 ? err.column : 0,
                    "not a JSON object%s%s", o ? "" : ": ",
                    o ? "" : err.text);
            else
                rc = copilot_user(c, o, line);
            json_decref(o);
        }
    }
    if (!rc && got < 0)
        rc = read_error(s, c->diag);
    return rc;
}

/* The records of one JSON document (an export that is not NDJSON). */
static int from_doc(struct ctx *c, enum usage_format f, json_t *doc)
{
    struct diag *diag = c->diag;
    json_t *arr = NULL;
    int rc = 0;

    if (f == UF_COPILOT_USERS && json_is_object(doc)) {
        arr = json_object_get(doc, "day_totals");
        if (!arr && json_object_get(doc, "user_login")) {
            rc = copilot_user(c, doc, 1); /* one-line NDJSON */
            arr = NULL;
        } else if (!arr)
            rc = diag_set(diag, TR_EPARSE,
                          "no 'day_totals' in the report (the "
                          "per-user daily rows)");
    } else if (f == UF_COPILOT_SEATS)
        arr = json_object_get(doc, "seats");
    else if (f == UF_M365_COPILOT)
        arr = json_object_get(doc, "value");
    else if (f == UF_COPILOT_LEGACY)
        arr = doc;
    if (!rc && arr && !json_is_array(arr))
        rc = diag_set(diag, TR_EPARSE, "the records are not an array");
    else if (!rc && arr)
        rc = each(c, f, arr);
    else if (!rc && !arr && f != UF_COPILOT_USERS)
        rc = diag_set(diag, TR_EPARSE,
                      "not a %s export: the record array is missing",
                      usage_format_names[f]);
    return rc;
}

/* The whole of s as one JSON document (the tree is held, the text is
 * not): *doc, or NULL with err. */
static json_t *load_doc(struct src *s, json_error_t *err)
{
    return json_load_callback(src_json_read, s, 0, err);
}

/* copilot-users starting with '{': the report JSON (one document) or
 * NDJSON, told as before the input was streamed: one JSON value and
 * nothing after it is a document, anything else NDJSON. The first line
 * decides when it is a whole object; otherwise the document is tried
 * first (from the start again, or from memory when the input cannot be
 * read twice). */
static int users(struct ctx *c, struct src *s, int *reread)
{
    json_error_t err;
    json_t *o = NULL;
    const char *nl;
    size_t start, after;
    int rc = 0, whole;

    start = src_nonspace(s, 0, &rc);
    while (!rc && !(nl = memchr(s->buf + s->pos + start, '\n',
                                s->len - s->pos - start))
           && !s->eof && s->len - s->pos - start <= USAGE_RECORD_MAX)
        rc = src_fill(s);
    if (rc)
        return read_error(s, c->diag);
    nl = memchr(s->buf + s->pos + start, '\n', s->len - s->pos - start);
    whole = nl || s->eof;
    if (whole) {
        size_t end = nl ? (size_t)(nl - s->buf) - s->pos : s->len - s->pos;

        if (end - start <= USAGE_RECORD_MAX)
            o = json_loadb(s->buf + s->pos + start, end - start, 0, &err);
        after = o ? src_nonspace(s, end, &rc) : 0;
        if (rc) {
            json_decref(o);
            return read_error(s, c->diag);
        }
        if (o && after == SIZE_MAX) { /* one value: the document */
            rc = from_doc(c, UF_COPILOT_USERS, o);
            json_decref(o);
            return rc;
        }
        if (o) {
            json_decref(o);
            return ndjson(c, s);
        }
    }
    /* the first line is not an object by itself: a document? */
    if (s->fp && fseek(s->fp, 0, SEEK_CUR) != 0) {
        *reread = 1; /* a pipe: read whole, as before streaming */
        return 0;
    }
    o = load_doc(s, &err);
    if (o) {
        rc = from_doc(c, UF_COPILOT_USERS, o);
        json_decref(o);
        return rc;
    }
    if (s->err)
        return read_error(s, c->diag);
    if (!s->fp)
        s->pos = 0;
    else if (fseek(s->fp, 0, SEEK_SET) != 0)
        return diag_errno(c->diag, TR_EIO, "cannot read");
    else {
        clearerr(s->fp);
        s->len = s->pos = 0;
        s->eof = 0;
    }
    return ndjson(c, s); /* not one document: NDJSON */
}

/* Any format from s, which is at the start of the input. */
static int import_src(enum usage_format f, struct src *s,
                      const struct usage_sink *sink, int *reread,
                      struct diag *diag)
{
    struct ctx c = {sink, diag, 0};
    json_error_t err;
    json_t *doc = NULL;
    size_t i;
    int rc = 0;

    i = src_nonspace(s, 0, &rc);
    if (rc)
        return read_error(s, diag);
    if (f == UF_GENERIC
        || (f == UF_M365_COPILOT && (i == SIZE_MAX || s->buf[s->pos + i] != '{'))) {
        struct csv_state st = {&c, f, {0}, -1, -1};

        if (s->fp)
            rc = csv_read_stream(s->fp, s->buf + s->pos, s->len - s->pos,
                                 ',', 0, "importing usage", on_csv, &st,
                                 diag);
        else
            rc = csv_read_buf(s->buf, s->len, ',', on_csv, &st, diag);
        return rc ? rc : c.failed ? TR_EPARSE : 0;
    }
    if (f == UF_COPILOT_USERS && i != SIZE_MAX && s->buf[s->pos + i] == '{')
        rc = users(&c, s, reread);
    else {
        doc = load_doc(s, &err);
        if (!doc && s->err)
            rc = read_error(s, diag);
        else if (!doc)
            rc = diag_at(diag, TR_EPARSE, err.line, err.column, "%s",
                         err.text);
        else
            rc = from_doc(&c, f, doc);
        json_decref(doc);
    }
    return rc ? rc : c.failed ? TR_EPARSE : 0;
}

int usage_import_buf(enum usage_format f, const char *buf, size_t len,
                     const struct usage_sink *sink, struct diag *diag)
{
    struct src s;
    int reread = 0;

    src_mem(&s, buf, len);
    return import_src(f, &s, sink, &reread, diag);
}

int usage_import_file(enum usage_format f, const char *path,
                      const struct usage_sink *sink, struct diag *diag)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    struct src s;
    int rc, reread = 0;

    if (!fp)
        return diag_errno(diag, TR_EIO, "cannot open");
    src_file(&s, fp);
    rc = import_src(f, &s, sink, &reread, diag);
    if (!rc && reread) {
        while (!s.eof && !src_fill(&s))
            ;
        rc = s.err ? read_error(&s, diag)
                   : usage_import_buf(f, s.buf + s.pos, s.len - s.pos, sink,
                                      diag);
    }
    src_release(&s);
    if (fp != stdin)
        fclose(fp);
    return rc;
}
