/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cost kinds and months. */
#include "model/cost.h"

#include <string.h>

const char *const cost_kind_names[COST_KIND_COUNT] = {"licence", "hourly",
                                                      "event"};

int cost_kind_parse(const char *s, size_t len)
{
    for (int k = 0; k < COST_KIND_COUNT; k++)
        if (strlen(cost_kind_names[k]) == len
            && !memcmp(cost_kind_names[k], s, len))
            return k;
    return -1;
}

int cost_month_parse(const char *s, size_t len, long *month)
{
    long y = 0, m = 0;

    if (len != 7 || s[4] != '-')
        return -1;
    for (size_t i = 0; i < 7; i++) {
        if (i == 4)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return -1;
        if (i < 4)
            y = y * 10 + (s[i] - '0');
        else
            m = m * 10 + (s[i] - '0');
    }
    if (y < 1970 || m < 1 || m > 12)
        return -1;
    *month = y * 12 + m - 1;
    return 0;
}
