/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: roster parsing and validation (cycles, duplicates). */
#include <stdint.h>
#include <string.h>

#include "import/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pseudo_key key;
    struct roster r;
    struct diag d;

    memset(key.k, 7, sizeof(key.k));
    roster_init(&r);
    diag_init(&d);
    roster_parse_buf((const char *)data, size, &key, &r, &d);
    roster_release(&r);
    diag_release(&d);
    return 0;
}
