/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: message catalogues (GNU .mo files) as core/i18n reads
 * them, and lookups in what it accepted. */
#include <stdint.h>

#include "core/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag d;

    diag_init(&d);
    if (!i18n_load_mo(I18N_NL, (const char *)data, size, &d)) {
        i18n_use(I18N_NL);
        (void)_("Overview");
        (void)C_("decision", "scale");
        (void)i18n_ngettext("%lld pilot has a decision due.",
                            "%lld pilots have a decision due.", 2);
        i18n_use(I18N_EN);
    }
    diag_release(&d);
    return 0;
}
