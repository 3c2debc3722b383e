/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A pilot: one team tries one AI tool on one workflow against one primary
 * outcome, with a written hypothesis and a plan frozen at registration. */
#ifndef TR_MODEL_PILOT_H
#define TR_MODEL_PILOT_H

#include <stddef.h>
#include <stdint.h>

/* reviewed: the share of items whose AI output a person reviewed (the
 * items' `reviewed` field), a guardrail for a plan's human-review
 * checkpoint */
enum pilot_metric {
    PM_CYCLE_TIME,
    PM_QUALITY,
    PM_ERRORS,
    PM_REWORK,
    PM_REVIEWED,
    PM_COUNT
};
enum pilot_design { PD_BEFORE_AFTER, PD_CONCURRENT, PD_DID, PD_COUNT };
/* Where a pilot stands: running until a decision scales or retires it. */
enum pilot_status { PS_RUNNING, PS_SCALED, PS_RETIRED, PS_COUNT };
/* The plan's voice check (the second question before scaling: does the
 * tool remove friction, do people trust it?): none; the pilot team's
 * friction for the workflow lower than in its last survey before the
 * start; or lower than its comparison teams' in the same survey. */
enum pilot_voice_check { PV_NONE, PV_BASELINE, PV_COMPARISON, PV_COUNT };

extern const char *const pilot_metric_names[PM_COUNT];
/* What a metric's means count, for people ("hours per item"). */
extern const char *const pilot_metric_units[PM_COUNT];
extern const char *const pilot_design_names[PD_COUNT];
extern const char *const pilot_status_names[PS_COUNT]; /* as stored */
extern const char *const pilot_voice_names[PV_COUNT];

/* Returns the enum value named s, or -1. */
int pilot_metric_parse(const char *s);
int pilot_design_parse(const char *s);
int pilot_status_parse(const char *s);
int pilot_voice_parse(const char *s);
/* +1 when more of the metric is better (quality), -1 when less is. */
int pilot_metric_good(enum pilot_metric m);

#define PILOT_MAX_CONTROLS 32
#define PILOT_MAX_GUARDRAILS PM_COUNT

struct pilot {
    int64_t id;
    char *team, *workflow, *tool;       /* owned names */
    int64_t unit_id, workflow_id, tool_id;
    char *hypothesis;                   /* owned */
    enum pilot_metric metric;
    int direction;                      /* +1 increase, -1 decrease */
    double mde;                         /* relative, > 0 */
    enum pilot_design design;
    double alpha;
    int64_t start_at, review_at;
    double learning_hours;              /* NaN when not given */
    int64_t replicates;                 /* the pilot this repeats, or 0 */
    enum pilot_status status;
    int64_t registered_at;
    char *plan;                         /* owned JSON, frozen */
    char *controls[PILOT_MAX_CONTROLS]; /* owned names */
    int64_t control_ids[PILOT_MAX_CONTROLS];
    size_t ncontrols;
    enum pilot_metric guardrails[PILOT_MAX_GUARDRAILS];
    size_t nguardrails;
    enum pilot_voice_check voice;       /* PV_NONE: the plan has none */
    double trust_min;                   /* the share trusting the tool's
                                           output the check needs; NaN
                                           without a check */
    char *checkpoint;                   /* owned: the human-review
                                           checkpoint for the AI's
                                           output, or NULL */
};

void pilot_init(struct pilot *p);
void pilot_release(struct pilot *p); /* NULL-safe; p may be reused */

#endif
