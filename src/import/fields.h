/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers every CSV importer shares: finding columns in a header
 * and reading the common value forms. */
#ifndef TR_FIELDS_H
#define TR_FIELDS_H

#include <stddef.h>

#include "import/csv.h"

/* Index of the first header field equal to name (ASCII case-insensitive,
 * surrounding spaces ignored), or -1. */
int fields_find(const struct csv_record *hdr, const char *name);
/* Index of the first header field equal to name after `after`, or -1. */
int fields_find_next(const struct csv_record *hdr, const char *name,
                     int after);

/* Trims spaces and tabs from both ends of [*s, *s + *len). */
void fields_trim(const char **s, size_t *len);

/* What reading one value gave: a verdict on the value, not an error code
 * (the caller words the message and reports TR_EPARSE with the line). */
enum fields_result {
    FIELDS_OK = 0,       /* *out is set */
    FIELDS_BAD = 1,      /* not of the form asked for */
    FIELDS_NEGATIVE = 2, /* an integer, but below zero (fields_count) */
};

/* yes/no, y/n, true/false, 1/0 (case-insensitive) -> 1/0. FIELDS_OK or
 * FIELDS_BAD. */
enum fields_result fields_yesno(const char *s, size_t len, int *out);

/* A non-negative integer that fits a long: FIELDS_OK, FIELDS_BAD or
 * FIELDS_NEGATIVE. */
enum fields_result fields_count(const char *s, size_t len, long *out);

/* A finite number: FIELDS_OK or FIELDS_BAD. */
enum fields_result fields_number(const char *s, size_t len, double *out);

#endif
