/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Proxy and DNS log lines: one parser per format, each turning a line
 * into (time, user, client address, host). Nothing is kept: the caller
 * pseudonymises the user or address and matches the host at once. */
#ifndef TR_IMPORT_WEBLOG_H
#define TR_IMPORT_WEBLOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "model/weblog.h"

enum weblog_format {
    WL_SQUID,    /* Squid native access.log */
    WL_COMBINED, /* Squid or Apache combined / common */
    WL_ZEEK,     /* Zeek http.log, dns.log or ssl.log (TSV, #fields) */
    WL_UMBRELLA, /* Cisco Umbrella DNS CSV export */
    WL_BIND,     /* BIND 9 query log, also behind a syslog prefix */
    WL_DNSMASQ,  /* dnsmasq / Pi-hole query log */
    WL_ZSCALER,  /* Zscaler NSS web log with a user-supplied field list */
    WL_COUNT
};

extern const char *const weblog_format_names[WL_COUNT];
int weblog_format_parse(const char *s); /* -1 when unknown */

/* Zeek files name their columns in a header; a reader keeps them. */
#define WEBLOG_MAX_FIELDS 64

struct weblog {
    enum weblog_format format;
    int year;               /* for dnsmasq lines, which carry none */
    /* Zeek: column of each field, -1 when absent; 0 until #fields */
    int have_fields;
    int zf_ts, zf_ip, zf_user, zf_host;
    /* Zscaler: columns from weblog_fields; separator ',' or '\t' */
    int zs_url;
    char sep;
    char decoded[2048];     /* a %-decoded url or host, per reader */
};

/* Sets a Zscaler feed's columns from a comma-separated list of its field
 * names (time/datetime, login/elogin, cip, url/eurl, host/ehost; any other
 * name is a column to skip), and the separator. Returns 0 or TR_EUSAGE. */
int weblog_fields(struct weblog *w, const char *list, char sep,
                  struct diag *diag);

/* What a line is: a verdict, not an error code (none is negative, so
 * none reads as a TR_E* code; a scan counts the kinds). */
enum weblog_result {
    WL_SKIP = 0,      /* a header, comment or not a query line */
    WL_EVENT = 1,     /* ev is filled */
    WL_MALFORMED = 2, /* not in the format */
    WL_NO_HOST = 3,   /* in the format, but names no host */
};

void weblog_init(struct weblog *w, enum weblog_format f, int year);

/* Finds only the host of a line, as cheaply as the format allows (a scan
 * matches the host first and parses the rest only on a hit). The host is
 * not normalised. Returns the same results as weblog_parse. */
enum weblog_result weblog_host(struct weblog *w, const char *line, size_t len,
                               const char **host, size_t *host_len);

/* weblog_host for Squid's native format with the line's space bits
 * already known (bit i of sp[i / 64]: byte i of the line is a space; bits
 * past the line are ignored), as a scan that masks whole blocks has
 * them. */
enum weblog_result weblog_squid_host(const char *line, size_t len,
                                     const uint64_t sp[2], const char **host,
                                     size_t *host_len);

/* weblog_parse for Squid's native format with the line's space bits (as
 * weblog_squid_host): the fields a scan needs from the bits, the full
 * parser when they lie past the first 128 bytes. */
enum weblog_result weblog_squid_event(struct weblog *w, const char *line,
                                      size_t len, const uint64_t sp[2],
                                      struct weblog_event *ev);

/* Parses one line (without its newline). The parsing core for scans,
 * unit tests and fuzzing. */
enum weblog_result weblog_parse(struct weblog *w, const char *line,
                                size_t len, struct weblog_event *ev);

#endif
