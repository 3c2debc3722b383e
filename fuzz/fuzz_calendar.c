/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: iCalendar files; every occurrence reaching the sink lies
 * in the window, lasts a positive time of at most a year, has a local day
 * within a day of its start, and names its people; the window is one year
 * so that a rule without an end stays cheap. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/calendar.h"

#define FROM 1704067200 /* 2024-01-01 */
#define UNTIL 1735689600 /* 2025-01-01 */

static int check(void *ctx, const struct calendar_occurrence *o,
                 struct diag *diag)
{
    (void)ctx;
    (void)diag;
    if (o->start < FROM || o->start >= UNTIL || !(o->hours > 0)
        || o->hours > 366 * 24 || !o->uid || o->line < 1
        || llabs(o->day * 86400 - o->start) > 2 * 86400
        || (o->npeople && !o->people))
        abort();
    for (size_t i = 0; i < o->npeople; i++)
        if (!o->people[i] || !*o->people[i])
            abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct calendar_sink sink = {NULL, check};
    struct calendar_opts o = {NULL, 8, FROM, UNTIL};
    struct calendar_counts c;
    struct diag d;

    memset(&c, 0, sizeof(c));
    diag_init(&d);
    calendar_import_buf((const char *)data, size, &o, &sink, &c, &d);
    diag_release(&d);
    return 0;
}
