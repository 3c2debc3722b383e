/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Protected learning time as a plan states it: hours per person per week
 * or per month, for a unit and its subtree, over a range of days
 * (`traction learning-time plan`; stored by store/learning.h). */
#ifndef TR_MODEL_LEARNING_H
#define TR_MODEL_LEARNING_H

#include <stddef.h>

enum learning_per { LEARNING_PER_WEEK, LEARNING_PER_MONTH, LEARNING_PER_COUNT };

extern const char *const learning_per_names[LEARNING_PER_COUNT];

/* The period named s, or -1. */
int learning_per_parse(const char *s);

/* Hours a person a week of a plan of hours per `per`: a month is 52/12
 * weeks. */
double learning_weekly_hours(double hours, enum learning_per per);

/* The most hours a plan may state per week (a week has 168). */
#define LEARNING_MAX_WEEKLY 40.0

#endif
