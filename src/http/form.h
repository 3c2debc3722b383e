/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Form bodies (application/x-www-form-urlencoded), as browsers send them:
 * the parsing core behind the dashboard's POSTs, and what the unit tests
 * and the fuzzer call. */
#ifndef TR_HTTP_FORM_H
#define TR_HTTP_FORM_H

#include <stddef.h>

/* What became of a field. */
enum http_form_result {
    HTTP_FORM_ABSENT,   /* no such field; out is "" */
    HTTP_FORM_PRESENT,  /* out holds the whole value */
    HTTP_FORM_TOO_LONG, /* out holds its first n - 1 bytes only */
    HTTP_FORM_NUL,      /* it holds a NUL byte; out ends at the first */
};

/* Decodes the value of the first field called name ('+' is a space, %XX
 * a byte; a malformed escape is kept as it is) into out, NUL-terminated
 * and cut to n - 1 bytes. A value that is cut or holds a NUL byte is
 * not what the user sent: callers refuse it rather than store a part. */
enum http_form_result http_form_value(const char *body, size_t len,
                                      const char *name, char *out, size_t n);

#endif
