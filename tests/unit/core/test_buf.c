/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a whole stream into a buffer: regular files of sizes around the
 * read block (and empty), a pipe of unknown size, appending after what
 * the buffer holds; always exact and NUL-terminated. */
#include "testutil.h"

#include "core/buf.h"

/* Byte i of the test content: every value, no pattern of the block. */
static char byte_at(size_t i)
{
    return (char)((i * 7 + i / 251) & 0xFF);
}

static void check_file(size_t size)
{
    FILE *fp = tmpfile();
    struct buf b = BUF_INIT;

    assert_non_null(fp);
    for (size_t i = 0; i < size; i++)
        fputc(byte_at(i), fp);
    rewind(fp);
    buf_puts(&b, "head:");
    assert_int_equal(buf_read_stream(&b, fp), 0);
    assert_int_equal(b.len, 5 + size);
    assert_memory_equal(b.data, "head:", 5);
    for (size_t i = 0; i < size; i++)
        if (b.data[5 + i] != byte_at(i))
            fail_msg("byte %zu of %zu differs", i, size);
    assert_int_equal(b.data[b.len], '\0');
    fclose(fp);
    buf_release(&b);
}

static void test_regular_files(void **state)
{
    static const size_t sizes[] = {0, 1, 65535, 65536, 65537, 200001};

    (void)state;
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        check_file(sizes[i]);
}

static void test_pipe(void **state)
{
    FILE *fp = popen("seq 1 40000", "r");
    struct buf b = BUF_INIT, want = BUF_INIT;

    (void)state;
    assert_non_null(fp);
    for (int i = 1; i <= 40000; i++)
        buf_addf(&want, "%d\n", i);
    assert_int_equal(buf_read_stream(&b, fp), 0);
    assert_int_equal(pclose(fp), 0);
    assert_int_equal(b.len, want.len);
    assert_string_equal(b.data, want.data);
    buf_release(&b);
    buf_release(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regular_files),
        cmocka_unit_test(test_pipe),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
