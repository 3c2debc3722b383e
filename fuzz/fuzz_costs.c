/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the costs CSV; every row reaching the sink is a known kind
 * with an amount in range, and a licence has a month and its seats. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/costs.h"

static int check(void *ctx, const struct cost_row *r, struct diag *diag)
{
    long month;

    (void)ctx;
    (void)diag;
    if (r->kind >= COST_KIND_COUNT || !r->of || r->line < 2
        || !(r->amount >= 0 && r->amount <= COSTS_MAX_AMOUNT))
        abort();
    if (r->kind == COST_LICENCE
        && (cost_month_parse(r->month, strlen(r->month), &month)
            || r->seats < 0 || !*r->of))
        abort();
    if (r->kind == COST_EVENT && strcmp(r->of, "errors")
        && strcmp(r->of, "rework"))
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct cost_sink sink = {NULL, check};
    struct diag d;

    diag_init(&d);
    costs_import_buf((const char *)data, size, &sink, &d);
    diag_release(&d);
    return 0;
}
