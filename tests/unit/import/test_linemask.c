/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Newline and space masks against a byte-by-byte reading of the same
 * buffers, at every length around the 64-byte chunks, and the 128-bit
 * windows a scan takes from them at every offset. */
#include "testutil.h"

#include <stdlib.h>

#include "import/linemask.h"

static int bit(const uint64_t *v, size_t i)
{
    return (int)(v[i / 64] >> (i % 64) & 1);
}

static void test_masks_and_windows(void **state)
{
    enum { MAX = 700 };
    static const char alphabet[] = "\n a.b\t\r\0\xff";
    char *buf = malloc(MAX);
    struct linemask m;

    (void)state;
    srand(7);
    linemask_init(&m);
    for (size_t n = 0; n < MAX; n += n < 200 ? 1 : 61) {
        for (size_t i = 0; i < n; i++)
            buf[i] = alphabet[rand() % (int)(sizeof(alphabet) - 1)];
        linemask_build(&m, buf, n);
        assert_int_equal(m.words, (n + 63) / 64);
        for (size_t i = 0; i < 64 * m.words + 128; i++) {
            assert_int_equal(bit(m.nl, i), i < n && buf[i] == '\n');
            assert_int_equal(bit(m.sp, i), i < n && buf[i] == ' ');
        }
        for (size_t at = 0; at <= n; at++) {
            uint64_t w[2];

            linemask_window(m.sp, at, w);
            for (size_t i = 0; i < 128; i++)
                assert_int_equal((int)(w[i / 64] >> (i % 64) & 1),
                                 at + i < n && buf[at + i] == ' ');
        }
    }
    linemask_release(&m);
    linemask_release(NULL);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_masks_and_windows),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
