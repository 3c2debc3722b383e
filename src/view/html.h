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
/* The first n bytes of s (fewer at a NUL) escaped for element content
 * only: & < > become entities, quotes stay, the rest as vhtml_esc. For
 * text that is read as well as rendered (Markdown). */
void vhtml_esc_content(struct buf *out, const char *s, size_t n);

#endif
