/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reasons' messages in JSON and back (see reasons_view.h). */
#include "view/reasons_view.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static json_t *arg_json(const struct reason_msg *m, size_t k)
{
    const char *s = m->chars + m->arg[k].at;

    switch (m->kind[k]) {
    case REASON_INT:
        return json_integer((json_int_t)m->arg[k].i);
    case REASON_UINT:
        return m->arg[k].u > INT64_MAX ? NULL
                                       : json_integer((json_int_t)m->arg[k].u);
    case REASON_REAL:
        return isfinite(m->arg[k].r) ? json_real(m->arg[k].r) : NULL;
    case REASON_STR:
        return json_string(s);
    case REASON_MSG:
        return json_pack("{s:s}", "msgid", s);
    case REASON_WORD:
        return json_pack("{s:s, s:s}", "context", s, "word",
                         s + strlen(s) + 1);
    }
    return NULL;
}

json_t *vreasons_msg_json(const struct reason_msg *m)
{
    json_t *ids, *args, *a;

    if (!m->whole || !m->nparts)
        return json_null();
    ids = json_array();
    args = json_array();
    for (size_t i = 0; i < m->nparts; i++)
        json_array_append_new(ids, json_string(m->fmt[i]));
    for (size_t k = 0; k < m->nargs; k++) {
        a = arg_json(m, k);
        if (!a) { /* not UTF-8, or no JSON number */
            json_decref(ids);
            json_decref(args);
            return json_null();
        }
        json_array_append_new(args, a);
    }
    return json_pack("{s:o, s:o}", "msgids", ids, "args", args);
}

json_t *vreasons_json(const struct reason_msg *m, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, vreasons_msg_json(&m[i]));
    return a;
}

static int keep(struct reason_msg *m, const char *s)
{
    size_t n = strlen(s) + 1;

    if (n > sizeof(m->chars) - m->nchars)
        return -1;
    memcpy(m->chars + m->nchars, s, n);
    m->nchars = (unsigned short)(m->nchars + n);
    return 0;
}

/* Argument k of m from v, of the kind its conversion takes. */
static int read_arg(struct reason_msg *m, size_t k, json_t *v)
{
    unsigned short at = m->nchars;
    json_t *ctx = json_object_get(v, "context");

    switch (m->kind[k]) {
    case REASON_INT:
        if (!json_is_integer(v))
            return -1;
        m->arg[k].i = json_integer_value(v);
        return 0;
    case REASON_UINT:
        if (!json_is_integer(v) || json_integer_value(v) < 0)
            return -1;
        m->arg[k].u = (unsigned long long)json_integer_value(v);
        return 0;
    case REASON_REAL:
        if (!json_is_number(v))
            return -1;
        m->arg[k].r = json_number_value(v);
        return 0;
    }
    if (json_is_string(v)) {
        m->arg[k].at = at;
        return keep(m, json_string_value(v));
    }
    if (json_is_string(json_object_get(v, "msgid"))) {
        m->kind[k] = REASON_MSG;
        m->arg[k].at = at;
        return keep(m, json_string_value(json_object_get(v, "msgid")));
    }
    if (json_is_string(ctx) && json_is_string(json_object_get(v, "word"))) {
        m->kind[k] = REASON_WORD;
        m->arg[k].at = at;
        if (keep(m, json_string_value(ctx)))
            return -1;
        return keep(m, json_string_value(json_object_get(v, "word")));
    }
    return -1;
}

int vreasons_read(json_t *j, struct reason_msg *m)
{
    json_t *ids = json_object_get(j, "msgids");
    json_t *args = json_object_get(j, "args"), *id;
    size_t i;

    memset(m, 0, sizeof(*m));
    if (!json_is_array(ids) || !json_is_array(args)
        || json_array_size(ids) > REASON_PARTS || !json_array_size(ids))
        return -1;
    json_array_foreach(ids, i, id) {
        int n;

        if (!json_is_string(id))
            return -1;
        n = reasons_conversions(json_string_value(id), m->kind + m->nargs,
                                REASON_ARGS - m->nargs);
        if (n < 0)
            return -1;
        m->fmt[m->nparts++] = json_string_value(id);
        m->nargs = (unsigned char)(m->nargs + n);
    }
    if (json_array_size(args) != m->nargs)
        return -1;
    for (size_t k = 0; k < m->nargs; k++)
        if (read_arg(m, k, json_array_get(args, k)))
            return -1;
    m->whole = 1;
    return 0;
}
