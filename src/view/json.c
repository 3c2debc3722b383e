/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON helpers. */
#include "view/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/tstamp.h"
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

void vjson_emit(struct buf *out, json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15));

    if (!s) {
        fprintf(stderr, "traction: out of memory\n");
        exit(1);
    }
    buf_puts(out, s);
    buf_putc(out, '\n');
    free(s);
    json_decref(j);
}

const char *vjson_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}
