/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rendering dashboard accounts. */
#include "view/user_view.h"

json_t *vuser_json(const struct store_user *u)
{
    return json_pack("{s:s, s:s, s:b, s:b}", "name", u->name, "role",
                     u->role, "password", *u->pw_hash != '\0', "disabled",
                     u->disabled);
}
