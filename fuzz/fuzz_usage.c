/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: every telemetry format on the same bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "import/usage.h"

static int check(void *ctx, const struct usage_row *r, struct diag *diag)
{
    (void)ctx;
    (void)diag;
    if (!r->tool || (r->person && !r->person_len))
        abort();
    return 0;
}

static int check_seat(void *ctx, const struct usage_seat *s,
                      struct diag *diag)
{
    (void)ctx;
    (void)diag;
    if (!s->tool || !s->person || !s->person_len
        || s->last_day < USAGE_NEVER || s->as_of < USAGE_NEVER)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct usage_sink sink = {NULL, check, check_seat};

    for (int f = 0; f < UF_COUNT; f++) {
        struct diag d;

        diag_init(&d);
        usage_import_buf((enum usage_format)f, (const char *)data, size,
                         &sink, &d);
        diag_release(&d);
    }
    return 0;
}
