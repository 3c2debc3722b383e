/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator's parameters: one table with every default, its range
 * and what it means (docs/simulation.md lists the same table). */
#include "sim/sim.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const char *const sim_strategy_names[2] = {"mandate", "earned"};

#define P(field, def, lo, hi, doc) \
    {#field, offsetof(struct sim_params, field), def, lo, hi, doc}

const struct sim_param_info sim_param_table[] = {
    P(seed, 1, 0, 4294967295.0, "seed of the random generator"),
    P(people, 2000, 20, 1000000, "people in the organisation"),
    P(months, 8, 5, 36, "months simulated (weeks = months * 52 / 12)"),
    P(start_day, 20514, 0, 200000,
      "first Monday, as days since 1970-01-01 (20514 = 2026-03-02)"),
    P(team_min, 5, 2, 50, "smallest team, manager included"),
    P(team_max, 15, 2, 50, "largest team"),
    P(items_per_week, 1.5, 0.1, 20, "work items a person starts a week"),
    P(cycle_sd, 0.6, 0.05, 2, "sd of log cycle time (log-normal)"),
    P(team_level_sd, 0.2, 0, 1,
      "sd of a team's own level of log cycle time (teams differ)"),
    P(drift_sd, 0.1, 0, 1,
      "sd of a team's drift of log cycle time, drawn anew each period"),
    P(drift_weeks, 13, 1, 52, "weeks of one drift period"),
    P(main_workflow_share, 0.7, 0.34, 1,
      "share of a team's items in its main workflow"),
    P(good_fit_share, 0.5, 0, 1, "share of workflows the tool fits"),
    P(fit_good_min, 0.6, 0, 1, "a good fit is uniform in [this, 1]"),
    P(fit_poor_max, 0.15, 0, 1, "a poor fit is uniform in [0, this]"),
    P(effect_max, 0.35, 0, 0.9,
      "cycle time cut by real use at fit 1 (fit 0.5 cuts half of it)"),
    P(poor_fit_errors, 0.6, 0, 5,
      "extra errors with real use where fit < 0.3 (0.6 = +60%)"),
    P(pressure_min, 0.4, 0, 1, "delivery pressure of a team: uniform min"),
    P(pressure_max, 0.9, 0, 1, "delivery pressure: uniform max"),
    P(safety_min, 0.3, 0, 1, "psychological safety: uniform min"),
    P(safety_max, 0.9, 0, 1, "psychological safety: uniform max"),
    P(rollout_month, 4, 0, 36, "mandate: month the tool is pushed to all"),
    P(pilot_month, 3, 3, 36, "month the pilots start (90 days of baseline)"),
    P(review_weeks, 13, 4, 52,
      "shortest pilot: weeks from its start to its review"),
    P(review_max_weeks, 26, 4, 104,
      "longest pilot the organisation runs when its plan asks for more"),
    P(pilots, 8, 0, 200, "pilots the organisation registers"),
    P(pilot_adoption, 0.85, 0, 1, "share of a pilot team using the tool"),
    P(pressure_drag, 0.5, 0, 1,
      "how much pressure keeps people from real use without protected "
      "learning time"),
    P(early_adopters, 0.1, 0, 1,
      "real use before the tool is introduced, times fit"),
    P(mandate_register, 0.7, 0, 1,
      "mandate: non-users who register activity to meet the target"),
    P(earned_register, 0.05, 0, 1, "earned: non-users who register anyway"),
    P(shadow_base, 0.05, 0, 1, "non-users on external AI tools regardless"),
    P(shadow_need, 0.8, 0, 1,
      "extra external use: times (1 - fit) times pressure"),
    P(earned_shadow_relief, 0.5, 0, 1,
      "earned: share of the need met by enablement (tolerated tools, "
      "clear rules)"),
    P(active_days_real, 3.5, 1, 5, "mean active days a week of real users"),
    P(noise_lines, 0.5, 0, 20, "non-AI proxy lines per AI line"),
    P(coaching_hours, 3, 0, 40,
      "manager hours a week to coach a fully adopting team"),
    P(reporting_hours, 1.5, 0, 40, "mandate: usage reporting hours a week"),
    P(pilot_hours, 2, 0, 40, "hours a week a running pilot costs"),
    P(risk_hours, 2, 0, 40,
      "hours a week managing external-tool risk in a fully shadow team"),
    P(trap_real_max, 0.3, 0, 1,
      "truth: in the trap when the expected real-use share is below this"),
    P(trap_shadow_min, 0.2, 0, 1,
      "... and the expected external-tool share at least this"),
    P(survey_response, 0.7, 0.05, 1,
      "share of people who answer the pulse survey of the last week"),
    P(friction_pilot, 1, 0, 1,
      "1: the pilot with a true effect (did) with the most comparison "
      "teams (preferably: its team and one of them heard in the survey) "
      "finds the tool adds steps: its team names more friction in "
      "the survey, its plan asks the voice check against its comparison "
      "teams; 0: none"),
    P(load_share, 0.1, 0, 0.33,
      "share of teams of 10 or more (not piloting) handed each load: "
      "three changes at once; one change with the same targets and high "
      "workload; two changes with targets reset and high workload"),
    P(load_reset_share, 0.5, 0, 1,
      "mandate: chance a pilot team's targets are reset for its pilot "
      "(earned: always)"),
};

const size_t sim_nparams = sizeof(sim_param_table) / sizeof(sim_param_table[0]);

static double *slot(struct sim_params *p, const struct sim_param_info *i)
{
    return (double *)(void *)((char *)p + i->offset);
}

void sim_params_default(struct sim_params *p)
{
    memset(p, 0, sizeof(*p));
    for (size_t i = 0; i < sim_nparams; i++)
        *slot(p, &sim_param_table[i]) = sim_param_table[i].def;
    p->strategy = SIM_MANDATE;
}

/* Sets a parameter, or explains in msg why not; 0 or -1. */
static int set(struct sim_params *p, const char *name, const char *value,
               char *msg, size_t len)
{
    for (size_t i = 0; i < sim_nparams; i++) {
        const struct sim_param_info *in = &sim_param_table[i];
        char *end;
        double v;

        if (strcmp(in->name, name))
            continue;
        errno = 0;
        v = strtod(value, &end);
        if (end == value || *end || errno || !isfinite(v)) {
            snprintf(msg, len, "%s: '%s' is not a number", name, value);
            return -1;
        }
        if (v < in->min || v > in->max) {
            snprintf(msg, len, "%s must be in [%g, %g], not %g", name,
                     in->min, in->max, v);
            return -1;
        }
        *slot(p, in) = v;
        return 0;
    }
    snprintf(msg, len, "unknown parameter '%s' (see docs/simulation.md)",
             name);
    return -1;
}

int sim_params_set(struct sim_params *p, const char *name, const char *value,
                   struct diag *diag)
{
    char msg[200];

    return set(p, name, value, msg, sizeof(msg))
               ? diag_set(diag, TR_EUSAGE, "%s", msg)
               : 0;
}

static char *trim(char *s)
{
    char *e = s + strlen(s);

    while (*s == ' ' || *s == '\t')
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'
                     || e[-1] == '\n'))
        *--e = '\0';
    return s;
}

int sim_params_load(struct sim_params *p, const char *path, struct diag *diag)
{
    FILE *fp = fopen(path, "r");
    char line[512], msg[200];
    long no = 0;
    int rc = 0;

    if (!fp)
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    diag_context(diag, "in '%s'", path);
    while (!rc && fgets(line, sizeof(line), fp)) {
        char *s = line, *eq, *hash = strchr(line, '#');

        no++;
        if (hash)
            *hash = '\0';
        s = trim(s);
        if (!*s)
            continue;
        eq = strchr(s, '=');
        if (!eq) {
            rc = diag_at(diag, TR_EUSAGE, no, (long)(s - line) + 1,
                         "expected 'name = value'");
            break;
        }
        *eq = '\0';
        if (set(p, trim(s), trim(eq + 1), msg, sizeof(msg)))
            rc = diag_at(diag, TR_EUSAGE, no, (long)(s - line) + 1, "%s",
                         msg);
    }
    fclose(fp);
    return rc;
}
