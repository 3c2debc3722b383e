/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: number samples for `traction stats` and the descriptive
 * statistics on them. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "import/numbers.h"
#include "stats/stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct numbers s;
    struct stats_desc d;
    struct diag diag;

    diag_init(&diag);
    if (numbers_parse_buf((const char *)data, size, &s, &diag) == 0 && s.n) {
        for (size_t i = 0; i < s.n; i++)
            if (!isfinite(s.v[i]) || !isfinite(s.dev[i]))
                abort();
        stats_describe(s.dev, s.n, s.shift, &d, NULL);
    }
    numbers_release(&s);
    diag_release(&diag);
    return 0;
}
