/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: user catalog files. */
#include <stdint.h>

#include "catalog/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct catalog c;
    struct diag d;

    catalog_init(&c);
    diag_init(&d);
    catalog_load_buf(&c, (const char *)data, size, &d);
    catalog_match(&c, "chatgpt.com", 11);
    catalog_release(&c);
    diag_release(&d);
    return 0;
}
