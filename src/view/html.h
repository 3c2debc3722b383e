/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Escaping for HTML: the one function every page, playbook and report
 * uses for values from data. */
#ifndef TR_VIEW_HTML_H
#define TR_VIEW_HTML_H

#include "core/buf.h"

/* Text escaped for element content and double-quoted attribute values
 * alike (& < > " ' become entities); control characters other than tab
 * and newline, and bytes that are not UTF-8, become U+FFFD. NULL writes
 * nothing. */
void vhtml_esc(struct buf *out, const char *s);

#endif
