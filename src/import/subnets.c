/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The subnet CSV: networks such as 10.20.0.0/16 (or one address) and the
 * team each belongs to. */
#include "import/subnets.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "import/csv.h"
#include "import/fields.h"

struct reader {
    const struct subnet_sink *sink;
    int col_cidr, col_team;
};

static int parse_cidr(const char *s, size_t len, uint32_t *net, int *prefix)
{
    char tmp[64];
    const char *slash;
    struct in_addr a;
    char *end;
    long p = 32;

    fields_trim(&s, &len);
    if (!len || len >= sizeof(tmp))
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    slash = strchr(tmp, '/');
    if (slash) {
        p = strtol(slash + 1, &end, 10);
        if (*end || end == slash + 1 || p < 0 || p > 32)
            return -1;
        tmp[slash - tmp] = '\0';
    }
    if (inet_pton(AF_INET, tmp, &a) != 1)
        return -1;
    *prefix = (int)p;
    *net = ntohl(a.s_addr) & (p ? 0xFFFFFFFFu << (32 - p) : 0);
    return 0;
}

static int on_record(void *ctx, const struct csv_record *rec,
                     struct diag *diag)
{
    struct reader *r = ctx;
    struct subnet_row row;
    const char *team;
    char *name;
    size_t len;
    int rc;

    if (rec->index == 0) {
        r->col_cidr = fields_find(rec, "cidr");
        r->col_team = fields_find(rec, "team");
        if (r->col_cidr < 0 || r->col_team < 0)
            return diag_at(diag, TR_EPARSE, rec->line, 0,
                           "the subnet file needs columns cidr and team");
        return 0;
    }
    if (rec->problem) {
        diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                rec->problem);
        return 0;
    }
    if ((size_t)r->col_cidr >= rec->nfields
        || (size_t)r->col_team >= rec->nfields) {
        diag_at(diag, TR_EPARSE, rec->line, 0, "missing fields");
        return 0;
    }
    if (parse_cidr(rec->fields[r->col_cidr], rec->lens[r->col_cidr],
                   &row.network, &row.prefix)) {
        diag_at(diag, TR_EPARSE, rec->line, r->col_cidr + 1,
                "'%.60s' is not an IPv4 network such as 10.20.0.0/16",
                rec->fields[r->col_cidr]);
        return 0;
    }
    team = rec->fields[r->col_team];
    len = rec->lens[r->col_team];
    fields_trim(&team, &len);
    name = xstrndup(team, len);
    row.team = name;
    row.line = rec->line;
    row.team_col = r->col_team + 1;
    rc = r->sink->row(r->sink->ctx, &row, diag);
    free(name);
    return rc;
}

/* The end of a read: the sink's end when the file had no problem. */
static int end(const struct reader *r, int rc, struct diag *diag)
{
    if (!rc && diag->code)
        rc = TR_EPARSE;
    if (!rc)
        rc = r->sink->end(r->sink->ctx, diag);
    return rc;
}

int subnets_import_buf(const char *buf, size_t len,
                       const struct subnet_sink *sink, struct diag *diag)
{
    struct reader r = {sink, -1, -1};

    return end(&r, csv_read_buf(buf, len, ',', on_record, &r, diag), diag);
}

int subnets_import_file(const char *path, const struct subnet_sink *sink,
                        struct diag *diag)
{
    struct reader r = {sink, -1, -1};

    return end(&r,
               csv_read_file(path, ',', "reading subnets", on_record, &r,
                             diag),
               diag);
}
