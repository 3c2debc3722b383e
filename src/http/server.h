/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction serve`: the dashboard over HTTP (GNU libmicrohttpd, a thread
 * pool, one SQLite connection per thread). The only place that includes
 * microhttpd.h. Pages come from dash/; this module routes, signs people
 * in, checks CSRF tokens, caches page data until the workspace changes,
 * and limits what a client may send. */
#ifndef TR_HTTP_SERVER_H
#define TR_HTTP_SERVER_H

#include <stdint.h>

#include "core/diag.h"

struct http_opts {
    const char *db_path;      /* the workspace */
    const char *listen;       /* "ADDR:PORT"; port 0 picks a free one */
    const char *proxy_header; /* user name header of an SSO proxy, or NULL */
    const char *proxy_addr;   /* ... trusted only from this address */
    int threads;              /* pool size; 0 = two per core */
    int secure_cookies;       /* behind TLS: cookies get Secure */
    const char *port_file;    /* write the bound port here (tests), or NULL */
    int timeout;              /* seconds a request may take to arrive
                                 (and an answer to be taken); 0 =
                                 HTTP_TIMEOUT_S */
    int per_address;          /* connections from one address (the
                                 proxy's excepted); 0 = HTTP_PER_ADDRESS */
};

/* Limits on what a client may send or hold. */
#define HTTP_MAX_BODY (16u << 10)      /* bytes of a form */
#define HTTP_MAX_HEADERS (32u << 10)   /* request line and headers */
#define HTTP_MAX_TEXT 4095u            /* bytes of one text field of a
                                          form (a pilot decision's why,
                                          learned, differently): longer
                                          is refused (400), never cut */
#define HTTP_MAX_CONNECTIONS 512
#define HTTP_PER_ADDRESS 32            /* ... of them from one address */
#define HTTP_TIMEOUT_S 10              /* a request, from its connection's
                                          start or the previous answer,
                                          must be in within this; also
                                          the longest idle time */
#define HTTP_SESSION_HOURS 12
#define HTTP_BUSY_MS 200               /* a write (a sign-in, a decision)
                                          waits this long for another
                                          writer (an import), then
                                          answers 503 with Retry-After */
#define HTTP_RETRY_AFTER_S 30          /* ... of this many seconds */
#define HTTP_WARM_POLL_MS 100          /* how often the server looks for
                                          a change to bring kept pages
                                          up to date */
#define HTTP_FRESH_WAIT_MS 100         /* a request after a change waits
                                          this long for the page brought
                                          up to date, then gets the one
                                          before, marked refreshing */
#define HTTP_WARM_IDLE_S 600           /* kept pages asked for within this
                                          are brought up to date at once
                                          after a change; others when
                                          next asked for */
#define HTTP_LOGIN_FAILS 10            /* failed sign-ins per address ... */
#define HTTP_LOGIN_WINDOW_S 600        /* ... within this many seconds */

/* Serves until SIGINT or SIGTERM. Prints the address it listens on to
 * stdout. */
int http_serve(const struct http_opts *o, struct diag *diag);

/* Whether `traction serve --listen listen` could listen now: 0, or an
 * error that names the address and what to do (the address is taken,
 * or not one of this machine's). A check before long work, not a
 * reservation: another program may take the port after it. */
int http_check_listen(const char *listen, struct diag *diag);

/* The same server without a socket of its own, for the fuzzer and tests:
 * http_open starts it (o->listen is not used), http_feed sends it one
 * connection's raw bytes as a client at 127.0.0.1 would, ends the
 * client's side and appends everything the server answers to out
 * (0, or TR_EIO when no connection could be made); http_close stops it.
 * One server per process. */
int http_open(const struct http_opts *o, struct diag *diag);
struct buf;
int http_feed(const char *req, size_t len, struct buf *out);
void http_close(void);

#endif
