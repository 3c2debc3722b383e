/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Roster model storage. */
#include "model/roster.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void roster_init(struct roster *r)
{
    memset(r, 0, sizeof(*r));
    strmap_init(&r->unit_index);
}

void roster_release(struct roster *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nunits; i++) {
        free(r->units[i].name);
        free(r->units[i].parent);
        free(r->units[i].function);
    }
    for (size_t i = 0; i < r->npeople; i++)
        free(r->people[i].aliases);
    free(r->units);
    free(r->people);
    strmap_release(&r->unit_index);
    roster_init(r);
}

size_t roster_unit(struct roster *r, const char *name, long line)
{
    int64_t idx;

    if (strmap_gets(&r->unit_index, name, &idx))
        return (size_t)idx;
    r->units = xgrow(r->units, &r->units_cap, r->nunits + 1, sizeof(*r->units));
    memset(&r->units[r->nunits], 0, sizeof(r->units[0]));
    r->units[r->nunits].name = xstrdup(name);
    r->units[r->nunits].line = line;
    strmap_puts(&r->unit_index, name, (int64_t)r->nunits);
    return r->nunits++;
}
