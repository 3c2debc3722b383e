/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Learning-time plans: their periods. */
#include "model/learning.h"

#include <string.h>

const char *const learning_per_names[LEARNING_PER_COUNT] = {"week", "month"};

int learning_per_parse(const char *s)
{
    for (int i = 0; s && i < LEARNING_PER_COUNT; i++)
        if (!strcmp(s, learning_per_names[i]))
            return i;
    return -1;
}

double learning_weekly_hours(double hours, enum learning_per per)
{
    return per == LEARNING_PER_MONTH ? hours * 12.0 / 52.0 : hours;
}
