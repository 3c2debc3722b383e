# SPDX-License-Identifier: GPL-3.0-or-later
# Writes n Squid native log lines (2% to AI services, 20,000 users), or
# with roster=1 the roster of those users, or with domains=1 the AI hosts
# a sysadmin would grep for. Usage: awk -v n=7500000 -f gen_squid.awk
#
# Other traffic goes to 60,000 hosts whose popularity falls as 1/rank
# (Zipf, as in measured proxy logs: a few hosts take much of the traffic,
# most are seen rarely), with the shapes real hosts have: many names
# under a few large providers (some of them next to AI services, e.g.
# mail.google.com beside gemini.google.com), CDN and API names, and a
# long tail of sites. A log of a handful of hosts would flatter any
# per-host cache.
function word(x) {
    return syl[x % 48 + 1] syl[int(x / 48) % 48 + 1] \
           (x >= 2304 ? syl[int(x / 2304) % 48 + 1] : "")
}

function host(r, k, w) {
    if (r <= ntop)
        return top[r]
    k = r % 10
    w = word(int(r / 10) * 37 + r % 10)
    if (k < 3)
        return "www." w ".com"
    if (k == 3)
        return "cdn" r % 7 "." w ".net"
    if (k == 4)
        return w ".org"
    if (k == 5)
        return "api." w ".io"
    if (k == 6)
        return w "." big[r % nbig + 1]
    if (k == 7)
        return "static." w ".com"
    if (k == 8)
        return "d" r % 97 w ".cloudfront.net"
    return "img" r % 13 "." w ".co.uk"
}

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
    ntop = split("www.google.com outlook.office.com teams.microsoft.com api.github.com www.wikipedia.org fonts.googleapis.com mail.google.com login.microsoftonline.com www.youtube.com intranet.corp.example mail.corp.example www.linkedin.com github.com docs.google.com update.googleapis.com slack.com", top, " ")
    nbig = split("google.com microsoft.com github.com googleapis.com amazonaws.com akamaized.net office.com live.com apple.com azureedge.net", big, " ")
    split("ka ro mi te su na lo vi pe da zu re to ba ni go fe sa li mo ha ku ye po ri tu no ce ge la wi xo de bi fu ji ve so mu ra ki pa ta bo ne qu", syl, " ")
    nhosts = 60000
    lognh = log(nhosts)
    split("CONNECT GET GET POST", method, " ")
    t = 1772409600
    for (i = 0; i < n; i++) {
        t += 0.075
        if (rand() < 0.02)
            h = ai[1 + int(rand() * 8)]
        else
            h = host(int(exp(rand() * lognh))) # P(rank) ~ 1/rank
        m = method[1 + int(rand() * 4)]
        url = (m == "CONNECT") ? h ":443" : "http://" h "/some/path/" int(rand() * 100000) ".html"
        printf "%.3f %6d 10.%d.%d.%d TCP_MISS/200 %d %s %s u%05d HIER_DIRECT/203.0.113.%d text/html\n", t, int(rand() * 9999), int(rand() * 200), int(rand() * 250), int(rand() * 250), int(rand() * 99999), m, url, int(rand() * users), int(rand() * 250)
    }
}
