/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Survey responses from the CSV exports of the survey tools
 * organisations already run (Microsoft Forms, Google Forms, Qualtrics,
 * LimeSurvey, or a plain file whose headers are item ids). Columns are
 * mapped to the instrument's items (COLUMN=TARGET); everything else —
 * respondent ids, e-mail addresses, names, times, addresses — is
 * dropped as it is read and never reaches the sink. Every problem is
 * reported with its line and column. Each row with a unit reaches the
 * sink, even after problems, so the sink can report its own (an unknown
 * unit): the caller checks the whole file before it writes, in one
 * transaction (all or nothing). */
#ifndef TR_IMPORT_SURVEY_CSV_H
#define TR_IMPORT_SURVEY_CSV_H

#include <stddef.h>

#include "core/diag.h"
#include "model/survey.h"

enum survey_csv_format {
    SCF_GENERIC,    /* one header row; multi-select joined by ';' */
    SCF_MSFORMS,    /* Microsoft Forms' Excel export saved as CSV */
    SCF_GFORMS,     /* Google Forms' response sheet as CSV */
    SCF_QUALTRICS,  /* Qualtrics' CSV export: three header rows */
    SCF_LIMESURVEY, /* LimeSurvey's CSV export */
    SCF_COUNT
};

extern const char *const survey_csv_format_names[SCF_COUNT];
/* The format called s, or -1. */
int survey_csv_format_parse(const char *s);

#define SURVEY_CSV_MAX_COLUMNS 1000

struct survey_csv_opts {
    const struct survey_instrument *in; /* borrowed */
    int format;                 /* an enum survey_csv_format, or -1: tell
                                   it from the header */
    const char *const *map;     /* borrowed: "COLUMN=TARGET" */
    size_t nmap;
};

struct survey_csv_result {
    enum survey_csv_format format; /* as given or as told */
    long responses;
    long columns_used, columns_dropped;
    char *uses; /* owned: the tool and workflow pairs the targets name,
                   as JSON [[tool, workflow], ...] (tool null for a
                   workflow named only by per-workflow items) */
};

void survey_csv_result_release(struct survey_csv_result *r); /* NULL-safe */

/* A target (what --map's right-hand side names): "unit", or ITEM,
 * ITEM@WORKFLOW, ITEM@TOOL:WORKFLOW, each optionally followed by
 * #OPTION for a column that holds one option of a multi-select. */

/* Reads responses from a CSV held in memory (the parsing core). */
int survey_csv_parse_buf(const char *buf, size_t len,
                         const struct survey_csv_opts *o,
                         struct survey_sink *sink,
                         struct survey_csv_result *res, struct diag *diag);
/* The same, streaming a file. */
int survey_csv_parse_file(const char *path, const struct survey_csv_opts *o,
                          struct survey_sink *sink,
                          struct survey_csv_result *res, struct diag *diag);

#endif
