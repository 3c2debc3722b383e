/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: survey instruments (the JSON and its positions) and
 * survey exports against the built-in pulse. The first byte picks which:
 * even an instrument, odd an export. */
#include <stdint.h>
#include <string.h>

#include "import/survey_csv.h"
#include "model/survey.h"

static int accept(void *ctx, const struct survey_response *r,
                  struct diag *diag)
{
    (void)ctx;
    (void)r;
    (void)diag;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct survey_instrument in;
    struct diag d;

    if (!size)
        return 0;
    diag_init(&d);
    if (!(data[0] & 1)) {
        survey_instrument_parse((const char *)data + 1, size - 1, &in, &d);
        survey_instrument_release(&in);
    } else if (!survey_instrument_load("pulse", &in, NULL)) {
        static const char *const map[] = {"Team=unit", "q=pmf@A:B",
                                          "f=friction@B#other"};
        struct survey_csv_opts o = {&in, -1, map, 3};
        struct survey_sink sink = {NULL, accept};
        struct survey_csv_result res;

        survey_csv_parse_buf((const char *)data + 1, size - 1, &o, &sink,
                             &res, &d);
        survey_csv_result_release(&res);
        survey_instrument_release(&in);
    }
    diag_release(&d);
    return 0;
}
