/* SPDX-License-Identifier: GPL-3.0-or-later */
/* application/x-www-form-urlencoded bodies. */
#include "http/form.h"

#include <string.h>

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

enum http_form_result http_form_value(const char *body, size_t len,
                                      const char *name, char *out, size_t n)
{
    const char *p = body ? body : "", *end = p + (body ? len : 0);
    size_t nl = strlen(name);

    if (!n)
        return HTTP_FORM_ABSENT;
    *out = '\0';
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *e = amp ? amp : end;

        if ((size_t)(e - p) > nl && !memcmp(p, name, nl) && p[nl] == '=') {
            size_t k = 0;

            for (p += nl + 1; p < e && k + 1 < n; p++) {
                int h1, h2;

                if (*p == '+')
                    out[k++] = ' ';
                else if (*p == '%' && e - p > 2 && (h1 = hexval(p[1])) >= 0
                         && (h2 = hexval(p[2])) >= 0) {
                    out[k++] = (char)(h1 * 16 + h2);
                    p += 2;
                } else
                    out[k++] = *p;
            }
            out[k] = '\0';
            if (p < e)
                return HTTP_FORM_TOO_LONG;
            return strlen(out) < k ? HTTP_FORM_NUL : HTTP_FORM_PRESENT;
        }
        p = e + 1;
    }
    return HTTP_FORM_ABSENT;
}
