/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reasons' messages (core/reasons.h) in JSON and back: the pages are
 * rendered from JSON and format each reason again in the reader's
 * language (docs/json.md, "reason_messages"). */
#ifndef TR_VIEW_REASONS_VIEW_H
#define TR_VIEW_REASONS_VIEW_H

#include <jansson.h>
#include <stddef.h>

#include "core/reasons.h"

/* The array beside "reasons": for each of the n messages null (English
 * only: not whole, or a number JSON cannot hold) or {"msgids": [the
 * parts' formats], "args": [the values of their conversions in order:
 * integers, reals, strings; {"msgid": s} for a message, {"context": c,
 * "word": w} for a word]}. New reference. */
json_t *vreasons_json(const struct reason_msg *m, size_t n);
/* One element of that array. New reference. */
json_t *vreasons_msg_json(const struct reason_msg *m);

/* One element of that array into *m: 0, or -1 when j is null or does
 * not fit its formats' conversions (then show the English). m's formats
 * borrow j's strings: valid while j is. */
int vreasons_read(json_t *j, struct reason_msg *m);

#endif
