/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: roster parsing and validation (cycles, duplicates). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/roster.h"

/* A valid roster's people and parents name units of its own. */
static int check(void *ctx, const struct roster *r, struct diag *diag)
{
    (void)ctx;
    (void)diag;
    for (size_t i = 0; i < r->npeople; i++)
        if (r->people[i].unit >= r->nunits)
            abort();
    for (size_t i = 0; i < r->nunits; i++)
        if (r->units[i].parent
            && !strmap_gets(&r->unit_index, r->units[i].parent, NULL))
            abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct roster_sink sink = {NULL, check};
    struct pseudo_key key;
    struct diag d;

    memset(key.k, 7, sizeof(key.k));
    diag_init(&d);
    roster_import_buf((const char *)data, size, &key, &sink, &d);
    diag_release(&d);
    return 0;
}
