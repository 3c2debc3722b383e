/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UTF-8 validation with an ASCII fast path. */
#include "core/utf8.h"

size_t utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < len) {
        unsigned c = s[i];
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else
            return i;
        if (i + n >= len) /* truncated sequence */
            return i;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        i += n + 1;
    }
    return len;
}

void utf8_repair(struct buf *out, const char *s, size_t len)
{
    while (len) {
        size_t ok = utf8_check(s, len);

        buf_add(out, s, ok);
        if (ok == len)
            break;
        buf_puts(out, "\xEF\xBF\xBD");
        s += ok + 1;
        len -= ok + 1;
    }
}
