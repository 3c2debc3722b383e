/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Governance in the simulated organisation (sim_gov.c): the tool
 * requests its teams file and governance's answers, with waits drawn
 * from a long-tailed (log-normal) distribution so that some are still
 * open past the service level at the end, and the workflow tests its
 * teams propose, the first pilots of the register among them (the demo
 * selects those into their pilots). Its own random stream: the other
 * files of a seed do not change. */
#include "sim/sim_int.h"

#include <math.h>
#include <stdio.h>

#include "core/tstamp.h"

/* The catalog's names of sim_services, in their order. */
static const char *const service_names[SIM_NSERVICES] = {
    "ChatGPT", "Claude", "Gemini", "Perplexity", "DeepL"};

#define REQUEST_TEAM_SHARE 0.35 /* teams that ask at all */
#define REQUEST_MONTHS 4.0      /* filed over the last months */
#define REVIEW_MEDIAN 4.0       /* days to be taken into review */
#define DECIDE_MEDIAN 9.0       /* days in review to the decision */
#define WAIT_SD 0.9             /* log-normal spread: a long tail */
#define PROPOSALS_EXTRA 4       /* proposals not (yet) selected */
#define PROPOSALS_SELECTED 2    /* the first pilots, proposed by teams */

static void day_time(int64_t t, char *out, size_t n)
{
    int y, m, d;
    int64_t sec = t % 86400;

    tstamp_civil_from_days(t / 86400, &y, &m, &d);
    snprintf(out, n, "%04d-%02d-%02dT%02d:00:00Z", y, m, d,
             (int)(sec / 3600));
}

static double lognormal(struct sim_rng *r, double median)
{
    return median * exp(WAIT_SD * sim_gauss(r));
}

void sim_gov_requests(struct sim_run *run, FILE *fp)
{
    static const char *const decision[] = {
        "approve", "approve", "approve-with-conditions", "decline"};
    static const char *const why[] = {
        "low risk: no customer data", "the vendor's terms were reviewed",
        "useful; customer data stays out", "customer data would leave the EU"};
    struct sim_rng r;
    const struct sim_params *p = run->p;
    int64_t end = ((int64_t)p->start_day
                   + 7 * lround(p->months * 52.0 / 12.0)) * 86400;
    int64_t span = (int64_t)(REQUEST_MONTHS * 30.4 * 86400);

    sim_rng_seed(&r, (uint64_t)p->seed ^ 0x60F1A5ull);
    fputs("team,tool,workflow,submitted,review,decided,decision,why,"
          "conditions\n",
          fp);
    for (long t = 0; t < run->org.nteams; t++) {
        const struct sim_team *tm = &run->org.teams[t];
        long n;

        if (sim_unif(&r) >= REQUEST_TEAM_SHARE)
            continue;
        n = 1 + sim_pick(&r, 2);
        for (long k = 0; k < n; k++) {
            /* mostly the service the team reaches for, as people do */
            int s = sim_unif(&r) < 0.6 ? 0 : (int)sim_pick(&r, SIM_NSERVICES);
            int64_t sub = end - span + (int64_t)(sim_unif(&r) * span);
            int64_t rev = sub + (int64_t)(lognormal(&r, REVIEW_MEDIAN) * 86400);
            int64_t dec = rev + (int64_t)(lognormal(&r, DECIDE_MEDIAN) * 86400);
            long w = sim_pick(&r, 4);
            char a[32], b[32], c[32];

            sub -= sub % 3600; /* on the hour */
            rev -= rev % 3600;
            dec -= dec % 3600;
            day_time(sub, a, sizeof(a));
            day_time(rev, b, sizeof(b));
            day_time(dec, c, sizeof(c));
            fprintf(fp, "%s,%s,%s,%s,%s,%s,", tm->name, service_names[s],
                    sim_workflow_name(tm->main_wf), a, rev < end ? b : "",
                    dec < end ? c : "");
            if (dec < end)
                fprintf(fp, "%s,%s,%s\n", decision[w], why[w],
                        w == 2 ? "a person reviews each output" : "");
            else
                fputs(",,\n", fp);
        }
    }
}

void sim_gov_proposals(struct sim_run *run, FILE *fp)
{
    static const char *const friction[] = {
        "first drafts take most of the time",
        "the same answers are written again and again",
        "reviews pile up before release",
        "searching old cases takes hours"};
    struct sim_rng r;
    long n = 0;

    sim_rng_seed(&r, (uint64_t)run->p->seed ^ 0x9E0905ull);
    fputs("team,workflow,friction,outcome,tool,value,reach,confidence,"
          "effort,pilot\n",
          fp);
    for (long k = 0; k < run->org.npilots && k < PROPOSALS_SELECTED; k++) {
        const struct sim_pilot *pl = &run->org.pilots[k];

        fprintf(fp, "%s,%s,%s,cycle_time,%s,%ld,%ld,0.%ld,%ld,%ld\n",
                run->org.teams[pl->team].name, sim_workflow_name(pl->wf),
                friction[sim_pick(&r, 4)], SIM_TOOL, 3 + sim_pick(&r, 3),
                run->org.teams[pl->team].n, 5 + sim_pick(&r, 4),
                2 + sim_pick(&r, 6), k + 1);
        n++;
    }
    for (long i = 0; i < PROPOSALS_EXTRA && run->org.nteams; i++) {
        const struct sim_team *tm =
            &run->org.teams[sim_pick(&r, run->org.nteams)];
        int scored = i % 2 == 0;

        fprintf(fp, "%s,%s,%s,%s,%s,", tm->name,
                sim_workflow_name(tm->main_wf), friction[sim_pick(&r, 4)],
                i % 3 ? "errors" : "cycle_time", SIM_TOOL);
        if (scored)
            fprintf(fp, "%ld,%ld,0.%ld,%ld,\n", 1 + sim_pick(&r, 5), tm->n,
                    3 + sim_pick(&r, 6), 1 + sim_pick(&r, 8));
        else
            fputs(",,,,\n", fp);
        n++;
    }
    (void)n;
}
