/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Samples of numbers for `traction stats`: one number per line, blank
 * lines and lines starting with '#' ignored. Decimals are read exactly so
 * that deviations from a reference value carry no representation error
 * (what lets the NIST NumAcc sets reproduce to 13 digits). */
#ifndef TR_IMPORT_NUMBERS_H
#define TR_IMPORT_NUMBERS_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

/* A decimal read exactly: value = mant * 10^exp10. */
struct decimal {
    int64_t mant;
    int exp10;
    int exact;    /* 0 when it has more digits than an int64 holds */
    double value; /* the nearest double */
};

/* Reads one number (surrounding spaces allowed). Returns 0, or TR_EPARSE
 * when s is not a number, TR_EINVAL when it is NaN or infinite. */
int numbers_decimal(const char *s, size_t len, struct decimal *d);

/* Deviations dev[i] = x[i] - x[0], computed exactly when every value is
 * an exact decimal on a common scale that fits an int64, else in double;
 * *shift = x[0]. */
void numbers_deviations(const struct decimal *x, size_t n, double *dev,
                        double *shift);

struct numbers {
    double *v;    /* owned; the values */
    double *dev;  /* owned; v[i] - shift, exact where possible */
    double shift; /* v[0] */
    size_t n;
    struct decimal first; /* v[0] as read, for numbers_shift_diff */
};

/* b's shift minus a's (b->v[0] - a->v[0]), exact before its one rounding
 * when both first values are exact decimals on a common int64 scale:
 * b->dev[i] + numbers_shift_diff(b, a) is b's value as a deviation from
 * a's shift, so two samples can be compared without losing the digits
 * their common leading part would take. Both samples non-empty. */
double numbers_shift_diff(const struct numbers *b, const struct numbers *a);

void numbers_release(struct numbers *s); /* NULL-safe */

/* Parses a sample from memory, reporting every bad line (line, column 1,
 * reason) in diag. An empty sample is not an error here. */
int numbers_parse_buf(const char *buf, size_t len, struct numbers *out,
                      struct diag *diag);

/* Reads a file ("-" is stdin). */
int numbers_read_file(const char *path, struct numbers *out,
                      struct diag *diag);

#endif
