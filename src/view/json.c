/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON helpers. */
#include "view/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/tstamp.h"
#include "core/utf8.h"
#include "core/xalloc.h"

json_t *vjson_num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

json_t *vjson_num_inf(double v)
{
    if (isinf(v))
        return json_string(v > 0 ? "inf" : "-inf");
    return vjson_num(v);
}

json_t *vjson_time(int64_t t)
{
    struct buf b = BUF_INIT;
    json_t *j;

    if (!t)
        return json_null();
    tstamp_format_iso(&b, t);
    j = json_string(buf_str(&b));
    buf_release(&b);
    return j;
}

json_t *vjson_day(int64_t day)
{
    struct buf b = BUF_INIT;
    json_t *j;

    if (!day)
        return json_null();
    tstamp_format_day(&b, day * 86400);
    j = json_string(buf_str(&b));
    buf_release(&b);
    return j;
}

json_t *vjson_text(const char *s)
{
    struct buf b = BUF_INIT;
    size_t len;
    json_t *j;

    if (!s)
        return json_null();
    len = strlen(s);
    if (utf8_check(s, len) == len)
        return json_stringn_nocheck(s, len);
    utf8_repair(&b, s, len);
    j = json_stringn_nocheck(buf_str(&b), b.len);
    buf_release(&b);
    return j;
}

/* j as indented text (owned), dropping the reference; NULL when j is
 * NULL (a json_pack that failed) or jansson cannot dump it. */
static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15))
                : NULL;

    json_decref(j);
    return s;
}

int vjson_emit(struct buf *out, json_t *j)
{
    char *s = dump(j);

    if (!s)
        return TR_EINVAL;
    buf_puts(out, s);
    buf_putc(out, '\n');
    free(s);
    return 0;
}

int vjson_array_add(struct buf *out, json_t *j, size_t i)
{
    char *s = dump(j);

    if (!s)
        return TR_EINVAL;
    buf_puts(out, i ? ",\n  " : "[\n  ");
    for (const char *p = s, *nl;; p = nl + 1) { /* one level deeper */
        nl = strchr(p, '\n');
        if (!nl) {
            buf_puts(out, p);
            break;
        }
        buf_add(out, p, (size_t)(nl + 1 - p));
        buf_puts(out, "  ");
    }
    free(s);
    return 0;
}

void vjson_array_end(struct buf *out, size_t n)
{
    buf_puts(out, n ? "\n]\n" : "[]\n");
}

const char *vjson_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}
