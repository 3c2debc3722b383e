/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A learning occurrence as the calendar importer hands it on
 * (import/calendar.c reads iCalendar files and expands recurring
 * events), and the sink that takes it (analysis/learning_tally.c
 * implements it: per unit and ISO week; tests and fuzzers record). The
 * people are e-mail addresses, not yet pseudonymised: the sink hashes
 * them the moment it gets them and keeps nothing else of them. */
#ifndef TR_MODEL_CALENDAR_H
#define TR_MODEL_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

/* An occurrence of a learning event: one instance of a recurring event,
 * or one day of an all-day event. Everything is borrowed for the call. */
struct calendar_occurrence {
    const char *uid;       /* the event's UID ("" when it has none) */
    int64_t start;         /* Unix seconds (UTC) of the instance; the
                              same meeting exported from two people's
                              calendars has the same uid and start */
    int64_t day;           /* its local date (in the event's own time
                              zone) as a day number: the ISO week the
                              hours count in */
    double hours;          /* > 0 */
    const char *const *people; /* organiser and attendees who did not
                                  decline, "mailto:" removed */
    size_t npeople;
    long line;             /* the event's BEGIN:VEVENT, for messages */
};

/* Where the calendar importer pushes occurrences, valid during the
 * call; a negative TR_E* return stops the import. */
struct calendar_sink {
    void *ctx;
    int (*occurrence)(void *ctx, const struct calendar_occurrence *o,
                      struct diag *diag);
};

#endif
