/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reasons: fixed rows of text (see reasons.h). */
#include "core/reasons.h"

#include <stdarg.h>
#include <stdio.h>

void reasons_addf(char *rows, size_t width, size_t cap, size_t *n,
                  const char *fmt, ...)
{
    va_list ap;

    if (*n >= cap)
        return;
    va_start(ap, fmt);
    vsnprintf(rows + *n * width, width, fmt, ap);
    va_end(ap);
    ++*n;
}
