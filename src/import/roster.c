/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Roster CSV parsing and validation. Identifiers are hashed the moment
 * they are read and never kept or printed raw. */
#include "import/roster.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "import/csv.h"
#include "import/fields.h"

enum { C_ID, C_ALIASES, C_TEAM, C_PARENT, C_FUNCTION, C_MANAGER, NCOLS };

static const struct {
    const char *name;
    int required;
} columns[NCOLS] = {
    [C_ID] = {"id", 1},         [C_ALIASES] = {"aliases", 0},
    [C_TEAM] = {"team", 1},     [C_PARENT] = {"parent", 0},
    [C_FUNCTION] = {"function", 0}, [C_MANAGER] = {"manager", 1},
};

struct parser {
    const struct pseudo_key *key; /* borrowed */
    struct roster *r;             /* borrowed */
    int col[NCOLS];               /* field index, -1 when absent */
    size_t nhdr;
    struct strmap seen;           /* pseudonym -> line of first use */
};

static int header(struct parser *p, const struct csv_record *rec,
                  struct diag *diag)
{
    int rc = 0;

    if (rec->problem)
        return diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                       rec->problem);
    p->nhdr = rec->nfields;
    for (int c = 0; c < NCOLS; c++) {
        p->col[c] = fields_find(rec, columns[c].name);
        if (p->col[c] < 0 && columns[c].required)
            rc = diag_at(diag, TR_EPARSE, rec->line, 0,
                         "missing column '%s' (the roster needs id, team "
                         "and manager)",
                         columns[c].name);
        else if (p->col[c] >= 0
                 && fields_find_next(rec, columns[c].name, p->col[c]) >= 0)
            rc = diag_at(diag, TR_EPARSE, rec->line,
                         fields_find_next(rec, columns[c].name, p->col[c]) + 1,
                         "column '%s' appears twice", columns[c].name);
    }
    return rc;
}

/* The trimmed text of column c as an owned string ("" when absent). */
static char *field(const struct parser *p, const struct csv_record *rec, int c)
{
    const char *s;
    size_t len;

    if (p->col[c] < 0)
        return xstrdup("");
    s = rec->fields[p->col[c]];
    len = rec->lens[p->col[c]];
    fields_trim(&s, &len);
    return xstrndup(s, len);
}

static long colno(const struct parser *p, int c)
{
    return p->col[c] + 1;
}

/* Checks that an identifier's pseudonym is new; remembers it. */
static int claim(struct parser *p, const unsigned char *pn, long line, int c,
                 const char *what, struct diag *diag)
{
    int64_t first;

    if (strmap_get(&p->seen, pn, PSEUDO_BYTES, &first))
        return diag_at(diag, TR_EPARSE, line, colno(p, c),
                       "duplicate %s (the same identifier is on line %ld)",
                       what, (long)first);
    strmap_put(&p->seen, pn, PSEUDO_BYTES, line);
    return 0;
}

static int set_link(struct parser *p, char **slot, long *slot_line,
                    const char *value, long line, int c, const char *team,
                    const char *what, struct diag *diag)
{
    if (!*slot) {
        *slot = xstrdup(value);
        *slot_line = line;
        return 0;
    }
    if (!strcmp(*slot, value))
        return 0;
    return diag_at(diag, TR_EPARSE, line, colno(p, c),
                   "team '%s' has %s '%s' on line %ld but '%s' here", team,
                   what, *slot, *slot_line, value);
}

static int add_aliases(struct parser *p, struct roster_person *person,
                       const char *list, long line, struct diag *diag)
{
    const char *s = list;
    int rc = 0;

    while (*s) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        unsigned char pn[PSEUDO_BYTES];

        if (!pseudo_hash(p->key, s, len, pn)) {
            rc = claim(p, pn, line, C_ALIASES, "alias", diag);
            if (rc)
                break;
            person->aliases = xrealloc(person->aliases,
                                       (person->naliases + 1) * PSEUDO_BYTES);
            memcpy(person->aliases[person->naliases++], pn, PSEUDO_BYTES);
        }
        s += len;
        if (*s == ';')
            s++;
    }
    return rc;
}

static int row(struct parser *p, const struct csv_record *rec,
               struct diag *diag)
{
    struct roster_person person;
    struct roster_unit *unit;
    char *id = NULL, *team = NULL, *parent = NULL, *function = NULL,
         *aliases = NULL, *manager = NULL;
    size_t u;
    int rc = 0;

    memset(&person, 0, sizeof(person));
    person.line = rec->line;
    if (rec->problem) {
        rc = diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                     rec->problem);
        goto out;
    }
    if (rec->nfields != p->nhdr) {
        rc = diag_at(diag, TR_EPARSE, rec->line, 0,
                     "expected %zu fields as in the header, found %zu",
                     p->nhdr, rec->nfields);
        goto out;
    }
    id = field(p, rec, C_ID);
    team = field(p, rec, C_TEAM);
    parent = field(p, rec, C_PARENT);
    function = field(p, rec, C_FUNCTION);
    aliases = field(p, rec, C_ALIASES);
    manager = field(p, rec, C_MANAGER);
    if (pseudo_hash(p->key, id, strlen(id), person.id)) {
        rc = diag_at(diag, TR_EPARSE, rec->line, colno(p, C_ID), "empty id");
        goto out;
    }
    if (!*team) {
        rc = diag_at(diag, TR_EPARSE, rec->line, colno(p, C_TEAM),
                     "empty team");
        goto out;
    }
    if (fields_yesno(manager, strlen(manager), &person.manager)) {
        rc = diag_at(diag, TR_EPARSE, rec->line, colno(p, C_MANAGER),
                     "unknown manager value '%s' (expected yes or no)",
                     manager);
        goto out;
    }
    if (*parent && !strcmp(parent, team)) {
        rc = diag_at(diag, TR_EPARSE, rec->line, colno(p, C_PARENT),
                     "team '%s' is its own parent (a cycle)", team);
        goto out;
    }
    rc = claim(p, person.id, rec->line, C_ID, "id", diag);
    if (!rc)
        rc = add_aliases(p, &person, aliases, rec->line, diag);
    if (rc)
        goto out;
    u = roster_unit(p->r, team, rec->line);
    if (*parent) {
        roster_unit(p->r, parent, rec->line);
        unit = &p->r->units[u]; /* after the add: units may move */
        rc = set_link(p, &unit->parent, &unit->parent_line, parent, rec->line,
                      C_PARENT, team, "parent", diag);
    }
    unit = &p->r->units[u];
    if (!rc && *function)
        rc = set_link(p, &unit->function, &unit->function_line, function,
                      rec->line, C_FUNCTION, team, "function", diag);
    if (rc)
        goto out;
    person.unit = u;
    p->r->people = xgrow(p->r->people, &p->r->people_cap, p->r->npeople + 1,
                         sizeof(person));
    p->r->people[p->r->npeople++] = person;
    person.aliases = NULL; /* handed over */
out:
    free(person.aliases);
    free(id);
    free(team);
    free(parent);
    free(function);
    free(aliases);
    free(manager);
    (void)rc;
    return 0; /* row problems are collected; keep reading */
}

static int on_record(void *ctx, const struct csv_record *rec,
                     struct diag *diag)
{
    struct parser *p = ctx;

    if (rec->index == 0)
        return header(p, rec, diag);
    return row(p, rec, diag);
}

/* Reports each cycle in the parent links once. */
static int check_cycles(struct roster *r, struct diag *diag)
{
    size_t n = r->nunits;
    size_t *mark = xcalloc(n ? n : 1, sizeof(*mark));
    int rc = 0;

    for (size_t i = 0; i < n; i++) {
        size_t u = i;
        int64_t next;

        /* walk up, stamping with i + 1; meeting our own stamp = cycle */
        while (!mark[u]) {
            mark[u] = i + 1;
            if (!r->units[u].parent
                || !strmap_gets(&r->unit_index, r->units[u].parent, &next))
                break;
            u = (size_t)next;
        }
        if (mark[u] == i + 1 && r->units[u].parent) {
            struct buf path = BUF_INIT;
            size_t v = u;

            do {
                buf_addf(&path, "'%s' -> ", r->units[v].name);
                strmap_gets(&r->unit_index, r->units[v].parent, &next);
                v = (size_t)next;
            } while (v != u);
            buf_addf(&path, "'%s'", r->units[u].name);
            rc = diag_at(diag, TR_EPARSE, r->units[u].parent_line, 0,
                         "parent links form a cycle: %s", buf_str(&path));
            buf_release(&path);
            /* stamp the cycle so it is reported once */
            for (v = 0; v < n; v++)
                if (mark[v] == i + 1)
                    mark[v] = (size_t)-1;
        }
    }
    free(mark);
    return rc;
}

static void parser_init(struct parser *p, const struct pseudo_key *key,
                        struct roster *r)
{
    memset(p, 0, sizeof(*p));
    p->key = key;
    p->r = r;
    strmap_init(&p->seen);
}

static int finish(struct parser *p, int rc, struct diag *diag)
{
    strmap_release(&p->seen);
    if (!rc && !diag->code && p->r->npeople == 0)
        rc = diag_set(diag, TR_EPARSE,
                      "the roster has no people (an empty roster would mark "
                      "everyone as having left)");
    if (!rc && !diag->code)
        rc = check_cycles(p->r, diag);
    if (!rc && diag->code)
        rc = TR_EPARSE;
    if (rc)
        roster_release(p->r);
    return rc;
}

/* Reads a file (path), else the buffer, into the sink: the roster is
 * handed over only when all of it is valid, then released. */
static int import(const char *path, const char *buf, size_t len,
                  const struct pseudo_key *key,
                  const struct roster_sink *sink, struct diag *diag)
{
    struct parser p;
    struct roster r;
    int rc;

    roster_init(&r);
    parser_init(&p, key, &r);
    rc = path ? csv_read_file(path, ',', "reading roster", on_record, &p,
                              diag)
              : csv_read_buf(buf, len, ',', on_record, &p, diag);
    rc = finish(&p, rc, diag);
    if (!rc)
        rc = sink->roster(sink->ctx, &r, diag);
    roster_release(&r);
    return rc;
}

int roster_import_buf(const char *buf, size_t len,
                      const struct pseudo_key *key,
                      const struct roster_sink *sink, struct diag *diag)
{
    return import(NULL, buf, len, key, sink, diag);
}

int roster_import_file(const char *path, const struct pseudo_key *key,
                       const struct roster_sink *sink, struct diag *diag)
{
    return import(path, NULL, 0, key, sink, diag);
}
