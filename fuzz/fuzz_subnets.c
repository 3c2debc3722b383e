/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the subnet CSV; every row reaching the sink is a network
 * masked to its prefix with a team name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/subnets.h"

static int check(void *ctx, const struct subnet_row *r, struct diag *diag)
{
    (void)ctx;
    (void)diag;
    if (r->prefix < 0 || r->prefix > 32 || !r->team || r->line < 2
        || (r->prefix < 32 && (r->network & (0xFFFFFFFFu >> r->prefix))))
        abort();
    return 0;
}

static int end(void *ctx, struct diag *diag)
{
    (void)ctx;
    (void)diag;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct subnet_sink sink = {NULL, check, end};
    struct diag d;

    diag_init(&d);
    subnets_import_buf((const char *)data, size, &sink, &d);
    diag_release(&d);
    return 0;
}
