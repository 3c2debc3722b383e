/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Form bodies (application/x-www-form-urlencoded), as browsers send them:
 * the parsing core behind the dashboard's POSTs, and what the unit tests
 * and the fuzzer call. */
#ifndef TR_HTTP_FORM_H
#define TR_HTTP_FORM_H

#include <stddef.h>

/* Decodes the value of the first field called name ('+' is a space, %XX
 * a byte; a malformed escape is kept as it is) into out, NUL-terminated
 * and cut to n - 1 bytes. Returns 1 when the field is present, else 0
 * with out empty. A value holding NUL bytes is cut at the first. */
int http_form_value(const char *body, size_t len, const char *name,
                    char *out, size_t n);

#endif
