/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files written whole through a temporary file with a random name: the
 * content arrives only on commit, an abort leaves nothing, a link at the
 * final name is replaced (its target untouched), modes are as asked. */
#include "testutil.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/safefile.h"

static char dir[] = "/tmp/traction-safefile-XXXXXX";

static char *path_in(const char *name)
{
    static char p[256];

    snprintf(p, sizeof(p), "%s/%s", dir, name);
    return p;
}

static int entries(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void slurp(const char *path, char *out, size_t n)
{
    FILE *fp = fopen(path, "rb");
    size_t k;

    assert_non_null(fp);
    k = fread(out, 1, n - 1, fp);
    out[k] = '\0';
    fclose(fp);
}

static void test_commit_and_abort(void **state)
{
    struct safefile f;
    struct diag d;
    char got[64];
    struct stat sb;

    (void)state;
    diag_init(&d);
    assert_int_equal(safefile_open(&f, path_in("a.txt"), SAFEFILE_PRIVATE,
                                   &d),
                     0);
    fputs("hello\n", f.fp);
    assert_int_equal(access(path_in("a.txt"), F_OK), -1); /* not yet */
    /* the temporary file, or none where it has no name (O_TMPFILE: a
     * writer killed now leaves nothing) */
    assert_int_equal(entries(), f.unnamed ? 0 : 1);
    assert_int_equal(safefile_commit(&f, &d), 0);
    slurp(path_in("a.txt"), got, sizeof(got));
    assert_string_equal(got, "hello\n");
    assert_int_equal(stat(path_in("a.txt"), &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(entries(), 1);

    assert_int_equal(safefile_open(&f, path_in("a.txt"), SAFEFILE_SHARED,
                                   &d),
                     0);
    fputs("half", f.fp);
    assert_int_equal(entries(), f.unnamed ? 1 : 2);
    safefile_abort(&f);
    safefile_abort(&f); /* released: a no-op */
    slurp(path_in("a.txt"), got, sizeof(got));
    assert_string_equal(got, "hello\n"); /* the old file stays */
    assert_int_equal(entries(), 1);
    unlink(path_in("a.txt"));
    diag_release(&d);
}

static void test_link_replaced(void **state)
{
    struct diag d;
    char got[64];
    struct stat sb;
    char target[256];
    FILE *fp = fopen(path_in("target"), "w");

    (void)state;
    diag_init(&d);
    fputs("precious\n", fp);
    fclose(fp);

    snprintf(target, sizeof(target), "%s", path_in("target"));
    assert_int_equal(symlink(target, path_in("out")), 0);
    assert_int_equal(safefile_write(path_in("out"), "new\n", 4,
                                    SAFEFILE_SHARED, &d),
                     0);
    slurp(path_in("target"), got, sizeof(got));
    assert_string_equal(got, "precious\n");
    assert_int_equal(lstat(path_in("out"), &sb), 0);
    assert_true(S_ISREG(sb.st_mode));
    slurp(path_in("out"), got, sizeof(got));
    assert_string_equal(got, "new\n");
    unlink(path_in("out"));
    unlink(path_in("target"));
    diag_release(&d);
}

static void test_no_directory(void **state)
{
    struct diag d;

    (void)state;
    diag_init(&d);
    assert_int_equal(safefile_write(path_in("nowhere/x"), "x", 1,
                                    SAFEFILE_SHARED, &d),
                     TR_EIO);
    assert_non_null(strstr(d.problems[0].msg, "cannot create"));
    diag_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_and_abort),
        cmocka_unit_test(test_link_replaced),
        cmocka_unit_test(test_no_directory),
    };
    int rc;

    if (!mkdtemp(dir))
        return 1;
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(dir);
    return rc;
}
