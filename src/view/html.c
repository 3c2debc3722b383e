/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTML escaping. */
#include "view/html.h"

void vhtml_esc(struct buf *out, const char *s)
{
    for (; s && *s; s++)
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
            buf_puts(out, "&quot;");
            break;
        case '\'':
            buf_puts(out, "&#39;");
            break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
                buf_puts(out, "\xEF\xBF\xBD");
            else
                buf_putc(out, *s);
        }
}
