/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside the simulator: the organisation, the generator and the writers
 * (sim.c runs the model, sim_out.c writes the files). */
#ifndef TR_SIM_SIM_INT_H
#define TR_SIM_SIM_INT_H

#include <stdio.h>

#include "sim/sim.h"

#define SIM_NFUNC 4
#define SIM_NWF (SIM_NFUNC * 3)
#define SIM_NSERVICES 5
#define SIM_TOOL "GitHub Copilot"
/* A team measurable enough to pilot or to compare with. */
#define SIM_MEASURE_MIN 8
/* Comparison teams a did pilot needs to be calibrated (traction refuses
 * fewer: docs/statistics.md), and at most how many it lists. */
#define SIM_COMPARISON_MIN 2
#define SIM_COMPARISON_MAX 19
/* The smallest effect each pilot is registered to find (MDE): a 20%
 * shorter cycle time. */
#define SIM_MDE 0.2

struct sim_function {
    const char *name, *slug;
    const char *jira_project; /* Jira teams; NULL: ServiceNow */
    int jira;
};

extern const struct sim_function sim_functions[SIM_NFUNC];

struct sim_service {
    const char *host;
    double share;             /* of people preferring it */
};

extern const struct sim_service sim_services[SIM_NSERVICES];

struct sim_rng {
    uint64_t s[4];
};

void sim_rng_seed(struct sim_rng *r, uint64_t seed);
uint64_t sim_rng_next(struct sim_rng *r);
double sim_unif(struct sim_rng *r);   /* [0, 1) */
long sim_pick(struct sim_rng *r, long n); /* [0, n) */
double sim_gauss(struct sim_rng *r);  /* standard normal */

struct sim_workflow {
    double fit;               /* of the tool to the work, 0..1 */
    double hours, errors;     /* median cycle hours, errors per item */
};

struct sim_person {
    long team;
    int manager;
    int service;              /* the external service they prefer */
    int64_t last_day;         /* last approved activity; 0 when none */
};

struct sim_team {
    char name[40];
    int function, main_wf;
    long first, n;            /* people [first, first + n) */
    double pressure, safety;
    double level, drift;      /* log cycle-time shifts: fixed, and this
                                 drift period's */
    long pilot;               /* index into pilots, or -1 */
    long plan_pilot;          /* the pilot whose plan reads this team's
                                 items (as pilot or comparison), or -1 */
    int plan_slot;            /* 0: its pilot team; i: comparison team i */
    long intro_week;          /* when the tool reached it, or -1 */
    double exp_real, exp_register, exp_shadow; /* at the last week */
    int in_trap;
    int load;                 /* enum sim_load_kind (sim_load.c) */
    int target_reset;         /* its targets are reset while it pilots */
};

/* Calendar months a run's value truth can hold (months <= 48, plus
 * items finishing after the last week). */
#define SIM_VALUE_MONTHS 64

struct sim_pilot {
    long team;
    int wf;
    long start_week, review_week;
    double user_effect;       /* cycle-time change for a real user */
    double team_effect;       /* on the team's geometric mean */
    int has_effect;           /* team_effect at least 10% shorter */
    int friction_up;          /* its team names more friction in the
                                 workflow (the tool adds steps there), and
                                 its plan asks the voice check against
                                 its comparison teams: not to scale */
    int did;                  /* 1: did against comparison teams; 0:
                                 before-after on the team's history */
    long ncomparison;         /* comparison teams (did) */
    long cmp[SIM_COMPARISON_MAX]; /* their team indices, in team order */
    double planned_power;     /* the plan's power at the review; NaN:
                                 not planned */
    /* truth for realised value: the pilot team's items of the workflow
     * started from the review on, by calendar month of their finish
     * (index: months since the simulation's first month): the hours
     * they took and the hours the tool saved them (hours / mult -
     * hours) */
    double after_hours[SIM_VALUE_MONTHS], after_saved[SIM_VALUE_MONTHS];
    /* the items its plan reads (recorded before the start; owned) */
    struct sim_plan_item *items[1 + SIM_COMPARISON_MAX];
    size_t nitems[1 + SIM_COMPARISON_MAX], cap[1 + SIM_COMPARISON_MAX];
};

struct sim_org {
    struct sim_workflow wf[SIM_NWF];
    long wf_scaled_week[SIM_NWF]; /* earned: when scaled, or -1 */
    struct sim_team *teams;
    long nteams;
    struct sim_person *people;
    long npeople;
    struct sim_pilot *pilots;
    long npilots;
    long passed_over;         /* teams not chosen: no design their data
                                 supports */
    long trap_teams;
};

/* Months since 1970-01 of a Unix time (UTC). */
long sim_month_number(int64_t t);

struct sim_item {
    long person;
    int wf;
    int64_t start;            /* Unix seconds */
    double hours;
    long errors, rework;
    int tool;                 /* done with the approved tool (really used) */
};

struct sim_usage {
    int64_t day;
    long person, interactions;
    int real;
};

struct sim_hit {
    int64_t ts;               /* Unix seconds */
    long person;
    int host;                 /* a service, or SIM_NSERVICES + noise host */
    int ms, elapsed, bytes;
};

struct sim_out; /* the open files (sim_out.c) */

struct sim_run {
    const struct sim_params *p;
    const struct sim_planner *planner; /* NULL: no plans */
    struct sim_rng rng;       /* the model's draws */
    struct sim_rng out_rng;   /* cosmetic draws of the writers */
    struct sim_org org;
    struct sim_out *out;      /* NULL when nothing is written */
    uint64_t nitems, nusage, nproxy, bytes;
    long nsurvey;             /* survey respondents */
};

/* Whether team t is a comparison team for a pilot of team `pilot`:
 * another team with the same main workflow, not piloting itself, big
 * enough to measure. */
int sim_comparison_team(const struct sim_org *o, long pilot, long t);

/* A display name for person i (unique up to a million people). */
void sim_display_name(long i, char *out, size_t n);
const char *sim_workflow_name(int wf);
int sim_workflow_function(int wf);

/* The pulse survey at the last week (sim_survey.c): one row per
 * respondent in the shape of a Microsoft Forms export, its own random
 * stream (the rest of a seed's files do not change), and what the survey
 * should find, for truth.json (owned by the caller). */
struct json_t;
void sim_survey_write(struct sim_run *run, FILE *fp);
/* How many of each team answer that survey (per_team: o->nteams), the
 * draws sim_survey_write makes: known before any answer is. */
void sim_survey_team_respondents(const struct sim_params *p,
                                 const struct sim_org *o, long *per_team);
/* traction shows a unit's survey results from this many respondents
 * (DISCLOSE_MIN_ITEMS); a smaller team counts under its parent. */
#define SIM_SURVEY_SHOWN 5
struct json_t *sim_survey_truth(const struct sim_run *run);
/* The learning calendar (sim_calendar.c): calendar.ics, and its truth of
 * learning hours per team and ISO week (owned by the caller); its own
 * random stream. */
void sim_calendar_write(struct sim_run *run, FILE *fp);
struct json_t *sim_calendar_truth(const struct sim_run *run);

/* Governance (sim_gov.c), each from its own random stream:
 * requests.csv (team, tool, workflow, submitted, review, decided,
 * decision, why, conditions; review and decided empty while pending at
 * the end) and proposals.csv (team, workflow, friction, outcome, tool,
 * value, reach, confidence, effort, pilot: the score empty when not
 * scored, pilot the register's line it becomes, or empty). */
void sim_gov_requests(struct sim_run *run, FILE *fp);
void sim_gov_proposals(struct sim_run *run, FILE *fp);

/* The load on the middle (sim_load.c): what the organisation hands
 * each team at once in its last weeks. */
enum sim_load_kind {
    SIM_LOAD_NONE,
    SIM_LOAD_MANY,      /* three changes at once */
    SIM_LOAD_SQUEEZED,  /* one change, the same targets, high workload */
    SIM_LOAD_SUPPORTED, /* two changes, targets reset, high workload */
    SIM_LOAD_COUNT
};
extern const char *const sim_load_kind_names[SIM_LOAD_COUNT];
/* Sets each team's load and target_reset from the load's own stream. */
void sim_load_assign(struct sim_run *run);
/* How far a team's workload answers fall (0 for most). */
double sim_load_workload_shift(const struct sim_team *t);
/* changes.csv (pilots.csv's format) and targets.csv. */
void sim_load_write_changes(struct sim_run *run, FILE *fp);
void sim_load_write_targets(struct sim_run *run, FILE *fp);
/* Which teams are overloaded on the survey's day, for truth.json. */
struct json_t *sim_load_truth(const struct sim_run *run);

/* The writers: files are written as NAME.tmp and renamed by close. */
int sim_out_open(struct sim_run *run, const char *dir, struct diag *diag);
void sim_out_item(struct sim_run *run, const struct sim_item *it);
void sim_out_usage(struct sim_run *run, int64_t day, long person,
                   long interactions, int real);
void sim_out_proxy(struct sim_run *run, int64_t day, long person,
                   int service);
int sim_out_week(struct sim_run *run, struct diag *diag); /* flushes */
int sim_out_close(struct sim_run *run, struct diag *diag);
void sim_out_abort(struct sim_run *run);

#endif
