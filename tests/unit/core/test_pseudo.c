/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pseudonyms and key files. */
#include "testutil.h"

#include <sodium.h>
#include <sys/stat.h>

#include "core/pseudo.h"

static void test_normalise(void **state)
{
    char out[64];
    size_t n;

    (void)state;
    n = pseudo_normalise("  Alice.Smith@Example.COM \t", 27, out);
    assert_int_equal(n, strlen("alice.smith@example.com"));
    assert_memory_equal(out, "alice.smith@example.com", n);
    n = pseudo_normalise(" Alice   Smith ", 15, out);
    assert_memory_equal(out, "alice smith", n);
    assert_int_equal(pseudo_normalise(" \t ", 3, out), 0);
}

static void test_hash_is_keyed_blake2b(void **state)
{
    struct pseudo_key k1, k2;
    unsigned char a[PSEUDO_BYTES], b[PSEUDO_BYTES], ref[PSEUDO_BYTES];

    (void)state;
    assert_true(sodium_init() >= 0);
    memset(k1.k, 1, sizeof(k1.k));
    memset(k2.k, 2, sizeof(k2.k));
    assert_int_equal(pseudo_hash(&k1, "Bob@X.org ", 10, a), 0);
    assert_int_equal(pseudo_hash(&k1, "bob@x.org", 9, b), 0);
    assert_memory_equal(a, b, PSEUDO_BYTES);
    /* independent: libsodium's BLAKE2b of the normalised form */
    crypto_generichash(ref, PSEUDO_BYTES, (const unsigned char *)"bob@x.org",
                       9, k1.k, sizeof(k1.k));
    assert_memory_equal(a, ref, PSEUDO_BYTES);
    assert_int_equal(pseudo_hash(&k2, "bob@x.org", 9, b), 0);
    assert_memory_not_equal(a, b, PSEUDO_BYTES);
    assert_int_equal(pseudo_hash(&k1, "  ", 2, b), TR_EINVAL);
}

static void test_key_files(void **state)
{
    char *dir = tu_tmpdir();
    struct buf path = BUF_INIT;
    struct pseudo_key k, again;
    struct stat st;
    struct diag d;

    (void)state;
    diag_init(&d);
    buf_addf(&path, "%s/ws.key", dir);
    assert_int_equal(pseudo_key_create(path.data, &k, &d), 0);
    assert_int_equal(stat(path.data, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(pseudo_key_load(path.data, &again, &d), 0);
    assert_memory_equal(k.k, again.k, sizeof(k.k));
    assert_int_equal(pseudo_key_create(path.data, &again, &d), TR_EEXIST);
    chmod(path.data, 0640);
    assert_int_equal(pseudo_key_load(path.data, &again, &d), TR_EKEY);
    unlink(path.data);
    assert_int_equal(pseudo_key_load(path.data, &again, &d), TR_EKEY);
    diag_release(&d);
    buf_release(&path);
    tu_rmtree(dir);
}

static void test_key_path(void **state)
{
    char *p;

    (void)state;
    unsetenv("TRACTION_KEY");
    p = pseudo_key_path("traction.db");
    assert_string_equal(p, "traction.key");
    free(p);
    p = pseudo_key_path("/srv/org.v2/ws");
    assert_string_equal(p, "/srv/org.v2/ws.key");
    free(p);
    setenv("TRACTION_KEY", "/etc/k", 1);
    p = pseudo_key_path("traction.db");
    assert_string_equal(p, "/etc/k");
    free(p);
    unsetenv("TRACTION_KEY");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_hash_is_keyed_blake2b),
        cmocka_unit_test(test_key_files),
        cmocka_unit_test(test_key_path),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
