/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reasons: the fixed rows of text every recommendation, verdict and load
 * carries (char reasons[N][W] beside size_t nreasons), the one way a
 * formatted reason is added to them, and each reason's message kept
 * beside its English (struct reason_msg reason_msgs[N]): its printf
 * formats (msgids of the catalogue) and the values of their
 * conversions, so that a page in another language formats it again
 * from the translated formats (reasons_format). */
#ifndef TR_CORE_REASONS_H
#define TR_CORE_REASONS_H

#include <stddef.h>

#include "core/buf.h"

#define REASON_PARTS 4   /* formats one reason is made of, in order */
#define REASON_ARGS 12   /* conversions over all its parts */
#define REASON_CHARS 200 /* its string arguments, each with its NUL */

/* What a conversion takes. Strings are data (names, days: shown as
 * they are) unless marked where they are passed (reasons_msgid,
 * reasons_word). */
enum reason_kind {
    REASON_INT,  /* d i (any length): a long long */
    REASON_UINT, /* u x X o (any length): an unsigned long long */
    REASON_REAL, /* f F e E g G a A: a double */
    REASON_STR,  /* s: data */
    REASON_MSG,  /* s: a message of the catalogue (translated) */
    REASON_WORD, /* s: a word of a closed set with its context */
};

struct reason_msg {
    const char *fmt[REASON_PARTS]; /* borrowed: the parts' formats,
                                      string literals marked for the
                                      catalogue (or a JSON document's,
                                      while rendering it) */
    unsigned char nparts, nargs;
    unsigned char kind[REASON_ARGS]; /* enum reason_kind */
    union {
        long long i;
        unsigned long long u;
        double r;
        unsigned short at; /* strings: offset in chars (a word: its
                              context, NUL, the word) */
    } arg[REASON_ARGS];
    char chars[REASON_CHARS];
    unsigned short nchars;
    unsigned char whole; /* 1: every part and argument was kept; 0: one
                            did not fit or has a conversion this module
                            does not read (a '*' width, %1$d, %c, %p,
                            %n, long double): English only */
};

/* Adds fmt's text as row *n of rows (cap rows of width bytes, cut to
 * fit) and its message as msgs[*n], and counts it. Returns 1, or 0 (and
 * does nothing) when all cap rows are taken. */
int reasons_addf(char *rows, size_t width, size_t cap, size_t *n,
                 struct reason_msg *msgs, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Appends fmt's text to the last row (n rows are taken; n > 0) and a
 * part to its message: a reason made of parts that each translate on
 * their own. */
void reasons_appendf(char *rows, size_t width, size_t n,
                     struct reason_msg *msgs, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Appends part (a message kept elsewhere, its text as it was formatted)
 * to the last row and its message, as reasons_appendf does: what is
 * missing from a check, said where it is found and shown in a reason. */
void reasons_appendm(char *rows, size_t width, size_t n,
                     struct reason_msg *msgs, const struct reason_msg *part,
                     const char *text);

/* Marks a string argument of the next reasons_addf / reasons_appendf
 * of this thread as a message of the catalogue (reasons_msgid: s is a
 * msgid, marked N_() where it is written) or as a word of a closed set
 * (reasons_word: shown as C_(ctx, s)). Returns s. The mark is by
 * address: pass the same pointer. */
const char *reasons_msgid(const char *s);
const char *reasons_word(const char *ctx, const char *s);

/* The kinds of fmt's conversions (REASON_INT, _UINT, _REAL, _STR for
 * every %s) into kind (room for max). Returns their count, or -1 for a
 * conversion not read here, or more than max. */
int reasons_conversions(const char *fmt, unsigned char *kind, size_t max);

/* Appends m as text to out: with translate 0, in English (its formats
 * as they are); with 1, in this thread's language (core/i18n.h): each
 * format and message argument through the catalogue, words with their
 * context, numbers with the language's decimal sign. Returns 0, or -1
 * (out as it was) when m is not whole, or in a language other than
 * English a format or a message argument has no translation, or a
 * translated format's conversions differ from its msgid's: the caller
 * shows the English then. */
int reasons_format(struct buf *out, const struct reason_msg *m,
                   int translate);

/* REASONS_ADDF(obj, fmt, ...): obj has the arrays reasons and
 * reason_msgs and the count nreasons. The formats are marked for the
 * catalogue (scripts/pot.sh: keywords REASONS_ADDF:2, REASONS_APPENDF:2,
 * REASON_ONEF:3;
 * a format chosen with ?: is marked N_() in each branch). */
#define REASONS_ADDF(obj, ...)                                               \
    reasons_addf(&(obj)->reasons[0][0], sizeof((obj)->reasons[0]),           \
                 sizeof((obj)->reasons) / sizeof((obj)->reasons[0]),         \
                 &(obj)->nreasons, (obj)->reason_msgs, __VA_ARGS__)
/* REASONS_APPENDF(obj, fmt, ...) and REASONS_APPENDM(obj, part, text):
 * only after a REASONS_ADDF on obj that returned 1. */
#define REASONS_APPENDF(obj, ...)                                            \
    reasons_appendf(&(obj)->reasons[0][0], sizeof((obj)->reasons[0]),        \
                    (obj)->nreasons, (obj)->reason_msgs, __VA_ARGS__)
/* REASON_ONEF(row, msg, fmt, ...): a reason alone, outside an array:
 * fmt's text into the char array row (cut to fit) and its message into
 * *msg (a pilot's balance check, what its voice check misses, a value
 * question's sentences). */
#define REASON_ONEF(row, msg, ...)                                           \
    do {                                                                     \
        size_t one_ = 0;                                                     \
        reasons_addf((row), sizeof(row), 1, &one_, (msg), __VA_ARGS__);      \
    } while (0)
#define REASONS_APPENDM(obj, part, text)                                     \
    reasons_appendm(&(obj)->reasons[0][0], sizeof((obj)->reasons[0]),        \
                    (obj)->nreasons, (obj)->reason_msgs, (part), (text))

#endif
