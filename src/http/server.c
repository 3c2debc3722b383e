/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's HTTP server. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth/access.h"
#include "core/i18n.h"
#include "core/safefile.h"
#include "core/strmap.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "dash/dash.h"
#include "http/body.h"
#include "http/form.h"
#include "store/audit.h"
#include "store/items.h"
#include "store/store.h"
#include "store/users.h"
#include "store/voice.h"
#include "core/pseudo.h"
#include "core/tstamp.h"
#include "model/survey.h"
#include "view/html.h"
#include "view/json.h"

#define COOKIE "tr_session"
#define LOGIN_COOKIE "tr_login" /* the sign-in form's CSRF token */
#define LANG_COOKIE "tr_lang"   /* the language chosen with ?lang= */
#define LANG_COOKIE_S (365 * 86400)
#define LOGIN_COOKIE_S 3600
#define CACHE_MAX 1024 /* kept pages; all are dropped when full */
#define WATCH_BUSY_MS 50 /* the watcher's sign-in writes hold up every
                            request while they wait for a lock */

/* ---- per-thread workspace connections ---- */

static const char *g_db_path;
static pthread_key_t g_store_key;
static pthread_once_t g_store_once = PTHREAD_ONCE_INIT;

static void close_store(void *st)
{
    store_close(st);
}

static void make_key(void)
{
    pthread_key_create(&g_store_key, close_store);
}

/* the work items in memory, one copy for every thread's connection */
static struct store_itab *g_itab;

/* This thread's connection, opened on first use. */
static struct store *thread_store(struct diag *diag)
{
    struct store *st;

    pthread_once(&g_store_once, make_key);
    st = pthread_getspecific(g_store_key);
    if (!st && !store_open(g_db_path, STORE_OPEN, &st, diag)) {
        store_set_actor(st, "dashboard"); /* until a change names its user */
        /* a write fails fast while an import holds the lock: a thread
         * that waits holds up all its connections */
        store_busy_ms(st, HTTP_BUSY_MS);
        store_items_share(st, g_itab);
        pthread_setspecific(g_store_key, st);
    }
    return st;
}

/* ---- the page cache: page data stays until the workspace changes ---- */

/* Another view of a kept page's data (a page of the overview's table). */
struct view_kept {
    char key[64];            /* "verdict|page" */
    struct http_body *html;  /* owned reference */
};

/* A page as kept: its data, the data as /api/ serves it (a JSON string),
 * and the HTML page in each language with markers (DASH_MARK_*) for the
 * user's own navigation and CSRF token, cut at them and compressed
 * (http/body.h), each NULL until first asked for. Every request shares
 * them by reference count instead of copying. */
struct kept {
    json_t *data, *api;
    struct http_body *html[I18N_COUNT];
    /* the cache entry's own (a copy handed out has none): the HTML of
     * other views of the same data in each language, made when first
     * asked for; changed only under g_cache_lock */
    struct view_kept *views[I18N_COUNT];
    size_t nviews[I18N_COUNT], views_cap[I18N_COUNT];
    int stale; /* a copy handed out: the version before the latest
                  change, while another request brings it up to date */
};

struct page;

struct cached {
    uint64_t gen;
    struct kept k;
    uint64_t building; /* the generation a request is computing, or 0 */
    uint64_t failed;   /* a generation the warmer could not compute */
    char key[160];
    /* what the warmer needs to compute it again after a change */
    const struct page *pg;
    int64_t id;
    struct store_user user; /* the last to ask: the key's scope */
    unsigned html;          /* a bit per language whose HTML was asked
                               for (1u << enum i18n_lang) */
    int64_t used;           /* monotonic ms it was last asked for */
    int64_t cost;           /* ms its last computation took */
    uint64_t wait_gen;      /* requests wait for generation wait_gen */
    int64_t wait_until;     /* ... until then (monotonic ms) */
};

static void kept_release(struct kept *k)
{
    json_decref(k->data);
    json_decref(k->api);
    for (int l = 0; l < I18N_COUNT; l++) {
        http_body_unref(k->html[l]);
        for (size_t i = 0; i < k->nviews[l]; i++)
            http_body_unref(k->views[l][i].html);
        free(k->views[l]);
    }
    memset(k, 0, sizeof(*k));
}

static struct kept kept_ref(const struct kept *k)
{
    struct kept r;

    memset(&r, 0, sizeof(r));
    r.data = json_incref(k->data);
    r.api = json_incref(k->api);
    for (int l = 0; l < I18N_COUNT; l++)
        r.html[l] = http_body_ref(k->html[l]);
    return r;
}

static struct strmap g_cache;         /* key -> index into g_entries */
static struct cached *g_entries;
static size_t g_nentries, g_entries_cap;
/* The page cache's lock, and the condition a request waits on while
 * another computes the page it wants (one computation per page and
 * scope, not one per connection after every commit). */
static pthread_mutex_t g_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cache_built = PTHREAD_COND_INITIALIZER;

/* Releases a request's copy of a kept page under the cache's lock: the
 * reference counts are atomic, but the lock is what orders this
 * thread's reading of the texts before their free by the thread that
 * replaces them in the cache (found by ThreadSanitizer). */
static void kept_drop(struct kept *k)
{
    pthread_mutex_lock(&g_cache_lock);
    kept_release(k);
    pthread_mutex_unlock(&g_cache_lock);
}

/* What a kept page's HTML has in place of each reader's own text. */
static const char *const g_marks[] = {DASH_MARK_NAV, DASH_MARK_CSRF};
enum { MARK_NAV, MARK_CSRF };

static atomic_uint_fast64_t g_gen = 1; /* bumped when the data changes */
static json_t *g_whatif;              /* computed once: no workspace data */
static struct dash_memo *g_memo;      /* pages' shared inputs, per g_gen */
static struct http_opts g_opts;
static unsigned char g_sso_key[ACCESS_KEY_LEN]; /* CSRF of SSO users */

static void cache_clear_locked(void)
{
    for (size_t i = 0; i < g_nentries; i++)
        kept_release(&g_entries[i].k);
    g_nentries = 0;
    strmap_release(&g_cache);
    strmap_init(&g_cache);
}

/* One connection watches for commits by any other (an import, a
 * decision, a sign-in): PRAGMA data_version changes on it whenever another
 * connection commits, so one watcher sees every change, whichever thread
 * or process made it. */
static struct store *g_watch;
static pthread_mutex_t g_watch_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t g_watch_version;

static void notice_locked(void)
{
    int64_t v = store_data_version(g_watch);

    if (v != g_watch_version) {
        g_watch_version = v;
        atomic_fetch_add(&g_gen, 1);
    }
}

static void notice_changes(void)
{
    pthread_mutex_lock(&g_watch_lock);
    notice_locked();
    pthread_mutex_unlock(&g_watch_lock);
}

/* The watcher's connection, for writes that change no page's data
 * (sessions, one-time links): its own commits leave its data_version
 * as it is, so a sign-in does not mark every kept page stale. Changes
 * by others are noticed first. Held until watch_end. */
static struct store *watch_begin(void)
{
    pthread_mutex_lock(&g_watch_lock);
    notice_locked();
    return g_watch;
}

static void watch_end(void)
{
    pthread_mutex_unlock(&g_watch_lock);
}

/* An address as text ("" when it is neither IPv4 nor IPv6). */
static void addr_text(const struct sockaddr *sa, char *addr, size_t n)
{
    *addr = '\0';
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET,
                  &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                  addr, (socklen_t)n);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6,
                  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                  addr, (socklen_t)n);
}

/* The client's address as text ("" when unknown). */
static void client_addr(struct MHD_Connection *c, char *addr, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

    addr_text(ci ? ci->client_addr : NULL, addr, n);
}

/* ---- connections: a deadline for each request, a limit per address ----
 *
 * libmicrohttpd's connection timeout measures idleness: a client that
 * sends one header byte every few seconds would hold its connection
 * forever. So each connection also has a deadline: a request (line,
 * headers and body) must be in within the timeout of the connection's
 * start or of the previous answer, and an answer must be taken within
 * the timeout of being queued. The reaper thread shuts down the sockets
 * of connections past it, which libmicrohttpd then closes. While a
 * handler runs there is no deadline (deadline 0).
 *
 * libmicrohttpd's per-IP limit cannot spare the SSO proxy, whose one
 * address carries every user's connections; so the accept policy counts
 * connections per address itself, and does not count the proxy's. */

struct conn {
    struct conn *prev, *next;
    int fd;                    /* the socket, open until CLOSED */
    char addr[INET6_ADDRSTRLEN];
    int64_t deadline;          /* monotonic ms; 0 while handled */
};

static struct conn *g_conns;            /* every open connection */
static pthread_mutex_t g_conns_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t g_reaper;
static atomic_int g_reaper_stop;

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t timeout_ms(void)
{
    return (int64_t)(g_opts.timeout > 0 ? g_opts.timeout : HTTP_TIMEOUT_S)
           * 1000;
}

static struct conn *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return ci ? ci->socket_context : NULL;
}

/* The connection's next deadline: now + the timeout, or 0 (none). */
static void conn_deadline(struct conn *k, int set)
{
    if (!k)
        return;
    pthread_mutex_lock(&g_conns_lock);
    k->deadline = set ? now_ms() + timeout_ms() : 0;
    pthread_mutex_unlock(&g_conns_lock);
}

static enum MHD_Result accept_policy(void *cls, const struct sockaddr *sa,
                                     socklen_t len)
{
    char addr[INET6_ADDRSTRLEN];
    unsigned n = 0;

    (void)cls;
    (void)len;
    addr_text(sa, addr, sizeof(addr));
    if (g_opts.proxy_addr && !strcmp(addr, g_opts.proxy_addr))
        return MHD_YES;
    pthread_mutex_lock(&g_conns_lock);
    for (struct conn *k = g_conns; k; k = k->next)
        n += !strcmp(k->addr, addr);
    pthread_mutex_unlock(&g_conns_lock);
    return n < (unsigned)g_opts.per_address ? MHD_YES : MHD_NO;
}

static void notify_connection(void *cls, struct MHD_Connection *c,
                              void **socket_context,
                              enum MHD_ConnectionNotificationCode code)
{
    struct conn *k = *socket_context;

    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

        k = xcalloc(1, sizeof(*k));
        k->fd = fd ? fd->connect_fd : -1;
        client_addr(c, k->addr, sizeof(k->addr));
        pthread_mutex_lock(&g_conns_lock);
        k->deadline = now_ms() + timeout_ms();
        k->next = g_conns;
        if (g_conns)
            g_conns->prev = k;
        g_conns = k;
        pthread_mutex_unlock(&g_conns_lock);
        *socket_context = k;
    } else if (k) { /* closed: the socket is still open until we return */
        pthread_mutex_lock(&g_conns_lock);
        if (k->prev)
            k->prev->next = k->next;
        else
            g_conns = k->next;
        if (k->next)
            k->next->prev = k->prev;
        pthread_mutex_unlock(&g_conns_lock);
        free(k);
        *socket_context = NULL;
    }
}

/* Cuts off connections past their deadline, a few times a second. */
static void *reaper(void *arg)
{
    (void)arg;
    while (!atomic_load(&g_reaper_stop)) {
        struct timespec tick = {0, 100 * 1000000};
        int64_t now = now_ms();

        pthread_mutex_lock(&g_conns_lock);
        for (struct conn *k = g_conns; k; k = k->next)
            if (k->deadline && k->deadline < now && k->fd >= 0) {
                shutdown(k->fd, SHUT_RDWR);
                k->deadline = 0; /* once */
            }
        pthread_mutex_unlock(&g_conns_lock);
        nanosleep(&tick, NULL);
    }
    return NULL;
}

/* ---- requests ---- */

struct request {
    struct buf body;          /* a POST body, up to HTTP_MAX_BODY */
    int too_big;
};

struct reply {
    unsigned status;
    int stale;        /* the page before the latest change (refreshing) */
    int retry_after;  /* seconds, for a 503: another writer (an import) */
    struct buf body;
    /* or a kept page (a reference) with this reader's navigation bar and
     * CSRF token (a token is hex: nothing to escape) */
    struct http_body *kept;
    struct buf nav;
    char csrf[ACCESS_TOKEN_LEN + 1];
    const char *type;
    char location[256];
    char cookie[256];
    char lang_cookie[96]; /* the language chosen with ?lang=, or "" */
};

static void reply_html(struct reply *r, unsigned status)
{
    r->status = status;
    r->type = "text/html; charset=utf-8";
}

static void reply_redirect(struct reply *r, const char *to)
{
    r->status = MHD_HTTP_SEE_OTHER;
    snprintf(r->location, sizeof(r->location), "%s", to);
    r->type = "text/plain; charset=utf-8";
    buf_puts(&r->body, "see ");
    buf_puts(&r->body, to);
}

static void reply_json_error(struct reply *r, unsigned status,
                             const char *msg)
{
    r->status = status;
    r->type = "application/json";
    /* msg may quote what the client sent: vjson_text makes it UTF-8 */
    if (vjson_emit(&r->body, json_pack("{s:o}", "error", vjson_text(msg))))
        buf_puts(&r->body, "{\"error\": \"internal error\"}\n");
}

/* Who is asking: the session, or an SSO proxy's header. */
struct who {
    int signed_in;
    struct store_user user;
    char csrf[ACCESS_TOKEN_LEN + 1];
    struct access_scope scope;
    int scope_loaded;
};

/* Whether the connection comes from the --proxy address. */
static int from_proxy(struct MHD_Connection *c)
{
    char addr[INET6_ADDRSTRLEN];

    if (!g_opts.proxy_addr)
        return 0;
    client_addr(c, addr, sizeof(addr));
    return !strcmp(addr, g_opts.proxy_addr);
}

/* The values of one request header, however often it is sent. */
struct header_values {
    const char *name;
    unsigned n;         /* how many times it came */
    const char *last;   /* the last value (borrowed from the request) */
};

static enum MHD_Result on_header(void *cls, enum MHD_ValueKind kind,
                                 const char *key, const char *value)
{
    struct header_values *h = cls;

    (void)kind;
    if (key && !strcasecmp(key, h->name)) {
        h->n++;
        h->last = value;
    }
    return MHD_YES;
}

static struct header_values header_values(struct MHD_Connection *c,
                                          const char *name)
{
    struct header_values h = {name, 0, NULL};

    MHD_get_connection_values(c, MHD_HEADER_KIND, on_header, &h);
    return h;
}

/* Who the client is for counting failed sign-ins: its address, or behind
 * the --proxy the address that proxy appended last to X-Forwarded-For
 * (the entries before it are whatever the client claimed). From any
 * other address the header is ignored: a client cannot pick its bucket. */
static void client_key(struct MHD_Connection *c, char *addr, size_t n)
{
    struct header_values h;
    const char *v, *comma;
    char last[INET6_ADDRSTRLEN];
    unsigned char bin[sizeof(struct in6_addr)];
    size_t len;

    client_addr(c, addr, n);
    if (!from_proxy(c))
        return;
    h = header_values(c, "X-Forwarded-For");
    if (!h.last)
        return;
    comma = strrchr(h.last, ',');
    v = comma ? comma + 1 : h.last;
    while (*v == ' ' || *v == '\t')
        v++;
    len = strcspn(v, " \t");
    if (len >= sizeof(last))
        return;
    memcpy(last, v, len);
    last[len] = '\0';
    if (inet_pton(AF_INET, last, bin) == 1
        || inet_pton(AF_INET6, last, bin) == 1)
        snprintf(addr, n, "%s", last);
}

/* Failed sign-ins per client address: after HTTP_LOGIN_FAILS within
 * HTTP_LOGIN_WINDOW_S seconds, that address may not try again until the
 * window ends (argon2id alone allows ~10 tries a second per core). */
struct fails {
    char addr[INET6_ADDRSTRLEN];
    int64_t since;
    int n;
};

static struct fails g_fails[256];
static pthread_mutex_t g_fails_lock = PTHREAD_MUTEX_INITIALIZER;

/* The slot of addr (a free or the oldest one when new); locked. */
static struct fails *fails_of(const char *addr, int64_t now)
{
    struct fails *oldest = &g_fails[0];

    for (size_t i = 0; i < sizeof(g_fails) / sizeof(g_fails[0]); i++) {
        struct fails *f = &g_fails[i];

        if (f->n && !strcmp(f->addr, addr)) {
            if (now - f->since >= HTTP_LOGIN_WINDOW_S)
                f->n = 0, f->since = now;
            return f;
        }
        if (!f->n || f->since < oldest->since)
            oldest = f;
    }
    snprintf(oldest->addr, sizeof(oldest->addr), "%s", addr);
    oldest->since = now;
    oldest->n = 0;
    return oldest;
}

static int login_blocked(const char *addr, int64_t now)
{
    int blocked;

    pthread_mutex_lock(&g_fails_lock);
    blocked = fails_of(addr, now)->n >= HTTP_LOGIN_FAILS;
    pthread_mutex_unlock(&g_fails_lock);
    return blocked;
}

static void login_failed(const char *addr, int64_t now)
{
    pthread_mutex_lock(&g_fails_lock);
    fails_of(addr, now)->n++;
    pthread_mutex_unlock(&g_fails_lock);
}

static void set_cookie(struct reply *r, const char *name, const char *token,
                       int max_age)
{
    snprintf(r->cookie, sizeof(r->cookie),
             "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", name,
             token, max_age, g_opts.secure_cookies ? "; Secure" : "");
}

/* Starts a session for u; the cookie goes into the reply. */
static int start_session(struct store *st, const struct store_user *u,
                         struct reply *r, struct who *w, struct diag *diag)
{
    char token[ACCESS_TOKEN_LEN + 1];
    unsigned char hash[STORE_TOKEN_HASH];
    int rc;

    access_new_token(token, hash);
    access_new_token(w->csrf, NULL);
    rc = store_session_add(st, hash, u->id, w->csrf,
                           (int64_t)time(NULL) + HTTP_SESSION_HOURS * 3600,
                           diag);
    if (!rc) {
        set_cookie(r, COOKIE, token, HTTP_SESSION_HOURS * 3600);
        w->user = *u;
        w->signed_in = 1;
    }
    return rc;
}

/* Who is asking. Returns 0, or -1 with the reply made (a proxy header
 * that cannot be trusted). Behind the SSO proxy its header names the
 * user on every request: no session is stored (one per request, each a
 * commit that emptied the page cache, is what it used to cost), and the
 * CSRF token is derived from the user and a key of this process. Without
 * the header, a session cookie (a password sign-in) still counts. */
static int identify(struct MHD_Connection *c, struct store *st,
                    struct who *w, struct reply *r, struct diag *diag)
{
    const char *token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
                                                    COOKIE);
    unsigned char hash[STORE_TOKEN_HASH];
    int found = 0;

    if (g_opts.proxy_header && from_proxy(c)) {
        struct header_values h = header_values(c, g_opts.proxy_header);

        if (h.n > 1 || (h.last && strchr(h.last, ','))) {
            /* which of the names is the user? none is to be guessed */
            reply_json_error(r, MHD_HTTP_BAD_REQUEST,
                             "the proxy sent the user header more than "
                             "once, or with several names");
            return -1;
        }
        if (h.last) {
            if (!store_user_find(st, h.last, &w->user, &found, diag)
                && found && !w->user.disabled) {
                w->signed_in = 1;
                access_derive_token(g_sso_key, w->user.id, w->csrf);
            }
            goto scope; /* the proxy's word wins over any cookie */
        }
    }
    if (token && !access_token_hash(token, hash)
        && !store_session_find(st, hash, (int64_t)time(NULL), &w->user,
                               w->csrf, sizeof(w->csrf), &found, diag)
        && found)
        w->signed_in = 1;
scope:
    if (w->signed_in && !access_scope_load(st, &w->user, &w->scope, diag))
        w->scope_loaded = 1;
    else
        w->signed_in = 0;
    return 0;
}

/* ---- form bodies ---- */

static enum http_form_result form_value(const struct buf *body,
                                        const char *name, char *out, size_t n)
{
    return http_form_value(body->data, body->len, name, out, n);
}

/* A text field that will be stored: refused (TR_EUSAGE, a 400) when it
 * was cut, holds a NUL byte or is not UTF-8, rather than stored in part
 * or in a form that breaks the pages that show it. Absent is "". */
static int form_text(const struct buf *body, const char *name, char *out,
                     size_t n, struct diag *diag)
{
    size_t len, at;

    switch (form_value(body, name, out, n)) {
    case HTTP_FORM_TOO_LONG:
        return diag_set(diag, TR_EUSAGE, "'%s' is longer than %zu bytes",
                        name, n - 1);
    case HTTP_FORM_NUL:
        return diag_set(diag, TR_EUSAGE, "'%s' holds a NUL byte", name);
    case HTTP_FORM_ABSENT:
    case HTTP_FORM_PRESENT:
        break;
    }
    len = strlen(out);
    at = utf8_check(out, len);
    if (at != len)
        return diag_set(diag, TR_EUSAGE,
                        "'%s' is not valid UTF-8 text (byte %zu)", name,
                        at + 1);
    return 0;
}

static int csrf_ok(const struct who *w, const struct request *rq)
{
    char token[ACCESS_TOKEN_LEN + 1];

    return w->signed_in
           && form_value(&rq->body, "csrf", token, sizeof(token))
                  == HTTP_FORM_PRESENT
           && access_equal(token, w->csrf);
}

/* ---- pages ---- */

typedef int (*page_data_fn)(const struct dash_ctx *c, int64_t id, json_t **out,
                            struct diag *diag);
typedef void (*page_html_fn)(struct buf *out, const struct dash_chrome *ch,
                             json_t *j);
/* The HTML of one view of a page's data (a page of the overview's table:
 * dash_html_overview_page); TR_EINVAL for a view the data has not. */
typedef int (*page_view_fn)(struct buf *out, const struct dash_chrome *ch,
                            json_t *j, const char *verdict, long page,
                            struct diag *diag);

static int d_overview(const struct dash_ctx *c, int64_t id, json_t **out,
                      struct diag *diag)
{
    (void)id;
    return dash_overview(c, out, diag);
}
static int d_pilots(const struct dash_ctx *c, int64_t id, json_t **out,
                    struct diag *diag)
{
    (void)id;
    return dash_pilots(c, out, diag);
}
static int d_playbooks(const struct dash_ctx *c, int64_t id, json_t **out,
                       struct diag *diag)
{
    (void)id;
    return dash_playbooks(c, out, diag);
}
static int d_learning(const struct dash_ctx *c, int64_t id, json_t **out,
                      struct diag *diag)
{
    (void)id;
    return dash_learning(c, out, diag);
}
static int d_voice(const struct dash_ctx *c, int64_t id, json_t **out,
                   struct diag *diag)
{
    (void)id;
    return dash_voice(c, out, diag);
}
static int d_value(const struct dash_ctx *c, int64_t id, json_t **out,
                   struct diag *diag)
{
    (void)id;
    return dash_value(c, out, diag);
}
static int d_requests(const struct dash_ctx *c, int64_t id, json_t **out,
                      struct diag *diag)
{
    (void)id;
    return dash_requests(c, out, diag);
}
static int d_proposals(const struct dash_ctx *c, int64_t id, json_t **out,
                       struct diag *diag)
{
    (void)id;
    return dash_proposals(c, out, diag);
}
static int d_human(const struct dash_ctx *c, int64_t id, json_t **out,
                   struct diag *diag)
{
    (void)id;
    return dash_human(c, out, diag);
}
static int d_load(const struct dash_ctx *c, int64_t id, json_t **out,
                  struct diag *diag)
{
    (void)id;
    return dash_load(c, out, diag);
}
static int d_learning_time(const struct dash_ctx *c, int64_t id,
                           json_t **out, struct diag *diag)
{
    (void)id;
    return dash_learning_time(c, out, diag);
}
static int d_whatif(const struct dash_ctx *c, int64_t id, json_t **out,
                    struct diag *diag)
{
    (void)c;
    (void)id;
    (void)diag;
    *out = json_incref(g_whatif);
    return 0;
}

/* Pages with an id and an HTML renderer; /api/PATH is the JSON twin of
 * /PATH. Viewers see the pages marked org (organisation level). */
static const struct page {
    const char *path;         /* "/pilots/" takes an id after it */
    int has_id, org;
    page_data_fn data;
    page_html_fn html;
    page_view_fn view; /* NULL: the page has one view */
} pages[] = {
    {"/", 0, 1, d_overview, dash_html_overview, dash_html_overview_page},
    {"/overview", 0, 1, d_overview, dash_html_overview,
     dash_html_overview_page},
    {"/teams/", 1, 0, dash_team, dash_html_team},
    {"/pilots", 0, 1, d_pilots, dash_html_pilots},
    {"/pilots/", 1, 0, dash_pilot, dash_html_pilot},
    {"/playbooks", 0, 1, d_playbooks, dash_html_playbooks},
    {"/learning", 0, 1, d_learning, dash_html_learning},
    {"/learning-time", 0, 0, d_learning_time, dash_html_learning_time},
    {"/voice", 0, 1, d_voice, dash_html_voice},
    {"/whatif", 0, 1, d_whatif, dash_html_whatif},
    {"/value", 0, 0, d_value, dash_html_value},
    /* org: their data functions apply their own rules (dash/gov.c) */
    {"/requests", 0, 1, d_requests, dash_html_requests},
    {"/proposals", 0, 1, d_proposals, dash_html_proposals},
    {"/human", 0, 1, d_human, dash_html_human},
    {"/load", 0, 0, d_load, dash_html_load},
};

static int parse_id(const char *s, int64_t *id)
{
    char *end;
    long long v;

    if (!*s || *s == '0' || strlen(s) > 15)
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return -1;
    *id = v;
    return 0;
}

static const struct page *find_page(const char *url, int64_t *id)
{
    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        size_t n = strlen(pages[i].path);

        if (!pages[i].has_id && !strcmp(url, pages[i].path))
            return &pages[i];
        if (pages[i].has_id && !strncmp(url, pages[i].path, n)
            && !parse_id(url + n, id))
            return &pages[i];
    }
    return NULL;
}

static const struct page *page_by_path(const char *path)
{
    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
        if (!strcmp(pages[i].path, path))
            return &pages[i];
    return NULL;
}

/* The cache entry of key, added (empty) when there is none; under
 * g_cache_lock. */
static struct cached *entry_locked(const char *key)
{
    int64_t idx;

    if (!strmap_gets(&g_cache, key, &idx)) {
        if (g_nentries >= CACHE_MAX)
            cache_clear_locked();
        g_entries = xgrow(g_entries, &g_entries_cap, g_nentries + 1,
                          sizeof(*g_entries));
        idx = (int64_t)g_nentries++;
        memset(&g_entries[idx], 0, sizeof(g_entries[idx]));
        strmap_puts(&g_cache, key, idx);
    }
    return &g_entries[idx];
}

/* The page's data, and its HTML in this thread's language when
 * want_html. */
static int kept_has(const struct kept *k, int want_html)
{
    return k->data && (!want_html || k->html[i18n_current()]);
}

static void key_of(char *key, size_t n, const struct page *pg, int64_t id,
                   const struct access_scope *scope)
{
    snprintf(key, n, "%s|%lld|%d|%lld", pg->path, (long long)id,
             (int)scope->role,
             (long long)(scope->role == ROLE_MANAGER ? scope->user.unit_id
                                                     : 0));
}

/* Computes a page for scope as the workspace is now: its data and JSON
 * text unless out has them, and its HTML when want_html. */
static int page_compute(const struct page *pg, int64_t id, struct store *st,
                        const struct access_scope *scope, int want_html,
                        struct kept *out, struct diag *diag)
{
    int rc = 0;

    if (!out->data) {
        struct dash_ctx c = {st, scope, (int64_t)time(NULL), g_memo};
        char *dump;

        rc = pg->data(&c, id, &out->data, diag);
        dump = !rc && out->data
                   ? json_dumps(out->data, JSON_INDENT(1)
                                               | JSON_PRESERVE_ORDER
                                               | JSON_REAL_PRECISION(10))
                   : NULL;
        if (!rc && !dump) /* a json_pack that failed: an error, not a page */
            rc = diag_set(diag, TR_EIO, "the page's data could not be "
                                        "encoded as JSON");
        if (dump)
            out->api = json_string_nocheck(dump);
        free(dump);
    }
    if (!rc && want_html && !out->html[i18n_current()]) {
        struct dash_chrome ch = {NULL, NULL, NULL, NULL, 1};
        struct buf b = BUF_INIT;

        pg->html(&b, &ch, out->data);
        out->html[i18n_current()] = http_body_new(&b, g_marks, 2);
        buf_release(&b);
    }
    return rc;
}

/* Keeps what page_compute made for generation gen (unless a newer one is
 * kept) and ends the entry's building; under g_cache_lock. */
static void page_keep_locked(const char *key, uint64_t gen, int rc,
                             const struct kept *k, int64_t cost)
{
    struct cached *e = entry_locked(key); /* the cache may have been
                                             cleared meanwhile */

    e->cost = cost;
    if (!rc && gen >= e->gen) {
        kept_release(&e->k);
        e->k = kept_ref(k);
        e->gen = gen;
    }
    if (e->building == gen)
        e->building = 0;
    pthread_cond_broadcast(&g_cache_built);
}

static pthread_cond_t g_warm_wake = PTHREAD_COND_INITIALIZER;

/* A page for this scope, from the cache when current (and its HTML when
 * want_html). After a change, the warmer brings the page up to date;
 * the requests meanwhile get the version before the change, marked
 * stale, at once when its last computation took HTTP_FRESH_WAIT_MS or
 * more, else after waiting for the new one up to HTTP_FRESH_WAIT_MS
 * after the first request for it (a small workspace is never seen
 * stale, and a page always stale while imports commit faster than it
 * is computed does not hold up every request). With fresh (a request that
 * follows its own write), or when no version is kept, the request waits
 * for a computation of the current version under way or computes it
 * itself: one computation per page and scope at a time. Release with
 * kept_release. */
static int page_kept(const struct page *pg, int64_t id, struct store *st,
                     const struct who *w, int want_html, int fresh,
                     struct kept *out, struct diag *diag)
{
    char key[160];
    uint64_t gen = atomic_load(&g_gen);
    struct cached *e;
    int64_t t0;
    int rc;

    memset(out, 0, sizeof(*out));
    key_of(key, sizeof(key), pg, id, &w->scope);
    pthread_mutex_lock(&g_cache_lock);
    for (;;) {
        e = entry_locked(key);
        snprintf(e->key, sizeof(e->key), "%s", key);
        e->pg = pg;
        e->id = id;
        e->user = w->scope.user;
        e->html |= want_html ? 1u << i18n_current() : 0;
        e->used = now_ms();
        if (e->gen >= gen && kept_has(&e->k, want_html)) {
            *out = kept_ref(&e->k);
            pthread_mutex_unlock(&g_cache_lock);
            return 0;
        }
        if (!fresh && kept_has(&e->k, want_html) && e->failed < gen) {
            if (e->wait_gen != gen) {
                e->wait_gen = gen;
                e->wait_until = e->cost < HTTP_FRESH_WAIT_MS
                                    ? now_ms() + HTTP_FRESH_WAIT_MS
                                    : 0;
                pthread_cond_signal(&g_warm_wake);
            }
            if (now_ms() < e->wait_until) {
                struct timespec ts;

                clock_gettime(CLOCK_REALTIME, &ts);
                ts.tv_nsec += (long)(e->wait_until - now_ms()) * 1000000L;
                ts.tv_sec += ts.tv_nsec / 1000000000L;
                ts.tv_nsec %= 1000000000L;
                pthread_cond_timedwait(&g_cache_built, &g_cache_lock, &ts);
                continue;
            }
            *out = kept_ref(&e->k);
            out->stale = 1;
            pthread_mutex_unlock(&g_cache_lock);
            return 0;
        }
        if (!e->building || e->building < gen)
            break; /* nobody computes this version: this request will */
        pthread_cond_wait(&g_cache_built, &g_cache_lock);
    }
    e->building = gen;
    if (e->gen >= gen && e->k.data) { /* the data is current, not its HTML */
        *out = kept_ref(&e->k);
        out->stale = 0;
    }
    pthread_mutex_unlock(&g_cache_lock);
    t0 = now_ms();
    rc = page_compute(pg, id, st, &w->scope, want_html, out, diag);
    pthread_mutex_lock(&g_cache_lock);
    page_keep_locked(key, gen, rc, out, now_ms() - t0);
    pthread_mutex_unlock(&g_cache_lock);
    if (rc)
        kept_drop(out);
    return rc;
}

/* ---- the warmer: kept pages brought up to date after a change ---- */

static pthread_t g_warmer;
static atomic_int g_warm_stop;
static int g_warm_started;

/* The kept page to compute next: one whose version is older than gen,
 * that nobody computes and that was asked for within HTTP_WARM_IDLE_S;
 * first those asked for since the change (someone is looking at it),
 * then the most recently asked for. Marked as being computed and copied
 * to *job; 0 when there is none. Under g_cache_lock. */
static int warm_pick_locked(uint64_t gen, struct cached *job)
{
    struct cached *best = NULL;
    int64_t since = now_ms() - (int64_t)HTTP_WARM_IDLE_S * 1000;

    for (size_t i = 0; i < g_nentries; i++) {
        struct cached *e = &g_entries[i];
        int asked = e->wait_gen >= gen;

        if (!e->pg || !e->k.data || e->gen >= gen || e->failed >= gen
            || (e->building && e->building >= gen) || e->used < since)
            continue;
        if (!best || asked > (best->wait_gen >= gen)
            || (asked == (best->wait_gen >= gen) && e->used > best->used))
            best = e;
    }
    if (!best)
        return 0;
    best->building = gen;
    *job = *best;
    memset(&job->k, 0, sizeof(job->k));
    return 1;
}

/* Polls for changes (a commit by any process) every HTTP_WARM_POLL_MS
 * and computes the kept pages again, most recently asked for first, on
 * its own connection: a request after a change gets the page before it
 * at once, marked, and a fresh one from memory once the warmer is
 * through, instead of waiting seconds for it. */
static void *warmer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&g_cache_lock);
    while (!atomic_load(&g_warm_stop)) {
        struct cached job;
        uint64_t gen;
        struct diag d;
        struct store *st;
        struct access_scope scope;
        struct kept k = {0};
        char key[160];
        int64_t t0;
        int rc;

        pthread_mutex_unlock(&g_cache_lock);
        notice_changes();
        gen = atomic_load(&g_gen);
        pthread_mutex_lock(&g_cache_lock);
        if (!warm_pick_locked(gen, &job)) {
            struct timespec until;

            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += HTTP_WARM_POLL_MS * 1000000L;
            until.tv_sec += until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            if (!atomic_load(&g_warm_stop))
                pthread_cond_timedwait(&g_warm_wake, &g_cache_lock, &until);
            continue;
        }
        pthread_mutex_unlock(&g_cache_lock);
        t0 = now_ms();
        diag_init(&d);
        memset(&scope, 0, sizeof(scope));
        st = thread_store(&d);
        rc = st ? access_scope_load(st, &job.user, &scope, &d) : TR_EDB;
        if (!rc) {
            key_of(key, sizeof(key), job.pg, job.id, &scope);
            if (strcmp(key, job.key)) /* the user's role changed */
                rc = TR_EPERM;
        }
        if (!rc) /* the data, then its HTML in each language asked for */
            rc = page_compute(job.pg, job.id, st, &scope, 0, &k, &d);
        for (int l = 0; !rc && l < I18N_COUNT; l++)
            if (job.html & 1u << l) {
                i18n_use((enum i18n_lang)l);
                rc = page_compute(job.pg, job.id, st, &scope, 1, &k,
                                  &d);
            }
        access_scope_release(&scope);
        pthread_mutex_lock(&g_cache_lock);
        page_keep_locked(job.key, gen, rc, &k, now_ms() - t0);
        if (rc) /* the next request computes it, and says why not */
            entry_locked(job.key)->failed = gen;
        kept_release(&k);
        diag_release(&d);
    }
    pthread_mutex_unlock(&g_cache_lock);
    return NULL;
}

static void warmer_stop(void)
{
    if (!g_warm_started)
        return;
    pthread_mutex_lock(&g_cache_lock);
    atomic_store(&g_warm_stop, 1);
    pthread_cond_broadcast(&g_warm_wake);
    pthread_mutex_unlock(&g_cache_lock);
    pthread_join(g_warmer, NULL);
    g_warm_started = 0;
}

/* A kept page for this reader: its body (a reference) with the
 * navigation bar (and a notice under it) in r->nav and the CSRF token in
 * r->csrf, put in place of the markers when it is sent (send_reply). */
static void reply_kept(struct reply *r, struct http_body *html,
                       const struct dash_chrome *ch)
{
    r->kept = http_body_ref(html);
    dash_html_nav(&r->nav, ch);
    if (ch->notice) { /* a kept page has none of its own */
        buf_puts(&r->nav, "<p class=\"notice\" role=\"status\">");
        dash_html_msg(&r->nav, ch->notice);
        buf_puts(&r->nav, "</p>");
    }
    snprintf(r->csrf, sizeof(r->csrf), "%s", ch->csrf ? ch->csrf : "");
}

static unsigned status_of(int rc)
{
    return rc == TR_ENOENT ? MHD_HTTP_NOT_FOUND
           : rc == TR_EPERM ? MHD_HTTP_FORBIDDEN
           : rc == TR_EBUSY ? MHD_HTTP_SERVICE_UNAVAILABLE
           : rc == TR_EUSAGE || rc == TR_EINVAL ? MHD_HTTP_BAD_REQUEST
                                                 : MHD_HTTP_INTERNAL_SERVER_ERROR;
}

/* What a person is told when a write meets another writer's lock. */
#define BUSY_TEXT                                                         \
    N_("An import or another change is being written to the workspace " \
       "right now, so this could not be saved: nothing was changed. Try " \
       "again in a minute (reading pages works meanwhile).")

static const char *first_problem(const struct diag *d)
{
    return d->nproblems ? d->problems[0].msg : "something went wrong";
}

static void chrome_of(const struct who *w, struct dash_chrome *ch,
                      const char *notice)
{
    ch->user = w->user.name;
    ch->role = w->user.role;
    ch->csrf = w->csrf;
    ch->notice = notice;
    ch->deferred = 0;
}

static void error_page(struct reply *r, const struct who *w, int api,
                       int rc, const char *msg)
{
    struct dash_chrome ch;

    if (rc == TR_EBUSY) { /* the store's text names SQLite's lock */
        r->retry_after = HTTP_RETRY_AFTER_S;
        msg = BUSY_TEXT;
    }
    if (api) {
        reply_json_error(r, status_of(rc), msg);
        return;
    }
    chrome_of(w, &ch, NULL);
    reply_html(r, status_of(rc));
    /* a message marked N_() where it was made is shown translated */
    dash_html_message(&r->body, &ch,
                      rc == TR_EPERM     ? _("Not yours to see")
                      : rc == TR_ENOENT ? _("Not found")
                      : rc == TR_EBUSY  ? _("The workspace is busy")
                                        : _("Something went wrong"),
                      msg);
}

/* A view of a page other than its first (the query's verdict and page
 * of the overview's table); NULL where a page is asked for as it is. */
struct view {
    const char *verdict; /* borrowed from the request */
    long page;
};

/* The most views of one kept page and language whose HTML is kept:
 * beyond it a view is made per request (the overview's have at most
 * about twice its rows / DASH_OVERVIEW_ROWS). */
#define VIEWS_MAX 512

/* The HTML of view v of kept page k (with markers) in this thread's
 * language: kept beside the page it comes from while the cache holds
 * that version, made at the first request for it. */
static int view_html(const struct page *pg, const char *key,
                     const struct kept *k, const struct view *v,
                     struct http_body **html, struct diag *diag)
{
    char vkey[64];
    int l = i18n_current(), rc = 0;
    struct cached *e;

    snprintf(vkey, sizeof(vkey), "%.40s|%ld", v->verdict ? v->verdict : "",
             v->page);
    *html = NULL;
    pthread_mutex_lock(&g_cache_lock);
    e = entry_locked(key);
    for (size_t i = 0; e->k.data == k->data && i < e->k.nviews[l]; i++)
        if (!strcmp(e->k.views[l][i].key, vkey))
            *html = http_body_ref(e->k.views[l][i].html);
    pthread_mutex_unlock(&g_cache_lock);
    if (!*html) {
        struct dash_chrome ch = {NULL, NULL, NULL, NULL, 1};
        struct buf b = BUF_INIT;

        rc = pg->view(&b, &ch, k->data, v->verdict, v->page, diag);
        if (!rc) {
            *html = http_body_new(&b, g_marks, 2);
            pthread_mutex_lock(&g_cache_lock);
            e = entry_locked(key);
            if (e->k.data == k->data && e->k.nviews[l] < VIEWS_MAX) {
                struct view_kept *vk;

                e->k.views[l] = xgrow(e->k.views[l], &e->k.views_cap[l],
                                      e->k.nviews[l] + 1,
                                      sizeof(*e->k.views[l]));
                vk = &e->k.views[l][e->k.nviews[l]++];
                snprintf(vk->key, sizeof(vk->key), "%s", vkey);
                vk->html = http_body_ref(*html);
            }
            pthread_mutex_unlock(&g_cache_lock);
        }
        buf_release(&b);
    }
    return rc;
}

static void serve_page(struct reply *r, const struct page *pg, int64_t id,
                       int api, struct store *st, const struct who *w,
                       const char *notice, const struct view *v)
{
    struct diag d;
    struct kept k = {0};
    struct http_body *vhtml = NULL;
    int kept = !api && !notice, rc;

    diag_init(&d);
    if (!pg->org && access_org_only(&w->scope))
        rc = diag_set(&d, TR_EPERM,
                      N_("viewers see organisation-level pages only"));
    else
        rc = page_kept(pg, id, st, w, kept && !v, 0, &k, &d);
    if (!rc && v && !api) {
        char key[160];

        key_of(key, sizeof(key), pg, id, &w->scope);
        rc = view_html(pg, key, &k, v, &vhtml, &d);
        if (rc == TR_EINVAL) /* the query asks for what is not there */
            k.stale = 0;
    }
    r->stale = k.stale;
    if (rc)
        error_page(r, w, api, rc, first_problem(&d));
    else if (api) {
        r->status = MHD_HTTP_OK;
        r->type = "application/json";
        buf_add(&r->body, json_string_value(k.api), json_string_length(k.api));
        buf_putc(&r->body, '\n');
    } else {
        struct dash_chrome ch;

        chrome_of(w, &ch, notice);
        if (k.stale && !notice) /* a request's own message comes first */
            ch.notice = N_("New data arrived: this page shows it as it "
                           "was before, while it is brought up to date. "
                           "Reload in a moment.");
        reply_html(r, MHD_HTTP_OK);
        if (vhtml)
            reply_kept(r, vhtml, &ch);
        else if (kept)
            reply_kept(r, k.html[i18n_current()], &ch);
        else
            pg->html(&r->body, &ch, k.data);
    }
    http_body_unref(vhtml);
    kept_drop(&k);
    diag_release(&d);
}

static void serve_playbook(struct reply *r, int64_t id, int api,
                           struct store *st, const struct who *w)
{
    struct dash_ctx c = {st, &w->scope, (int64_t)time(NULL), g_memo};
    struct buf html = BUF_INIT;
    struct diag d;
    json_t *j = NULL;
    int rc;

    diag_init(&d);
    rc = dash_playbook(&c, id, &html, &j, &d);
    if (rc)
        error_page(r, w, api, rc, first_problem(&d));
    else if (api) {
        r->status = MHD_HTTP_OK;
        r->type = "application/json";
        if (vjson_emit(&r->body, json_incref(j)))
            error_page(r, w, api, TR_EIO, "the playbook could not be "
                                             "encoded as JSON");
    } else {
        reply_html(r, MHD_HTTP_OK);
        buf_add(&r->body, html.data, html.len);
    }
    json_decref(j);
    buf_release(&html);
    diag_release(&d);
}

/* ---- sign in and out, decisions ---- */

/* The sign-in page with a fresh form token in its cookie and its form. */
static void login_page(struct reply *r, unsigned status, const char *msg)
{
    char token[ACCESS_TOKEN_LEN + 1];

    access_new_token(token, NULL);
    set_cookie(r, LOGIN_COOKIE, token, LOGIN_COOKIE_S);
    reply_html(r, status);
    dash_html_login(&r->body, token, msg);
}

/* Signing in. The form's token must match its cookie (SameSite=Strict:
 * another site cannot send it), so no site can sign a visitor in under
 * someone else's account (login CSRF). Failed passwords count against
 * the client (client_key); a workspace too busy to answer does not. */
static void do_login(struct MHD_Connection *c, struct reply *r,
                     struct store *st, const struct request *rq,
                     struct who *w)
{
    const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
                                                     LOGIN_COOKIE);
    char name[128], pw[512], token[ACCESS_TOKEN_LEN + 1];
    char addr[INET6_ADDRSTRLEN];
    int64_t now = (int64_t)time(NULL);
    struct store_user u;
    struct diag d;
    int found = 0, whole, ok;

    if (!cookie
        || form_value(&rq->body, "csrf", token, sizeof(token))
               != HTTP_FORM_PRESENT
        || !access_equal(token, cookie)) {
        login_page(r, MHD_HTTP_FORBIDDEN,
                   _("The sign-in form was stale or came from elsewhere: "
                     "sign in again."));
        return;
    }
    client_key(c, addr, sizeof(addr));
    if (login_blocked(addr, now)) {
        reply_html(r, MHD_HTTP_TOO_MANY_REQUESTS);
        dash_html_login(&r->body, cookie,
                        _("Too many failed attempts from this address: try "
                          "again in a few minutes."));
        return;
    }
    diag_init(&d);
    whole = form_value(&rq->body, "name", name, sizeof(name))
                == HTTP_FORM_PRESENT
            && form_value(&rq->body, "password", pw, sizeof(pw))
                   == HTTP_FORM_PRESENT;
    if (whole && store_user_find(st, name, &u, &found, &d)) {
        reply_html(r, MHD_HTTP_SERVICE_UNAVAILABLE);
        r->retry_after = HTTP_RETRY_AFTER_S;
        dash_html_login(&r->body, cookie,
                        _("The workspace is busy: try again in a moment."));
        goto out;
    }
    /* the same work whether or not the account exists */
    ok = access_check_password(found ? u.pw_hash : "", whole ? pw : "")
         && found && whole && !u.disabled;
    if (ok) {
        struct store *ws = watch_begin();

        ok = start_session(ws, &u, r, w, &d) ? -1 : 1;
        watch_end();
    }
    if (ok > 0)
        reply_redirect(r, "/");
    else if (ok) {
        reply_html(r, MHD_HTTP_SERVICE_UNAVAILABLE);
        r->retry_after = HTTP_RETRY_AFTER_S;
        dash_html_login(&r->body, cookie,
                        d.code == TR_EBUSY
                            ? _("An import is being written to the "
                                "workspace and a sign-in has to wait for "
                                "it: try again in a minute.")
                            : _("The workspace is busy: try again in a "
                                "moment."));
    } else {
        login_failed(addr, now);
        reply_html(r, MHD_HTTP_UNAUTHORIZED);
        dash_html_login(&r->body, cookie,
                        _("That name and password do not match."));
    }
out:
    diag_release(&d);
}

/* A one-time link: used up and turned into a session in one
 * transaction, so that a busy workspace does not spend the link. */
static void do_link(struct MHD_Connection *c, struct reply *r,
                    struct store *st, struct who *w)
{
    const char *token = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                                    "token");
    unsigned char hash[STORE_TOKEN_HASH];
    struct store_user u;
    struct diag d;
    int found = 0, rc;

    diag_init(&d);
    if (!token || access_token_hash(token, hash)) {
        login_page(r, MHD_HTTP_UNAUTHORIZED,
                   _("That link is used up or has expired."));
        goto out;
    }
    (void)st;
    st = watch_begin();
    rc = store_begin(st, &d);
    if (!rc)
        rc = store_link_take(st, hash, (int64_t)time(NULL), &u, &found, &d);
    if (!rc && found)
        rc = start_session(st, &u, r, w, &d);
    if (!rc)
        rc = store_commit(st, &d);
    store_rollback(st);
    watch_end();
    if (rc) {
        r->cookie[0] = '\0';
        login_page(r, MHD_HTTP_SERVICE_UNAVAILABLE,
                   rc == TR_EBUSY
                       ? _("An import is being written to the workspace "
                           "and the link has to wait for it: open the link "
                           "again in a minute (it is not used up).")
                       : _("The workspace is busy: open the link again in "
                           "a moment."));
        r->retry_after = HTTP_RETRY_AFTER_S;
    } else if (found)
        reply_redirect(r, "/");
    else
        login_page(r, MHD_HTTP_UNAUTHORIZED,
                   _("That link is used up or has expired."));
out:
    diag_release(&d);
}

static void do_logout(struct MHD_Connection *c, struct reply *r,
                      struct store *st)
{
    const char *token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
                                                    COOKIE);
    unsigned char hash[STORE_TOKEN_HASH];

    (void)st;
    if (token && !access_token_hash(token, hash)) {
        store_session_delete(watch_begin(), hash, NULL);
        watch_end();
    }
    set_cookie(r, COOKIE, "", 0);
    reply_redirect(r, "/login");
}

static void do_decide(struct reply *r, int64_t id, struct store *st,
                      const struct request *rq, const struct who *w)
{
    char decision[16], why[HTTP_MAX_TEXT + 1], learned[HTTP_MAX_TEXT + 1],
        diff[HTTP_MAX_TEXT + 1], to[64];
    struct dash_ctx c = {st, &w->scope, (int64_t)time(NULL), NULL};
    struct diag d;
    int rc;

    diag_init(&d);
    rc = form_text(&rq->body, "decision", decision, sizeof(decision), &d);
    if (!rc)
        rc = form_text(&rq->body, "why", why, sizeof(why), &d);
    if (!rc)
        rc = form_text(&rq->body, "learned", learned, sizeof(learned), &d);
    if (!rc)
        rc = form_text(&rq->body, "differently", diff, sizeof(diff), &d);
    if (!rc)
        rc = dash_decide(&c, id, decision, why, learned, diff, &d);
    if (!rc) {
        const struct page *pg = page_by_path("/pilots/");
        struct kept k;

        notice_changes(); /* this connection's own write */
        /* the page redirected to shows the decision, not the page
         * before it marked refreshing: computed now (or by the warmer,
         * waited for) */
        diag_release(&d);
        diag_init(&d);
        if (!page_kept(pg, id, st, w, 1, 1, &k, &d))
            kept_drop(&k);
        snprintf(to, sizeof(to), "/pilots/%lld", (long long)id);
        reply_redirect(r, to);
    } else {
        if (rc == TR_EUSAGE || rc == TR_EINVAL) {
            serve_page(r, page_by_path("/pilots/"), id, 0, st, w,
                       first_problem(&d), NULL);
            r->status = MHD_HTTP_BAD_REQUEST;
        } else
            error_page(r, w, 0, rc, first_problem(&d));
    }
    diag_release(&d);
}

/* ---- governance forms: requests and proposals ---- */

/* The outcome of a governance form: back to its page, or the page again
 * with the problem (a 400), or an error page. */
static void form_done(struct reply *r, int rc, const char *page,
                      struct store *st, const struct who *w, struct diag *d)
{
    if (!rc) {
        atomic_fetch_add(&g_gen, 1); /* this connection's own write */
        reply_redirect(r, page);
    } else if (rc == TR_EUSAGE || rc == TR_EINVAL) {
        serve_page(r, page_by_path(page), 0, 0, st, w, first_problem(d),
                   NULL);
        r->status = MHD_HTTP_BAD_REQUEST;
    } else
        error_page(r, w, 0, rc, first_problem(d));
}

static void do_request_file(struct reply *r, struct store *st,
                            const struct request *rq, const struct who *w)
{
    char team[256], tool[256], workflow[256], why[HTTP_MAX_TEXT + 1];
    struct dash_ctx c = {st, &w->scope, (int64_t)time(NULL), NULL};
    struct diag d;
    int64_t id;
    int rc;

    diag_init(&d);
    rc = form_text(&rq->body, "team", team, sizeof(team), &d);
    if (!rc)
        rc = form_text(&rq->body, "tool", tool, sizeof(tool), &d);
    if (!rc)
        rc = form_text(&rq->body, "workflow", workflow, sizeof(workflow), &d);
    if (!rc)
        rc = form_text(&rq->body, "why", why, sizeof(why), &d);
    if (!rc)
        rc = dash_request_file(&c, team, tool, workflow, why, &id, &d);
    form_done(r, rc, "/requests", st, w, &d);
    diag_release(&d);
}

static void do_request_change(struct reply *r, int64_t id, int decide,
                              struct store *st, const struct request *rq,
                              const struct who *w)
{
    char decision[32], why[HTTP_MAX_TEXT + 1], cond[HTTP_MAX_TEXT + 1];
    struct dash_ctx c = {st, &w->scope, (int64_t)time(NULL), NULL};
    struct diag d;
    int rc = 0;

    diag_init(&d);
    if (decide) {
        rc = form_text(&rq->body, "decision", decision, sizeof(decision), &d);
        if (!rc)
            rc = form_text(&rq->body, "why", why, sizeof(why), &d);
        if (!rc)
            rc = form_text(&rq->body, "conditions", cond, sizeof(cond), &d);
        if (!rc)
            rc = dash_request_decide(&c, id, decision, why, cond, &d);
    } else
        rc = dash_request_review(&c, id, &d);
    form_done(r, rc, "/requests", st, w, &d);
    diag_release(&d);
}

static void do_proposal_file(struct reply *r, struct store *st,
                             const struct request *rq, const struct who *w)
{
    char team[256], workflow[256], tool[256], outcome[32],
        friction[HTTP_MAX_TEXT + 1];
    struct dash_ctx c = {st, &w->scope, (int64_t)time(NULL), NULL};
    struct diag d;
    int64_t id;
    int rc;

    diag_init(&d);
    rc = form_text(&rq->body, "team", team, sizeof(team), &d);
    if (!rc)
        rc = form_text(&rq->body, "workflow", workflow, sizeof(workflow), &d);
    if (!rc)
        rc = form_text(&rq->body, "friction", friction, sizeof(friction), &d);
    if (!rc)
        rc = form_text(&rq->body, "outcome", outcome, sizeof(outcome), &d);
    if (!rc)
        rc = form_text(&rq->body, "tool", tool, sizeof(tool), &d);
    if (!rc)
        rc = dash_proposal_file(&c, team, workflow, friction, outcome, tool,
                                &id, &d);
    form_done(r, rc, "/proposals", st, w, &d);
    diag_release(&d);
}

/* ---- dispatch ---- */

/* One request as a route's handler sees it. */
struct call {
    struct MHD_Connection *c;
    struct request *rq;
    struct reply *r;
    struct store *st; /* NULL for routes that come before the workspace */
    struct who *w;
    int64_t id; /* the number standing for "#" in the route's path */
    int api;    /* asked for under /api/ */
    const char *rest; /* what stands for "*" at the end of the path */
};

/* ---- the survey form (/s/TOKEN): anonymous, no session ---- */

static struct pseudo_key g_key; /* the workspace key: survey links */
static int g_have_key;

struct survey_page {
    unsigned char hash[STORE_VOICE_HASH], pad[STORE_VOICE_PAD];
    struct store_wave w;
    struct survey_instrument in;
    int lang, closed;
};

static int form_get(void *ctx, const char *name, char *out, size_t n)
{
    const struct request *rq = ctx;

    return http_form_value(rq->body.data ? rq->body.data : "", rq->body.len,
                           name, out, n);
}

/* The language: ?lang= (or the posted lang), else the first of
 * Accept-Language the instrument has, else its first. */
static int survey_lang_of(struct call *k, const struct survey_instrument *in)
{
    const char *q = MHD_lookup_connection_value(k->c, MHD_GET_ARGUMENT_KIND,
                                                "lang");
    const char *al = MHD_lookup_connection_value(k->c, MHD_HEADER_KIND,
                                                 "Accept-Language");
    char posted[16];
    int l = -1;

    if (form_get(k->rq, "lang", posted, sizeof(posted)))
        l = survey_lang(in, posted);
    if (l < 0 && q)
        l = survey_lang(in, q);
    while (l < 0 && al && *al) {
        char tag[16];
        size_t n = strcspn(al, ",;");

        snprintf(tag, sizeof(tag), "%.*s", (int)(n < 15 ? n : 15), al);
        l = survey_lang(in, tag[0] == ' ' ? tag + 1 : tag);
        al = strchr(al, ',');
        al = al ? al + 1 : NULL;
    }
    return l < 0 ? 0 : l;
}

/* The link's wave and instrument; 0, or a reply already made. */
static int survey_open_link(struct call *k, struct survey_page *sp)
{
    char addr[INET6_ADDRSTRLEN], id[24];
    int64_t now = (int64_t)time(NULL), wave_id = 0;
    struct diag d;
    int found = 0, rc = 0;

    memset(sp, 0, sizeof(*sp));
    client_addr(k->c, addr, sizeof(addr));
    if (!g_have_key) {
        reply_json_error(k->r, MHD_HTTP_SERVICE_UNAVAILABLE,
                         "survey links need the workspace key beside the "
                         "workspace");
        return -1;
    }
    if (login_blocked(addr, now)) {
        reply_json_error(k->r, MHD_HTTP_TOO_MANY_REQUESTS,
                         "too many unknown links from this address: try "
                         "again in a few minutes");
        return -1;
    }
    diag_init(&d);
    if (!access_survey_token_parse(&g_key, k->rest, sp->hash, sp->pad))
        rc = store_voice_link_find(k->st, sp->hash, &wave_id, &found, &d);
    if (!rc && found) {
        snprintf(id, sizeof(id), "%lld", (long long)wave_id);
        rc = store_wave_find(k->st, id, &sp->w, &found, &d);
    }
    if (!rc && found)
        rc = survey_instrument_parse(sp->w.definition,
                                     strlen(sp->w.definition), &sp->in, &d);
    diag_release(&d);
    if (rc || !found) {
        if (!rc)
            login_failed(addr, now); /* guessing links is slowed down */
        reply_json_error(k->r, rc ? MHD_HTTP_INTERNAL_SERVER_ERROR
                                  : MHD_HTTP_NOT_FOUND,
                         rc ? "something went wrong" : "no such survey link");
        store_wave_release(&sp->w);
        return -1;
    }
    sp->lang = survey_lang_of(k, &sp->in);
    sp->closed = sp->w.closed || !sp->w.until
                 || tstamp_day(now) > sp->w.until;
    if (sp->closed) {
        reply_html(k->r, MHD_HTTP_GONE);
        dash_html_survey_note(&k->r->body, &sp->in, sp->lang, 1);
    }
    return 0;
}

static void survey_page_release(struct survey_page *sp)
{
    store_wave_release(&sp->w);
    survey_instrument_release(&sp->in);
}

static void survey_form(struct call *k, struct survey_page *sp,
                        unsigned status, const char *notice)
{
    char check[33], action[80];

    access_survey_form_check(&g_key, sp->hash, check);
    snprintf(action, sizeof(action), "/s/%s", k->rest);
    reply_html(k->r, status);
    dash_html_survey(&k->r->body, &sp->in, sp->lang, sp->w.uses, action,
                     check, notice);
}

static void r_survey(struct call *k)
{
    struct survey_page sp;

    if (survey_open_link(k, &sp))
        return;
    if (!sp.closed)
        survey_form(k, &sp, MHD_HTTP_OK, NULL);
    survey_page_release(&sp);
}

static void r_survey_post(struct call *k)
{
    struct survey_page sp;
    struct dash_answers ans;
    struct survey_response r;
    char check[33], got[40];
    struct diag d;
    int rc;

    if (survey_open_link(k, &sp))
        return;
    if (sp.closed) {
        survey_page_release(&sp);
        return;
    }
    access_survey_form_check(&g_key, sp.hash, check);
    if (!form_get(k->rq, "check", got, sizeof(got))
        || !access_equal(got, check)) {
        reply_json_error(k->r, MHD_HTTP_FORBIDDEN,
                         "this form was not served for this link");
        survey_page_release(&sp);
        return;
    }
    diag_init(&d);
    dash_survey_read(&sp.in, sp.w.uses, form_get, k->rq, &ans);
    memset(&r, 0, sizeof(r));
    r.a = ans.a;
    r.n = ans.n;
    rc = survey_response_check(&sp.in, &r, NULL, &d);
    if (!rc)
        rc = store_begin(k->st, &d);
    if (!rc)
        rc = store_voice_answer(k->st, sp.hash, sp.pad,
                                tstamp_day((int64_t)time(NULL)), &r, &d);
    if (!rc)
        rc = store_commit(k->st, &d);
    if (rc) {
        store_rollback(k->st);
        if (rc == TR_EBUSY)
            k->r->retry_after = HTTP_RETRY_AFTER_S;
        survey_form(k, &sp, rc == TR_EPARSE ? MHD_HTTP_BAD_REQUEST
                                            : status_of(rc),
                    rc == TR_EBUSY ? BUSY_TEXT : first_problem(&d));
    } else {
        notice_changes(); /* this connection's own write */
        reply_html(k->r, MHD_HTTP_OK);
        dash_html_survey_note(&k->r->body, &sp.in, sp.lang, 0);
    }
    dash_answers_release(&ans);
    diag_release(&d);
    survey_page_release(&sp);
}

typedef void (*route_fn)(struct call *k);

/* What a route needs before it runs, checked in this order. */
enum route_need {
    NEED_NOTHING, /* static answers, before the workspace is opened */
    NEED_STORE,   /* the workspace: signing in */
    NEED_SESSION, /* a signed-in user, and for a POST its CSRF token */
};

static void r_css(struct call *k)
{
    k->r->status = MHD_HTTP_OK;
    k->r->type = "text/css; charset=utf-8";
    buf_puts(&k->r->body, dash_css);
}

static void r_favicon(struct call *k) /* none: say so quietly */
{
    k->r->status = MHD_HTTP_NO_CONTENT;
}

static void r_health(struct call *k)
{
    k->r->status = MHD_HTTP_OK;
    k->r->type = "text/plain; charset=utf-8";
    buf_puts(&k->r->body, "ok\n");
}

static void r_login_page(struct call *k)
{
    if (k->w->signed_in)
        reply_redirect(k->r, "/");
    else
        login_page(k->r, MHD_HTTP_OK, NULL);
}

static void r_login(struct call *k)
{
    do_login(k->c, k->r, k->st, k->rq, k->w);
}

static void r_link(struct call *k)
{
    do_link(k->c, k->r, k->st, k->w);
}

static void r_logout(struct call *k)
{
    do_logout(k->c, k->r, k->st);
}

static void r_decide(struct call *k)
{
    do_decide(k->r, k->id, k->st, k->rq, k->w);
}

static void r_request_file(struct call *k)
{
    do_request_file(k->r, k->st, k->rq, k->w);
}

static void r_request_review(struct call *k)
{
    do_request_change(k->r, k->id, 0, k->st, k->rq, k->w);
}

static void r_request_decide(struct call *k)
{
    do_request_change(k->r, k->id, 1, k->st, k->rq, k->w);
}

static void r_proposal_file(struct call *k)
{
    do_proposal_file(k->r, k->st, k->rq, k->w);
}

static void r_playbook(struct call *k)
{
    serve_playbook(k->r, k->id, k->api, k->st, k->w);
}

/* Every route but the pages (the table above, GET only, signed in).
 * The first whose method and path match runs. */
static const struct route {
    int post;             /* 0: GET and HEAD; 1: POST */
    const char *path;     /* "#" stands for an id */
    int api;              /* also under /api/ (the handler answers JSON) */
    enum route_need need;
    route_fn fn;
} routes[] = {
    {0, "/style.css", 0, NEED_NOTHING, r_css},
    {0, "/favicon.ico", 0, NEED_NOTHING, r_favicon},
    {0, "/health", 0, NEED_NOTHING, r_health},
    {0, "/login", 0, NEED_STORE, r_login_page},
    {1, "/login", 0, NEED_STORE, r_login},
    {0, "/login/link", 0, NEED_STORE, r_link},
    {1, "/logout", 0, NEED_SESSION, r_logout},
    {1, "/pilots/#/decide", 0, NEED_SESSION, r_decide},
    {1, "/requests", 0, NEED_SESSION, r_request_file},
    {1, "/requests/#/review", 0, NEED_SESSION, r_request_review},
    {1, "/requests/#/decide", 0, NEED_SESSION, r_request_decide},
    {1, "/proposals", 0, NEED_SESSION, r_proposal_file},
    {0, "/playbooks/#", 1, NEED_SESSION, r_playbook},
    {0, "/s/*", 0, NEED_STORE, r_survey},
    {1, "/s/*", 0, NEED_STORE, r_survey_post},
};

/* Whether url matches pattern, an id standing where "#" is, and
 * anything without a '/' where a final "*" is (*rest). */
static int path_match(const char *pattern, const char *url, int64_t *id,
                      const char **rest)
{
    const char *hash = strchr(pattern, '#'), *end;
    size_t n = hash ? (size_t)(hash - pattern) : strlen(pattern);
    char num[24];

    if (n && pattern[n - 1] == '*') {
        if (strncmp(pattern, url, n - 1) || !url[n - 1]
            || strchr(url + n - 1, '/'))
            return 0;
        *rest = url + n - 1;
        return 1;
    }
    if (!hash)
        return !strcmp(pattern, url);
    if (strncmp(pattern, url, n))
        return 0;
    url += n;
    end = strchr(url, '/');
    if (!end)
        end = url + strlen(url);
    if ((size_t)(end - url) >= sizeof(num) || strcmp(end, hash + 1))
        return 0;
    memcpy(num, url, (size_t)(end - url));
    num[end - url] = '\0';
    return !parse_id(num, id);
}

static const struct route *find_route(int get, int post, const char *url,
                                      const char *path, int api, int64_t *id,
                                      const char **rest)
{
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        const struct route *rt = &routes[i];

        if ((rt->post ? post : get) && (rt->api || !api)
            && path_match(rt->path, rt->api ? path : url, id, rest))
            return rt;
    }
    return NULL;
}

/* The language of a request's pages: ?lang=nl|en (kept in a cookie
 * for the pages after it), else the cookie, else Accept-Language. The
 * API speaks English (its JSON is the contract, docs/json.md); the
 * survey form chooses among its instrument's languages itself and sets
 * no cookie (a respondent leaves nothing behind). */
static enum i18n_lang request_lang(struct MHD_Connection *c, const char *url,
                                   int api, struct reply *r)
{
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                                "lang");
    const char *ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
                                                 LANG_COOKIE);
    enum i18n_lang l;

    if (api)
        return I18N_EN;
    if (q && strlen(q) == 2 && !i18n_parse(q, &l)) {
        if (strncmp(url, "/s/", 3))
            snprintf(r->lang_cookie, sizeof(r->lang_cookie),
                     "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
                     LANG_COOKIE, i18n_codes[l], LANG_COOKIE_S,
                     g_opts.secure_cookies ? "; Secure" : "");
        return l;
    }
    if (ck && strlen(ck) == 2 && !i18n_parse(ck, &l))
        return l;
    return i18n_accept(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   "Accept-Language"));
}

/* The view of a page the query asks for (?verdict=V&page=N): 0 and *v
 * set, 1 for the page as it is (neither, empty, or page 1 of every
 * verdict), -1 for a page that is not a number from 1. The verdict is
 * checked against the data (dash_html_overview_page). */
static int view_of(struct MHD_Connection *c, struct view *v)
{
    const char *verdict = MHD_lookup_connection_value(
        c, MHD_GET_ARGUMENT_KIND, "verdict");
    const char *page = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                                   "page");

    v->verdict = verdict && *verdict ? verdict : NULL;
    v->page = 1;
    if (page && *page) {
        size_t n = strspn(page, "0123456789");

        if (page[n] || n > 9 || page[0] == '0')
            return -1;
        v->page = strtol(page, NULL, 10);
    }
    return !v->verdict && v->page == 1;
}

static void route(struct MHD_Connection *c, const char *url,
                  const char *method, struct request *rq, struct reply *r)
{
    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    int post = !strcmp(method, "POST"), api = !strncmp(url, "/api/", 5);
    const char *path = api ? url + 4 : url;
    const struct route *rt;
    const struct page *pg;
    struct who w;
    struct diag d;
    struct call k = {c, rq, r, NULL, &w, 0, api, NULL};

    diag_init(&d);
    memset(&w, 0, sizeof(w));
    /* this thread's language until the next request sets its own */
    i18n_use(request_lang(c, url, api, r));
    /* an encoded NUL (unescape() made it 0x7f) or a control character
     * in the path: refused, never read as the path before it */
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            reply_json_error(r, MHD_HTTP_BAD_REQUEST,
                             "the path holds an encoded NUL or control "
                             "character");
            goto out;
        }
    rt = find_route(get, post, url, path, api, &k.id, &k.rest);
    if (rt && rt->need == NEED_NOTHING) {
        rt->fn(&k);
        goto out;
    }
    k.st = thread_store(&d);
    if (!k.st) {
        reply_json_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
                         "the workspace cannot be opened");
        goto out;
    }
    notice_changes();
    if (rq->too_big) {
        reply_json_error(r, MHD_HTTP_CONTENT_TOO_LARGE,
                         "the request body is too large");
        goto out;
    }
    if (identify(c, k.st, &w, r, &d))
        goto out;
    if (rt && rt->need == NEED_STORE)
        rt->fn(&k);
    else if (!w.signed_in) {
        if (api || post)
            reply_json_error(r, MHD_HTTP_UNAUTHORIZED, "sign in first");
        else
            reply_redirect(r, "/login");
    } else if (post && !csrf_ok(&w, rq))
        error_page(r, &w, api, TR_EPERM,
                   N_("the form's security token is missing or stale: "
                      "reload the page and try again"));
    else if (rt)
        rt->fn(&k);
    else if (get && (pg = find_page(path, &k.id))
             && (!api || strcmp(path, "/"))) {
        struct view v;
        int vrc = api || !pg->view ? 1 : view_of(c, &v);

        if (vrc < 0)
            error_page(r, &w, api, TR_EINVAL,
                       N_("the page of the table is a whole number from 1"));
        else
            serve_page(r, pg, k.id, api, k.st, &w, NULL, vrc ? NULL : &v);
    }
    else if (!get && !post) {
        r->status = MHD_HTTP_METHOD_NOT_ALLOWED;
        r->type = "text/plain; charset=utf-8";
        buf_puts(&r->body, "method not allowed\n");
    } else
        error_page(r, &w, api, TR_ENOENT, N_("no such page"));
out:
    if (w.scope_loaded)
        access_scope_release(&w.scope);
    diag_release(&d);
}

/* A kept page's answer up to this size is joined into one buffer, which
 * libmicrohttpd sends with its headers in one call; a larger one is sent
 * from the kept parts as they are (the headers, then the body: a second
 * call, cheaper than copying hundreds of KB). */
#define HTTP_JOIN_MAX (32 * 1024)

/* What a response made from a kept page holds until it is sent. */
struct sent_kept {
    struct http_body *body; /* a reference */
    struct buf scratch;     /* this reader's parts (http_body_iov) */
};

static void sent_kept_free(void *cls)
{
    struct sent_kept *s = cls;

    http_body_unref(s->body);
    buf_release(&s->scratch);
    free(s);
}

/* The response of a kept page: its shared parts sent from memory, this
 * reader's own between them; gzip when the client accepts it. */
static struct MHD_Response *kept_response(struct MHD_Connection *c,
                                          struct reply *r, int *gzip)
{
    struct sent_kept *s = xcalloc(1, sizeof(*s));
    const char *fills[2];
    size_t lens[2], n, len;
    struct iovec *iov;
    struct MHD_IoVec *mio;
    struct MHD_Response *resp;

    *gzip = http_body_gzip(r->kept)
            && http_accepts_gzip(MHD_lookup_connection_value(
                c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING));
    fills[MARK_NAV] = r->nav.data ? r->nav.data : "";
    lens[MARK_NAV] = r->nav.len;
    fills[MARK_CSRF] = r->csrf;
    lens[MARK_CSRF] = strlen(r->csrf);
    s->body = r->kept;
    r->kept = NULL;
    iov = xcalloc(http_body_niov(s->body), sizeof(*iov));
    mio = xcalloc(http_body_niov(s->body), sizeof(*mio));
    n = http_body_iov(s->body, fills, lens, *gzip, &s->scratch, iov, &len);
    if (len <= HTTP_JOIN_MAX) { /* one buffer: one send with the headers */
        char *all = xmalloc(len ? len : 1), *p = all;

        for (size_t i = 0; i < n; i++) {
            memcpy(p, iov[i].iov_base, iov[i].iov_len);
            p += iov[i].iov_len;
        }
        sent_kept_free(s);
        resp = MHD_create_response_from_buffer(len, all,
                                               MHD_RESPMEM_MUST_FREE);
        if (!resp)
            free(all);
    } else {
        for (size_t i = 0; i < n; i++) {
            mio[i].iov_base = iov[i].iov_base;
            mio[i].iov_len = iov[i].iov_len;
        }
        resp = MHD_create_response_from_iovec(mio, (unsigned)n,
                                              sent_kept_free, s);
        if (!resp)
            sent_kept_free(s);
    }
    free(iov);
    free(mio);
    return resp;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct reply *r)
{
    int gzip = 0, kept = r->kept != NULL;
    /* the body's buffer passes to the response, which frees it */
    struct MHD_Response *resp =
        r->kept ? kept_response(c, r, &gzip)
                : MHD_create_response_from_buffer(
                      r->body.len, r->body.data ? r->body.data : (char *)"",
                      r->body.data ? MHD_RESPMEM_MUST_FREE
                                   : MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret;

    if (!resp)
        return MHD_NO;
    if (gzip)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING,
                                "gzip");
    if (kept) /* either form */
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
                                MHD_HTTP_HEADER_ACCEPT_ENCODING);

    MHD_add_response_header(resp, "Content-Type", r->type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (r->stale) /* the JSON twin says it too */
        MHD_add_response_header(resp, "X-Traction-Data", "refreshing");
    if (r->retry_after > 0) {
        char s[16];

        snprintf(s, sizeof(s), "%d", r->retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, s);
    }
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; style-src 'self' "
                            "'unsafe-inline'; img-src 'self' data:; "
                            "form-action 'self'; frame-ancestors 'none'; "
                            "base-uri 'none'");
    if (*r->location)
        MHD_add_response_header(resp, "Location", r->location);
    if (*r->cookie)
        MHD_add_response_header(resp, "Set-Cookie", r->cookie);
    if (*r->lang_cookie)
        MHD_add_response_header(resp, "Set-Cookie", r->lang_cookie);
    if (r->type && !strncmp(r->type, "text/html", 9))
        MHD_add_response_header(resp, "Content-Language",
                                i18n_codes[i18n_current()]);
    r->body = (struct buf)BUF_INIT;
    ret = MHD_queue_response(c, r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
                               const char *url, const char *method,
                               const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    struct request *rq = *con_cls;
    struct reply r;
    enum MHD_Result ret;

    (void)cls;
    (void)version;
    if (!rq) { /* the headers are in: refuse a declared big body early */
        const char *len = MHD_lookup_connection_value(
            c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

        rq = xcalloc(1, sizeof(*rq));
        rq->too_big = len && strtoull(len, NULL, 10) > HTTP_MAX_BODY;
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size) {
        if (rq->body.len + *upload_size > HTTP_MAX_BODY)
            rq->too_big = 1;
        else
            buf_add(&rq->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    conn_deadline(conn_of(c), 0); /* in: no deadline while handled */
    memset(&r, 0, sizeof(r));
    r.status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    r.type = "text/plain; charset=utf-8";
    route(c, url, method, rq, &r);
    ret = send_reply(c, &r);
    buf_release(&r.body);
    buf_release(&r.nav);
    http_body_unref(r.kept); /* not sent: a response that could not be made */
    conn_deadline(conn_of(c), 1); /* the answer must be taken in time */
    return ret;
}

static int hexdigit(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* libmicrohttpd's unescaping of the path and query arguments (%XX),
 * except that %00 becomes 0x7f: a NUL would end the string there, so
 * "/teams/5%00" read as "/teams/5". route() refuses the path; an
 * argument's value keeps the byte and fails its own checks. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    char *w = s;

    (void)cls;
    (void)c;
    for (const char *p = s; *p; p++) {
        int h1, h2;

        if (*p == '%' && (h1 = hexdigit(p[1])) >= 0
            && (h2 = hexdigit(p[2])) >= 0) {
            int v = h1 * 16 + h2;

            *w++ = (char)(v ? v : 0x7f);
            p += 2;
        } else
            *w++ = *p;
    }
    *w = '\0';
    return (size_t)(w - s);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    struct request *rq = *con_cls;

    (void)cls;
    (void)toe;
    if (rq) {
        buf_release(&rq->body);
        free(rq);
    }
    *con_cls = NULL;
    conn_deadline(conn_of(c), 1); /* the next request must come in time */
}

/* "ADDR:PORT" or "[ADDR6]:PORT" */
static int parse_listen(const char *s, struct sockaddr_storage *ss,
                        socklen_t *len, struct diag *diag)
{
    char host[64];
    const char *colon = strrchr(s, ':');
    long port;
    char *end;

    memset(ss, 0, sizeof(*ss));
    if (!colon || (size_t)(colon - s) >= sizeof(host))
        return diag_set(diag, TR_EUSAGE, "--listen ADDR:PORT, not '%s'", s);
    port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || end == colon + 1)
        return diag_set(diag, TR_EUSAGE, "--listen: bad port in '%s'", s);
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

        host[strlen(host) - 1] = '\0';
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return diag_set(diag, TR_EUSAGE, "--listen: bad address '%s'",
                            s);
        *len = sizeof(*a);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;

        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
            return diag_set(diag, TR_EUSAGE, "--listen: bad address '%s'",
                            s);
        *len = sizeof(*a);
    }
    return 0;
}

int http_check_listen(const char *listen, struct diag *diag)
{
    struct sockaddr_storage ss;
    socklen_t len = 0;
    int one = 1, fd, err = 0;
    int rc = parse_listen(listen, &ss, &len, diag);

    if (rc)
        return rc;
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return diag_errno(diag, TR_EIO, "cannot listen on %s", listen);
    /* as libmicrohttpd binds: a port in TIME_WAIT is free */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (const struct sockaddr *)&ss, len))
        err = errno;
    close(fd);
    if (err == EADDRINUSE)
        return diag_set(diag, TR_EIO, "%s is in use by another program: "
                                      "choose another port with --port",
                        listen);
    if (err)
        return diag_set(diag, TR_EIO, "cannot listen on %s: %s", listen,
                        strerror(err));
    return 0;
}

static struct MHD_Daemon *g_daemon;

/* Opens the workspace and starts the daemon: on sa, or with no socket of
 * its own (sa NULL: connections come from http_feed). */
static int server_start(const struct http_opts *o, const struct sockaddr *sa,
                        struct diag *diag)
{
    struct store *st = NULL;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = o->threads > 0 ? (unsigned)o->threads
                                      : (unsigned)(cpus > 0 ? cpus * 2 : 4);
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD;
    int rc;

    if (o->proxy_header && !o->proxy_addr)
        return diag_set(diag, TR_EUSAGE,
                        "--trust-proxy-header needs --proxy ADDR: the one "
                        "address allowed to set it");
    /* the workspace must open (and be migrated) before serving; this
     * connection then watches for changes */
    rc = store_open(o->db_path, STORE_OPEN, &st, diag);
    if (rc)
        return rc;
    g_watch = st;
    g_watch_version = store_data_version(st);
    /* it writes sessions while every request waits for its lock */
    store_busy_ms(st, WATCH_BUSY_MS);
    {   /* survey links need the key; without it /s/ says so */
        char *kp = pseudo_key_path(o->db_path);

        g_have_key = !pseudo_key_load(kp, &g_key, NULL)
                     && !store_key_verify(st, &g_key, NULL);
        free(kp);
    }
    g_opts = *o;
    access_new_key(g_sso_key);
    if (g_opts.per_address <= 0)
        g_opts.per_address = HTTP_PER_ADDRESS;
    g_db_path = o->db_path;
    {   /* without the catalogue, pages are in English: say so, serve */
        struct diag d;

        diag_init(&d);
        if (i18n_init(&d))
            fprintf(stderr, "traction: warning: %s; pages in English only\n",
                    d.nproblems ? d.problems[0].msg : "no catalogue");
        diag_release(&d);
    }
    strmap_init(&g_cache);
    rc = dash_whatif(&g_whatif, diag);
    if (rc) {
        store_close(g_watch);
        return rc;
    }
    g_memo = dash_memo_new();
    g_itab = store_itab_new();
    if (!sa) /* poll, level-triggered, sees a client's end at once */
        flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_NO_LISTEN_SOCKET
                | MHD_USE_ITC;
    else if (sa->sa_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    atomic_store(&g_reaper_stop, 0);
    g_daemon = MHD_start_daemon(
        flags, 0, accept_policy, NULL, handler, NULL, MHD_OPTION_SOCK_ADDR,
        sa, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)HTTP_MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(o->timeout > 0 ? o->timeout : HTTP_TIMEOUT_S),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MAX_HEADERS,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, notify_connection, NULL,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (g_daemon && pthread_create(&g_reaper, NULL, reaper, NULL)) {
        MHD_stop_daemon(g_daemon);
        g_daemon = NULL;
    }
    atomic_store(&g_warm_stop, 0);
    if (g_daemon && pthread_create(&g_warmer, NULL, warmer, NULL)) {
        atomic_store(&g_reaper_stop, 1);
        pthread_join(g_reaper, NULL);
        MHD_stop_daemon(g_daemon);
        g_daemon = NULL;
    } else if (g_daemon)
        g_warm_started = 1;
    if (!g_daemon) {
        json_decref(g_whatif);
        dash_memo_free(g_memo);
        g_memo = NULL;
        store_itab_free(g_itab);
        g_itab = NULL;
        store_close(g_watch);
        return diag_set(diag, TR_EIO, "cannot listen on %s (in use, or not "
                                      "an address of this machine?)",
                        o->listen ? o->listen : "no address");
    }
    return 0;
}

static void server_stop(void)
{
    warmer_stop(); /* first: it uses the memo and the watcher */
    atomic_store(&g_reaper_stop, 1);
    pthread_join(g_reaper, NULL);
    MHD_stop_daemon(g_daemon);
    g_daemon = NULL;
    pthread_mutex_lock(&g_cache_lock);
    cache_clear_locked();
    strmap_release(&g_cache);
    free(g_entries);
    g_entries = NULL;
    g_entries_cap = 0;
    pthread_mutex_unlock(&g_cache_lock);
    json_decref(g_whatif);
    g_whatif = NULL;
    dash_memo_free(g_memo);
    g_memo = NULL;
    store_itab_free(g_itab); /* after the threads whose connections use it */
    g_itab = NULL;
    store_close(g_watch);
    g_watch = NULL;
}

int http_serve(const struct http_opts *o, struct diag *diag)
{
    struct sockaddr_storage ss;
    socklen_t sslen = 0;
    const union MHD_DaemonInfo *info;
    sigset_t set;
    int sig, rc = parse_listen(o->listen, &ss, &sslen, diag);

    if (rc)
        return rc;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* the pool inherits it */
    rc = server_start(o, (const struct sockaddr *)&ss, diag);
    if (rc)
        return rc;
    info = MHD_get_daemon_info(g_daemon, MHD_DAEMON_INFO_BIND_PORT);
    {
        char host[INET6_ADDRSTRLEN] = "";
        int v6 = ss.ss_family == AF_INET6;

        inet_ntop(ss.ss_family,
                  v6 ? (const void *)&((struct sockaddr_in6 *)&ss)->sin6_addr
                     : (const void *)&((struct sockaddr_in *)&ss)->sin_addr,
                  host, sizeof(host));
        printf("traction serves '%s' on http://%s%s%s:%u/ (Ctrl-C stops)\n",
               o->db_path, v6 ? "[" : "", host, v6 ? "]" : "",
               info ? info->port : 0);
        fflush(stdout);
    }
    /* through a temporary file: a link planted at the name is not
     * followed, and a reader never sees half the number */
    if (o->port_file && info) {
        char port[16];

        snprintf(port, sizeof(port), "%u\n", info->port);
        rc = safefile_write(o->port_file, port, strlen(port), SAFEFILE_SHARED,
                            diag);
    }
    while (!rc && sigwait(&set, &sig) == 0 && sig != SIGINT && sig != SIGTERM)
        ;
    server_stop();
    return rc;
}

int http_open(const struct http_opts *o, struct diag *diag)
{
    return server_start(o, NULL, diag);
}

void http_close(void)
{
    if (g_daemon)
        server_stop();
}

int http_feed(const char *req, size_t len, struct buf *out)
{
    struct sockaddr_in from;
    char chunk[4096];
    int sv[2];
    size_t off = 0;

    memset(&from, 0, sizeof(from));
    from.sin_family = AF_INET;
    from.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!g_daemon || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
        return TR_EIO;
    if (MHD_add_connection(g_daemon, sv[0], (const struct sockaddr *)&from,
                           sizeof(from))
        != MHD_YES) {
        close(sv[0]);
        close(sv[1]);
        return TR_EIO;
    }
    /* the request, then its end; read what comes back until the server
     * closes (it does once the client's side is shut) */
    while (off < len) {
        ssize_t n = send(sv[1], req + off, len - off, MSG_NOSIGNAL);

        if (n <= 0)
            break;
        off += (size_t)n;
    }
    shutdown(sv[1], SHUT_WR);
    for (;;) {
        ssize_t n = recv(sv[1], chunk, sizeof(chunk), 0);

        if (n <= 0)
            break;
        buf_add(out, chunk, (size_t)n);
    }
    close(sv[1]);
    return 0;
}
