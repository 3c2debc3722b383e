/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Newline and space masks: AVX2 where the CPU has it (checked at run
 * time), SSE2 on any other x86-64, bytes elsewhere. A partial last
 * chunk goes through a zero-padded copy, so nothing past the buffer is
 * read. */
#include "import/linemask.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_X86 1
#endif

void linemask_init(struct linemask *m)
{
    memset(m, 0, sizeof(*m));
}

void linemask_release(struct linemask *m)
{
    if (!m)
        return;
    free(m->nl);
    free(m->sp);
    linemask_init(m);
}

/* The masks of whole 64-byte chunks: words [0, n / 64). */
typedef void (*chunks_fn)(const char *p, size_t words, uint64_t *nl,
                          uint64_t *sp);

static void chunks_bytes(const char *p, size_t words, uint64_t *nl,
                         uint64_t *sp)
{
    for (size_t j = 0; j < words; j++, p += 64) {
        uint64_t a = 0, b = 0;

        for (unsigned i = 0; i < 64; i++) {
            a |= (uint64_t)(p[i] == '\n') << i;
            b |= (uint64_t)(p[i] == ' ') << i;
        }
        nl[j] = a;
        sp[j] = b;
    }
}

#ifdef HAVE_X86
static void chunks_sse2(const char *p, size_t words, uint64_t *nl,
                        uint64_t *sp)
{
    const __m128i n = _mm_set1_epi8('\n'), s = _mm_set1_epi8(' ');

    for (size_t j = 0; j < words; j++, p += 64) {
        uint64_t a = 0, b = 0;

        for (unsigned k = 0; k < 4; k++) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(
                p + 16 * k));

            a |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, n))
                 << (16 * k);
            b |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, s))
                 << (16 * k);
        }
        nl[j] = a;
        sp[j] = b;
    }
}

__attribute__((target("avx2"))) static void
chunks_avx2(const char *p, size_t words, uint64_t *nl, uint64_t *sp)
{
    const __m256i n = _mm256_set1_epi8('\n'), s = _mm256_set1_epi8(' ');

    for (size_t j = 0; j < words; j++, p += 64) {
        __m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)p);
        __m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)(
            p + 32));

        nl[j] = (uint64_t)(uint32_t)_mm256_movemask_epi8(
                    _mm256_cmpeq_epi8(lo, n))
                | (uint64_t)(uint32_t)_mm256_movemask_epi8(
                      _mm256_cmpeq_epi8(hi, n))
                      << 32;
        sp[j] = (uint64_t)(uint32_t)_mm256_movemask_epi8(
                    _mm256_cmpeq_epi8(lo, s))
                | (uint64_t)(uint32_t)_mm256_movemask_epi8(
                      _mm256_cmpeq_epi8(hi, s))
                      << 32;
    }
}
#endif

static chunks_fn chunks_best(void)
{
#ifdef HAVE_X86
    if (__builtin_cpu_supports("avx2"))
        return chunks_avx2;
    return chunks_sse2;
#else
    return chunks_bytes;
#endif
}

void linemask_build(struct linemask *m, const char *p, size_t n)
{
    size_t whole = n / 64, words = (n + 63) / 64;

    if (words + 2 > m->cap) {
        m->cap = words + 2;
        free(m->nl);
        free(m->sp);
        m->nl = xmalloc(m->cap * sizeof(*m->nl));
        m->sp = xmalloc(m->cap * sizeof(*m->sp));
    }
    chunks_best()(p, whole, m->nl, m->sp);
    if (words > whole) { /* the rest, through a zero-padded copy */
        char tail[64];

        memset(tail, 0, sizeof(tail));
        memcpy(tail, p + 64 * whole, n - 64 * whole);
        chunks_bytes(tail, 1, m->nl + whole, m->sp + whole);
    }
    m->words = words;
    m->nl[words] = m->nl[words + 1] = 0;
    m->sp[words] = m->sp[words + 1] = 0;
}
