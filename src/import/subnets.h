/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The subnet importer: a CSV of IPv4 networks and teams (columns cidr
 * and team), checked row by row and pushed into a subnet_sink
 * (model/subnet.h). */
#ifndef TR_IMPORT_SUBNETS_H
#define TR_IMPORT_SUBNETS_H

#include <stddef.h>

#include "core/diag.h"
#include "model/subnet.h"

/* Reads the CSV held in memory into the sink (the parsing core). Every
 * problem (up to DIAG_MAX_PROBLEMS) is recorded in diag with line and
 * column; the sink's end is called only when there is none, else the
 * return is TR_EPARSE. */
int subnets_import_buf(const char *buf, size_t len,
                       const struct subnet_sink *sink, struct diag *diag);

/* The same, streaming a file ("-": stdin). */
int subnets_import_file(const char *path, const struct subnet_sink *sink,
                        struct diag *diag);

#endif
