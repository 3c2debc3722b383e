/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The AI-service catalog: which hosts belong to which AI service, and in
 * what role, so a visit to a vendor's blog is not counted as use. The
 * reviewed catalog (data/catalog/ai-services.tsv) is built into the
 * program; users may add their own file with the same columns. */
#ifndef TR_CATALOG_H
#define TR_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/strmap.h"

enum catalog_role { CR_UI, CR_API, CR_AUTH, CR_STATIC, CR_MARKETING, CR_COUNT };

extern const char *const catalog_role_names[CR_COUNT];
extern const char *const catalog_categories[];

/* Longest host name traction matches (RFC 1035's limit). */
#define CATALOG_HOST_MAX 253
#define CATALOG_FILTER_LOG2 17 /* bits of the quick no: 16 KiB */

struct catalog_service {
    char *name, *vendor, *category; /* owned */
};

struct catalog_rule {
    char *host;         /* owned, normalised */
    int full;           /* 1: exact host; 0: the host and its subdomains */
    size_t service;     /* index into services */
    enum catalog_role role;
};

struct catalog {
    struct catalog_service *services; /* owned */
    size_t nservices, services_cap;
    struct catalog_rule *rules;       /* owned */
    size_t nrules, rules_cap;
    struct strmap full, domain;       /* host -> rule index */
    struct strmap by_name;            /* service name -> index */
    /* A quick no: bits set for the suffixes of rule hosts (see
     * catalog.c), so most hosts of a log are refused with two hashes
     * and no probe; short_dots: for each length L < 8 of a rule host,
     * the top bit of byte 7 - L (where a host's last 8 bytes hold the
     * dot before a suffix of L). */
    uint64_t filter[(1u << CATALOG_FILTER_LOG2) / 64];
    uint64_t short_dots;
};

void catalog_init(struct catalog *c);
void catalog_release(struct catalog *c); /* NULL-safe */

/* Adds the rules of a catalog file held in memory; a rule for a host
 * already present replaces it (user files refine the built-in one).
 * Every bad line is reported with line and column. */
int catalog_load_buf(struct catalog *c, const char *buf, size_t len,
                     struct diag *diag);
int catalog_load_file(struct catalog *c, const char *path, struct diag *diag);
/* The reviewed catalog built into the program. */
int catalog_load_builtin(struct catalog *c, struct diag *diag);

/* Normalises a host as logs write it: lower case, no trailing dot, no
 * ":port", no "user@". Returns the length written to out (at most
 * CATALOG_HOST_MAX), or 0 when it is not a name that can match (empty,
 * too long, an IPv4 or IPv6 literal). */
size_t catalog_host(const char *in, size_t len, char *out);

/* The most specific rule for a normalised host: the exact host, then the
 * longest matching domain. NULL when none. */
const struct catalog_rule *catalog_match(const struct catalog *c,
                                         const char *host, size_t len);

/* 0 when a host, normalised or as a log writes it, surely has no rule:
 * a few hashes of its last bytes, for every line of a scan. 1 means
 * maybe: normalise it and call catalog_match. */
int catalog_may_match(const struct catalog *c, const char *host, size_t len);
/* The same for a host in a buffer that may be read CATALOG_PAD bytes
 * before the host's end and 32 after its start (a scan keeps that room
 * around its read buffer): no copy of the host. */
#define CATALOG_PAD 64
int catalog_may_match_padded(const struct catalog *c, const char *host,
                             size_t len);

/* Whether traffic in this role is use of the service (ui, api, auth). */
int catalog_counts_as_use(enum catalog_role role);

#endif
