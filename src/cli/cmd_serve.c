/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction serve` (the dashboard) and `traction report` (its board-pack
 * pages in one self-contained HTML file). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/access.h"
#include "core/i18n.h"
#include "dash/dash.h"
#include "http/server.h"
#include "store/store.h"
#include "store/users.h"
#include "view/json.h"

static int cmd_serve(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    struct http_opts o = {ctx->db_path, "127.0.0.1:8080", NULL, NULL, 0, 0,
                          NULL, 0, 0};
    const char *threads = NULL, *timeout = NULL, *per_address = NULL;
    struct cli_opt opts[] = {{"listen", CLI_STR, &o.listen},
                             {"trust-proxy-header", CLI_STR, &o.proxy_header},
                             {"proxy", CLI_STR, &o.proxy_addr},
                             {"threads", CLI_STR, &threads},
                             {"secure-cookies", CLI_FLAG, &o.secure_cookies},
                             {"port-file", CLI_STR, &o.port_file},
                             {"timeout", CLI_STR, &timeout},
                             {"per-address", CLI_STR, &per_address},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    double n = 0;
    int rc;

    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc)
        rc = cli_number("threads", threads, 1, 256, &n, diag);
    o.threads = (int)n;
    n = 0;
    if (!rc)
        rc = cli_number("timeout", timeout, 1, 3600, &n, diag);
    o.timeout = (int)n;
    n = 0;
    if (!rc)
        rc = cli_number("per-address", per_address, 1, HTTP_MAX_CONNECTIONS,
                        &n, diag);
    o.per_address = (int)n;
    if (!rc)
        rc = http_serve(&o, diag);
    cli_list_release(&pos);
    return rc;
}

/* The board pack's data and HTML, for the command line's reader. */
static int board(const struct dash_ctx *c, int json, struct buf *html,
                 struct buf *data, struct diag *diag)
{
    json_t *b = NULL;
    int rc = dash_board(c, &b, diag);

    if (!rc)
        dash_html_board(html, b);
    if (!rc && json) {
        rc = vjson_emit(data, b);
        b = NULL;
    }
    json_decref(b);
    return rc;
}

/* Overview, portfolio and playbooks. */
static int pages(const struct dash_ctx *c, struct buf *html,
                 struct diag *diag)
{
    json_t *overview = NULL, *pilots = NULL, *playbooks = NULL;
    int rc = dash_overview(c, &overview, diag);

    if (!rc)
        rc = dash_pilots(c, &pilots, diag);
    if (!rc)
        rc = dash_playbooks(c, &playbooks, diag);
    if (!rc)
        dash_html_report(html, overview, pilots, playbooks, c->now);
    json_decref(overview);
    json_decref(pilots);
    json_decref(playbooks);
    return rc;
}

static int cmd_report(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    const char *file = NULL, *lang = NULL;
    int is_board = 0, json = 0;
    struct cli_opt opts[] = {{"output", CLI_STR, &file},
                             {"board", CLI_FLAG, &is_board},
                             {"json", CLI_FLAG, &json},
                             {"lang", CLI_STR, &lang},
                             {NULL, 0, NULL}};
    enum i18n_lang l = I18N_EN;
    struct cli_list pos = {0};
    struct store_user admin;
    struct access_scope scope;
    struct store *st = NULL;
    struct buf out = BUF_INIT, msg = BUF_INIT;
    int rc;

    for (int i = 1; i < argc; i++) /* -o like other tools */
        if (!strcmp(argv[i], "-o"))
            argv[i] = (char *)"--output";
    memset(&admin, 0, sizeof(admin));
    snprintf(admin.role, sizeof(admin.role), "admin");
    memset(&scope, 0, sizeof(scope));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc && !file)
        rc = diag_set(diag, TR_EUSAGE, "-o FILE.html is needed");
    if (!rc && json && !is_board)
        rc = diag_set(diag, TR_EUSAGE, "--json is for the board pack "
                                       "(--board)");
    if (!rc && lang && i18n_parse(lang, &l))
        rc = diag_set(diag, TR_EUSAGE, "--lang '%s': en or nl", lang);
    if (!rc && l != I18N_EN)
        rc = i18n_init(diag); /* asked for Dutch: no catalogue, no report */
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = access_scope_load(st, &admin, &scope, diag);
    if (!rc) {
        struct dash_ctx c = {st, &scope, (int64_t)time(NULL), NULL};

        i18n_use(l); /* the file only: the command speaks English */
        rc = is_board ? board(&c, json, &out, &msg, diag)
                      : pages(&c, &out, diag);
        i18n_use(I18N_EN);
    }
    if (!rc)
        rc = cli_write_file(file, &out, diag);
    if (!rc && !json)
        buf_addf(&msg, "wrote '%s' (%s; one self-contained file)\n", file,
                 is_board ? "the board pack: overview, portfolio, value, "
                            "open questions, seats and voice, for A4"
                          : "overview, portfolio and playbooks");
    if (!rc)
        rc = cli_out(&msg, diag);
    access_scope_release(&scope);
    store_close(st);
    buf_release(&out);
    buf_release(&msg);
    cli_list_release(&pos);
    return rc;
}

const struct cli_cmd cli_serve_cmds[] = {
    {"serve",
     "[--listen ADDR:PORT] [--trust-proxy-header NAME --proxy ADDR]\n"
     "       [--threads N] [--secure-cookies] [--timeout S] [--per-address N]\n"
     "       [--port-file F]",
     "the dashboard: overview, teams, pilots, playbooks, what-if",
     "Serves the dashboard (default http://127.0.0.1:8080/). Every page\n"
     "has a JSON twin under /api/ (docs/openapi.json). Sign in with a\n"
     "password or a one-time link (`traction user add`, `traction user\n"
     "link`). Survey links (`traction survey links`) open the answer\n"
     "form at /s/TOKEN without an account. Admins see everything,\n"
     "managers their unit's subtree, viewers the organisation-level\n"
     "pages. Behind an SSO proxy such as oauth2-proxy,\n"
     "--trust-proxy-header takes the user name from that header (sent\n"
     "once, one name; no session is stored), only on connections from\n"
     "--proxy ADDR; from that address, failed sign-ins count per client\n"
     "as X-Forwarded-For names it. --secure-cookies\n"
     "marks cookies Secure (behind TLS). Limits: 16 KiB form bodies,\n"
     "32 KiB of headers, 512 connections, --per-address N (32) of them\n"
     "from one address (the --proxy address is not limited). A request\n"
     "must arrive whole within --timeout seconds (10) of the connection's\n"
     "start or the previous answer, however slowly it trickles in; an\n"
     "answer must be taken within it too. --listen 127.0.0.1:0 picks a\n"
     "free port; --port-file F writes it to F.\n"
     "Page data is cached until the workspace changes (an import, a\n"
     "decision). Ctrl-C stops it.\n",
     cmd_serve, NULL},
    {"report", "-o FILE.html [--board [--json]] [--lang en|nl]",
     "the dashboard's pages, or the board pack, in one HTML file",
     "The overview, the portfolio and the playbooks (as an admin sees\n"
     "them: team level, privacy thresholds applied) in one file with its\n"
     "stylesheet inline, written to a temporary file and renamed (a link\n"
     "at the name is replaced, never written through).\n"
     "--board writes the board pack instead: the overview's headline,\n"
     "the portfolio, licence spend beside realised value per tool and\n"
     "month with its 95% band, the open questions worth a pilot, the\n"
     "seats never used, and the latest survey wave's voice when there is\n"
     "one. Its figures are those of 'trap --json', 'portfolio --json' and\n"
     "'value --json' run at the same moment. It fetches nothing and runs\n"
     "no script (its own Content-Security-Policy says so) and prints on\n"
     "A4, each section from a new page.\n"
     "\n  -o, --output FILE   where the HTML goes\n"
     "  --board             the board pack\n"
     "  --json              with --board: also print the pack's data as\n"
     "                      JSON (docs/json.md)\n"
     "  --lang en|nl        the file's language (the dashboard's\n"
     "                      catalogue; English by default)\n",
     cmd_report, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
