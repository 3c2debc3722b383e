/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The newlines and spaces of a buffer as bit masks, 64 bytes to a word,
 * computed with the widest vector unit the CPU has: a log scan walks
 * lines and finds fields by bit instead of byte by byte. */
#ifndef TR_IMPORT_LINEMASK_H
#define TR_IMPORT_LINEMASK_H

#include <stddef.h>
#include <stdint.h>

struct linemask {
    uint64_t *nl, *sp;  /* bit i of word j: byte 64j + i is '\n' / ' ' */
    size_t words;       /* words in use; two zero words follow them */
    size_t cap;
};

void linemask_init(struct linemask *m);
void linemask_release(struct linemask *m); /* NULL-safe */
/* The masks of p[0, n) (reads nothing past p + n). */
void linemask_build(struct linemask *m, const char *p, size_t n);

/* Bits [at, at + 128) of a mask as two words; zero past the buffer. */
static inline void linemask_window(const uint64_t *v, size_t at,
                                   uint64_t out[2])
{
    size_t j = at >> 6;
    unsigned r = (unsigned)(at & 63);

    if (!r) {
        out[0] = v[j];
        out[1] = v[j + 1];
    } else {
        out[0] = v[j] >> r | v[j + 1] << (64 - r);
        out[1] = v[j + 1] >> r | v[j + 2] << (64 - r);
    }
}

#endif
