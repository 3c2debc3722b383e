# SPDX-License-Identifier: GPL-3.0-or-later
# Writes n Squid native log lines (2% to AI services, 20,000 users), or
# with roster=1 the roster of those users, or with domains=1 the AI hosts
# a sysadmin would grep for. Usage: awk -v n=8000000 -f gen_squid.awk
BEGIN {
    srand(7)
    users = 20000
    if (roster) {
        print "id,aliases,team,manager"
        for (u = 0; u < users; u++)
            printf "u%05d@corp.example,u%05d,Team %03d,no\n", u, u, int(u / 40)
        exit
    }
    split("chatgpt.com api.openai.com claude.ai gemini.google.com www.deepl.com chat.mistral.ai perplexity.ai copilot.microsoft.com", ai, " ")
    if (domains) {
        for (i in ai)
            print ai[i]
        exit
    }
    split("www.google.com news.example.com cdn.example.net mail.corp.example intranet.corp.example www.wikipedia.org static.example.org api.github.com", other, " ")
    split("CONNECT GET GET POST", method, " ")
    t = 1772409600
    for (i = 0; i < n; i++) {
        t += 0.075
        if (rand() < 0.02)
            host = ai[1 + int(rand() * 8)]
        else
            host = other[1 + int(rand() * 8)]
        m = method[1 + int(rand() * 4)]
        url = (m == "CONNECT") ? host ":443" : "http://" host "/some/path/" int(rand() * 100000) ".html"
        printf "%.3f %6d 10.%d.%d.%d TCP_MISS/200 %d %s %s u%05d HIER_DIRECT/203.0.113.%d text/html\n", t, int(rand() * 9999), int(rand() * 200), int(rand() * 250), int(rand() * 250), int(rand() * 99999), m, url, int(rand() * users), int(rand() * 250)
    }
}
