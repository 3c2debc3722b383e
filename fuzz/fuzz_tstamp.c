/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: date parsing; a parsed stamp must format and re-parse to
 * the same second. */
#include <stdint.h>
#include <stdlib.h>

#include "core/tstamp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf b = BUF_INIT;
    struct tzone z;
    int64_t t, again;

    tzone_init(&z, "+05:30", NULL);
    if (tstamp_parse((const char *)data, size, &z, &t) == 0) {
        tstamp_format_iso(&b, t);
        if (tstamp_parse(b.data, b.len, &z, &again) != 0 || again != t)
            abort();
    }
    buf_release(&b);
    return 0;
}
