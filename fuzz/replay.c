/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a fuzz target over files, without libFuzzer: how `make check`
 * replays the corpus under the sanitizers. Prints TAP, one line a file. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        struct buf b = BUF_INIT;
        char chunk[65536];
        size_t n;
        FILE *fp = fopen(argv[i], "rb");

        if (!fp) {
            printf("not ok %d - cannot open %s\n", i, argv[i]);
            continue;
        }
        while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
            buf_add(&b, chunk, n);
        fclose(fp);
        LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""), b.len);
        buf_release(&b);
        printf("ok %d - %s\n", i, argv[i]);
    }
    printf("1..%d\n", argc - 1);
    return 0;
}
