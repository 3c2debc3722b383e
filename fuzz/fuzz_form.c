/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: form bodies; a value is always NUL-terminated within its
 * buffer, and never longer than the body. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"csrf", "why", "name", "a", ""};
    char out[64];

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        int got = http_form_value((const char *)data, size, names[i], out,
                                  sizeof(out));

        if (memchr(out, '\0', sizeof(out)) == NULL || strlen(out) > size
            || (!got && *out))
            abort();
    }
    return 0;
}
