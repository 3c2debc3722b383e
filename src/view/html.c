/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTML escaping. */
#include "view/html.h"

#include <string.h>

#include "core/utf8.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* The n bytes at s escaped; quotes too when quotes is set. */
static void esc(struct buf *out, const char *s, size_t n, int quotes)
{
    const char *end = s + n, *bad = s;

    for (; s < end && *s; s++) {
        if (s == bad) { /* text stored before it was checked */
            bad = s + utf8_check(s, (size_t)(end - s));
            if (s == bad) {
                buf_puts(out, REPLACEMENT);
                bad = s + 1;
                continue;
            }
        }
        switch (*s) {
        case '&':
            buf_puts(out, "&amp;");
            break;
        case '<':
            buf_puts(out, "&lt;");
            break;
        case '>':
            buf_puts(out, "&gt;");
            break;
        case '"':
            buf_puts(out, quotes ? "&quot;" : "\"");
            break;
        case '\'':
            buf_puts(out, quotes ? "&#39;" : "'");
            break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
                buf_puts(out, REPLACEMENT);
            else
                buf_putc(out, *s);
        }
    }
}

void vhtml_esc(struct buf *out, const char *s)
{
    if (s)
        esc(out, s, strlen(s), 1);
}

void vhtml_esc_content(struct buf *out, const char *s, size_t n)
{
    if (s)
        esc(out, s, n, 0);
}
