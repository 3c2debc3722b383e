/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A streaming CSV reader over libcsv (RFC 4180) that knows where it is:
 * each record carries the physical line it starts on, so every importer can
 * report "line 12, column 3". It strips a UTF-8 BOM, accepts CRLF, skips
 * blank lines, and flags (without dropping) records whose fields hold NUL
 * bytes or invalid UTF-8. A UTF-16 file is refused at once with what to
 * do; a comma-separated reader given a header with semicolons and no
 * comma reads the file with semicolons (Excel's CSV where the decimal
 * separator is a comma). Memory is bounded by CSV_RECORD_MAX. */
#ifndef TR_CSV_H
#define TR_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"

/* A record (one row, quoted newlines included) longer than this is refused:
 * it is either not CSV or an unterminated quote. */
#define CSV_RECORD_MAX (8u << 20)

struct csv_record {
    size_t nfields;
    const char *const *fields; /* borrowed, valid during the callback;
                                  each NUL-terminated */
    const size_t *lens;        /* field lengths (fields may hold NUL) */
    long line;                 /* physical line the record starts on */
    size_t index;              /* 0 for the first record (the header) */
    const char *problem;       /* NULL, or why the record is unusable */
    long problem_col;          /* 1-based field of the problem */
};

/* Called once per record. Return 0 to go on, a negative TR_E* to stop. */
typedef int (*csv_record_fn)(void *ctx, const struct csv_record *rec,
                             struct diag *diag);

struct csv_reader;

/* Reads a whole buffer; the parsing core behind csv_read_file, and what
 * unit tests and fuzzers call. Returns 0 or the first negative code; CSV
 * syntax errors are recorded in diag with line and column. */
int csv_read_buf(const char *buf, size_t len, char delim, csv_record_fn fn,
                 void *ctx, struct diag *diag);

/* Streams a file ("-" is stdin) in 1 MiB blocks, with a progress line on a
 * terminal labelled `label`. */
int csv_read_file(const char *path, char delim, const char *label,
                  csv_record_fn fn, void *ctx, struct diag *diag);

/* Flags of the _flags variants. CSV_LONG_RECORDS: a record over
 * CSV_RECORD_MAX does not stop the reading; it goes to the callback
 * without fields, its problem "record longer than 8388608 bytes ...",
 * and reading goes on at the next physical line (with a fresh parser:
 * an unterminated quote's following lines are read as records of their
 * own). For importers that set bad records aside (--skip-bad). */
#define CSV_LONG_RECORDS 1u

int csv_read_buf_flags(const char *buf, size_t len, char delim,
                       unsigned flags, csv_record_fn fn, void *ctx,
                       struct diag *diag);
/* sha, when not NULL (borrowed), is fed every byte read from the file,
 * so its SHA-256 is taken in the same pass (the import log's). */
struct pseudo_sha256;
int csv_read_file_flags(const char *path, char delim, unsigned flags,
                        const char *label, struct pseudo_sha256 *sha,
                        csv_record_fn fn, void *ctx, struct diag *diag);

/* The same from an open stream, after the bytes already read from it
 * (head, head_len; they count as the file's first block): a reader that
 * looked at the start of the input before it knew it was CSV. */
int csv_read_stream(FILE *fp, const char *head, size_t head_len,
                    char delim, unsigned flags, const char *label,
                    csv_record_fn fn, void *ctx, struct diag *diag);

/* Appends one field to out, quoted when it needs to be (for rejects files
 * and exports). */
struct buf;
void csv_quote(struct buf *out, const char *s, size_t len);

#endif
