/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the CSV reader must never crash or read out of bounds, and
 * every record it delivers must be well formed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/csv.h"

static int check(void *ctx, const struct csv_record *rec, struct diag *diag)
{
    (void)ctx;
    (void)diag;
    for (size_t i = 0; i < rec->nfields; i++)
        if (rec->fields[i][rec->lens[i]] != '\0' || rec->line < 1)
            abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag d;

    diag_init(&d);
    csv_read_buf((const char *)data, size, ',', check, NULL, &d);
    diag_release(&d);
    return 0;
}
