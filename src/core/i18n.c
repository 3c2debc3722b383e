/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Message catalogues read from GNU .mo files into a hash map per
 * language, and a language per thread. The .mo format (GNU gettext
 * manual, "The Format of GNU MO Files"): a header of 32-bit words
 * (magic, revision, count, offsets of the tables of original and
 * translated strings), each table a (length, offset) pair per string,
 * originals sorted; a plural entry is "one\0other" on both sides, a
 * context is "ctx\004msgid". */
#include "core/i18n.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/strmap.h"
#include "core/xalloc.h"

#ifndef TRACTION_LOCALEDIR
#define TRACTION_LOCALEDIR "/usr/local/share/locale"
#endif

#define MO_MAGIC 0x950412deu
#define I18N_MAX_MO (8u << 20)   /* a catalogue is tens of KiB */
#define I18N_MAX_KEY 1024        /* a context and a msgid on the stack */

const char *const i18n_codes[I18N_COUNT] = {"en", "nl"};

struct catalogue {
    char *data;           /* owned: the .mo file's bytes */
    size_t len;
    int swapped;          /* written on a machine of the other byte order */
    uint32_t trans;       /* offset of the translations' table */
    struct strmap map;    /* original (up to its first NUL) -> index */
    int loaded;
};

static struct catalogue g_cat[I18N_COUNT];
static _Thread_local enum i18n_lang g_lang; /* I18N_EN: 0 */

static uint32_t word(const struct catalogue *c, size_t at)
{
    uint32_t w;

    memcpy(&w, c->data + at, 4);
    return c->swapped ? __builtin_bswap32(w) : w;
}

/* String k of the table at off: its bytes and length (without the NUL
 * the format puts after it), or NULL when it lies outside the file. */
static const char *string_at(const struct catalogue *c, uint32_t off,
                             uint32_t k, uint32_t *len)
{
    size_t e = (size_t)off + 8 * (size_t)k;
    uint32_t l, o;

    if (e + 8 > c->len)
        return NULL;
    l = word(c, e);
    o = word(c, e + 4);
    if ((size_t)o + l >= c->len || c->data[(size_t)o + l] != '\0')
        return NULL;
    *len = l;
    return c->data + o;
}

/* The header's Plural-Forms must be the rule of English and Dutch: one
 * form for n = 1, another for the rest. */
static int plural_ok(const char *h, uint32_t len)
{
    const char *p = strstr(h, "Plural-Forms:"); /* h ends in a NUL */
    char rule[64];
    size_t n = 0;

    if (!p)
        return 1; /* no plurals: the English rule is assumed */
    for (p += 13; p < h + len && *p != '\n' && n + 1 < sizeof(rule); p++)
        if (!isspace((unsigned char)*p))
            rule[n++] = *p;
    rule[n] = '\0';
    return !strcmp(rule, "nplurals=2;plural=(n!=1);")
           || !strcmp(rule, "nplurals=2;plural=n!=1;");
}

static void catalogue_release(struct catalogue *c)
{
    free(c->data);
    strmap_release(&c->map);
    memset(c, 0, sizeof(*c));
}

int i18n_load_mo(enum i18n_lang lang, const char *buf, size_t len,
                 struct diag *diag)
{
    struct catalogue c;
    uint32_t magic, n, orig, l;
    const char *s;

    if (lang <= I18N_EN || lang >= I18N_COUNT)
        return diag_set(diag, TR_EINVAL, "no catalogue for English");
    memset(&c, 0, sizeof(c));
    if (len < 28 || len > I18N_MAX_MO)
        return diag_set(diag, TR_EPARSE, "not a message catalogue (size "
                                         "%zu bytes)", len);
    memcpy(&magic, buf, 4);
    if (magic != MO_MAGIC && __builtin_bswap32(magic) != MO_MAGIC)
        return diag_set(diag, TR_EPARSE, "not a GNU .mo file (magic)");
    c.data = xmalloc(len);
    memcpy(c.data, buf, len);
    c.len = len;
    c.swapped = magic != MO_MAGIC;
    n = word(&c, 8);
    orig = word(&c, 12);
    c.trans = word(&c, 16);
    if (word(&c, 4) >> 16 > 1 || n > len / 16) {
        catalogue_release(&c);
        return diag_set(diag, TR_EPARSE, "unknown .mo revision or count");
    }
    strmap_init(&c.map);
    strmap_reserve(&c.map, n);
    for (uint32_t k = 0; k < n; k++) {
        const char *t;
        uint32_t tl;

        s = string_at(&c, orig, k, &l);
        t = string_at(&c, c.trans, k, &tl);
        if (!s || !t) {
            catalogue_release(&c);
            return diag_set(diag, TR_EPARSE, "message %u lies outside the "
                                             "file", k);
        }
        if (!l && !plural_ok(t, tl)) {
            catalogue_release(&c);
            return diag_set(diag, TR_EPARSE, "plural forms other than "
                                             "nplurals=2; plural=(n != 1); "
                                             "are not supported");
        }
        if (l && tl) /* the header (msgid "") is not a message */
            strmap_put(&c.map, s, strlen(s), k);
    }
    c.loaded = 1;
    catalogue_release(&g_cat[lang]);
    g_cat[lang] = c;
    return 0;
}

/* ---- loading at start-up ---- */

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_init_rc;
static char g_init_msg[512];

static int load_file(enum i18n_lang lang, const char *path, int *missing,
                     struct diag *diag)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    int rc = 0;

    *missing = !fp && errno == ENOENT;
    if (!fp)
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    do {
        buf = xgrow(buf, &cap, n + 65536, 1);
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
    } while (got && n <= I18N_MAX_MO);
    if (ferror(fp))
        rc = diag_errno(diag, TR_EIO, "cannot read '%s'", path);
    fclose(fp);
    if (!rc) {
        diag_context(diag, "cannot load '%s'", path);
        rc = i18n_load_mo(lang, buf, n, diag);
        diag_context_clear(diag);
    }
    free(buf);
    return rc;
}

/* locale/ beside the program: the build tree's catalogues. */
static int beside_program(char *dir, size_t n)
{
    ssize_t l = readlink("/proc/self/exe", dir, n - 1);
    char *slash;

    if (l <= 0 || (size_t)l >= n - 16)
        return 0;
    dir[l] = '\0';
    slash = strrchr(dir, '/');
    if (!slash)
        return 0;
    memcpy(slash + 1, "locale", sizeof("locale"));
    return 1;
}

static void init_once(void)
{
    const char *env = getenv("TRACTION_LOCALEDIR");
    char here[4096], path[4200];
    struct diag d;

    diag_init(&d);
    for (int lang = I18N_EN + 1; lang < I18N_COUNT && !g_init_rc; lang++) {
        const char *dirs[2] = {NULL, TRACTION_LOCALEDIR};
        int missing = 1, rc = 0;

        if (env && *env)
            dirs[0] = env, dirs[1] = NULL;
        else if (beside_program(here, sizeof(here)))
            dirs[0] = here;
        for (int k = 0; k < 2 && missing; k++) {
            if (!dirs[k])
                continue;
            diag_release(&d);
            diag_init(&d);
            snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/traction.mo",
                     dirs[k], i18n_codes[lang]);
            rc = load_file((enum i18n_lang)lang, path, &missing, &d);
        }
        if (rc) {
            g_init_rc = rc;
            snprintf(g_init_msg, sizeof(g_init_msg), "%s%s%s",
                     d.context ? d.context : "",
                     d.context && d.nproblems ? ": " : "",
                     d.nproblems ? d.problems[0].msg : "");
        }
    }
    diag_release(&d);
}

int i18n_init(struct diag *diag)
{
    pthread_once(&g_once, init_once);
    if (g_init_rc)
        diag_set(diag, g_init_rc, "%s", g_init_msg);
    return g_init_rc;
}

/* ---- the language of this thread, and looking messages up ---- */

int i18n_available(enum i18n_lang lang)
{
    return lang == I18N_EN
           || (lang > I18N_EN && lang < I18N_COUNT && g_cat[lang].loaded);
}

enum i18n_lang i18n_use(enum i18n_lang lang)
{
    g_lang = i18n_available(lang) ? lang : I18N_EN;
    return g_lang;
}

enum i18n_lang i18n_current(void)
{
    return g_lang;
}

char i18n_decimal(void)
{
    return g_lang == I18N_NL ? ',' : '.';
}

int i18n_parse(const char *tag, enum i18n_lang *lang)
{
    size_t n = tag ? strcspn(tag, "-_") : 0;

    for (int l = 0; l < I18N_COUNT; l++)
        if (n == strlen(i18n_codes[l])
            && !strncasecmp(tag, i18n_codes[l], n)) {
            *lang = (enum i18n_lang)l;
            return 0;
        }
    return TR_ENOENT;
}

enum i18n_lang i18n_accept(const char *s)
{
    enum i18n_lang best = I18N_EN, l;
    double best_q = 0;

    while (s && *s) {
        size_t n = strcspn(s, ",");
        char item[64], *q;
        double qv = 1;

        /* one "tag;q=0.8", blanks dropped */
        snprintf(item, sizeof(item), "%.*s", (int)(n < 63 ? n : 63), s);
        q = strstr(item, "q=");
        if (q)
            qv = strtod(q + 2, NULL);
        item[strcspn(item, ";")] = '\0';
        for (char *b = item; *b == ' ' || *b == '\t';)
            memmove(b, b + 1, strlen(b));
        item[strcspn(item, " \t")] = '\0';
        /* the first of equal weights wins: the header's order */
        if (qv > best_q && !i18n_parse(item, &l)) {
            best = l;
            best_q = qv;
        }
        s += n;
        if (*s == ',')
            s++;
    }
    return best;
}

static const char *lookup(const char *key, size_t klen, uint32_t *len)
{
    const struct catalogue *c = &g_cat[g_lang];
    int64_t k;

    if (g_lang == I18N_EN || !c->loaded
        || !strmap_get(&c->map, key, klen, &k))
        return NULL;
    return string_at(c, c->trans, (uint32_t)k, len);
}

const char *i18n_gettext(const char *msgid)
{
    uint32_t len;
    const char *t = msgid ? lookup(msgid, strlen(msgid), &len) : NULL;

    return t ? t : msgid;
}

const char *i18n_pgettext(const char *ctx, const char *msgid)
{
    char key[I18N_MAX_KEY];
    size_t c, m;
    uint32_t len;
    const char *t;

    if (g_lang == I18N_EN || !ctx || !msgid)
        return msgid;
    c = strlen(ctx);
    m = strlen(msgid);
    if (c + m + 2 > sizeof(key))
        return msgid;
    memcpy(key, ctx, c);
    key[c] = '\004';
    memcpy(key + c + 1, msgid, m + 1);
    t = lookup(key, c + 1 + m, &len);
    return t ? t : msgid;
}

const char *i18n_ngettext(const char *msgid, const char *plural,
                          unsigned long n)
{
    uint32_t len;
    const char *t = msgid ? lookup(msgid, strlen(msgid), &len) : NULL;
    const char *other;

    if (!t)
        return n == 1 ? msgid : plural;
    if (n == 1)
        return t;
    other = memchr(t, '\0', len); /* "one\0other" */
    return other ? other + 1 : t;
}
