/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the work-item importer with every preset, into a sink that
 * checks what it is given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/items.h"

static int sink_rows(void *ctx, const struct item_row *rows, size_t n,
                     struct diag *diag)
{
    (void)ctx;
    (void)diag;
    for (size_t i = 0; i < n; i++) {
        const struct item_row *row = &rows[i];

        if (!row->key || !*row->key || !row->workflow || !*row->workflow
            || (row->has_finished && row->finished < row->started))
            abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const presets[] = {"generic", "jira", "servicenow"};
    struct item_sink sink = {NULL, sink_rows, NULL, NULL};
    struct items_options opts;
    struct items_result res;
    struct pseudo_key key;
    struct tzone zone;
    struct diag d;

    memset(key.k, 7, sizeof(key.k));
    tzone_init(&zone, "UTC", NULL);
    for (size_t p = 0; p < 3; p++) {
        memset(&opts, 0, sizeof(opts));
        opts.preset = presets[p];
        opts.zone = &zone;
        opts.workflow = p == 1 ? "dev" : NULL;
        diag_init(&d);
        items_import_buf((const char *)data, size, &opts, &key, &sink, &res,
                         &d);
        diag_release(&d);
    }
    return 0;
}
