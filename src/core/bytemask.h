/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which of 32 bytes, loaded as two SSE2 vectors, equal a byte: the
 * masks the log readers and the catalog's quick no take their fields
 * and host ends from. */
#ifndef TR_BYTEMASK_H
#define TR_BYTEMASK_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>

/* Bit i is set when byte i of lo:hi (lo first) is c. */
static inline uint32_t bytemask32(__m128i lo, __m128i hi, char c)
{
    const __m128i k = _mm_set1_epi8(c);

    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(lo, k))
           | (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(hi, k)) << 16;
}
#endif

#endif
