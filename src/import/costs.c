/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The costs CSV: one cost a row. */
#include "import/costs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "import/csv.h"
#include "import/fields.h"

enum { C_KIND, C_OF, C_MONTH, C_AMOUNT, C_SEATS, C_COUNT };

static const char *const col_names[C_COUNT] = {"kind", "of", "month",
                                               "amount", "seats"};

struct reader {
    const struct cost_sink *sink;
    int col[C_COUNT];
};

/* Field c of the record, trimmed ("" when the row is short). */
static void field(const struct reader *r, const struct csv_record *rec,
                  int c, const char **s, size_t *len)
{
    *s = "";
    *len = 0;
    if (r->col[c] >= 0 && (size_t)r->col[c] < rec->nfields) {
        *s = rec->fields[r->col[c]];
        *len = rec->lens[r->col[c]];
        fields_trim(s, len);
    }
}

static int bad(const struct reader *r, const struct csv_record *rec, int c,
               struct diag *diag, const char *what)
{
    diag_at(diag, TR_EPARSE, rec->line, r->col[c] >= 0 ? r->col[c] + 1 : 0,
            "%s", what);
    return 0;
}

static int on_record(void *ctx, const struct csv_record *rec,
                     struct diag *diag)
{
    struct reader *r = ctx;
    struct cost_row row;
    const char *s;
    size_t len;
    long month;
    int kind, rc;
    char *of;
    char msg[160];

    if (rec->index == 0) {
        for (int c = 0; c < C_COUNT; c++)
            r->col[c] = fields_find(rec, col_names[c]);
        if (r->col[C_KIND] < 0 || r->col[C_OF] < 0 || r->col[C_AMOUNT] < 0)
            return diag_at(diag, TR_EPARSE, rec->line, 0,
                           "the costs file needs columns kind, of and "
                           "amount (and month, seats for licences)");
        return 0;
    }
    if (rec->problem) {
        diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                rec->problem);
        return 0;
    }
    memset(&row, 0, sizeof(row));
    row.seats = -1;
    row.line = rec->line;
    field(r, rec, C_KIND, &s, &len);
    kind = cost_kind_parse(s, len);
    if (kind < 0)
        return bad(r, rec, C_KIND, diag,
                   "kind must be licence, hourly or event");
    row.kind = (enum cost_kind)kind;
    field(r, rec, C_AMOUNT, &s, &len);
    if (fields_number(s, len, &row.amount) != FIELDS_OK
        || !(row.amount >= 0 && row.amount <= COSTS_MAX_AMOUNT)) {
        snprintf(msg, sizeof(msg),
                 "amount must be a number from 0 to %g", COSTS_MAX_AMOUNT);
        return bad(r, rec, C_AMOUNT, diag, msg);
    }
    field(r, rec, C_MONTH, &s, &len);
    if (row.kind == COST_LICENCE) {
        if (cost_month_parse(s, len, &month))
            return bad(r, rec, C_MONTH, diag,
                       "a licence needs a month (YYYY-MM)");
        memcpy(row.month, s, 7);
        row.month[7] = '\0';
        field(r, rec, C_SEATS, &s, &len);
        if (fields_count(s, len, &row.seats) != FIELDS_OK
            || row.seats > COSTS_MAX_SEATS) {
            snprintf(msg, sizeof(msg),
                     "a licence needs its seats (0 to %ld)",
                     COSTS_MAX_SEATS);
            return bad(r, rec, C_SEATS, diag, msg);
        }
    } else if (len)
        return bad(r, rec, C_MONTH, diag,
                   "only licences have a month");
    else {
        field(r, rec, C_SEATS, &s, &len);
        if (len)
            return bad(r, rec, C_SEATS, diag, "only licences have seats");
    }
    field(r, rec, C_OF, &s, &len);
    if (row.kind == COST_LICENCE && !len)
        return bad(r, rec, C_OF, diag, "a licence needs the tool in 'of'");
    if (row.kind == COST_EVENT && !(len == 6 && !memcmp(s, "errors", 6))
        && !(len == 6 && !memcmp(s, "rework", 6)))
        return bad(r, rec, C_OF, diag, "an event is errors or rework");
    of = xstrndup(s, len);
    row.of = of;
    rc = diag->code ? 0 : r->sink->row(r->sink->ctx, &row, diag);
    free(of);
    return rc;
}

static int end(int rc, struct diag *diag)
{
    return !rc && diag->code ? TR_EPARSE : rc;
}

int costs_import_buf(const char *buf, size_t len, const struct cost_sink *sink,
                     struct diag *diag)
{
    struct reader r = {sink, {-1, -1, -1, -1, -1}};

    return end(csv_read_buf(buf, len, ',', on_record, &r, diag), diag);
}

int costs_import_file(const char *path, const struct cost_sink *sink,
                      struct diag *diag)
{
    struct reader r = {sink, {-1, -1, -1, -1, -1}};

    return end(csv_read_file(path, ',', "reading costs", on_record, &r, diag),
               diag);
}
