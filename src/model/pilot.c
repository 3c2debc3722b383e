/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pilot names and storage. */
#include "model/pilot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

const char *const pilot_metric_names[PM_COUNT] = {
    [PM_CYCLE_TIME] = "cycle_time", [PM_QUALITY] = "quality",
    [PM_ERRORS] = "errors", [PM_REWORK] = "rework"};
const char *const pilot_metric_units[PM_COUNT] = {
    /* the dashboard shows them translated (core/i18n.h) */
    [PM_CYCLE_TIME] = N_("hours per item"),
    [PM_QUALITY] = N_("score per item"),
    [PM_ERRORS] = N_("errors per item"),
    [PM_REWORK] = N_("share of items reworked")};

const char *const pilot_design_names[PD_COUNT] = {
    [PD_BEFORE_AFTER] = "before-after", [PD_CONCURRENT] = "concurrent",
    [PD_DID] = "did"};

const char *const pilot_status_names[PS_COUNT] = {
    [PS_RUNNING] = "running", [PS_SCALED] = "scaled",
    [PS_RETIRED] = "retired"};

const char *const pilot_voice_names[PV_COUNT] = {
    [PV_NONE] = "none", [PV_BASELINE] = "baseline",
    [PV_COMPARISON] = "comparison"};

int pilot_voice_parse(const char *s)
{
    for (int i = 0; i < PV_COUNT; i++)
        if (!strcmp(s, pilot_voice_names[i]))
            return i;
    return -1;
}

int pilot_metric_parse(const char *s)
{
    for (int i = 0; i < PM_COUNT; i++)
        if (!strcmp(s, pilot_metric_names[i]))
            return i;
    return -1;
}

int pilot_design_parse(const char *s)
{
    for (int i = 0; i < PD_COUNT; i++)
        if (!strcmp(s, pilot_design_names[i]))
            return i;
    return -1;
}

int pilot_status_parse(const char *s)
{
    for (int i = 0; i < PS_COUNT; i++)
        if (!strcmp(s, pilot_status_names[i]))
            return i;
    return -1;
}

int pilot_metric_good(enum pilot_metric m)
{
    return m == PM_QUALITY ? 1 : -1;
}

void pilot_init(struct pilot *p)
{
    memset(p, 0, sizeof(*p));
    p->learning_hours = NAN;
    p->alpha = 0.05;
    p->status = PS_RUNNING;
    p->voice = PV_NONE;
    p->trust_min = NAN;
}

void pilot_release(struct pilot *p)
{
    if (!p)
        return;
    free(p->team);
    free(p->workflow);
    free(p->tool);
    free(p->hypothesis);
    free(p->plan);
    for (size_t i = 0; i < p->ncontrols; i++)
        free(p->controls[i]);
    pilot_init(p);
}
