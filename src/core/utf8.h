/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UTF-8 validation (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
#ifndef TR_UTF8_H
#define TR_UTF8_H

#include <stddef.h>

#include "core/buf.h"

/* Returns the byte offset of the first invalid sequence, or len if the
 * whole of s[0..len) is valid UTF-8. */
size_t utf8_check(const char *s, size_t len);

/* Appends s[0..len) to out with every byte that does not start a valid
 * sequence replaced by U+FFFD: text stored before it was checked (or by
 * other tools) can always be shown. */
void utf8_repair(struct buf *out, const char *s, size_t len);

#endif
