/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Timestamps: parsing the date forms real exports use into Unix seconds
 * (UTC), and formatting them back. Zone-less stamps are read in a zone the
 * user names (UTC by default). */
#ifndef TR_TSTAMP_H
#define TR_TSTAMP_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/diag.h"

/* The zone that zone-less stamps are read in. */
struct tzone {
    int fixed;      /* 1: offset_s applies; 0: a named IANA zone */
    int offset_s;   /* seconds east of UTC when fixed */
    long cache_key[64]; /* named zones: local hour -> offset cache */
    int cache_off[64];
};

/* Accepts "UTC", "Z", "+HH:MM", "-HHMM" or an IANA name such as
 * "Europe/Berlin" (checked against the system zoneinfo). A named zone sets
 * the process's TZ. Returns 0 or TR_EINVAL. */
int tzone_init(struct tzone *z, const char *spec, struct diag *diag);

/* Date forms, tried in this order by tstamp_parse:
 *   Unix seconds (digits, optional fraction)
 *   ISO 8601: YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|+HH[:MM]|-HH[:MM]]
 *   Jira:     dd/MMM/yy h:mm AM|PM     (14/Jul/25 3:42 PM)
 *   US:       M/d/yyyy H:mm            (6/21/2025 16:14)
 * Returns 0 with *out set, or TR_EPARSE (nothing is recorded in a diag;
 * callers know the line and column). */
int tstamp_parse(const char *s, size_t len, struct tzone *zone, int64_t *out);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t tstamp_days_from_civil(int y, int m, int d);
void tstamp_civil_from_days(int64_t days, int *y, int *m, int *d);

/* Day number (days since 1970-01-01, UTC) of a time, and the day number
 * of the Monday that starts its ISO week. */
int64_t tstamp_day(int64_t t);
int64_t tstamp_monday(int64_t day);
/* Appends the ISO week of a Monday's day number: "2026-W37". */
void tstamp_format_isoweek(struct buf *out, int64_t monday);
/* Parses "2026-W37" into its Monday's day number. Returns 0 or
 * TR_EPARSE. */
int tstamp_parse_isoweek(const char *s, int64_t *monday);

/* Appends "YYYY-MM-DDTHH:MM:SSZ", "YYYY-MM-DD" or "YYYY-MM". */
void tstamp_format_iso(struct buf *out, int64_t t);
void tstamp_format_day(struct buf *out, int64_t t);
void tstamp_format_month(struct buf *out, int64_t t);

#endif
