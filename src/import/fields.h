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

/* yes/no, y/n, true/false, 1/0 (case-insensitive) -> 1/0. Returns 0 or -1
 * when the value is none of these. */
int fields_yesno(const char *s, size_t len, int *out);

/* A non-negative integer that fits a long. Returns 0, -1 when not an
 * integer, -2 when negative. */
int fields_count(const char *s, size_t len, long *out);

/* A finite number. Returns 0 or -1. */
int fields_number(const char *s, size_t len, double *out);

#endif
