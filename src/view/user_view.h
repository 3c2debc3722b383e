/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A dashboard account as JSON, for `user list --json` and any page that
 * lists accounts: name, role and whether a password is set (never the
 * hash). */
#ifndef TR_VIEW_USER_VIEW_H
#define TR_VIEW_USER_VIEW_H

#include <jansson.h>

#include "store/users.h"

/* {name, role, password}. New reference. */
json_t *vuser_json(const struct store_user *u);

#endif
