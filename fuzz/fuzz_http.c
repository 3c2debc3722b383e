/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the dashboard's HTTP layer as a client reaches it: the
 * request line, headers (the SSO proxy's user header, X-Forwarded-For),
 * cookies and form bodies, through libmicrohttpd and every route of the
 * real server, on a workspace with an admin session (cookie tr_session=
 * 0102...1f20, CSRF token abab...ab), a viewer, and 127.0.0.1 as the
 * trusted proxy. The server must answer (with an HTTP response) or close
 * the connection; a crash or a sanitizer report is a finding. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/access.h"
#include "core/buf.h"
#include "http/server.h"
#include "store/store.h"
#include "store/users.h"

static char dir[] = "/tmp/traction-fuzz-http-XXXXXX";
static char db[sizeof(dir) + 32];

static void teardown(void)
{
    char p[sizeof(db) + 8];

    http_close();
    unlink(db);
    snprintf(p, sizeof(p), "%s-wal", db);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", db);
    unlink(p);
    rmdir(dir);
}

static void die(const char *what, struct diag *d)
{
    struct buf b = BUF_INIT;

    diag_format(d, &b);
    fprintf(stderr, "fuzz_http: %s: %s", what, buf_str(&b));
    exit(1);
}

static void setup(void)
{
    static const char token[] =
        "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
    struct http_opts o = {db, NULL, "X-Forwarded-User", "127.0.0.1", 2, 0,
                          NULL, 2, 0};
    struct store_user ann, vic;
    unsigned char hash[STORE_TOKEN_HASH];
    struct store *st = NULL;
    struct diag d;
    int64_t id = 0;

    diag_init(&d);
    if (!mkdtemp(dir))
        exit(1);
    snprintf(db, sizeof(db), "%s/traction.db", dir);
    memset(&ann, 0, sizeof(ann));
    memset(&vic, 0, sizeof(vic));
    snprintf(ann.name, sizeof(ann.name), "ann");
    snprintf(ann.role, sizeof(ann.role), "admin");
    snprintf(vic.name, sizeof(vic.name), "vic");
    snprintf(vic.role, sizeof(vic.role), "viewer");
    if (store_open(db, STORE_CREATE, &st, &d)
        || access_hash_password("admin password 1", ann.pw_hash,
                                sizeof(ann.pw_hash), &d)
        || store_begin(st, &d) /* users are added with an audit entry */
        || store_user_add(st, &ann, 0, &id, &d)
        || store_user_add(st, &vic, 0, NULL, &d)
        || store_commit(st, &d)
        || access_token_hash(token, hash)
        || store_session_add(st, hash, id, "abababababababababababababababab"
                                           "abababababababababababababababab",
                             INT64_MAX / 2, &d))
        die("cannot make the workspace", &d);
    store_close(st);
    if (http_open(&o, &d))
        die("cannot start the server", &d);
    atexit(teardown);
    diag_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct buf out = BUF_INIT;

    if (!ready) {
        setup();
        ready = 1;
    }
    if (http_feed((const char *)data, size, &out))
        abort(); /* the server could not take a connection */
    if (out.len && strncmp(out.data, "HTTP/1.", 7))
        abort(); /* whatever it sends is an HTTP response */
    buf_release(&out);
    return 0;
}
