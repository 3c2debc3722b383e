/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Employee voice as it may be shown: survey results per wave and item,
 * for the whole wave and grouped by unit, by function (of the unit a
 * respondent belongs to), or pooled per tool or per workflow, all taken
 * from one cube of the disclosure layer (disclose.h, kind
 * DISCLOSE_SURVEY: team x wave x item x tool x workflow x function, with
 * every margin over team, function, tool and workflow, each counting
 * distinct respondents) so that a cell hidden in one output is hidden in
 * all. A unit whose responses in a wave are fewer than the threshold is
 * merged into its parent for that wave; a cell answered by fewer people
 * than the threshold is hidden, and so is a sibling when one would give
 * it away. */
#ifndef TR_ANALYSIS_VOICE_H
#define TR_ANALYSIS_VOICE_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "model/survey.h"
#include "store/voice.h"

struct store;
struct access_scope;

#define VOICE_FIT_LINE 0.40 /* internal PMF: the usual fit line for the
                               share "very disappointed" */
#define VOICE_ALPHA 0.05    /* 95% intervals */
#define VOICE_NO_FUNCTION "(no function)" /* the function of a unit the
                                              roster gives none */

/* How results are grouped besides the whole wave. */
enum voice_by {
    VOICE_BY_NONE = 0, /* the whole wave only */
    VOICE_BY_UNIT = 1, /* per unit (merged by the wave's responses) */
    VOICE_BY_FUNCTION, /* per function of the respondents' units */
    VOICE_BY_TOOL,     /* items asked per tool and workflow, pooled over
                          the workflows of each tool */
    VOICE_BY_WORKFLOW, /* the same, pooled over the tools of each
                          workflow */
    VOICE_BY_COUNT
};

extern const char *const voice_by_names[VOICE_BY_COUNT]; /* "", "unit",
                                                            ... */
/* VOICE_BY_UNIT .. VOICE_BY_WORKFLOW by name; TR_EUSAGE otherwise. */
int voice_by_parse(const char *name, enum voice_by *out, struct diag *diag);

enum voice_row_kind {
    VR_ITEM,      /* one item (for one tool and workflow when it asks) */
    VR_SCORE,     /* a construct's scale score */
    VR_RESPONSES, /* how many responded */
};

struct voice_row {
    enum voice_row_kind kind;
    char *unit;      /* owned; NULL: every unit of the wave */
    char *function;  /* owned; set only in a row of VOICE_BY_FUNCTION */
    const struct survey_item *item;           /* VR_ITEM; borrowed from
                                                 the results' instrument */
    const struct survey_construct *construct; /* VR_SCORE; borrowed */
    char *tool, *workflow; /* owned; "" when the item is not per use or
                              workflow; a multi item per workflow also has
                              a row with workflow "" (any workflow) */
    int all_tools, all_workflows; /* 1: pooled over every tool (workflow)
                                     asked about; tool (workflow) is "" */
    long n;          /* people counted (answers such as "I do not use it"
                        are not); in a pooled row the answers pooled, one
                        per person and tool (workflow) */
    long count[SURVEY_MAX_OPTIONS]; /* people (answers) per option */
    double mean, mean_lo, mean_hi;  /* ordinal items and scores; else NaN */
    double share, share_lo, share_hi; /* the favourable share with its
                                         Wilson interval; NaN when the
                                         scale marks none favourable */
    long fav;        /* people on the favourable side */
    double var;      /* of the scores (ordinal items, scores); else NaN */
    /* the change since the previous wave (the same row shown there):
     * the share's with Newcombe's hybrid score interval, the mean's with
     * Welch's; NaN when there is none */
    double d_share, d_share_lo, d_share_hi;
    double d_mean, d_mean_lo, d_mean_hi;
    size_t order;    /* its place in the instrument (for sorting) */
};

/* Free-text answers to one item as they may be shown: from at least 10
 * people, masked, in random order. */
struct voice_texts {
    char *unit;                        /* owned; NULL: the whole wave */
    const struct survey_item *item;    /* borrowed from the instrument */
    char **text;                       /* owned */
    size_t n, cap;
};

struct voice_results {
    struct voice_texts *texts;    /* owned; filled by voice_results_texts */
    size_t ntexts, texts_cap;
    size_t texts_hidden;          /* groups of text not shown */
    struct store_wave wave;       /* owned */
    struct survey_instrument in;  /* the instrument as the wave opened it */
    struct voice_row *rows;       /* owned; shown rows only, sorted: all
                                     units first, then by unit, then in
                                     the instrument's order */
    size_t n, cap;
    size_t hidden;                /* rows not shown */
    enum voice_by by;
    char *prev_wave;              /* owned: the wave changes are against
                                     (the latest earlier wave of the same
                                     instrument and version); NULL none */
};

/* The results of a wave (name or id; NULL: the latest) for a reader
 * (scope NULL: the command line): the whole wave's, and with by the
 * groups' as well (units in the reader's scope; functions, tools and
 * workflows are organisation-wide). min_people 0: the threshold (5),
 * else stricter. TR_ENOENT when there is no such wave. */
int voice_results(struct store *st, const struct access_scope *scope,
                  const char *wave, enum voice_by by, long min_people,
                  struct voice_results *out, struct diag *diag);
void voice_results_release(struct voice_results *r); /* NULL-safe */

/* Whether row is an item row (VR_ITEM) of the construct with this id
 * ("pmf", "trust", "friction", ...). */
int voice_row_is(const struct voice_results *r, const struct voice_row *row,
                 const char *construct);

/* Adds the wave's free text to r, through the text cube of the
 * disclosure layer (kind DISCLOSE_SURVEY_TEXT: at least 10 people per
 * group, units merged by 10 responses, a sibling hidden when one would
 * give a group away), each text masked (voice_mask) and each group in
 * random order. key: the workspace key, to recognise roster names. */
struct pseudo_key;
int voice_results_texts(struct store *st, const struct access_scope *scope,
                        const struct pseudo_key *key, long min_people,
                        struct voice_results *r, struct diag *diag);

/* Copies text into out with e-mail addresses ("[e-mail]"), phone
 * numbers (7 digits or more: "[phone]") and words or runs of up to
 * three words the roster knows as a person's id or alias ("[name]",
 * found by their keyed pseudonyms in ids) masked. */
struct strmap;
void voice_mask(const char *text, const struct pseudo_key *key,
                const struct strmap *ids, struct buf *out);

/* ---- the friction backlog ---- */

#define VOICE_FRICTION_SHARE 0.30 /* a category named by this share of a
                                     unit's respondents is raised */

struct voice_friction_item {
    int64_t id;
    char *unit, *workflow, *category, *raised_wave; /* owned */
    double share;       /* as the raising wave's results showed it */
    char *status, *owner, *note; /* owned; owner, note NULL when none */
    char *since_wave;   /* owned: the latest later wave whose results show
                           the same unit, workflow and category; NULL */
    double since_share;
    int gone;           /* 1: below the threshold in since_wave; 0: not;
                           -1: not measured since */
};

struct voice_friction {
    struct voice_friction_item *v; /* owned, by id */
    size_t n, cap;
    long raised;                   /* items this call added */
};

/* Brings the backlog up to date with every wave's results as they are
 * shown (by unit, through the disclosure layer: a hidden result raises
 * nothing) and lists it: a category named by at least `share` of a
 * unit's respondents for a workflow is raised, once while it is open.
 * With raise 1 it writes (run it inside a transaction); with 0 it only
 * lists what is on the backlog (the dashboard's read). */
int voice_friction_update(struct store *st, double share, int raise,
                          struct voice_friction *out, struct diag *diag);
void voice_friction_release(struct voice_friction *f); /* NULL-safe */

/* Parses a wave's "uses" (JSON [[tool, workflow], ...]) into the pairs
 * an item is asked about: for SP_USE every pair, for SP_WORKFLOW each
 * workflow once (tool ""), for SP_NONE one ("", ""). Returns the count;
 * tools and workflows are owned by the caller (free each, then the
 * arrays). */
size_t voice_subjects(const char *uses, enum survey_per per, char ***tools,
                      char ***workflows);

#endif
