/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calendar importer: iCalendar files (RFC 5545) read through libical,
 * learning events picked by a pattern on their title or categories,
 * recurring events expanded (RRULE, RDATE, EXDATE, RECURRENCE-ID
 * overrides and cancellations) in their own time zones (VTIMEZONE, or
 * the system's zone of a TZID), and each occurrence pushed into a
 * calendar_sink (model/calendar.h). docs/guide.md "Learning time" says
 * what counts and how. */
#ifndef TR_IMPORT_CALENDAR_H
#define TR_IMPORT_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "model/calendar.h"

/* Limits on untrusted input. */
#define CALENDAR_MAX_BYTES (64L << 20) /* one file */
#define CALENDAR_MAX_LINE 65536        /* one unfolded content line */
#define CALENDAR_MAX_DEPTH 8           /* nested BEGIN blocks */
#define CALENDAR_MAX_OCCURRENCES 100000 /* of one event in the window */
#define CALENDAR_MAX_PEOPLE 2000       /* organiser and attendees */

/* What counts as learning when no pattern is given: a POSIX extended
 * regular expression, matched case-insensitively against the SUMMARY
 * and against each CATEGORIES value. */
#define CALENDAR_PATTERN "learning|training|experiment|ai lab"

struct calendar_opts {
    const char *pattern;  /* NULL: CALENDAR_PATTERN */
    double all_day_hours; /* hours one day of an all-day learning event
                             counts; 0: all-day events are skipped */
    int64_t from, until;  /* occurrences starting in [from, until), Unix
                             seconds; until must be set */
};

struct calendar_counts {
    long events;      /* VEVENT blocks read (overrides included) */
    long learning;    /* ... whose title or categories match */
    long cancelled;   /* learning events or instances cancelled */
    long occurrences; /* learning occurrences handed to the sink */
    long all_day;     /* all-day learning days skipped (hours 0) */
    long no_people;   /* occurrences without organiser or attendee */
};

/* Checks a pattern; returns 0 or TR_EUSAGE with the reason in diag. */
int calendar_pattern_check(const char *pattern, struct diag *diag);

/* Reads the iCalendar text in memory into the sink (the parsing core),
 * adding to *counts. The first problem of the text (or every unknown
 * time zone of a calendar) is recorded in diag with line and column and
 * the return is then TR_EPARSE, or the sink's error; occurrences before
 * a problem may have reached the sink (the caller rolls back). */
int calendar_import_buf(const char *buf, size_t len,
                        const struct calendar_opts *o,
                        const struct calendar_sink *sink,
                        struct calendar_counts *counts, struct diag *diag);
/* The same for a file ("-": stdin), read whole (CALENDAR_MAX_BYTES). */
int calendar_import_file(const char *path, const struct calendar_opts *o,
                         const struct calendar_sink *sink,
                         struct calendar_counts *counts, struct diag *diag);

#endif
