/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Survey instruments as data (data/surveys/README.md describes the
 * format): scales, constructs and items with their text in every
 * language the instrument offers. The reviewed instruments in
 * data/surveys/ are built into the program; a user may load their own
 * file. An instrument is validated whole, every problem reported with
 * its line and column. Also the answers an importer or the form hands
 * on (struct survey_response) and where they go (struct survey_sink). */
#ifndef TR_MODEL_SURVEY_H
#define TR_MODEL_SURVEY_H

#include <stddef.h>

#include "core/buf.h"
#include "core/diag.h"

#define SURVEY_FORMAT 1       /* the "format" an instrument file declares */
#define SURVEY_MAX_LANGS 8
#define SURVEY_MAX_OPTIONS 11 /* a scale's options (a result has one
                                 count per option and the n) */
#define SURVEY_MAX_ITEMS 200
#define SURVEY_FILE_MAX (1u << 20) /* an instrument file's size */
#define SURVEY_TEXT_MAX 10000      /* a free-text item's max_length */

enum survey_type { ST_SINGLE, ST_MULTI, ST_TEXT, ST_COUNT };
/* What an item is asked about: once, per tool and workflow the wave
 * names ("use"), or per workflow of those uses. */
enum survey_per { SP_NONE, SP_USE, SP_WORKFLOW, SP_COUNT };

extern const char *const survey_type_names[ST_COUNT];
extern const char *const survey_per_names[SP_COUNT];

/* A text in each of the instrument's languages: text[i] for langs[i];
 * owned. */
typedef char **survey_text;

struct survey_option {
    char *code;        /* owned: what is stored and imported */
    double score;      /* ordinal scales only */
    int excluded;      /* an answer that is no opinion ("I do not use
                          it"): kept out of n, shares and means */
    int exclusive;     /* in a multi-select: chosen alone ("nothing") */
    int favourable;    /* counts towards the favourable share */
    survey_text label;
};

struct survey_scale {
    char *name; /* owned */
    int ordinal;
    struct survey_option *opt; /* owned */
    size_t nopt;
};

struct survey_construct {
    char *id;           /* owned */
    survey_text label;
    int scored;         /* a scale score: the mean of a person's items */
    long min_items;     /* answers a person needs for a score */
    double favourable_at; /* a score at or above it is favourable */
};

struct survey_item {
    char *id;           /* owned */
    size_t construct;   /* index into constructs */
    enum survey_type type;
    long scale;         /* index into scales; -1 for free text */
    enum survey_per per;
    int reverse;        /* scored the other way round (ordinal only) */
    long max_length;    /* free text: characters kept */
    survey_text text;   /* may hold {tool} and {workflow} */
};

struct survey_instrument {
    char *id;           /* owned */
    long version;
    char *langs[SURVEY_MAX_LANGS]; /* owned; the first is the default */
    size_t nlangs;
    survey_text title, intro;
    struct survey_scale *scales;   /* owned */
    size_t nscales;
    struct survey_construct *constructs; /* owned */
    size_t nconstructs;
    struct survey_item *items;     /* owned */
    size_t nitems;
    char *source;       /* owned: the file's text, frozen into a wave */
    size_t source_len;
};

void survey_instrument_init(struct survey_instrument *in);
void survey_instrument_release(struct survey_instrument *in); /* NULL-safe */

/* Parses and validates an instrument held in memory (the parsing core):
 * 0, or TR_EPARSE with every problem at its line and column. */
int survey_instrument_parse(const char *buf, size_t len,
                            struct survey_instrument *in, struct diag *diag);
/* The same from a file. */
int survey_instrument_load_file(const char *path,
                                struct survey_instrument *in,
                                struct diag *diag);

/* The instruments built into the program (data/surveys/NAME.json). */
struct survey_builtin {
    const char *name; /* the file name without .json */
    const char *text;
};
extern const struct survey_builtin survey_builtins[]; /* NULL-name ended */

/* A built-in instrument by name, or, when the name holds a '/' or ends
 * in ".json", a file. TR_ENOENT when there is no such built-in. */
int survey_instrument_load(const char *name, struct survey_instrument *in,
                           struct diag *diag);

/* Index of a language (case-insensitive, "nl-NL" matches "nl"), or -1. */
int survey_lang(const struct survey_instrument *in, const char *lang);
/* The item called id, or NULL. */
const struct survey_item *survey_item_find(const struct survey_instrument *in,
                                           const char *id);
/* Index of an option's code in a scale, or -1. */
int survey_option_find(const struct survey_scale *s, const char *code);
/* An option's score as the item counts it (mirrored for a reverse
 * item: lowest <-> highest). */
double survey_option_score(const struct survey_scale *s,
                           const struct survey_item *it, size_t opt);
/* Whether an option is favourable as the item counts it (a reverse
 * item takes the mirror option's flag). */
int survey_option_favourable(const struct survey_scale *s,
                             const struct survey_item *it, size_t opt);

/* An item's text in language lang with {tool} and {workflow} filled
 * (either may be NULL when the item is not asked about one). */
void survey_item_text(const struct survey_instrument *in,
                      const struct survey_item *it, int lang,
                      const char *tool, const char *workflow,
                      struct buf *out);

/* ---- answers ---- */

struct survey_answer {
    const char *item;     /* borrowed: the item's id */
    const char *tool;     /* borrowed; "" unless the item is per use */
    const char *workflow; /* borrowed; "" unless per use or workflow */
    const char *value;    /* borrowed: an option's code, or the text */
};

/* One person's answers: no identity, no time. */
struct survey_response {
    const char *unit;          /* borrowed: the unit's name */
    const struct survey_answer *a; /* borrowed */
    size_t n;
    long line;                 /* where it was read (0 none) */
    long unit_col;             /* and the unit's column (0 none) */
};

/* Where importers push responses (the store implements it; tests
 * record). Returns 0 or a negative TR_E* to stop. */
struct survey_sink {
    void *ctx;
    int (*response)(void *ctx, const struct survey_response *r,
                    struct diag *diag);
};

/* Checks a response against an instrument: known items, valid codes,
 * one answer per single item and subject, an exclusive option alone,
 * free text within its length. A problem goes into diag at line and the
 * answer's col (cols[i] for a[i]; NULL: 0). Returns 0 or TR_EPARSE. */
int survey_response_check(const struct survey_instrument *in,
                          const struct survey_response *r, const long *cols,
                          struct diag *diag);

#endif
