# SPDX-License-Identifier: GPL-3.0-or-later
# Writes N work items of 10 columns (and, with roster=1, the roster for
# them) deterministically. Usage: awk -v n=1000000 -f gen_items.awk
BEGIN {
    srand(42)
    teams = 40
    per = 25
    if (roster) {
        print "id,team,parent,manager"
        for (t = 0; t < teams; t++)
            for (p = 0; p < per; p++)
                printf "p%d.%d@bench.example,Team %d,Unit %d,%s\n", t, p, t, t % 5, p ? "no" : "yes"
        exit
    }
    split("drafting,review,triage,reporting,outreach", wf, ",")
    split(",,copilot,chatgpt,", tool, ",")
    print "key,workflow,team,person,started_at,finished_at,quality,errors,rework,tool"
    base = 1735689600
    for (i = 0; i < n; i++) {
        t = int(rand() * teams)
        p = int(rand() * per)
        s = base + int(rand() * 15552000)
        d = int(exp(log(72000) + 0.9 * (rand() + rand() + rand() - 1.5)))
        printf "B-%d,%s,Team %d,p%d.%d@bench.example,%d,%d,%.2f,%d,%s,%s\n", i, wf[1 + int(rand() * 5)], t, t, p, s, s + d, 1 + rand() * 4, int(rand() * 3), rand() < 0.2 ? "yes" : "no", tool[1 + int(rand() * 4)]
    }
}
