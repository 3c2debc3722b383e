/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated organisation: the weekly model (see sim.h and
 * docs/simulation.md). Files are written through sim_out.c. */
#include "sim/sim_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"
#include "core/tstamp.h"
#include "core/xalloc.h"

const struct sim_function sim_functions[SIM_NFUNC] = {
    {"Marketing", "marketing", "MKT", 1},
    {"Sales", "sales", "SAL", 1},
    {"Customer Success", "customer success", NULL, 0},
    {"Operations", "operations", NULL, 0},
};

/* Three workflows per function: median cycle hours, errors per item. */
static const struct {
    int function;
    const char *name;
    double hours, errors;
} workflows[SIM_NWF] = {
    {0, "Campaign brief", 30, 0.4},  {0, "Content draft", 20, 0.6},
    {0, "Asset review", 8, 0.3},     {1, "Proposal", 40, 0.5},
    {1, "Account research", 6, 0.2}, {1, "CRM update", 2, 0.3},
    {2, "Ticket reply", 4, 0.3},     {2, "Renewal review", 24, 0.4},
    {2, "Onboarding plan", 48, 0.5}, {3, "Incident", 10, 0.5},
    {3, "Change request", 36, 0.4},  {3, "Report", 16, 0.3},
};

/* External AI services people reach for: proxy host, CONNECT or GET,
 * and the share of people who prefer each. */
const struct sim_service sim_services[SIM_NSERVICES] = {
    {"chatgpt.com", 0.80},       {"claude.ai", 0.07},
    {"gemini.google.com", 0.05}, {"www.perplexity.ai", 0.04},
    {"www.deepl.com", 0.04},
};

/* ---- the generator: xoshiro256**, seeded by splitmix64 ---- */

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void sim_rng_seed(struct sim_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t sim_rng_next(struct sim_rng *r)
{
    uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

double sim_unif(struct sim_rng *r)
{
    return (double)(sim_rng_next(r) >> 11) * 0x1p-53;
}

static double uniform(struct sim_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * sim_unif(r);
}

static int bern(struct sim_rng *r, double p)
{
    return sim_unif(r) < p;
}

/* Box-Muller, one draw per call (simple and reproducible). */
static double gauss(struct sim_rng *r)
{
    double u = 1.0 - sim_unif(r), v = sim_unif(r);

    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

double sim_gauss(struct sim_rng *r)
{
    return gauss(r);
}

/* Poisson by inversion (means here are small). */
static long poisson(struct sim_rng *r, double mean)
{
    double p = exp(-mean), c = p, u = sim_unif(r);
    long k = 0;

    while (u > c && k < 1000) {
        k++;
        p *= mean / (double)k;
        c += p;
    }
    return k;
}

long sim_pick(struct sim_rng *r, long n)
{
    return (long)(sim_unif(r) * (double)n);
}

/* ---- the organisation ---- */

static const char *const first_names[] = {
    "Ada",   "Ben",   "Cleo",  "Dev",    "Elif",  "Farid", "Gita",  "Hugo",
    "Ines",  "Jonas", "Kemi",  "Lars",   "Mira",  "Nils",  "Omar",  "Priya",
    "Quinn", "Rosa",  "Sami",  "Tariq",  "Uma",   "Viktor", "Wen",  "Xenia",
    "Yusuf", "Zoe",   "Aiko",  "Bruno",  "Chloe", "Dario", "Esra",  "Femi",
    "Greta", "Hana",  "Ivo",   "Jia",    "Kofi",  "Lena",  "Malik", "Nora",
    "Oskar", "Paz",   "Rafa",  "Sofia",  "Theo",  "Ulla",  "Vera",  "Wim",
    "Yara",  "Zeno",  "Amara", "Bo",     "Carmen", "Dmitri", "Eva", "Finn",
    "Gael",  "Hedda", "Ilan",  "Juno",   "Kai",   "Liv",   "Mateo", "Nia",
};
static const char *const last_names[] = {
    "Abe",    "Berg",   "Costa",  "Dahl",   "Eze",    "Fischer", "Garcia",
    "Haas",   "Ito",    "Jansen", "Kaur",   "Lind",   "Moreau",  "Novak",
    "Okafor", "Petrov", "Quist",  "Rossi",  "Sato",   "Torres",  "Ueda",
    "Varga",  "Weber",  "Xu",     "Yilmaz", "Zhou",   "Alves",   "Brandt",
    "Chen",   "Dubois", "Engel",  "Fonseca", "Gruber", "Horvat", "Iqbal",
    "Jovic",  "Keller", "Lopez",  "Mensah", "Nagy",   "Olsen",   "Park",
    "Reyes",  "Silva",  "Tanaka", "Urban",  "Vogel",  "Wolff",   "Yadav",
    "Zeller", "Amato",  "Bauer",  "Cruz",   "Diaz",   "Ekberg",  "Frank",
    "Gomez",  "Hall",   "Ibsen",  "Jung",   "Kim",    "Lam",     "Moss",
    "Nunez",
};

void sim_display_name(long i, char *out, size_t n)
{
    long f = i % 64, l = (i / 64) % 64, m = i / 4096;

    if (!m)
        snprintf(out, n, "%s %s", first_names[f], last_names[l]);
    else if (m <= 26)
        snprintf(out, n, "%s %c. %s", first_names[f], (char)('A' + m - 1),
                 last_names[l]);
    else
        snprintf(out, n, "%s %s %ld", first_names[f], last_names[l], m);
}

const char *sim_workflow_name(int wf)
{
    return workflows[wf].name;
}

int sim_workflow_function(int wf)
{
    return workflows[wf].function;
}

static long weeks_of(const struct sim_params *p)
{
    return lround(p->months * 52.0 / 12.0);
}

int64_t sim_survey_day(const struct sim_params *p)
{
    return (int64_t)p->start_day + 7 * (weeks_of(p) - 1);
}

static long week_of_month(double month)
{
    return lround(month * 52.0 / 12.0);
}

/* Teams of team_min..team_max people, dealt round the functions; each
 * with a main workflow, a delivery pressure and a psychological safety. */
static void build_org(struct sim_org *o, const struct sim_params *p,
                      struct sim_rng *r)
{
    long left = (long)p->people;
    size_t cap = 0;
    int good[SIM_NWF], order[SIM_NWF];
    long ngood = lround(p->good_fit_share * SIM_NWF);

    /* which workflows the tool fits: a shuffled deal, so the share holds */
    for (int i = 0; i < SIM_NWF; i++)
        order[i] = i;
    for (int i = SIM_NWF - 1; i > 0; i--) {
        int j = (int)sim_pick(r, i + 1), t = order[i];

        order[i] = order[j];
        order[j] = t;
    }
    for (int i = 0; i < SIM_NWF; i++)
        good[order[i]] = i < ngood;
    for (int i = 0; i < SIM_NWF; i++) {
        o->wf[i].fit = good[i] ? uniform(r, p->fit_good_min, 1.0)
                               : uniform(r, 0.0, p->fit_poor_max);
        o->wf[i].hours = workflows[i].hours;
        o->wf[i].errors = workflows[i].errors;
    }
    o->people = xcalloc((size_t)p->people, sizeof(*o->people));
    for (int f = 0; left > 0; f = (f + 1) % SIM_NFUNC) {
        long n = (long)p->team_min
                 + sim_pick(r, (long)(p->team_max - p->team_min) + 1);
        struct sim_team *t;

        if (n > left || left - n < (long)p->team_min)
            n = left; /* the last team takes the rest */
        o->teams = xgrow(o->teams, &cap, (size_t)o->nteams + 1,
                         sizeof(*o->teams));
        t = &o->teams[o->nteams];
        memset(t, 0, sizeof(*t));
        t->function = f;
        t->first = o->npeople;
        t->n = n;
        t->main_wf = f * 3 + (int)sim_pick(r, 3);
        t->pressure = uniform(r, p->pressure_min, p->pressure_max);
        t->safety = uniform(r, p->safety_min, p->safety_max);
        t->pilot = -1;
        t->plan_pilot = -1;
        t->intro_week = -1;
        snprintf(t->name, sizeof(t->name), "%s %02ld",
                 sim_functions[f].name, (o->nteams / SIM_NFUNC) + 1);
        for (long k = 0; k < n; k++) {
            struct sim_person *pp = &o->people[o->npeople++];
            double u = sim_unif(r), c = 0;

            pp->team = o->nteams;
            pp->manager = k == 0;
            for (pp->service = 0; pp->service < SIM_NSERVICES - 1;
                 pp->service++) {
                c += sim_services[pp->service].share;
                if (u < c)
                    break;
            }
        }
        o->nteams++;
        left -= n;
    }
}

int sim_comparison_team(const struct sim_org *o, long pilot, long t)
{
    const struct sim_team *c = &o->teams[t];

    return t != pilot && c->main_wf == o->teams[pilot].main_wf
           && c->pilot < 0 && c->n >= SIM_MEASURE_MIN;
}

/* Whether another team of the pilot's workflow is shown in the survey
 * with fewer respondents than the pilot's team: secondary suppression
 * hides the smallest shown team of a sum first (ties by the order the
 * answers are stored in, which is random), so the pilot team's friction
 * is not the one taken to protect a small team's. */
static int smaller_shown(const struct sim_org *o, const long *resp,
                         const struct sim_pilot *pl)
{
    for (long u = 0; u < o->nteams; u++)
        if (u != pl->team && o->teams[u].main_wf == pl->wf
            && resp[u] >= SIM_SURVEY_SHOWN && resp[u] < resp[pl->team])
            return 1;
    return 0;
}

/* Pilots: teams big enough to measure, half on workflows the tool fits
 * and half on others where there are, in a seeded order. Each gets a
 * design its data supports: did when at least SIM_COMPARISON_MIN other
 * teams share its main workflow (no two pilots share a workflow, so they
 * stay comparison teams), else before-after when the history before the
 * start holds two windows of the pilot's length; a team with neither is
 * passed over (traction would refuse its pilot). */
static void choose_pilots(struct sim_org *o, const struct sim_params *p,
                          struct sim_rng *r)
{
    long *idx = xcalloc((size_t)o->nteams, sizeof(long)), want[2];
    long start = week_of_month(p->pilot_month);

    for (long i = 0; i < o->nteams; i++)
        idx[i] = i;
    for (long i = o->nteams - 1; i > 0; i--) {
        long j = sim_pick(r, i + 1), t = idx[i];

        idx[i] = idx[j];
        idx[j] = t;
    }
    want[1] = ((long)p->pilots + 1) / 2; /* fits */
    want[0] = (long)p->pilots - want[1];
    o->pilots = xcalloc((size_t)p->pilots + 1, sizeof(*o->pilots));
    for (long i = 0; i < o->nteams && o->npilots < (long)p->pilots; i++) {
        struct sim_team *t = &o->teams[idx[i]];
        int fits = o->wf[t->main_wf].fit >= 0.5;
        struct sim_pilot *pl;
        int busy = 0;

        for (long k = 0; k < o->npilots; k++)
            busy |= o->pilots[k].wf == t->main_wf;
        long ncmp = 0;

        if (t->n < SIM_MEASURE_MIN || busy || want[fits] <= 0)
            continue;
        for (long c = 0; c < o->nteams; c++)
            ncmp += sim_comparison_team(o, idx[i], c);
        if (ncmp < SIM_COMPARISON_MIN
            && start < 2 * (long)p->review_weeks) {
            o->passed_over++;
            continue;
        }
        want[fits]--;
        pl = &o->pilots[o->npilots];
        pl->team = idx[i];
        pl->did = ncmp >= SIM_COMPARISON_MIN;
        pl->ncomparison = ncmp < SIM_COMPARISON_MAX ? ncmp
                                                    : SIM_COMPARISON_MAX;
        pl->wf = t->main_wf;
        pl->start_week = start;
        pl->review_week = start + (long)p->review_weeks;
        pl->user_effect = -p->effect_max * o->wf[pl->wf].fit;
        pl->team_effect = exp(p->pilot_adoption * log1p(pl->user_effect)) - 1;
        pl->has_effect = pl->team_effect <= -0.10;
        pl->planned_power = NAN;
        t->pilot = o->npilots++;
    }
    free(idx);
    /* whose items each plan reads: the pilot team and (did) its first
     * SIM_COMPARISON_MAX comparison teams in team order, as pilots.csv
     * lists them; no team serves two pilots (one pilot per workflow) */
    for (long k = 0; k < o->npilots; k++) {
        struct sim_pilot *pl = &o->pilots[k];
        long n = 0;

        o->teams[pl->team].plan_pilot = k;
        o->teams[pl->team].plan_slot = 0;
        for (long c = 0; c < o->nteams && pl->did && n < pl->ncomparison;
             c++)
            if (sim_comparison_team(o, pl->team, c)) {
                pl->cmp[n++] = c;
                o->teams[c].plan_pilot = k;
                o->teams[c].plan_slot = (int)n;
            }
    }
    /* the pilot whose team finds the tool adds steps: of those with a
     * true effect and comparison teams to ask, preferably one whose
     * team and at least one comparison team answer the survey in
     * enough numbers to be shown under their own names (else its voice
     * check has nothing to read), and whose team is not the smallest
     * shown of its workflow; then the one with the most comparison
     * teams (its outcome the clearest), then the largest effect */
    if (p->friction_pilot >= 0.5) {
        long best = -1, *resp = xcalloc((size_t)o->nteams + 1, sizeof(long));
        int best_heard = -1;

        sim_survey_team_respondents(p, o, resp);
        for (long k = 0; k < o->npilots; k++) {
            const struct sim_pilot *pl = &o->pilots[k], *b;
            int heard = 0;

            if (!pl->did || !pl->has_effect)
                continue;
            for (long c = 0; c < pl->ncomparison; c++)
                heard |= resp[pl->cmp[c]] >= SIM_SURVEY_SHOWN;
            heard = heard && resp[pl->team] >= SIM_SURVEY_SHOWN;
            heard += heard && smaller_shown(o, resp, pl);
            b = best < 0 ? NULL : &o->pilots[best];
            if (!b || heard > best_heard
                || (heard == best_heard
                    && (pl->ncomparison > b->ncomparison
                        || (pl->ncomparison == b->ncomparison
                            && pl->team_effect < b->team_effect)))) {
                best = k;
                best_heard = heard;
            }
        }
        if (best >= 0)
            o->pilots[best].friction_up = 1;
        free(resp);
    }
}

/* Whether team t is held back from the mandate's rollout in week w: a
 * registered pilot (did or before-after) asks that its team and its
 * comparison teams keep their way of working until the review, or the
 * comparison measures the rollout, not the tool. */
static int held_back(const struct sim_org *o, const struct sim_team *t,
                     long w)
{
    return t->plan_pilot >= 0 && w < o->pilots[t->plan_pilot].review_week;
}

/* What a team does in a week: the chances of each behaviour. */
struct chances {
    double real, reg, shadow;
    int piloting;
};

static struct chances team_week(const struct sim_org *o,
                                const struct sim_params *p,
                                struct sim_team *t, long w)
{
    const struct sim_pilot *pl = t->pilot >= 0 ? &o->pilots[t->pilot] : NULL;
    double fit = o->wf[t->main_wf].fit, push, ramp;
    int earned = p->strategy == SIM_EARNED, introduced;
    struct chances c = {0, 0, 0, 0};

    /* when the tool reaches the team */
    if (!earned)
        introduced = w >= week_of_month(p->rollout_month)
                     && !held_back(o, t, w);
    else
        introduced = o->wf_scaled_week[t->main_wf] >= 0
                     && w >= o->wf_scaled_week[t->main_wf];
    if (introduced && t->intro_week < 0)
        t->intro_week = w;
    ramp = introduced ? fmin(1.0, (double)(w - t->intro_week + 1) / 4.0) : 0;
    /* without protected learning time, pressure keeps people from it */
    push = 1.0 - (earned ? 0.0 : p->pressure_drag * t->pressure);
    c.real = p->early_adopters * fit;
    if (introduced)
        c.real = fmax(c.real, fit * push * (0.5 + 0.5 * t->safety) * ramp);
    if (pl && w >= pl->start_week && w < pl->review_week) {
        c.real = p->pilot_adoption;
        c.piloting = 1;
    }
    c.reg = !earned && introduced ? p->mandate_register : p->earned_register;
    c.shadow = p->shadow_base
               + p->shadow_need * (1.0 - fit) * t->pressure
                     * (earned ? 1.0 - p->earned_shadow_relief : 1.0);
    return c;
}

/* Weekdays a person is active: k distinct days of five, as a bit set. */
static unsigned weekdays(struct sim_rng *r, int k)
{
    int d[5] = {0, 1, 2, 3, 4};
    unsigned set = 0;

    for (int i = 0; i < k && i < 5; i++) {
        int j = i + (int)sim_pick(r, 5 - i), t = d[i];

        d[i] = d[j];
        d[j] = t;
        set |= 1u << d[i];
    }
    return set;
}

static int binomial(struct sim_rng *r, int n, double p)
{
    int k = 0;

    for (int i = 0; i < n; i++)
        k += bern(r, p);
    return k;
}

/* Keeps an item a pilot's plan will read: its workflow's, by its team or
 * a comparison team, started before the pilot's start (later ones are
 * not read at registration). Finish times to the second, as
 * servicenow.csv has them (jira.csv rounds to the minute). */
static void record_item(struct sim_run *run, const struct sim_team *t,
                        long w, const struct sim_item *it)
{
    struct sim_pilot *pl;
    struct sim_plan_item *pi;
    int s = t->plan_slot;

    if (!run->planner || t->plan_pilot < 0)
        return;
    pl = &run->org.pilots[t->plan_pilot];
    if (it->wf != pl->wf || w >= pl->start_week)
        return;
    pl->items[s] = xgrow(pl->items[s], &pl->cap[s], pl->nitems[s] + 1,
                         sizeof(*pl->items[s]));
    pi = &pl->items[s][pl->nitems[s]++];
    pi->finished = it->start + (int64_t)llround(it->hours * 3600.0);
    pi->hours = it->hours;
    pi->person = it->person;
}

long sim_month_number(int64_t t)
{
    int y, m, d;

    tstamp_civil_from_days(tstamp_day(t), &y, &m, &d);
    return (long)y * 12 + m - 1;
}

/* Adds an item of a pilot team's workflow started from the review on to
 * the pilot's value truth (reads no random numbers). */
static void value_truth(struct sim_run *run, const struct sim_team *t,
                        long w, const struct sim_item *it, double mult)
{
    struct sim_pilot *pl;
    long m;

    if (t->pilot < 0)
        return;
    pl = &run->org.pilots[t->pilot];
    if (it->wf != pl->wf || w < pl->review_week)
        return;
    m = sim_month_number(it->start + (int64_t)llround(it->hours * 3600.0))
        - sim_month_number((int64_t)run->p->start_day * 86400);
    if (m < 0 || m >= SIM_VALUE_MONTHS)
        return;
    pl->after_hours[m] += it->hours;
    pl->after_saved[m] += it->hours / mult - it->hours;
}

/* One person's week: behaviour, telemetry, proxy traffic and work. */
static void person_week(struct sim_run *run, long i, long w,
                        const struct chances *c, struct sim_week *cw,
                        double *outcome_sum, long *outcome_n)
{
    const struct sim_params *p = run->p;
    struct sim_org *o = &run->org;
    struct sim_rng *r = &run->rng;
    struct sim_person *pp = &o->people[i];
    const struct sim_team *t = &o->teams[pp->team];
    int64_t monday = (int64_t)p->start_day + 7 * w;
    int real = bern(r, c->real), reg = 0, shadow = 0;
    long items;

    if (!real) {
        reg = bern(r, c->reg);
        shadow = bern(r, c->shadow);
    }
    cw->real += real;
    cw->theatre += reg;
    cw->shadow += shadow;
    if (real || reg) {
        int k = real ? 1 + binomial(r, 4, (p->active_days_real - 1) / 4) : 1;
        unsigned days = weekdays(r, k);

        for (int d = 0; d < 5; d++)
            if (days >> d & 1) {
                long n = real ? 5 + poisson(r, 15) : 1 + (long)bern(r, 0.3);

                sim_out_usage(run, monday + d, i, n, real);
                pp->last_day = monday + d;
            }
    }
    if (shadow) {
        unsigned days = weekdays(r, 1 + binomial(r, 4, 0.5));

        for (int d = 0; d < 5; d++)
            if (days >> d & 1) {
                long n = 1 + poisson(r, 1.5);

                for (long k = 0; k < n; k++) {
                    int s = bern(r, 0.9) ? pp->service
                                         : (int)sim_pick(r, SIM_NSERVICES);

                    sim_out_proxy(run, monday + d, i, s);
                }
            }
    }
    items = poisson(r, p->items_per_week);
    for (long k = 0; k < items; k++) {
        int wf = bern(r, p->main_workflow_share)
                     ? t->main_wf
                     : t->function * 3 + (int)sim_pick(r, 3);
        double fit = o->wf[wf].fit, mult = 1.0, err = o->wf[wf].errors;
        struct sim_item it;

        if (real) {
            mult = 1.0 - p->effect_max * fit;
            if (fit < 0.3)
                err *= 1.0 + p->poor_fit_errors;
        }
        it.person = i;
        it.wf = wf;
        it.start = (monday + sim_pick(r, 5)) * 86400 + 8 * 3600
                   + sim_pick(r, 9 * 3600);
        it.hours = o->wf[wf].hours
                   * exp(p->cycle_sd * gauss(r) + t->level + t->drift) * mult;
        it.errors = poisson(r, err);
        it.rework = bern(r, 0.08 * err / o->wf[wf].errors);
        it.tool = real;
        *outcome_sum += mult - 1.0;
        (*outcome_n)++;
        value_truth(run, t, w, &it, mult);
        record_item(run, t, w, &it);
        sim_out_item(run, &it);
    }
}

/* Earned: at a pilot's review the organisation scales what works (its
 * workflow goes to every team that has it as main) and withdraws the
 * rest. A stylised decision: the model's people decide right. */
static void review_pilots(struct sim_org *o, const struct sim_params *p,
                          long w)
{
    if (p->strategy != SIM_EARNED)
        return;
    for (long k = 0; k < o->npilots; k++)
        if (o->pilots[k].review_week == w && o->pilots[k].has_effect
            && !o->pilots[k].friction_up
            && o->wf_scaled_week[o->pilots[k].wf] < 0)
            o->wf_scaled_week[o->pilots[k].wf] = w;
}

/* The expected shares at the last week, for truth.json. */
static void team_truth(struct sim_org *o, const struct sim_params *p,
                       struct sim_team *t, const struct chances *c)
{
    t->exp_real = c->real;
    t->exp_register = (1 - c->real) * c->reg;
    t->exp_shadow = (1 - c->real) * c->shadow;
    t->in_trap = t->exp_real < p->trap_real_max
                 && t->exp_shadow >= p->trap_shadow_min;
    o->trap_teams += t->in_trap;
}

static double manager_hours(const struct sim_params *p, const struct sim_team *t,
                            const struct chances *c, long w, double shadow)
{
    double h = p->risk_hours * shadow;

    if (t->intro_week >= 0 && w - t->intro_week < 8)
        h += p->coaching_hours * c->real; /* coaching the first weeks */
    if (c->piloting)
        h += p->pilot_hours;
    if (p->strategy == SIM_MANDATE && t->intro_week >= 0)
        h += p->reporting_hours;
    return h;
}

void sim_curves_release(struct sim_curves *c)
{
    if (!c)
        return;
    free(c->w);
    c->w = NULL;
    c->n = 0;
}

/* Asks pilot k's plan how long it must run (sim_run_planned) and sets
 * its review; the items recorded for the plan are then released. */
static int plan_pilot(struct sim_run *run, long k, long weeks,
                      struct diag *diag)
{
    const struct sim_params *p = run->p;
    struct sim_org *o = &run->org;
    struct sim_pilot *pl = &o->pilots[k];
    const char *controls[SIM_COMPARISON_MAX];
    const struct sim_plan_item *items[1 + SIM_COMPARISON_MAX];
    struct sim_plan_query q;
    long shortest = (long)p->review_weeks, longest = (long)p->review_max_weeks;
    long best = shortest;
    double best_power = NAN;
    int rc = 0;

    if (longest > weeks - pl->start_week)
        longest = weeks - pl->start_week; /* reviewed within the run */
    for (long i = 0; i < pl->ncomparison; i++)
        controls[i] = o->teams[pl->cmp[i]].name;
    for (long i = 0; i <= pl->ncomparison; i++)
        items[i] = pl->items[i];
    memset(&q, 0, sizeof(q));
    q.team = o->teams[pl->team].name;
    q.workflow = sim_workflow_name(pl->wf);
    q.controls = controls;
    q.ncontrols = pl->did ? (size_t)pl->ncomparison : 0;
    q.did = pl->did;
    q.mde = SIM_MDE;
    q.start = ((int64_t)p->start_day + 7 * pl->start_week) * 86400;
    q.items = items;
    q.nitems = pl->nitems;
    for (long len = shortest; len <= longest && !rc; len++) {
        struct sim_plan_answer a = {NAN, NAN};

        q.review = q.start + (int64_t)len * 7 * 86400;
        rc = run->planner->plan(run->planner->ctx, &q, &a, diag);
        if (rc || isnan(a.power))
            continue;
        if (isnan(best_power) || a.power > best_power) {
            best = len;
            best_power = a.power;
        }
        if (a.power >= a.target)
            break; /* the shortest that reaches it */
    }
    pl->review_week = pl->start_week + best;
    pl->planned_power = best_power;
    for (long i = 0; i <= pl->ncomparison; i++) {
        free(pl->items[i]);
        pl->items[i] = NULL;
        pl->nitems[i] = pl->cap[i] = 0;
    }
    return rc;
}

int sim_run(const struct sim_params *p, const char *outdir,
            struct sim_curves *curves, struct sim_summary *sum,
            struct diag *diag)
{
    return sim_run_planned(p, outdir, NULL, curves, sum, diag);
}

int sim_run_planned(const struct sim_params *p, const char *outdir,
                    const struct sim_planner *planner,
                    struct sim_curves *curves, struct sim_summary *sum,
                    struct diag *diag)
{
    struct sim_run run;
    struct sim_rng het; /* team levels and drift: their own stream, so
                           the rest of a seed's run does not change */
    struct progress prog;
    long weeks = weeks_of(p);
    int rc = 0;

    memset(&run, 0, sizeof(run));
    memset(curves, 0, sizeof(*curves));
    run.p = p;
    run.planner = planner && planner->plan ? planner : NULL;
    sim_rng_seed(&run.rng, (uint64_t)p->seed);
    build_org(&run.org, p, &run.rng);
    for (int i = 0; i < SIM_NWF; i++)
        run.org.wf_scaled_week[i] = -1;
    choose_pilots(&run.org, p, &run.rng);
    sim_rng_seed(&het, (uint64_t)p->seed ^ 0x7EA3D1F7ull);
    for (long t = 0; t < run.org.nteams; t++)
        run.org.teams[t].level = p->team_level_sd * gauss(&het);
    if (outdir)
        rc = sim_out_open(&run, outdir, diag);
    curves->w = xcalloc((size_t)weeks, sizeof(*curves->w));
    curves->n = (size_t)weeks;
    progress_start(&prog, "simulating", (uint64_t)weeks);
    for (long w = 0; w < weeks && !rc; w++) {
        struct sim_week *cw = &curves->w[w];
        double outcome = 0, hours = 0;
        long nout = 0, managers = 0;

        for (long k = 0; k < run.org.npilots && run.planner && !rc; k++)
            if (run.org.pilots[k].start_week == w)
                rc = plan_pilot(&run, k, weeks, diag);
        if (rc)
            break;
        review_pilots(&run.org, p, w);
        if (w % lround(p->drift_weeks) == 0)
            for (long t = 0; t < run.org.nteams; t++)
                run.org.teams[t].drift = p->drift_sd * gauss(&het);
        cw->monday = (int64_t)p->start_day + 7 * w;
        for (long t = 0; t < run.org.nteams; t++) {
            struct sim_team *tm = &run.org.teams[t];
            struct chances c = team_week(&run.org, p, tm, w);
            double before = cw->shadow;

            for (long i = tm->first; i < tm->first + tm->n; i++)
                person_week(&run, i, w, &c, cw, &outcome, &nout);
            hours += manager_hours(p, tm, &c, w,
                                   (cw->shadow - before) / (double)tm->n);
            managers++;
            if (w == weeks - 1)
                team_truth(&run.org, p, tm, &c);
        }
        cw->real /= p->people;
        cw->theatre /= p->people;
        cw->shadow /= p->people;
        cw->outcome = nout ? outcome / (double)nout : 0;
        cw->manager_hours = managers ? hours / (double)managers : 0;
        if (outdir)
            rc = sim_out_week(&run, diag);
        progress_update(&prog, (uint64_t)w + 1);
    }
    progress_end(&prog);
    if (outdir && !rc)
        rc = sim_out_close(&run, diag);
    else if (outdir)
        sim_out_abort(&run);
    if (sum) {
        memset(sum, 0, sizeof(*sum));
        sum->people = run.org.npeople;
        sum->teams = run.org.nteams;
        sum->pilots = run.org.npilots;
        for (long k = 0; k < run.org.npilots; k++)
            sum->pilots_history += !run.org.pilots[k].did;
        sum->passed_over = run.org.passed_over;
        sum->trap_teams = run.org.trap_teams;
        sum->items = run.nitems;
        sum->usage_rows = run.nusage;
        sum->proxy_lines = run.nproxy;
        sum->bytes = run.bytes;
        sum->survey_responses = run.nsurvey;
    }
    for (long k = 0; k < run.org.npilots; k++)
        for (int i = 0; i <= SIM_COMPARISON_MAX; i++)
            free(run.org.pilots[k].items[i]);
    free(run.org.people);
    free(run.org.teams);
    free(run.org.pilots);
    return rc;
}
