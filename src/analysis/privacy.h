/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The privacy rules every released aggregate passes (DESIGN.md): minimum
 * distinct people per cell, and complementary suppression so a hidden cell
 * cannot be recovered from a total. Thresholds can only be made stricter. */
#ifndef TR_ANALYSIS_PRIVACY_H
#define TR_ANALYSIS_PRIVACY_H

#include <stddef.h>
#include <stdint.h>

/* Distinct people a work-item group needs to be shown. */
#define PRIVACY_MIN_PEOPLE_ITEMS 5

/* Given each cell's distinct-people count, sets hidden[i] = 1 for cells
 * below min, then, when exactly one cell is hidden among two or more,
 * also hides the smallest shown cell (by people, then by index) so the
 * hidden one cannot be derived from the total. Returns the number of
 * hidden cells. */
size_t privacy_suppress(const long *people, size_t n, long min, int *hidden);

/* The same rule applied within groups: cells with equal group ids, which
 * must be consecutive, are siblings (the teams of one week and service);
 * a cell with group id -1 is not a people cell and is left shown. */
void privacy_suppress_groups(const long *people, const int64_t *group,
                             size_t n, long min, int *hidden);

#endif
