/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: every proxy/DNS log parser, line by line, and host
 * normalisation and matching on what they return. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "import/weblog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct catalog cat;
    static int loaded;
    const char *buf = (const char *)data, *end = buf + size;

    if (!loaded) {
        catalog_init(&cat);
        catalog_load_builtin(&cat, NULL);
        loaded = 1;
    }
    for (int f = 0; f < WL_COUNT; f++) {
        struct weblog w;

        weblog_init(&w, (enum weblog_format)f, 2026);
        for (const char *p = buf; p < end;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *e = nl ? nl : end;
            struct weblog_event ev;
            const char *h;
            size_t hn;

            if (weblog_parse(&w, p, (size_t)(e - p), &ev) == WL_EVENT) {
                char host[CATALOG_HOST_MAX + 1];
                size_t n = catalog_host(ev.host, ev.host_len, host);

                if (ev.host < p || ev.host + ev.host_len > e)
                    abort();
                if (n)
                    catalog_match(&cat, host, n);
            }
            if (weblog_host(&w, p, (size_t)(e - p), &h, &hn) == WL_EVENT
                && (h < p || h + hn > e))
                abort();
            p = e + 1;
        }
    }
    return 0;
}
