/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated organisation: a weekly model of people, teams, workflows
 * and one approved AI assistant under a `mandate` or an `earned` adoption
 * strategy. It writes the files a real organisation would have (roster,
 * Jira and ServiceNow exports, Copilot and Microsoft 365 telemetry, a
 * Squid proxy log, the pilot register) plus truth.json, and the weekly
 * curves of the what-if comparison. Same seed and parameters, same bytes:
 * its own generator (xoshiro256**), no clock, no locale.
 *
 * Every assumption is a named parameter (sim_params.c holds the defaults
 * and their documentation; docs/simulation.md explains the model). */
#ifndef TR_SIM_SIM_H
#define TR_SIM_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/diag.h"

enum sim_strategy { SIM_MANDATE, SIM_EARNED };

extern const char *const sim_strategy_names[2];

/* The parameters, all numbers (counts are whole numbers in doubles). */
struct sim_params {
    double seed, people, months, start_day;
    double team_min, team_max;
    double items_per_week, cycle_sd, main_workflow_share;
    double team_level_sd, drift_sd, drift_weeks;
    double good_fit_share, fit_good_min, fit_poor_max;
    double effect_max, poor_fit_errors;
    double pressure_min, pressure_max, safety_min, safety_max;
    double rollout_month, pilot_month, review_weeks, review_max_weeks;
    double pilots, pilot_adoption;
    double pressure_drag, early_adopters;
    double mandate_register, earned_register;
    double shadow_base, shadow_need, earned_shadow_relief;
    double active_days_real, noise_lines;
    double coaching_hours, reporting_hours, pilot_hours, risk_hours;
    double trap_real_max, trap_shadow_min;
    double survey_response, friction_pilot;
    double load_share, load_reset_share;
    enum sim_strategy strategy;
};

/* One named parameter: for --params files, the docs and --help. */
struct sim_param_info {
    const char *name;
    size_t offset;          /* into struct sim_params */
    double def, min, max;
    const char *doc;
};

extern const struct sim_param_info sim_param_table[];
extern const size_t sim_nparams;

void sim_params_default(struct sim_params *p);
/* Sets one parameter by name; TR_EUSAGE for an unknown name or a value
 * outside its range. */
int sim_params_set(struct sim_params *p, const char *name, const char *value,
                   struct diag *diag);
/* Reads "name = value" lines ('#' comments, blank lines); errors name
 * the line and column. */
int sim_params_load(struct sim_params *p, const char *path,
                    struct diag *diag);

/* The organisation-wide weekly curves of a run. */
struct sim_week {
    int64_t monday;         /* day number */
    double real;            /* share of people using the tool for real */
    double theatre;         /* registering activity without real use */
    double shadow;          /* using an external AI tool */
    double outcome;         /* mean cycle-time change of finished items */
    double manager_hours;   /* extra hours a week per manager */
};

struct sim_curves {
    struct sim_week *w;     /* owned */
    size_t n;
};

void sim_curves_release(struct sim_curves *c); /* NULL-safe */

/* What a run wrote, for the report. */
struct sim_summary {
    long people, teams, pilots, trap_teams;
    long pilots_history;    /* before-after on the team's history: fewer
                               than 2 comparison teams on the workflow */
    long passed_over;       /* teams passed over: neither 2 comparison
                               teams nor 2 earlier windows of history */
    long survey_responses;  /* rows of survey.csv */
    uint64_t items, usage_rows, proxy_lines, bytes;
};

/* ---- the pulse survey the organisation runs in its last week ---- */

#define SIM_SURVEY_WAVE "pulse-sim"          /* the wave's name */
#define SIM_SURVEY_UNIT_COLUMN "Which team are you in?"
#define SIM_SURVEY_NTOOLS 2

/* The tools the survey asks about: the approved tool and the external
 * service most people reach for. */
extern const char *const sim_survey_tools[SIM_SURVEY_NTOOLS];

/* The day (days since 1970-01-01) the survey opens: the Monday of the
 * last simulated week; it runs that week. */
int64_t sim_survey_day(const struct sim_params *p);
/* The wave's uses: "TOOL:WORKFLOW" for each tool and workflow, i in
 * [0, sim_survey_nuses()); written into out (n bytes). */
size_t sim_survey_nuses(void);
void sim_survey_use(size_t i, char *out, size_t n);
/* The units the wave is opened for (the functions), comma-separated. */
void sim_survey_units(char *out, size_t n);

/* Runs the model; with outdir (which must exist) writes the files there.
 * Shows progress on a terminal. Each pilot runs review_weeks (no plan:
 * see sim_run_planned). */
int sim_run(const struct sim_params *p, const char *outdir,
            struct sim_curves *curves, struct sim_summary *sum,
            struct diag *diag);

/* ---- pilots run as their plan asks ---- */

/* One work item a pilot's plan reads: finished at `finished` (Unix
 * seconds) after `hours`, by person `person`. */
struct sim_plan_item {
    int64_t finished;
    double hours;
    long person;
};

/* A pilot at registration, as its plan sees it: the items of its
 * workflow finished before the start by its team (team 0) and each of
 * its comparison teams (team i is controls[i - 1]). All borrowed for the
 * call. */
struct sim_plan_query {
    const char *team, *workflow;
    const char *const *controls;
    size_t ncontrols;
    int did;                    /* 1: did; 0: before-after */
    double mde;                 /* relative decrease of cycle time */
    int64_t start, review;      /* Unix seconds */
    const struct sim_plan_item *const *items; /* [1 + ncontrols] */
    const size_t *nitems;
};

/* What the plan says. */
struct sim_plan_answer {
    double power;               /* team-level power at the review; NaN
                                   when the plan refuses the design */
    double target;              /* the power pilots are planned for */
};

/* Traction's plan for the query, 0 or a TR_E* code. The simulator is a
 * leaf module and does not plan: the caller supplies the planning (the
 * code `pilot new` uses). */
typedef int (*sim_plan_fn)(void *ctx, const struct sim_plan_query *q,
                           struct sim_plan_answer *a, struct diag *diag);

struct sim_planner {
    sim_plan_fn plan;
    void *ctx;                  /* borrowed */
};

/* sim_run, with each pilot's review set at its start by its plan: the
 * shortest length from review_weeks to review_max_weeks (and within the
 * simulated weeks) whose planned power reaches the plan's target, else
 * the length with the most power. planner NULL: as sim_run. */
int sim_run_planned(const struct sim_params *p, const char *outdir,
                    const struct sim_planner *planner,
                    struct sim_curves *curves, struct sim_summary *sum,
                    struct diag *diag);

#endif
