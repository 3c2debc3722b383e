/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator's files, in the formats real exports have: roster CSV,
 * Jira and ServiceNow CSV exports, Copilot usage NDJSON, the Microsoft 365
 * Copilot usage CSV (with concealed names), a Squid access.log, the pilot
 * register, a pulse survey's Microsoft Forms export (sim_survey.c), a
 * learning calendar (sim_calendar.c) and truth.json. Each is written to a temporary file with a
 * random name (core/safefile.h) and renamed when the run succeeds. */
#include "sim/sim_int.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/safefile.h"
#include "core/tstamp.h"
#include "core/xalloc.h"

enum { F_ROSTER, F_JIRA, F_SNOW, F_COPILOT, F_M365, F_PROXY, F_PILOTS,
       F_TRUTH, F_SURVEY, F_REQUESTS, F_PROPOSALS, F_CHANGES, F_TARGETS,
       F_CALENDAR, F_COUNT };

static const char *const file_names[F_COUNT] = {
    [F_ROSTER] = "roster.csv",          [F_JIRA] = "jira.csv",
    [F_SNOW] = "servicenow.csv",        [F_COPILOT] = "copilot-users.ndjson",
    [F_M365] = "m365-copilot.csv",      [F_PROXY] = "access.log",
    [F_PILOTS] = "pilots.csv",          [F_TRUTH] = "truth.json",
    [F_SURVEY] = "survey.csv",          [F_REQUESTS] = "requests.csv",
    [F_PROPOSALS] = "proposals.csv",    [F_CHANGES] = "changes.csv",
    [F_TARGETS] = "targets.csv",
    [F_CALENDAR] = "calendar.ics",
};

/* Hosts of ordinary traffic around the AI hits. */
static const char *const noise_hosts[] = {
    "www.google.com", "outlook.office365.com", "intranet.corp.example",
    "cdn.example.net", "news.example.com", "login.microsoftonline.com",
};
#define NNOISE (sizeof(noise_hosts) / sizeof(noise_hosts[0]))

struct sim_out {
    char *dir;
    struct safefile file[F_COUNT];
    FILE *fp[F_COUNT];        /* file[f].fp */
    char *vbuf[F_COUNT];
    struct sim_usage *usage;  /* this week's, sorted before writing */
    size_t nusage, usage_cap;
    struct sim_hit *hits;
    size_t nhits, hits_cap;
    long jira_n, snow_n;
    int64_t end;              /* Unix seconds the simulation ends */
};

static char *path_of(const struct sim_out *o, int f)
{
    size_t n = strlen(o->dir) + strlen(file_names[f]) + 2;
    char *s = xmalloc(n);

    snprintf(s, n, "%s/%s", o->dir, file_names[f]);
    return s;
}

static void id_of(long i, char *out, size_t n)
{
    snprintf(out, n, "u%06ld", i + 1);
}

/* Jira's export time: 02/Mar/26 3:07 PM (UTC here). */
static void jira_time(int64_t t, char *out, size_t n)
{
    static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t day = t / 86400, s = t % 86400;
    int y, m, d, h = (int)(s / 3600), mi = (int)(s % 3600 / 60);

    tstamp_civil_from_days(day, &y, &m, &d);
    snprintf(out, n, "%02d/%s/%02d %d:%02d %s", d, months[m - 1], y % 100,
             h % 12 ? h % 12 : 12, mi, h < 12 ? "AM" : "PM");
}

static void iso_time(int64_t t, char *out, size_t n)
{
    int y, m, d;
    int64_t s = t % 86400;

    tstamp_civil_from_days(t / 86400, &y, &m, &d);
    snprintf(out, n, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, (int)(s / 3600),
             (int)(s % 3600 / 60), (int)(s % 60));
}

static void iso_day(int64_t day, char *out, size_t n)
{
    int y, m, d;

    tstamp_civil_from_days(day, &y, &m, &d);
    snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

static void write_roster(struct sim_run *run)
{
    FILE *fp = run->out->fp[F_ROSTER];

    fputs("id,aliases,team,parent,function,manager\n", fp);
    for (long i = 0; i < run->org.npeople; i++) {
        const struct sim_person *pp = &run->org.people[i];
        const struct sim_team *t = &run->org.teams[pp->team];
        char id[24], name[64];

        id_of(i, id, sizeof(id));
        sim_display_name(i, name, sizeof(name));
        fprintf(fp, "%s@sim.example,%s;%s,%s,%s,%s,%s\n", id, name, id,
                t->name, sim_functions[t->function].name,
                sim_functions[t->function].slug, pp->manager ? "yes" : "no");
    }
}

static void write_pilots(struct sim_run *run)
{
    FILE *fp = run->out->fp[F_PILOTS];
    const struct sim_params *p = run->p;

    fputs("team,workflow,tool,hypothesis,metric,direction,mde,start,review,"
          "guardrail,design,controls,voice_check\n",
          fp);
    for (long k = 0; k < run->org.npilots; k++) {
        const struct sim_pilot *pl = &run->org.pilots[k];
        char start[16], review[16];

        iso_day((int64_t)p->start_day + 7 * pl->start_week, start,
                sizeof(start));
        iso_day((int64_t)p->start_day + 7 * pl->review_week, review,
                sizeof(review));
        int ncontrols = 0;

        fprintf(fp,
                "%s,%s,%s,\"%s cuts %s cycle time by at least %.0f%%\","
                "cycle_time,decrease,%g,%s,%s,errors,%s,",
                run->org.teams[pl->team].name, sim_workflow_name(pl->wf),
                SIM_TOOL, SIM_TOOL, sim_workflow_name(pl->wf), 100 * SIM_MDE,
                SIM_MDE, start, review,
                pl->did ? "did" : "before-after");
        /* did: its comparison teams, in team order */
        for (long i = 0; pl->did && i < pl->ncomparison; i++)
            fprintf(fp, "%s%s", ncontrols++ ? ";" : "",
                    run->org.teams[pl->cmp[i]].name);
        fprintf(fp, ",%s\n", pl->friction_up ? "comparison" : "");
    }
}

int sim_out_open(struct sim_run *run, const char *dir, struct diag *diag)
{
    struct sim_out *o = xcalloc(1, sizeof(*o));
    long weeks = lround(run->p->months * 52.0 / 12.0);

    o->dir = xstrdup(dir);
    o->end = ((int64_t)run->p->start_day + 7 * weeks) * 86400;
    run->out = o;
    sim_rng_seed(&run->out_rng, (uint64_t)run->p->seed ^ 0x5EED0F0A11ull);
    for (int f = 0; f < F_COUNT; f++) {
        char *path = path_of(o, f);
        int rc = safefile_open(&o->file[f], path, SAFEFILE_SHARED, diag);

        free(path);
        if (rc) {
            sim_out_abort(run);
            return rc;
        }
        o->fp[f] = o->file[f].fp;
        o->vbuf[f] = xmalloc(1u << 20);
        setvbuf(o->fp[f], o->vbuf[f], _IOFBF, 1u << 20);
    }
    write_roster(run);
    fputs("\xEF\xBB\xBFSummary,Issue key,Issue id,Issue Type,Status,"
          "Project key,Priority,Resolution,Assignee,Reporter,Created,Updated,"
          "Resolved,Labels,Custom field (Defects),Custom field (Reopened),"
          "Custom field (AI tool)\n",
          o->fp[F_JIRA]);
    fputs("number,short_description,category,priority,state,"
          "assignment_group,assigned_to,opened_at,resolved_at,closed_at,"
          "reopen_count,u_defects,u_ai_tool\n",
          o->fp[F_SNOW]);
    return 0;
}

void sim_out_item(struct sim_run *run, const struct sim_item *it)
{
    struct sim_out *o = run->out;
    const struct sim_team *t;
    int64_t end;
    char name[64], boss[64], a[32], b[32];
    int done;

    if (!o)
        return;
    run->nitems++;
    t = &run->org.teams[run->org.people[it->person].team];
    end = it->start + (int64_t)llround(it->hours * 3600.0);
    done = end <= o->end;
    if (sim_functions[t->function].jira) {
        sim_display_name(it->person, name, sizeof(name));
        sim_display_name(t->first, boss, sizeof(boss));
        jira_time(it->start, a, sizeof(a));
        jira_time(done ? end : it->start, b, sizeof(b));
        o->jira_n++;
        fprintf(o->fp[F_JIRA],
                "\"%s, item %ld\",%s-%ld,%ld,%s,%s,%s,Medium,%s,%s,%s,%s,%s,"
                "%s,,%ld,%ld,%s\n",
                sim_workflow_name(it->wf), o->jira_n,
                sim_functions[t->function].jira_project, o->jira_n,
                100000 + o->jira_n, sim_workflow_name(it->wf),
                done ? "Done" : "In Progress",
                sim_functions[t->function].jira_project, done ? "Done" : "",
                name, boss, a, b, done ? b : "", it->errors, it->rework,
                it->tool ? SIM_TOOL : "");
    } else {
        char id[24];

        id_of(it->person, id, sizeof(id));
        iso_time(it->start, a, sizeof(a));
        iso_time(end, b, sizeof(b));
        o->snow_n++;
        fprintf(o->fp[F_SNOW],
                "INC%08ld,\"%s, case %ld\",%s,3 - Moderate,%s,%s,"
                "%s@sim.example,%s,%s,%s,%ld,%ld,%s\n",
                o->snow_n, sim_workflow_name(it->wf), o->snow_n,
                sim_workflow_name(it->wf), done ? "Resolved" : "In Progress",
                t->name, id, a, done ? b : "", done ? b : "", it->rework,
                it->errors, it->tool ? SIM_TOOL : "");
    }
}

void sim_out_usage(struct sim_run *run, int64_t day, long person,
                   long interactions, int real)
{
    struct sim_out *o = run->out;

    if (!o)
        return;
    o->usage = xgrow(o->usage, &o->usage_cap, o->nusage + 1,
                     sizeof(*o->usage));
    o->usage[o->nusage++] = (struct sim_usage){day, person, interactions, real};
}

static void add_hit(struct sim_out *o, struct sim_hit h)
{
    o->hits = xgrow(o->hits, &o->hits_cap, o->nhits + 1, sizeof(*o->hits));
    o->hits[o->nhits++] = h;
}

void sim_out_proxy(struct sim_run *run, int64_t day, long person,
                   int service)
{
    struct sim_out *o = run->out;
    struct sim_rng *r = &run->out_rng;
    double noise;

    if (!o)
        return;
    add_hit(o, (struct sim_hit){day * 86400 + 8 * 3600 + sim_pick(r, 36000),
                                person, service, (int)sim_pick(r, 1000),
                                (int)(50 + sim_pick(r, 3000)),
                                (int)(500 + sim_pick(r, 60000))});
    /* ordinary traffic around it, so the log is not all AI */
    for (noise = run->p->noise_lines; noise > 0; noise -= 1.0)
        if (sim_unif(r) < noise)
            add_hit(o,
                    (struct sim_hit){day * 86400 + 8 * 3600 + sim_pick(r, 36000),
                                     person,
                                     SIM_NSERVICES + (int)sim_pick(r, NNOISE),
                                     (int)sim_pick(r, 1000),
                                     (int)(5 + sim_pick(r, 900)),
                                     (int)(300 + sim_pick(r, 90000))});
}

static int usage_cmp(const void *a, const void *b)
{
    const struct sim_usage *x = a, *y = b;

    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->person > y->person) - (x->person < y->person);
}

static int hit_cmp(const void *a, const void *b)
{
    const struct sim_hit *x = a, *y = b;

    if (x->ts != y->ts)
        return x->ts < y->ts ? -1 : 1;
    if (x->ms != y->ms)
        return x->ms < y->ms ? -1 : 1;
    if (x->person != y->person)
        return x->person < y->person ? -1 : 1;
    return (x->host > y->host) - (x->host < y->host);
}

static void write_usage(struct sim_run *run)
{
    struct sim_out *o = run->out;

    if (o->nusage > 1)
        qsort(o->usage, o->nusage, sizeof(*o->usage), usage_cmp);
    for (size_t i = 0; i < o->nusage; i++) {
        const struct sim_usage *u = &o->usage[i];
        long gen = u->real ? u->interactions * 2 : 0;
        char day[16], id[24];

        iso_day(u->day, day, sizeof(day));
        id_of(u->person, id, sizeof(id));
        fprintf(o->fp[F_COPILOT],
                "{\"day\":\"%s\",\"user_login\":\"%s\","
                "\"user_initiated_interaction_count\":%ld,"
                "\"code_generation_activity_count\":%ld,"
                "\"code_acceptance_activity_count\":%ld,"
                "\"used_chat\":true,\"used_agent\":%s,"
                "\"totals_by_feature\":[{\"feature\":\"chat_panel_ask_mode\","
                "\"user_initiated_interaction_count\":%ld}]}\n",
                day, id, u->interactions, gen, gen / 2,
                u->real && u->interactions > 20 ? "true" : "false",
                u->interactions);
    }
    run->nusage += o->nusage;
    o->nusage = 0;
}

static void write_proxy(struct sim_run *run)
{
    struct sim_out *o = run->out;

    if (o->nhits > 1)
        qsort(o->hits, o->nhits, sizeof(*o->hits), hit_cmp);
    for (size_t i = 0; i < o->nhits; i++) {
        const struct sim_hit *h = &o->hits[i];
        const char *host = h->host < SIM_NSERVICES
                               ? sim_services[h->host].host
                               : noise_hosts[h->host - SIM_NSERVICES];
        long p = h->person;
        char id[24];

        id_of(p, id, sizeof(id));
        fprintf(o->fp[F_PROXY],
                "%lld.%03d %6d 10.%ld.%ld.%ld TCP_TUNNEL/200 %d CONNECT "
                "%s:443 %s HIER_DIRECT/203.0.113.%d -\n",
                (long long)h->ts, h->ms, h->elapsed, (p >> 16) & 255,
                (p >> 8) & 255, p & 255, h->bytes, host, id,
                1 + h->host * 7);
    }
    run->nproxy += o->nhits;
    o->nhits = 0;
}

int sim_out_week(struct sim_run *run, struct diag *diag)
{
    write_usage(run);
    write_proxy(run);
    for (int f = 0; f < F_COUNT; f++)
        if (ferror(run->out->fp[f]))
            return diag_errno(diag, TR_EIO, "cannot write '%s'",
                              file_names[f]);
    return 0;
}

/* The tenant conceals names: 32 hexadecimal digits per person. */
static void concealed(uint64_t seed, long i, char *out)
{
    uint64_t x = seed ^ ((uint64_t)i * 0x9E3779B97F4A7C15ull), a, b;

    a = x * 0xBF58476D1CE4E5B9ull;
    a ^= a >> 31;
    b = (x + 0x632BE59BD9B4E019ull) * 0x94D049BB133111EBull;
    b ^= b >> 29;
    snprintf(out, 33, "%016llX%016llX", (unsigned long long)a,
             (unsigned long long)b);
}

static void write_m365(struct sim_run *run)
{
    FILE *fp = run->out->fp[F_M365];
    char refresh[16];

    iso_day(run->out->end / 86400 - 1, refresh, sizeof(refresh));
    fputs("Report Refresh Date,Report Period,User Principal Name,Display Name,"
          "Last Activity Date,Microsoft Teams Copilot Last Activity Date,"
          "Word Copilot Last Activity Date,Excel Copilot Last Activity Date,"
          "PowerPoint Copilot Last Activity Date,Outlook Copilot Last "
          "Activity Date,OneNote Copilot Last Activity Date,Loop Copilot "
          "Last Activity Date,Copilot Chat Last Activity Date\n",
          fp);
    for (long i = 0; i < run->org.npeople; i++) {
        char upn[33], last[16] = "";

        concealed((uint64_t)run->p->seed, i, upn);
        if (run->org.people[i].last_day)
            iso_day(run->org.people[i].last_day, last, sizeof(last));
        fprintf(fp, "%s,180,%s,%s,%s,%s,,,,,,,%s\n", refresh, upn, upn, last,
                last, last);
    }
}

static json_t *num(double v)
{
    return json_real(round(v * 1e4) / 1e4);
}

static void write_truth(struct sim_run *run)
{
    const struct sim_params *p = run->p;
    const struct sim_org *org = &run->org;
    json_t *root = json_object(), *teams = json_array(), *wfs = json_array(),
           *pilots = json_array(), *params = json_object();

    for (size_t i = 0; i < sim_nparams; i++)
        json_object_set_new(
            params, sim_param_table[i].name,
            json_real(*(const double *)(const void *)((const char *)p
                                                      + sim_param_table[i]
                                                            .offset)));
    json_object_set_new(root, "what", json_string(
        "the truth behind a simulated organisation: a what-if model, not "
        "evidence"));
    json_object_set_new(root, "strategy",
                        json_string(sim_strategy_names[p->strategy]));
    json_object_set_new(root, "params", params);
    json_object_set_new(root, "tool", json_string(SIM_TOOL));
    for (int w = 0; w < SIM_NWF; w++)
        json_array_append_new(
            wfs, json_pack("{s:s, s:s, s:o, s:o}", "workflow",
                           sim_workflow_name(w), "function",
                           sim_functions[sim_workflow_function(w)].name,
                           "fit", num(org->wf[w].fit), "effect_real_use",
                           num(-p->effect_max * org->wf[w].fit)));
    for (long t = 0; t < org->nteams; t++) {
        const struct sim_team *tm = &org->teams[t];

        json_array_append_new(
            teams,
            json_pack("{s:s, s:s, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
                      "s:b}",
                      "team", tm->name, "function",
                      sim_functions[tm->function].name, "people",
                      (json_int_t)tm->n, "main_workflow",
                      sim_workflow_name(tm->main_wf), "fit",
                      num(org->wf[tm->main_wf].fit), "pressure",
                      num(tm->pressure), "safety", num(tm->safety),
                      "real_share", num(tm->exp_real), "register_share",
                      num(tm->exp_register), "shadow_share",
                      num(tm->exp_shadow), "in_trap", tm->in_trap));
    }
    for (long k = 0; k < org->npilots; k++) {
        const struct sim_pilot *pl = &org->pilots[k];
        json_t *after = json_array();
        long first = sim_month_number((int64_t)p->start_day * 86400);
        /* whole months from the first that begins at or after the review */
        int64_t review = ((int64_t)p->start_day + 7 * pl->review_week) * 86400;
        long from = sim_month_number(review - 1) + 1 - first;

        for (long m = from < 0 ? 0 : from; m < SIM_VALUE_MONTHS; m++) {
            char month[48];

            if (!(pl->after_hours[m] > 0.0))
                continue;
            snprintf(month, sizeof(month), "%04ld-%02ld", (first + m) / 12,
                     (first + m) % 12 + 1);
            json_array_append_new(
                after, json_pack("{s:s, s:o, s:o}", "month", month, "hours",
                                 num(pl->after_hours[m]), "saved_hours",
                                 num(pl->after_saved[m])));
        }
        json_array_append_new(
            pilots,
            json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:b, "
                      "s:s}",
                      "pilot", (json_int_t)k + 1, "team",
                      org->teams[pl->team].name, "workflow",
                      sim_workflow_name(pl->wf), "design",
                      pl->did ? "did" : "before-after", "comparison_teams",
                      (json_int_t)(pl->did ? pl->ncomparison : 0),
                      "review_weeks",
                      (json_int_t)(pl->review_week - pl->start_week),
                      "planned_power",
                      isnan(pl->planned_power) ? json_null()
                                               : num(pl->planned_power),
                      "effect_real_use", num(pl->user_effect), "effect_team",
                      num(pl->team_effect), "has_effect", pl->has_effect,
                      "should",
                      pl->has_effect && !pl->friction_up ? "scale"
                                                         : "not scale"));
        json_object_set_new(
            json_array_get(pilots, (size_t)k), "voice",
            pl->friction_up
                ? json_pack("{s:s, s:b, s:s}", "check", "comparison",
                            "friction_up", 1, "why",
                            "the tool adds steps to the workflow: the team "
                            "names more friction than its comparison "
                            "teams, so it is not to scale")
                : json_null());
        json_object_set_new(json_array_get(pilots, (size_t)k),
                            "after_review", after);
    }
    json_object_set_new(root, "workflows", wfs);
    json_object_set_new(root, "teams", teams);
    json_object_set_new(root, "pilots", pilots);
    json_object_set_new(root, "trap_teams", json_integer(org->trap_teams));
    json_object_set_new(root, "survey", sim_survey_truth(run));
    json_object_set_new(root, "load", sim_load_truth(run));
    json_object_set_new(root, "learning", sim_calendar_truth(run));
    json_dumpf(root, run->out->fp[F_TRUTH],
               JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    fputc('\n', run->out->fp[F_TRUTH]);
    json_decref(root);
}

static void release(struct sim_out *o)
{
    for (int f = 0; f < F_COUNT; f++) {
        safefile_abort(&o->file[f]); /* committed ones are released */
        free(o->vbuf[f]);
    }
    free(o->usage);
    free(o->hits);
    free(o->dir);
    free(o);
}

int sim_out_close(struct sim_run *run, struct diag *diag)
{
    struct sim_out *o = run->out;
    int rc = 0;

    write_pilots(run); /* the reviews are set at the starts */
    write_m365(run);
    sim_load_assign(run); /* before the survey: workload follows it */
    sim_load_write_changes(run, o->fp[F_CHANGES]);
    sim_load_write_targets(run, o->fp[F_TARGETS]);
    sim_survey_write(run, o->fp[F_SURVEY]);
    sim_gov_requests(run, o->fp[F_REQUESTS]);
    sim_gov_proposals(run, o->fp[F_PROPOSALS]);
    sim_calendar_write(run, o->fp[F_CALENDAR]);
    write_truth(run);
    for (int f = 0; f < F_COUNT && !rc; f++) {
        run->bytes += (uint64_t)ftell(o->fp[f]);
        if (fflush(o->fp[f]) || ferror(o->fp[f]))
            rc = diag_errno(diag, TR_EIO, "cannot write '%s'", file_names[f]);
    }
    for (int f = 0; f < F_COUNT && !rc; f++) {
        rc = safefile_commit(&o->file[f], diag);
        o->fp[f] = NULL;
    }
    release(o);
    run->out = NULL;
    return rc;
}

void sim_out_abort(struct sim_run *run)
{
    if (run->out)
        release(run->out);
    run->out = NULL;
}
