/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV reading with line tracking on top of libcsv. libcsv reports fields
 * and record ends through callbacks but no positions, so the reader feeds
 * it one physical line at a time and counts lines itself. */
#include "import/csv.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/progress.h"
#include "core/utf8.h"
#include "core/pseudo.h"
#include "core/xalloc.h"

#define READ_BLOCK (1u << 20)

struct csv_reader {
    struct csv_parser parser;
    struct buf arena;    /* field bytes of the current record */
    size_t *offs;        /* field offsets into arena */
    size_t *lens;
    const char **ptrs;
    size_t nf, cap;
    long line;           /* physical line being fed, 1-based */
    long rec_line;       /* line where the current record started */
    int rec_open;        /* bytes of the current record have been fed */
    size_t rec_bytes;
    size_t index;
    int started;         /* BOM, encoding and separator checks done */
    unsigned flags;      /* CSV_LONG_RECORDS */
    int skip_line;       /* dropping the rest of an over-long record's line */
    int cr_ended;        /* the last bytes fed ended a line with CR: an LF
                          * first in the next block is that line's end */
    char delim;          /* the separator in use */
    const char *problem;
    long problem_col;
    csv_record_fn fn;
    void *ctx;
    struct diag *diag;
    int rc;              /* first negative return of fn */
};

static void on_field(void *data, size_t len, void *ctx)
{
    struct csv_reader *rd = ctx;
    const char *s = data ? data : "";

    if (rd->nf == rd->cap) {
        rd->offs = xgrow(rd->offs, &rd->cap, rd->nf + 1, sizeof(*rd->offs));
        rd->lens = xrealloc(rd->lens, rd->cap * sizeof(*rd->lens));
        rd->ptrs = xrealloc(rd->ptrs, rd->cap * sizeof(*rd->ptrs));
    }
    rd->offs[rd->nf] = rd->arena.len;
    rd->lens[rd->nf] = len;
    buf_add(&rd->arena, s, len);
    buf_putc(&rd->arena, '\0');
    rd->nf++;
    if (rd->problem)
        return;
    if (memchr(s, '\0', len)) {
        rd->problem = "NUL byte in field";
        rd->problem_col = (long)rd->nf;
    } else if (utf8_check(s, len) != len) {
        rd->problem = "invalid UTF-8";
        rd->problem_col = (long)rd->nf;
    }
}

static void on_record(int c, void *ctx)
{
    struct csv_reader *rd = ctx;
    struct csv_record rec;

    (void)c;
    for (size_t i = 0; i < rd->nf; i++)
        rd->ptrs[i] = rd->arena.data + rd->offs[i];
    rec.nfields = rd->nf;
    rec.fields = rd->ptrs;
    rec.lens = rd->lens;
    rec.line = rd->rec_line;
    rec.index = rd->index++;
    rec.problem = rd->problem;
    rec.problem_col = rd->problem_col;
    if (!rd->rc && rd->nf)
        rd->rc = rd->fn(rd->ctx, &rec, rd->diag);
    rd->nf = 0;
    rd->problem = NULL;
    rd->problem_col = 0;
    rd->rec_open = 0;
    rd->rec_bytes = 0;
    buf_reset(&rd->arena);
}

static void parser_init(struct csv_reader *rd)
{
    csv_init(&rd->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_delim(&rd->parser, (unsigned char)rd->delim);
    /* libcsv grows its field buffer linearly by this much: keep it large
     * so a long field costs a few reallocations, not thousands */
    csv_set_blk_size(&rd->parser, 1u << 20);
}

static void reader_init(struct csv_reader *rd, char delim, unsigned flags,
                        csv_record_fn fn, void *ctx, struct diag *diag)
{
    memset(rd, 0, sizeof(*rd));
    rd->delim = delim;
    rd->flags = flags;
    parser_init(rd);
    buf_init(&rd->arena);
    rd->line = 1;
    rd->fn = fn;
    rd->ctx = ctx;
    rd->diag = diag;
}

static void reader_release(struct csv_reader *rd)
{
    csv_free(&rd->parser);
    buf_release(&rd->arena);
    free(rd->offs);
    free(rd->lens);
    free(rd->ptrs);
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\n' && s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

static int syntax_error(struct csv_reader *rd, long line, const char *why)
{
    return diag_at(rd->diag, TR_EPARSE, line, (long)rd->nf + 1, "%s", why);
}

/* UTF-16 (Excel's "Unicode Text", Windows tools): a byte-order mark, or
 * the NUL bytes of ASCII text in every other byte. */
static int is_utf16(const unsigned char *s, size_t len)
{
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE)
                     || (s[0] == 0xFE && s[1] == 0xFF)))
        return 1;
    if (len < 4)
        return 0;
    return (s[0] && !s[1] && s[2] && !s[3])     /* little-endian */
           || (!s[0] && s[1] && !s[2] && s[3]); /* big-endian */
}

/* The first bytes: a UTF-8 BOM is skipped; UTF-16 is refused with what
 * to do (its NUL bytes would be reported field by field); a header
 * separated by semicolons and holding no comma (Excel's CSV in locales
 * with a decimal comma) is read with semicolons. */
static int first_block(struct csv_reader *rd, const char **buf, size_t *len)
{
    const char *nl;
    size_t head;

    rd->started = 1;
    if (is_utf16((const unsigned char *)*buf, *len))
        return diag_at(rd->diag, TR_EPARSE, 1, 0,
                       "the file is UTF-16 text (such as Excel's \"Unicode "
                       "Text\"), not UTF-8: save it as \"CSV UTF-8 (Comma "
                       "delimited)\", or convert it with 'iconv -f UTF-16 -t "
                       "UTF-8'");
    if (*len >= 3 && !memcmp(*buf, "\xEF\xBB\xBF", 3)) {
        *buf += 3;
        *len -= 3;
    }
    nl = memchr(*buf, '\n', *len);
    head = nl ? (size_t)(nl - *buf) : *len;
    if (rd->delim == ',' && !memchr(*buf, ',', head)
        && memchr(*buf, ';', head)) {
        rd->delim = ';';
        csv_set_delim(&rd->parser, ';');
    }
    return 0;
}

/* CSV_LONG_RECORDS: the record over CSV_RECORD_MAX goes to the callback
 * as a problem without fields; the parser starts afresh, and the rest
 * of the physical line is dropped. */
static int long_record(struct csv_reader *rd)
{
    struct csv_record rec;

    memset(&rec, 0, sizeof(rec));
    rec.line = rd->rec_line;
    rec.index = rd->index++;
    rec.problem = "record longer than 8388608 bytes (an unterminated "
                  "quote, or not a CSV file)";
    rec.problem_col = (long)rd->nf + 1;
    if (!rd->rc)
        rd->rc = rd->fn(rd->ctx, &rec, rd->diag);
    csv_free(&rd->parser);
    parser_init(rd);
    rd->nf = 0;
    rd->problem = NULL;
    rd->problem_col = 0;
    rd->rec_open = 0;
    rd->rec_bytes = 0;
    buf_reset(&rd->arena);
    rd->skip_line = 1;
    return rd->rc;
}

/* The next segment to feed, ending a physical line or the block: LF,
 * CRLF, or a lone CR (the line end of classic Mac files, which libcsv
 * also ends a record at; counting lines by LF alone numbered every record
 * of such a file line 1). An LF that completes a CRLF split between two
 * blocks is fed to libcsv but ends no line of its own. Returns whether
 * the segment ends a line. */
static int line_end(struct csv_reader *rd, const char **buf, size_t *len,
                    size_t *seg)
{
    const char *nl, *cr;

    if (rd->cr_ended && **buf == '\n') {
        rd->cr_ended = 0;
        if (rd->rec_open && !rd->skip_line)
            csv_parse(&rd->parser, *buf, 1, on_field, on_record, rd);
        ++*buf;
        --*len;
        if (!*len)
            return 0;
    }
    rd->cr_ended = 0;
    nl = memchr(*buf, '\n', *len);
    *seg = nl ? (size_t)(nl - *buf) + 1 : *len;
    cr = memchr(*buf, '\r', *seg);
    if (cr && cr + 1 < *buf + *seg && cr[1] != '\n') { /* a lone CR */
        *seg = (size_t)(cr - *buf) + 1;
        return 1;
    }
    if (!nl && cr && cr + 1 == *buf + *len) { /* CR last in the block */
        rd->cr_ended = 1;
        return 1;
    }
    return nl != NULL;
}

static int reader_feed(struct csv_reader *rd, const char *buf, size_t len)
{
    if (!rd->started && len) {
        int rc = first_block(rd, &buf, &len);

        if (rc)
            return rc;
    }
    while (len) {
        size_t seg;
        int nl = line_end(rd, &buf, &len, &seg);

        if (!len)
            break;
        if (rd->skip_line) {
            rd->skip_line = !nl;
            if (nl)
                rd->line++;
            buf += seg;
            len -= seg;
            continue;
        }
        if (!rd->rec_open) {
            if (nl && is_blank(buf, seg)) {
                rd->line++;
                buf += seg;
                len -= seg;
                continue;
            }
            rd->rec_line = rd->line;
        }
        rd->rec_open = 1;
        rd->rec_bytes += seg;
        if (rd->rec_bytes > CSV_RECORD_MAX
            && (rd->flags & CSV_LONG_RECORDS)) {
            int rc = long_record(rd);

            if (rc)
                return rc;
            continue; /* this segment is the rest of the line: dropped */
        }
        if (rd->rec_bytes > CSV_RECORD_MAX)
            return diag_at(rd->diag, TR_EPARSE, rd->rec_line, (long)rd->nf + 1,
                           "record longer than %u bytes (an unterminated "
                           "quote, or not a CSV file)",
                           CSV_RECORD_MAX);
        if (csv_parse(&rd->parser, buf, seg, on_field, on_record, rd) != seg)
            return syntax_error(rd, rd->line,
                                csv_error(&rd->parser) == CSV_EPARSE
                                    ? "malformed quoted field"
                                    : csv_strerror(csv_error(&rd->parser)));
        if (rd->rc)
            return rd->rc;
        if (nl)
            rd->line++;
        buf += seg;
        len -= seg;
    }
    return 0;
}

static int reader_finish(struct csv_reader *rd)
{
    if (csv_fini(&rd->parser, on_field, on_record, rd) != 0)
        return syntax_error(rd, rd->rec_line, "unterminated quote");
    return rd->rc;
}

int csv_read_buf(const char *buf, size_t len, char delim, csv_record_fn fn,
                 void *ctx, struct diag *diag)
{
    return csv_read_buf_flags(buf, len, delim, 0, fn, ctx, diag);
}

int csv_read_buf_flags(const char *buf, size_t len, char delim,
                       unsigned flags, csv_record_fn fn, void *ctx,
                       struct diag *diag)
{
    struct csv_reader rd;
    int rc;

    reader_init(&rd, delim, flags, fn, ctx, diag);
    /* no field is longer than the buffer: one allocation of its size at
     * most, not a 1 MiB block for a few bytes (the fuzzers' inputs) */
    if (len < (1u << 20))
        csv_set_blk_size(&rd.parser, len + 16);
    rc = reader_feed(&rd, buf, len);
    if (!rc)
        rc = reader_finish(&rd);
    reader_release(&rd);
    return rc;
}

static int read_stream(FILE *fp, const char *head, size_t head_len,
                       char delim, unsigned flags, const char *label,
                       struct pseudo_sha256 *sha, csv_record_fn fn,
                       void *ctx, struct diag *diag)
{
    struct csv_reader rd;
    struct progress prog;
    struct stat st;
    char *block = NULL;
    uint64_t done = head_len;
    size_t n;
    int rc = 0;

    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode))
        return diag_set(diag, TR_EIO, "is a directory");
    progress_start(&prog, label,
                   S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0);
    reader_init(&rd, delim, flags, fn, ctx, diag);
    if (head_len) {
        pseudo_sha256_update(sha, head, head_len);
        rc = reader_feed(&rd, head, head_len);
    }
    block = xmalloc(READ_BLOCK);
    while (!rc && (n = fread(block, 1, READ_BLOCK, fp)) > 0) {
        pseudo_sha256_update(sha, block, n);
        rc = reader_feed(&rd, block, n);
        done += n;
        progress_update(&prog, done);
    }
    if (!rc && ferror(fp))
        rc = diag_errno(diag, TR_EIO, "cannot read");
    if (!rc)
        rc = reader_finish(&rd);
    progress_end(&prog);
    reader_release(&rd);
    free(block);
    return rc;
}

int csv_read_stream(FILE *fp, const char *head, size_t head_len,
                    char delim, unsigned flags, const char *label,
                    csv_record_fn fn, void *ctx, struct diag *diag)
{
    return read_stream(fp, head, head_len, delim, flags, label, NULL, fn,
                       ctx, diag);
}

int csv_read_file(const char *path, char delim, const char *label,
                  csv_record_fn fn, void *ctx, struct diag *diag)
{
    return csv_read_file_flags(path, delim, 0, label, NULL, fn, ctx, diag);
}

int csv_read_file_flags(const char *path, char delim, unsigned flags,
                        const char *label, struct pseudo_sha256 *sha,
                        csv_record_fn fn, void *ctx, struct diag *diag)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    int rc;

    if (!fp)
        return diag_errno(diag, TR_EIO, "cannot open");
    rc = read_stream(fp, NULL, 0, delim, flags, label, sha, fn, ctx, diag);
    if (fp != stdin)
        fclose(fp);
    return rc;
}

void csv_quote(struct buf *out, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            break;
    if (i == len) {
        buf_add(out, s, len);
        return;
    }
    buf_putc(out, '"');
    for (i = 0; i < len; i++) {
        if (s[i] == '"')
            buf_putc(out, '"');
        buf_putc(out, s[i]);
    }
    buf_putc(out, '"');
}
