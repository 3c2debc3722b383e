/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The load on the middle in the simulated organisation: some teams are
 * handed several changes at once in the last weeks, or one change with
 * the same targets while their workload is high, others two changes with
 * their targets reset (a decoy: under strain, not overloaded); pilot
 * teams have their targets reset for the pilot with some chance. Written
 * as changes.csv (more pilots, in pilots.csv's format) and targets.csv,
 * the workload answers of the survey follow (sim_survey.c), and
 * truth.json says which teams are overloaded by traction's documented
 * rule applied to expected values. Its own random stream: the rest of a
 * seed's files do not change. See docs/simulation.md, "Load on the
 * middle". */
#include "sim/sim_int.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

#include "core/tstamp.h"

/* The rule of `traction load` (analysis/load.h, docs/guide.md), which a
 * leaf module cannot include: the truth applies it to what the model
 * expects. */
#define RULE_CHANGES 3
#define RULE_STRAINS 2
#define RULE_WORKLOAD_MAX 2.0
#define RULE_SAFETY_MIN 2.5

/* The workload answer's centre falls by this much in a team handed too
 * much (sim_survey.c: 4.6 - 3 x pressure otherwise). */
#define SHIFT 2.0
/* The changes start this many weeks before the survey's week and run
 * this many. */
#define CHANGE_AGO 6
#define CHANGE_WEEKS 8
/* Teams of at least this many people are handed changes (each change's
 * plan needs 5 people with items of the workflow). */
#define LOAD_TEAM_MIN 10

static int eligible(const struct sim_team *t)
{
    return t->pilot < 0 && t->n >= LOAD_TEAM_MIN;
}

static long changes_of(int kind)
{
    return kind == SIM_LOAD_MANY       ? 3
           : kind == SIM_LOAD_SUPPORTED ? 2
           : kind == SIM_LOAD_SQUEEZED  ? 1
                                        : 0;
}

void sim_load_assign(struct sim_run *run)
{
    const struct sim_params *p = run->p;
    struct sim_rng r;

    sim_rng_seed(&r, (uint64_t)p->seed ^ 0x10AD5EEDull);
    for (long t = 0; t < run->org.nteams; t++) {
        struct sim_team *tm = &run->org.teams[t];
        double u = sim_unif(&r), v = sim_unif(&r);

        tm->load = SIM_LOAD_NONE;
        tm->target_reset = tm->pilot >= 0
                           && (p->strategy == SIM_EARNED
                               || v < p->load_reset_share);
        if (!eligible(tm))
            continue;
        if (u < p->load_share)
            tm->load = SIM_LOAD_MANY;
        else if (u < 2 * p->load_share)
            tm->load = SIM_LOAD_SQUEEZED;
        else if (u < 3 * p->load_share) {
            tm->load = SIM_LOAD_SUPPORTED;
            tm->target_reset = 1;
        }
    }
}

double sim_load_workload_shift(const struct sim_team *t)
{
    return t->load == SIM_LOAD_SQUEEZED || t->load == SIM_LOAD_SUPPORTED
               ? SHIFT
               : 0.0;
}

static void day_text(int64_t day, char *out, size_t n)
{
    int y, m, d;

    tstamp_civil_from_days(day, &y, &m, &d);
    snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

/* The first day of the changes and their review. */
static int64_t change_start(const struct sim_params *p)
{
    return sim_survey_day(p) - 7 * CHANGE_AGO;
}

/* The team's workflows, its main one first. */
static int workflow_k(const struct sim_team *t, long k)
{
    long seen = 0;

    if (!k)
        return t->main_wf;
    for (int w = 0; w < SIM_NWF; w++)
        if (sim_workflow_function(w) == t->function && w != t->main_wf
            && ++seen == k)
            return w;
    return t->main_wf;
}

void sim_load_write_changes(struct sim_run *run, FILE *fp)
{
    const struct sim_org *o = &run->org;
    int64_t start = change_start(run->p);
    char a[16], b[16];

    day_text(start, a, sizeof(a));
    day_text(start + 7 * CHANGE_WEEKS, b, sizeof(b));
    fputs("team,workflow,tool,hypothesis,metric,direction,mde,start,review,"
          "guardrail,design,controls\n",
          fp);
    for (long t = 0; t < o->nteams; t++) {
        const struct sim_team *tm = &o->teams[t];

        for (long k = 0; k < changes_of(tm->load); k++) {
            const char *wf = sim_workflow_name(workflow_k(tm, k));

            fprintf(fp,
                    "%s,%s,%s,\"%s cuts %s cycle time by at least %.0f%%\","
                    "cycle_time,decrease,%g,%s,%s,errors,before-after,\n",
                    tm->name, wf, SIM_TOOL, SIM_TOOL, wf, 100 * SIM_MDE,
                    SIM_MDE, a, b);
        }
    }
}

void sim_load_write_targets(struct sim_run *run, FILE *fp)
{
    const struct sim_params *p = run->p;
    const struct sim_org *o = &run->org;
    char a[16], b[16];

    fputs("unit,metric,by,from,until,why\n", fp);
    for (long t = 0; t < o->nteams; t++) {
        const struct sim_team *tm = &o->teams[t];
        int64_t from, until;

        if (!tm->target_reset)
            continue;
        if (tm->pilot >= 0) {
            const struct sim_pilot *pl = &o->pilots[tm->pilot];

            from = (int64_t)p->start_day + 7 * pl->start_week;
            until = (int64_t)p->start_day + 7 * pl->review_week - 1;
        } else {
            from = change_start(p);
            until = from + 7 * CHANGE_WEEKS - 1;
        }
        day_text(from, a, sizeof(a));
        day_text(until, b, sizeof(b));
        fprintf(fp, "%s,cycle_time,10%%,%s,%s,learning %s while piloting\n",
                tm->name, a, b, SIM_TOOL);
    }
}

/* The expected answer (1-5) to an item whose answers are
 * lround(mu + 0.8 z) kept within 1 and 5 (sim_survey.c's ordinal). */
static double expected_ordinal(double mu)
{
    double e = 0;

    for (int k = 1; k <= 5; k++) {
        double lo = k == 1 ? -INFINITY : (k - 0.5 - mu) / 0.8;
        double hi = k == 5 ? INFINITY : (k + 0.5 - mu) / 0.8;
        double pk = 0.5 * (erfc(-hi / sqrt(2.0)) - erfc(-lo / sqrt(2.0)));

        e += k * pk;
    }
    return e;
}

json_t *sim_load_truth(const struct sim_run *run)
{
    const struct sim_params *p = run->p;
    const struct sim_org *o = &run->org;
    int64_t as_of = sim_survey_day(p);
    json_t *teams = json_array();
    long over = 0;
    char day[16];

    for (long t = 0; t < o->nteams; t++) {
        const struct sim_team *tm = &o->teams[t];
        long changes = changes_of(tm->load), due = 0;
        int strains = 0, reset = 0, overloaded;
        double workload, safety;
        json_t *why = json_array();

        if (tm->pilot >= 0) {
            const struct sim_pilot *pl = &o->pilots[tm->pilot];
            int64_t s = (int64_t)p->start_day + 7 * pl->start_week;
            int64_t r = (int64_t)p->start_day + 7 * pl->review_week;

            if (s <= as_of && as_of < r) {
                changes++;
                reset = tm->target_reset;
            } else if (r <= as_of)
                due++;
        } else if (changes)
            reset = tm->target_reset;
        workload = expected_ordinal(4.6 - 3.0 * tm->pressure
                                    - sim_load_workload_shift(tm));
        safety = expected_ordinal(1.5 + 3.5 * tm->safety);
        if (changes >= RULE_CHANGES)
            json_array_append_new(why, json_string("changes at once"));
        if (changes && !reset) {
            strains++;
            json_array_append_new(why, json_string("same targets"));
        }
        if (workload <= RULE_WORKLOAD_MAX) {
            strains++;
            json_array_append_new(why, json_string("high workload"));
        }
        if (safety < RULE_SAFETY_MIN) {
            strains++;
            json_array_append_new(why,
                                  json_string("low psychological safety"));
        }
        overloaded = changes >= RULE_CHANGES || strains >= RULE_STRAINS;

        over += overloaded;
        json_array_append_new(
            teams,
            json_pack("{s:s, s:s, s:I, s:I, s:b, s:o, s:o, s:i, s:b, s:o}",
                      "team", tm->name, "kind",
                      sim_load_kind_names[tm->load], "changes",
                      (json_int_t)changes, "decisions_due", (json_int_t)due,
                      "target_reset", reset,
                      "workload", json_real(round(workload * 1e4) / 1e4),
                      "psych_safety", json_real(round(safety * 1e4) / 1e4),
                      "strains", strains, "overloaded", overloaded, "why",
                      why));
    }
    day_text(as_of, day, sizeof(day));
    return json_pack("{s:s, s:s, s:s, s:I, s:o}", "as_of", day, "changes",
                     "changes.csv", "targets", "targets.csv", "overloaded",
                     (json_int_t)over, "teams", teams);
}

const char *const sim_load_kind_names[SIM_LOAD_COUNT] = {
    [SIM_LOAD_NONE] = "none",
    [SIM_LOAD_MANY] = "many changes",
    [SIM_LOAD_SQUEEZED] = "one change, same targets, high workload",
    [SIM_LOAD_SUPPORTED] = "two changes, targets reset, high workload",
};
