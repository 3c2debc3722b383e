/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Work-item field names. */
#include "model/item.h"

const char *const item_field_names[IF_COUNT] = {
    [IF_KEY] = "key",           [IF_WORKFLOW] = "workflow",
    [IF_TEAM] = "team",         [IF_PERSON] = "person",
    [IF_STARTED] = "started_at", [IF_FINISHED] = "finished_at",
    [IF_QUALITY] = "quality",   [IF_ERRORS] = "errors",
    [IF_REWORK] = "rework",     [IF_TOOL] = "tool",
    [IF_REVIEWED] = "reviewed",
};
