/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON output through jansson: the helpers every --json report uses, so
 * that no report writes NaN or infinity (JSON has neither). */
#ifndef TR_VIEW_JSON_H
#define TR_VIEW_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"

/* A number, or null when v is not finite. Returns a new reference. */
json_t *vjson_num(double v);
/* Like vjson_num, but an infinite value (the open end of a one-sided
 * interval) becomes the string "inf" or "-inf". */
json_t *vjson_num_inf(double v);
/* An ISO 8601 UTC timestamp string, or null when t is 0. */
json_t *vjson_time(int64_t t);
/* A day number (days since 1970-01-01) as "YYYY-MM-DD", or null when 0. */
json_t *vjson_day(int64_t day);
/* A string member of an object, or "" when absent or not a string. */
const char *vjson_str(json_t *o, const char *key);
/* A string of free text as stored or typed; bytes that are not UTF-8
 * become U+FFFD (jansson refuses them: json_pack would return NULL).
 * NULL gives null. Returns a new reference. */
json_t *vjson_text(const char *s);
/* Dumps j (indented, keys in insertion order) and a newline into out,
 * then drops the reference. Returns 0, or TR_EINVAL with out unchanged
 * when j is NULL (the json_pack that made it failed) or cannot be
 * dumped: callers turn that into an error, never a crash or an empty
 * answer. */
int vjson_emit(struct buf *out, json_t *j);
/* A long array written element by element instead of held whole: add
 * element i (0 first; the reference is dropped), then end it with the
 * count. The text is what vjson_emit gives for the whole array. Returns
 * like vjson_emit. */
int vjson_array_add(struct buf *out, json_t *j, size_t i);
void vjson_array_end(struct buf *out, size_t n);

#endif
