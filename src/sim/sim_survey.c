/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated organisation's pulse survey (data/surveys/pulse.json) in
 * its last week: each person answers with chances that follow the model
 * (the tool's fit to their team's main workflow drives internal PMF,
 * trust and added steps; poor fit and delivery pressure drive the
 * friction categories; a team's psychological safety its scale), written
 * as a Microsoft Forms export (survey.csv), and what the survey should
 * find, for truth.json. See docs/simulation.md, "The pulse survey". */
#include "sim/sim_int.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/tstamp.h"
#include "core/xalloc.h"

const char *const sim_survey_tools[SIM_SURVEY_NTOOLS] = {SIM_TOOL,
                                                         "ChatGPT"};

/* The friction taxonomy's codes (pulse.json's scale "friction"). */
enum fric {
    FR_UNRELIABLE, FR_AUDIT, FR_APPROVAL, FR_STEPS, FR_RESTRICTED,
    FR_NO_TIME, FR_POLICY, FR_DATA, FR_ROLE, FR_OTHER, FR_COUNT
};

static const char *const fric_codes[FR_COUNT] = {
    "unreliable_output", "unclear_audit_trail", "slow_approval",
    "extra_steps",       "output_restricted",   "no_time_to_learn",
    "unclear_policy",    "data_unreachable",    "role_worry",
    "other",
};

/* What makes a tool fit a workflow poorly: one of these per workflow. */
static const enum fric causes[] = {FR_UNRELIABLE, FR_STEPS, FR_DATA,
                                   FR_RESTRICTED};
#define NCAUSES (sizeof(causes) / sizeof(causes[0]))

static const char *const agree5[] = {"strongly_disagree", "disagree",
                                     "neutral", "agree", "strongly_agree"};
static const char *const hours5[] = {"none", "lt1", "1to2", "2to4",
                                     "4plus"};
static const char *const ps_items[] = {"ps_speak_up", "ps_mistakes",
                                       "ps_blame", "ps_ask_help",
                                       "ps_not_knowing"};
static const int ps_reverse[] = {0, 0, 1, 0, 1};

/* Chances of internal PMF's answers: "very disappointed" for a real user
 * of the approved tool rises with fit; a person who only registers
 * activity rarely would miss it; the external tool is reached for where
 * the approved one fits poorly. */
#define PMF_REAL_BASE 0.10
#define PMF_REAL_FIT 0.70
#define PMF_REGISTER 0.02
#define PMF_EXT_BASE 0.30
#define PMF_EXT_MISFIT 0.40
#define PMF_SOMEWHAT 0.60 /* of those not very disappointed */
/* The friction pilot's team (sim_pilot.friction_up): chances of naming
 * extra steps and unreliable output for its workflow. */
#define PILOT_EXTRA_STEPS 0.85
#define PILOT_UNRELIABLE 0.40

size_t sim_survey_nuses(void)
{
    return (size_t)SIM_SURVEY_NTOOLS * SIM_NWF;
}

void sim_survey_use(size_t i, char *out, size_t n)
{
    snprintf(out, n, "%s:%s", sim_survey_tools[i % SIM_SURVEY_NTOOLS],
             sim_workflow_name((int)(i / SIM_SURVEY_NTOOLS)));
}

void sim_survey_units(char *out, size_t n)
{
    size_t used = 0;

    out[0] = '\0';
    for (int f = 0; f < SIM_NFUNC && used < n; f++) {
        snprintf(out + used, n - used, "%s%s", f ? "," : "",
                 sim_functions[f].name);
        used += strlen(out + used);
    }
}

/* The cause of poor fit of each workflow, from its own stream. */
static void draw_causes(const struct sim_run *run, enum fric *cause)
{
    struct sim_rng r;

    sim_rng_seed(&r, (uint64_t)run->p->seed ^ 0xCA05E5ull);
    for (int w = 0; w < SIM_NWF; w++)
        cause[w] = causes[sim_pick(&r, (long)NCAUSES)];
}

/* The chance that a person of team t names each category for its main
 * workflow. */
static void fric_chances(const struct sim_run *run, const struct sim_team *t,
                         const enum fric *cause, double *p)
{
    double fit = run->org.wf[t->main_wf].fit, misfit = 1.0 - fit;
    int earned = run->p->strategy == SIM_EARNED;

    for (size_t k = 0; k < NCAUSES; k++)
        p[causes[k]] = 0.03 + 0.12 * misfit;
    p[cause[t->main_wf]] = 0.10 + 0.80 * misfit;
    p[FR_NO_TIME] = (0.05 + 0.45 * t->pressure) * (earned ? 0.5 : 1.0);
    p[FR_APPROVAL] = 0.08;
    p[FR_AUDIT] = 0.06;
    p[FR_POLICY] = earned ? 0.05 : 0.12;
    p[FR_ROLE] = 0.03 + 0.25 * (1.0 - t->safety);
    p[FR_OTHER] = 0.02;
    /* a pilot team that finds the tool adds steps to the workflow */
    if (t->pilot >= 0 && run->org.pilots[t->pilot].friction_up) {
        p[FR_STEPS] = PILOT_EXTRA_STEPS;
        p[FR_UNRELIABLE] = fmax(p[FR_UNRELIABLE], PILOT_UNRELIABLE);
    }
}

/* A team's chances of using each tool at the last week: real use and
 * registration-only of the approved tool, and the external tool (people
 * who prefer it, among those on external tools). */
struct use_chances {
    double real, reg, ext;
};

static struct use_chances use_chances(const struct sim_team *t)
{
    struct use_chances u;
    double rest = 1.0 - t->exp_real;

    u.real = t->exp_real;
    u.reg = rest > 1e-12 ? t->exp_register / rest : 0;
    u.ext = rest > 1e-12 ? t->exp_shadow / rest : 0;
    return u;
}

static double pmf_real(double fit)
{
    return PMF_REAL_BASE + PMF_REAL_FIT * fit;
}

static double pmf_ext(double fit)
{
    return PMF_EXT_BASE + PMF_EXT_MISFIT * (1.0 - fit);
}

static int bern(struct sim_rng *r, double p)
{
    return sim_unif(r) < p;
}

/* An answer on a 1..5 scale around mu. */
static int ordinal(struct sim_rng *r, double mu)
{
    long k = lround(mu + 0.8 * sim_gauss(r));

    return k < 1 ? 1 : k > 5 ? 5 : (int)k;
}

static const char *pmf_answer(struct sim_rng *r, double very)
{
    double u = sim_unif(r);

    if (u < very)
        return "very";
    return u < very + PMF_SOMEWHAT * (1.0 - very) ? "somewhat" : "not";
}

static void header(FILE *fp)
{
    fputs("\xEF\xBB\xBFID,Start time,Completion time,Email,Name,"
          "Last modified time," SIM_SURVEY_UNIT_COLUMN,
          fp);
    for (int w = 0; w < SIM_NWF; w++) {
        const char *wf = sim_workflow_name(w);

        for (int k = 0; k < SIM_SURVEY_NTOOLS; k++)
            fprintf(fp, ",pmf@%s:%s,trust_live@%s:%s,fit_steps@%s:%s",
                    sim_survey_tools[k], wf, sim_survey_tools[k], wf,
                    sim_survey_tools[k], wf);
        fprintf(fp, ",human_led_clear@%s,friction@%s", wf, wf);
    }
    for (size_t i = 0; i < sizeof(ps_items) / sizeof(ps_items[0]); i++)
        fprintf(fp, ",%s", ps_items[i]);
    fputs(",job_worry,learning_hours,workload_ok\n", fp);
}

/* Microsoft Forms' time: 12/1/26 9:01:02. */
static void forms_time(int64_t t, char *out, size_t n)
{
    int y, m, d;
    int64_t s = t % 86400;

    tstamp_civil_from_days(t / 86400, &y, &m, &d);
    snprintf(out, n, "%d/%d/%02d %d:%02d:%02d", m, d, y % 100,
             (int)(s / 3600), (int)(s % 3600 / 60), (int)(s % 60));
}

/* One respondent's row. */
static void respond(struct sim_run *run, struct sim_rng *r, FILE *fp,
                    long seq, long person, const enum fric *cause)
{
    const struct sim_person *pp = &run->org.people[person];
    const struct sim_team *t = &run->org.teams[pp->team];
    double fit = run->org.wf[t->main_wf].fit, p[FR_COUNT];
    struct use_chances uc = use_chances(t);
    int real, reg;
    long pi = t->pilot;

    /* the friction pilot's team works with the tool as its pilot had it
     * (so the survey hears it about the tool) */
    if (pi >= 0 && run->org.pilots[pi].friction_up)
        uc.real = fmax(uc.real, run->p->pilot_adoption);
    real = bern(r, uc.real);
    reg = !real && bern(r, uc.reg);
    int ext = !real && pp->service == 0 && bern(r, uc.ext);
    int64_t start = (sim_survey_day(run->p) + sim_pick(r, 5)) * 86400
                    + 8 * 3600 + sim_pick(r, 9 * 3600);
    double s = t->safety, pr = t->pressure;
    int earned = run->p->strategy == SIM_EARNED, named = 0;
    char a[32], b[32];
    long k;

    forms_time(start, a, sizeof(a));
    forms_time(start + 120 + sim_pick(r, 600), b, sizeof(b));
    fprintf(fp, "%ld,%s,%s,anonymous,,,%s", seq, a, b, t->name);
    for (int w = 0; w < SIM_NWF; w++) {
        if (w != t->main_wf) {
            fputs(",,,,,,,,", fp); /* asked about their main workflow */
            continue;
        }
        /* the approved tool */
        if (real || reg)
            fprintf(fp, ",%s,%s,%s",
                    pmf_answer(r, real ? pmf_real(fit) : PMF_REGISTER),
                    agree5[ordinal(r, real ? 1.5 + 3.0 * fit : 2.0) - 1],
                    agree5[ordinal(r, real ? 4.5 - 3.0 * fit : 3.5) - 1]);
        else
            fputs(",unused,,", fp);
        /* the external tool */
        if (ext)
            fprintf(fp, ",%s,%s,%s", pmf_answer(r, pmf_ext(fit)),
                    agree5[ordinal(r, 3.0 + 0.5 * (1.0 - fit)) - 1],
                    agree5[ordinal(r, 2.5) - 1]);
        else
            fputs(",unused,,", fp);
        fprintf(fp, ",%s,", agree5[ordinal(r, 2.5 + 1.5 * s) - 1]);
        fric_chances(run, t, cause, p);
        for (int c = 0; c < FR_COUNT; c++)
            if (bern(r, p[c])) {
                fprintf(fp, "%s;", fric_codes[c]);
                named = 1;
            }
        if (!named)
            fputs("nothing;", fp);
    }
    for (size_t i = 0; i < sizeof(ps_items) / sizeof(ps_items[0]); i++) {
        double mu = 1.5 + 3.5 * s;

        fprintf(fp, ",%s", agree5[ordinal(r, ps_reverse[i] ? 6.0 - mu : mu)
                                  - 1]);
    }
    k = lround(3.2 - 3.0 * pr * (earned ? 0.5 : 1.0) + 0.8 * sim_gauss(r));
    fprintf(fp, ",%s,%s,%s\n",
            agree5[ordinal(r, 1.5 + 1.5 * pr + 1.5 * (1.0 - s)) - 1],
            hours5[k < 0 ? 0 : k > 4 ? 4 : k],
            agree5[ordinal(r, 4.6 - 3.0 * pr - sim_load_workload_shift(t))
                   - 1]);
}

/* Who answers: each person with the response rate, from the survey's
 * own stream (r, seeded here); their indices into who, how many
 * returned. */
static long draw_respondents(const struct sim_params *p, long npeople,
                             struct sim_rng *r, long *who)
{
    long n = 0;

    sim_rng_seed(r, (uint64_t)p->seed ^ 0x50C1A1ull);
    for (long i = 0; i < npeople; i++)
        if (bern(r, p->survey_response))
            who[n++] = i;
    return n;
}

void sim_survey_team_respondents(const struct sim_params *p,
                                 const struct sim_org *o, long *per_team)
{
    struct sim_rng r;
    long *who = xcalloc((size_t)o->npeople + 1, sizeof(long));
    long n = draw_respondents(p, o->npeople, &r, who);

    memset(per_team, 0, (size_t)o->nteams * sizeof(*per_team));
    for (long i = 0; i < n; i++)
        per_team[o->people[who[i]].team]++;
    free(who);
}

void sim_survey_write(struct sim_run *run, FILE *fp)
{
    struct sim_rng r;
    enum fric cause[SIM_NWF];
    long *who = xcalloc((size_t)run->org.npeople + 1, sizeof(long)), n;

    draw_causes(run, cause);
    n = draw_respondents(run->p, run->org.npeople, &r, who);
    /* in the order the answers came in, not by team */
    for (long i = n - 1; i > 0; i--) {
        long j = sim_pick(&r, i + 1), x = who[i];

        who[i] = who[j];
        who[j] = x;
    }
    header(fp);
    for (long i = 0; i < n; i++)
        respond(run, &r, fp, i + 1, who[i], cause);
    run->nsurvey = n;
    free(who);
}

static json_t *num(double v)
{
    return json_real(round(v * 1e4) / 1e4);
}

struct tool_pmf {
    const char *tool;
    double pmf;
};

static int by_pmf(const void *a, const void *b)
{
    const struct tool_pmf *x = a, *y = b;

    return (x->pmf < y->pmf) - (x->pmf > y->pmf);
}

/* Expected over everyone (not over who happened to answer): shares of
 * friction per workflow, internal PMF per tool and workflow and per
 * tool, each team weighted by its people. */
json_t *sim_survey_truth(const struct sim_run *run)
{
    const struct sim_org *o = &run->org;
    enum fric cause[SIM_NWF];
    json_t *fr = json_array(), *pmf = json_array(), *tools = json_array();
    double tv[SIM_SURVEY_NTOOLS] = {0}, tu[SIM_SURVEY_NTOOLS] = {0};
    struct tool_pmf order[SIM_SURVEY_NTOOLS];

    draw_causes(run, cause);
    for (int w = 0; w < SIM_NWF; w++) {
        double share[FR_COUNT] = {0}, people = 0;
        double v[SIM_SURVEY_NTOOLS] = {0}, u[SIM_SURVEY_NTOOLS] = {0};
        double fit = o->wf[w].fit;
        long teams = 0;
        int top = 0;
        json_t *sh;

        for (long t = 0; t < o->nteams; t++) {
            const struct sim_team *tm = &o->teams[t];
            struct use_chances uc = use_chances(tm);
            double p[FR_COUNT], n = (double)tm->n, ext = 0;

            if (tm->main_wf != w)
                continue;
            teams++;
            people += n;
            fric_chances(run, tm, cause, p);
            for (int c = 0; c < FR_COUNT; c++)
                share[c] += n * p[c];
            for (long i = tm->first; i < tm->first + tm->n; i++)
                ext += o->people[i].service == 0;
            ext *= (1.0 - uc.real) * uc.ext;
            u[0] += n * (uc.real + (1.0 - uc.real) * uc.reg);
            v[0] += n * (uc.real * pmf_real(fit)
                         + (1.0 - uc.real) * uc.reg * PMF_REGISTER);
            u[1] += ext;
            v[1] += ext * pmf_ext(fit);
        }
        if (!teams)
            continue; /* nobody's main workflow: not asked */
        sh = json_object();
        for (int c = 0; c < FR_COUNT; c++) {
            share[c] /= people;
            if (share[c] > share[top])
                top = c;
            json_object_set_new(sh, fric_codes[c], num(share[c]));
        }
        json_array_append_new(
            fr, json_pack("{s:s, s:o, s:b, s:I, s:I, s:s, s:o}", "workflow",
                          sim_workflow_name(w), "fit", num(fit), "poor_fit",
                          fit < 0.5, "teams", (json_int_t)teams, "people",
                          (json_int_t)people, "top", fric_codes[top],
                          "shares", sh));
        for (int k = 0; k < SIM_SURVEY_NTOOLS; k++) {
            tv[k] += v[k];
            tu[k] += u[k];
            json_array_append_new(
                pmf, json_pack("{s:s, s:s, s:o, s:o}", "tool",
                               sim_survey_tools[k], "workflow",
                               sim_workflow_name(w), "users", num(u[k]),
                               "pmf", u[k] > 0 ? num(v[k] / u[k])
                                               : json_null()));
        }
    }
    for (int k = 0; k < SIM_SURVEY_NTOOLS; k++)
        order[k] = (struct tool_pmf){sim_survey_tools[k],
                                     tu[k] > 0 ? tv[k] / tu[k] : 0};
    qsort(order, SIM_SURVEY_NTOOLS, sizeof(order[0]), by_pmf);
    for (int k = 0; k < SIM_SURVEY_NTOOLS; k++)
        json_array_append_new(tools,
                              json_pack("{s:s, s:o}", "tool", order[k].tool,
                                        "pmf", num(order[k].pmf)));
    return json_pack("{s:s, s:s, s:I, s:o, s:o, s:o}", "file", "survey.csv",
                     "wave", SIM_SURVEY_WAVE, "respondents",
                     (json_int_t)run->nsurvey, "tools", tools, "pmf", pmf,
                     "friction", fr);
}
