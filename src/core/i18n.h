/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard in the reader's language: English in the source, other
 * languages from GNU gettext catalogues (po/LANG.po, compiled by msgfmt
 * to LOCALEDIR/LANG/LC_MESSAGES/traction.mo) that this module reads
 * itself, so that each thread (each request) has a language of its own:
 * glibc's gettext has one per process, and needs the locale generated.
 * Mark a message with _() where it is used, N_() where it is defined and
 * looked up later, C_() and NC_() when one English word means two things
 * (context first); xgettext finds them (`make pot`). The command line
 * stays English: a thread is English until i18n_use says otherwise. */
#ifndef TR_CORE_I18N_H
#define TR_CORE_I18N_H

#include "core/diag.h"

enum i18n_lang { I18N_EN, I18N_NL, I18N_COUNT };

/* "en", "nl": the tags of <html lang> and of ?lang= */
extern const char *const i18n_codes[I18N_COUNT];

/* Loads the catalogue of every language but English, once per process
 * (later calls return the first call's result; thread-safe). Looked for
 * in $TRACTION_LOCALEDIR when set, else in locale/ beside the program
 * (the build tree), else in the LOCALEDIR it was built with. Returns 0,
 * or TR_EIO / TR_EPARSE with the file and reason (pages for that
 * language are then English). */
int i18n_init(struct diag *diag);

/* The parsing core: the catalogue of lang from a .mo file's bytes
 * (copied). Replaces what was loaded for lang. Not thread-safe: at
 * start-up, or in tests. */
int i18n_load_mo(enum i18n_lang lang, const char *buf, size_t len,
                 struct diag *diag);

/* This thread's language from now on: English when lang's catalogue is
 * not loaded. Returns the language in use. */
enum i18n_lang i18n_use(enum i18n_lang lang);
enum i18n_lang i18n_current(void);
/* Whether lang's catalogue is loaded (English always is). */
int i18n_available(enum i18n_lang lang);

/* A tag such as "nl", "nl-BE" or "en_GB" (case-insensitive): 0 and
 * *lang, or TR_ENOENT for a language without a catalogue here. */
int i18n_parse(const char *tag, enum i18n_lang *lang);
/* The best language of an Accept-Language header (q-values honoured,
 * q=0 refused); English when none of them is known or s is NULL. */
enum i18n_lang i18n_accept(const char *s);

/* The message in this thread's language: the translation, or msgid
 * itself when there is none. Borrowed for the process's lifetime. */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
/* The same with a context (C_): "scale" as a decision, not a survey
 * scale. */
const char *i18n_pgettext(const char *ctx, const char *msgid)
    __attribute__((format_arg(2)));
/* The form of a message for the count n (both languages: one for n = 1,
 * another for the rest). */
const char *i18n_ngettext(const char *msgid, const char *plural,
                          unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));

/* The decimal separator of this thread's language: '.' or ','. */
char i18n_decimal(void);

#define _(s) i18n_gettext(s)
#define N_(s) (s)
#define C_(c, s) i18n_pgettext(c, s)
#define NC_(c, s) (s)

#endif
