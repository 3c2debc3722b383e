/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UTF-8 validation (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
#ifndef TR_UTF8_H
#define TR_UTF8_H

#include <stddef.h>

/* Returns the byte offset of the first invalid sequence, or len if the
 * whole of s[0..len) is valid UTF-8. */
size_t utf8_check(const char *s, size_t len);

#endif
