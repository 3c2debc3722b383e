/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Column lookup and value parsing shared by importers. */
#include "import/fields.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void fields_trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

int fields_find_next(const struct csv_record *hdr, const char *name,
                     int after)
{
    size_t nlen = strlen(name);

    for (size_t i = (size_t)(after + 1); i < hdr->nfields; i++) {
        const char *s = hdr->fields[i];
        size_t len = hdr->lens[i];

        fields_trim(&s, &len);
        if (len == nlen && !strncasecmp(s, name, nlen))
            return (int)i;
    }
    return -1;
}

int fields_find(const struct csv_record *hdr, const char *name)
{
    return fields_find_next(hdr, name, -1);
}

enum fields_result fields_yesno(const char *s, size_t len, int *out)
{
    static const struct {
        const char *word;
        int value;
    } words[] = {{"yes", 1}, {"y", 1}, {"true", 1}, {"1", 1},
                 {"no", 0},  {"n", 0}, {"false", 0}, {"0", 0}};

    fields_trim(&s, &len);
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strlen(words[i].word) == len
            && !strncasecmp(s, words[i].word, len)) {
            *out = words[i].value;
            return FIELDS_OK;
        }
    return FIELDS_BAD;
}

/* Copies the trimmed value into tmp for strtol/strtod; -1 when it is
 * empty or too long to be a number. */
static int copy_trimmed(const char *s, size_t len, char *tmp, size_t size)
{
    fields_trim(&s, &len);
    if (!len || len >= size)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    errno = 0;
    return 0;
}

enum fields_result fields_count(const char *s, size_t len, long *out)
{
    char tmp[32];
    char *end;
    long v;

    if (copy_trimmed(s, len, tmp, sizeof(tmp)))
        return FIELDS_BAD;
    v = strtol(tmp, &end, 10);
    if (*end || errno)
        return FIELDS_BAD;
    if (v < 0)
        return FIELDS_NEGATIVE;
    *out = v;
    return FIELDS_OK;
}

enum fields_result fields_number(const char *s, size_t len, double *out)
{
    char tmp[64];
    char *end;
    double v;

    if (copy_trimmed(s, len, tmp, sizeof(tmp)))
        return FIELDS_BAD;
    v = strtod(tmp, &end);
    if (*end || errno || !isfinite(v))
        return FIELDS_BAD;
    *out = v;
    return FIELDS_OK;
}
