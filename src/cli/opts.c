/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Long-option parsing driven by a table. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/safefile.h"
#include "core/tstamp.h"
#include "core/utf8.h"
#include "core/xalloc.h"

void cli_list_release(struct cli_list *l)
{
    if (!l)
        return;
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

void cli_list_add(struct cli_list *l, const char *s)
{
    l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
    l->v[l->n++] = s;
}

/* Every value is text that may be stored and shown (a hypothesis, a
 * reason, a name): bytes that are not UTF-8 are refused here, for every
 * command, instead of breaking the JSON and the pages later. opt: the
 * option the value belongs to, or NULL for an argument. */
static int check_text(const char *opt, const char *val, struct diag *diag)
{
    size_t len = strlen(val), at = utf8_check(val, len);

    if (at == len)
        return 0;
    if (opt)
        return diag_set(diag, TR_EUSAGE,
                        "the value of '--%s' is not valid UTF-8 (byte %zu)",
                        opt, at + 1);
    return diag_set(diag, TR_EUSAGE,
                    "an argument is not valid UTF-8 (byte %zu, after '%.*s')",
                    at + 1, (int)at, val);
}

int cli_parse(int argc, char **argv, const struct cli_opt *opts,
              struct cli_list *pos, struct diag *diag)
{
    int only_pos = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL, *eq;
        const struct cli_opt *o;
        size_t nlen;

        if (only_pos || a[0] != '-' || a[1] != '-' || !strcmp(a, "-")) {
            if (a[0] == '-' && a[1] && a[1] != '-' && !only_pos)
                return diag_set(diag, TR_EUSAGE, "unknown option '%s'", a);
            if (check_text(NULL, a, diag))
                return TR_EUSAGE;
            cli_list_add(pos, a);
            continue;
        }
        if (!a[2]) {
            only_pos = 1;
            continue;
        }
        eq = strchr(a, '=');
        nlen = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        for (o = opts; o && o->name; o++)
            if (strlen(o->name) == nlen && !strncmp(o->name, a + 2, nlen))
                break;
        if (!o || !o->name)
            return diag_set(diag, TR_EUSAGE, "unknown option '%.*s'",
                            (int)nlen + 2, a);
        if (o->kind == CLI_FLAG) {
            if (eq)
                return diag_set(diag, TR_EUSAGE,
                                "option '--%s' takes no value", o->name);
            *(int *)o->dest = 1;
            continue;
        }
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        else
            return diag_set(diag, TR_EUSAGE, "option '--%s' needs a value",
                            o->name);
        if (check_text(o->name, val, diag))
            return TR_EUSAGE;
        if (o->kind == CLI_STR)
            *(const char **)o->dest = val;
        else
            cli_list_add(o->dest, val);
    }
    return 0;
}

int cli_need_args(const struct cli_list *pos, size_t min, size_t max,
                  struct diag *diag)
{
    if (pos->n < min)
        return diag_set(diag, TR_EUSAGE, "missing argument");
    if (pos->n > max)
        return diag_set(diag, TR_EUSAGE, "unexpected argument '%s'",
                        pos->v[max]);
    return 0;
}

int cli_out(const struct buf *b, struct diag *diag)
{
    if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len)
        return diag_errno(diag, TR_EIO, "cannot write output");
    if (fflush(stdout) != 0)
        return diag_errno(diag, TR_EIO, "cannot write output");
    return 0;
}

int cli_number(const char *name, const char *s, double lo, double hi,
               double *out, struct diag *diag)
{
    char *end;
    double v;

    if (!s)
        return 0;
    errno = 0;
    v = strtod(s, &end);
    if (*end || end == s || errno || !(v >= lo && v <= hi))
        return diag_set(diag, TR_EUSAGE,
                        "--%s: '%s' is not a number in [%g, %g]", name, s,
                        lo, hi);
    *out = v;
    return 0;
}

const char *cli_base_name(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

int cli_write_file(const char *path, const struct buf *b, struct diag *diag)
{
    return safefile_write(path, b->data, b->len, SAFEFILE_SHARED, diag);
}

int cli_date(const char *opt, const char *s, int64_t *out, struct diag *diag)
{
    struct tzone utc;

    tzone_init(&utc, "UTC", NULL);
    if (tstamp_parse(s, strlen(s), &utc, out))
        return diag_set(diag, TR_EUSAGE,
                        "option '--%s': cannot read date '%s' (use "
                        "YYYY-MM-DD)",
                        opt, s);
    return 0;
}
