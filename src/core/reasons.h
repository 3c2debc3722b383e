/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reasons: the fixed rows of text every recommendation, verdict and load
 * carries (char reasons[N][W] beside size_t nreasons), and the one way a
 * formatted reason is added to them. */
#ifndef TR_CORE_REASONS_H
#define TR_CORE_REASONS_H

#include <stddef.h>

/* Adds fmt's text as row *n of rows (cap rows of width bytes, cut to fit)
 * and counts it; does nothing when all cap rows are taken. */
void reasons_addf(char *rows, size_t width, size_t cap, size_t *n,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* REASONS_ADDF(obj, fmt, ...): obj has the array reasons and the count
 * nreasons. */
#define REASONS_ADDF(obj, ...)                                               \
    reasons_addf(&(obj)->reasons[0][0], sizeof((obj)->reasons[0]),           \
                 sizeof((obj)->reasons) / sizeof((obj)->reasons[0]),         \
                 &(obj)->nreasons, __VA_ARGS__)

#endif
