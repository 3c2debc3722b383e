/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Minimum cell sizes with complementary suppression. */
#include "analysis/privacy.h"

size_t privacy_suppress(const long *people, size_t n, long min, int *hidden)
{
    size_t nhidden = 0, best = n;

    for (size_t i = 0; i < n; i++) {
        hidden[i] = people[i] < min;
        nhidden += (size_t)hidden[i];
    }
    if (nhidden != 1 || n < 2)
        return nhidden;
    for (size_t i = 0; i < n; i++)
        if (!hidden[i] && (best == n || people[i] < people[best]))
            best = i;
    hidden[best] = 1;
    return nhidden + 1;
}

void privacy_suppress_groups(const long *people, const int64_t *group,
                             size_t n, long min, int *hidden)
{
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;

        if (group[i] < 0) {
            hidden[i] = 0;
            i++;
            continue;
        }
        while (j < n && group[j] == group[i])
            j++;
        privacy_suppress(people + i, j - i, min, hidden + i);
        i = j;
    }
}
