/* reader_csv.c: the corpus reader's CSV and TSV files (plain or gzip'ed),
 * parsed by Debian's libcsv (RFC 4180 quoting: fields with separators,
 * newlines and "" quotes; CRLF) and read a piece at a time: a header row
 * names the columns, each later row is one article, handed on as a JSON
 * object of its non-empty cells so that field names, extra and problems
 * are the JSON records' (reader_json.c). See docs/corpus-format.md.
 */
#define _POSIX_C_SOURCE 200809L

#include "reader_int.h"
#include "silk_utf8.h"
#include "silk_vec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>
#include <zlib.h>

/* Bytes read from the file at a time. */
#define CSV_BUF_BYTES (128u << 10)

/* Column names listed in a message, at most (then "..."). */
#define NAMES_LISTED 12

typedef struct cell {
    size_t off, len;         /* in the row's text */
} cell_t;

/* How the file's text is decoded: settled by the first row with a byte
 * past ASCII, as a .txt file is by all of it (docs/corpus-format.md). */
typedef enum csv_enc { ENC_UNSURE, ENC_UTF8, ENC_CP1252 } csv_enc_t;

/* The parse of one file: what libcsv's callbacks see. */
typedef struct csvr {
    walk_t *w;
    const char *path;
    size_t strip;
    unsigned long line;          /* the line being fed (1-based) */
    unsigned long row_line;      /* where the row in hand starts; 0: none */
    unsigned long long row_bytes;/* bytes of the row in hand */
    unsigned long row_quotes;    /* '"' in the row in hand (its parity says
                                    whether a newline ends it) */
    bool skipping;               /* the row in hand is too large: read past */
    silk_buf_t text;             /* the row's cells, each NUL-terminated */
    SILK_VEC(cell_t) cells;
    char **names;                /* the header's column names */
    size_t ncols;
    unsigned long rows;          /* rows after the header */
    silk_buf_t fixed;            /* a cell repaired or decoded */
    csv_enc_t enc;
    int rc;                      /* the article callback's stop, or NOMEM */
    bool nomem_said;             /* running out of memory was reported */
    bool named;                  /* the file is a PATH argument */
    bool stop;                   /* the file is not read further */
} csvr_t;

/* ---- the header ---- */

/* Settle the file's encoding on the row in hand if it has a byte past
 * ASCII: UTF-8 when that is valid UTF-8 or holds a UTF-8 sequence (then
 * what is not is repaired), else Windows-1252 (an Excel export). */
static void settle_encoding(csvr_t *c)
{
    size_t mb = 0, k;
    bool high = false, valid = true;
    if (c->enc != ENC_UNSURE)
        return;
    for (k = 0; k < c->text.len && !high; k++)
        high = (unsigned char)c->text.p[k] >= 0x80;
    if (!high)
        return;
    for (k = 0; k < c->cells.n; k++) {
        size_t m = 0;
        valid = silk_utf8_valid(c->text.p + c->cells.v[k].off,
                                c->cells.v[k].len, &m) && valid;
        mb += m;
    }
    c->enc = valid || mb > 0 ? ENC_UTF8 : ENC_CP1252;
}

/* Cell s[0..n) as UTF-8: itself when it is, else decoded (Windows-1252)
 * or repaired (*nbad counts it) into c->fixed; *out, *outn get it. 0, or
 * -1 when memory ran out. */
static int decode_cell(csvr_t *c, const char *s, size_t n, const char **out,
                       size_t *outn, size_t *nbad)
{
    *out = s;
    *outn = n;
    if (silk_utf8_valid(s, n, NULL))
        return 0;
    c->fixed.len = 0;
    if ((c->enc == ENC_CP1252 ? silk_utf8_from_cp1252(&c->fixed, s, n)
                              : silk_utf8_repair(&c->fixed, s, n, nbad)) < 0)
        return -1;
    *out = c->fixed.p;
    *outn = c->fixed.len;
    return 0;
}

/* A column name as a JSON key: valid UTF-8, not empty, not one already
 * given ("NAME_K", K its 1-based column, for a name given twice). Into a
 * malloc'ed string; NULL when memory ran out. */
static char *column_name(csvr_t *c, const char *s, size_t n, size_t k)
{
    silk_buf_t b = SILK_BUF_INIT;
    size_t nbad = 0;
    if (n == 0)
        silk_buf_printf(&b, "column_%zu", k + 1);
    else if (decode_cell(c, s, n, &s, &n, &nbad) == 0)
        silk_buf_append(&b, s, n);
    else
        b.failed = true;
    for (size_t i = 0; i < k && b.p; i++)
        if (strcmp(c->names[i], b.p) == 0) {
            silk_buf_printf(&b, "_%zu", k + 1);
            break;
        }
    return silk_buf_detach(&b, NULL);
}

/* Take the row in hand as the header. Returns 0, or -1 when memory ran
 * out. A header naming no title or body column stops the file: skipped
 * in a walk, a problem when the file was named. */
static int take_header(csvr_t *c)
{
    bool text = false;

    c->names = calloc(c->cells.n ? c->cells.n : 1, sizeof *c->names);
    if (!c->names)
        return -1;
    for (size_t k = 0; k < c->cells.n; k++) {
        const cell_t *x = &c->cells.v[k];
        if (!(c->names[k] = column_name(c, c->text.p + x->off, x->len, k)))
            return -1;
        c->ncols++;
        text = text ||
               silk_reader__is_field_name(c->w, c->names[k], SILK_RF_TITLE) ||
               silk_reader__is_field_name(c->w, c->names[k], SILK_RF_BODY);
    }
    if (text)
        return 0;
    c->stop = true;
    if (!c->named) {
        /* a table beside the articles (ids and labels): not one of them */
        if (c->w->cbs->skipped)
            c->w->cbs->skipped(c->w->ctx, c->path, SILK_SKIP_CSV);
        return 0;
    }
    silk_buf_t list = SILK_BUF_INIT;
    for (size_t k = 0; k < c->ncols && k < NAMES_LISTED; k++)
        silk_buf_printf(&list, "%s%s", k ? ", " : "", c->names[k]);
    if (c->ncols > NAMES_LISTED)
        silk_buf_puts(&list, ", ...");
    silk_reader__problem(c->w, SILK_PROBLEM_BAD_CSV, c->path, c->row_line,
            "no title or body column (its columns: %s): name the text's "
            "column with --field body=NAME (or title=NAME); the file is not "
            "read", list.p ? list.p : "none");
    silk_buf_free(&list);
    return 0;
}

/* ---- rows ---- */

/* The row in hand as a JSON object of its non-empty cells (LF line ends,
 * ill-formed UTF-8 repaired: *nbad counts it), into *out; 0, or -1 when
 * memory ran out. */
static int row_object(csvr_t *c, json_t **out, size_t *nbad)
{
    json_t *obj = json_object();
    *out = NULL;
    if (!obj)
        return -1;
    for (size_t k = 0; k < c->cells.n; k++) {
        const char *s = c->text.p + c->cells.v[k].off;
        size_t n = silk_reader__lf_only(c->text.p + c->cells.v[k].off,
                                        c->cells.v[k].len);
        if (n == 0)
            continue;
        if (decode_cell(c, s, n, &s, &n, nbad) < 0) {
            json_decref(obj);
            return -1;
        }
        json_t *v = json_stringn(s, n);
        if (!v || json_object_set_new(obj, c->names[k], v) < 0) {
            json_decref(obj);
            return -1;
        }
    }
    *out = obj;
    return 0;
}

/* Start the next row afresh. */
static void forget_row(csvr_t *c)
{
    c->text.len = 0;
    c->cells.n = 0;
    c->row_line = 0;
    c->row_bytes = 0;
    c->row_quotes = 0;
}

/* The row in hand is complete: the header, or an article. */
static void end_row(csvr_t *c)
{
    json_t *obj = NULL;
    size_t nbad = 0;
    bool blank = true;

    for (size_t k = 0; k < c->cells.n && blank; k++)
        blank = c->cells.v[k].len == 0;
    if (!c->stop && !blank)
        settle_encoding(c);
    if (c->stop || (blank && c->names)) {
        /* a row of empty cells (",,,") holds nothing: passed over */
    } else if (!c->names) {
        if (take_header(c) < 0)
            c->rc = NOMEM;
    } else if (c->cells.n != c->ncols) {
        c->rows++;
        silk_reader__problem(c->w, SILK_PROBLEM_BAD_CSV, c->path, c->row_line,
                "%zu field%s where the header has %zu: row skipped",
                c->cells.n, c->cells.n == 1 ? "" : "s", c->ncols);
    } else if (row_object(c, &obj, &nbad) < 0) {
        c->rc = NOMEM;
    } else {
        char suffix[32];
        c->rows++;
        snprintf(suffix, sizeof suffix, ":%lu", c->row_line);
        c->rc = silk_reader__json_article(c->w, obj, c->path, c->row_line,
                                          suffix, c->strip, nbad,
                                          c->enc == ENC_CP1252);
        json_decref(obj);
    }
    if (c->rc == NOMEM && !c->nomem_said) {
        silk_reader__no_memory(c->w, c->path, c->row_line, c->row_bytes);
        c->nomem_said = true;
    }
    if (c->rc)
        c->stop = true;
    forget_row(c);
}

/* libcsv's callbacks: a field, the end of a row. */
static void on_field(void *s, size_t len, void *data)
{
    csvr_t *c = data;
    cell_t x = {c->text.len, len};
    if (c->stop || c->skipping)
        return;
    if (silk_buf_append(&c->text, s ? s : "", s ? len : 0) < 0 ||
        silk_buf_putc(&c->text, '\0') < 0 || silk_vec_push(&c->cells, x) < 0)
        c->rc = NOMEM;
}

static void on_row(int term, void *data)
{
    (void)term;
    end_row(data);
}

/* TSV: a tab separates; only a space is trimmed around a field. */
static int tsv_space(unsigned char ch)
{
    return ch == CSV_SPACE;
}

/* ---- the file ---- */

/* Feed piece s[0..n) (at most one line, with its end) to the parser p.
 * Returns 0, or -1 when memory ran out. */
static int feed(csvr_t *c, struct csv_parser *p, const char *s, size_t n,
                bool ends_line)
{
    bool content = false;
    unsigned long quotes = 0;
    for (size_t i = 0; i < n; i++) {
        content = content || (s[i] != '\r' && s[i] != '\n');
        quotes += s[i] == '"';
    }
    if (c->row_line == 0 && content)
        c->row_line = c->line;
    c->row_bytes += n;
    c->row_quotes += quotes;
    if (!c->skipping && c->w->max_bytes && c->row_bytes > c->w->max_bytes) {
        /* libcsv holds the field in hand: forget it, and read past the
         * row by its quotes (a newline outside quotes ends it). */
        unsigned char opts = (unsigned char)csv_get_opts(p);
        unsigned char delim = csv_get_delim(p);
        c->skipping = true;
        c->text.len = 0;
        c->cells.n = 0;
        csv_free(p);
        if (csv_init(p, opts) != 0)
            return -1;
        csv_set_delim(p, delim);
        if (delim == CSV_TAB)
            csv_set_space_func(p, tsv_space);
    }
    if (c->skipping) {
        if (ends_line && c->row_quotes % 2 == 0) {
            silk_reader__too_large(c->w, c->path, c->row_line, "a row",
                                   c->row_bytes);
            c->skipping = false;
            c->rows++;
            forget_row(c);
        }
        return 0;
    }
    if (csv_parse(p, s, n, on_field, on_row, c) != n)
        return -1;
    return c->rc == NOMEM ? -1 : 0;
}

/* See reader_int.h. */
int silk_reader__read_csv(walk_t *w, const char *path, size_t strip, bool tab,
                          bool named)
{
    struct csv_parser p;
    csvr_t c = {.w = w, .path = path, .strip = strip, .line = 1,
                .named = named};
    gzFile z = gzopen(path, "rb");
    char *buf = NULL;
    bool first = true, prev_cr = false, parser = false;
    int rc = 0;

    w->fields_said = 0;
    if (!z) {
        if (errno == ENOMEM || errno == 0)
            return silk_reader__no_memory(w, path, 0, 0);
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s",
                             strerror(errno));
        return 0;
    }
    if (!(buf = malloc(CSV_BUF_BYTES)) ||
        csv_init(&p, CSV_APPEND_NULL) != 0)
        goto nomem;
    parser = true;
    if (tab) {
        csv_set_delim(&p, CSV_TAB);
        csv_set_space_func(&p, tsv_space);
    }
    while (!c.stop) {
        int r = gzread(z, buf, CSV_BUF_BYTES), zerr = Z_OK;
        const char *msg = r <= 0 ? silk_reader__gz_message(z, &zerr) : NULL;
        if (r < 0 || zerr != Z_OK) {
            if (zerr == Z_MEM_ERROR)
                goto nomem;
            silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, c.line,
                    "damaged gzip data (%s): the rest of the file is not read",
                    msg ? msg : "read error");
            goto done;
        }
        if (r == 0)
            break;
        const char *s = buf;
        size_t n = (size_t)r;
        if (first) {
            size_t bom;
            first = false;
            if (!silk_reader__text_start(w, path, s, n, &bom))
                goto done;
            s += bom;
            n -= bom;
        }
        /* One line at a time, so that a row knows the line it starts on;
         * CR LF, LF and a lone CR each end a line. */
        while (n > 0 && !c.stop) {
            size_t k = 0;
            while (k < n && s[k] != '\n' && s[k] != '\r')
                k++;
            bool ends = k < n;
            if (ends)
                k++;
            if (prev_cr && s[0] == '\n') {
                k = 1;               /* the LF of a CR LF: no new line */
                ends = false;
            }
            prev_cr = ends && s[k - 1] == '\r';
            if (feed(&c, &p, s, k, ends || (k == 1 && s[0] == '\n')) < 0)
                goto nomem;
            if (ends)
                c.line++;
            s += k;
            n -= k;
        }
    }
    if (c.stop)
        goto done;
    if (c.skipping) {
        silk_reader__too_large(w, path, c.row_line, "a row", c.row_bytes);
    } else if (c.row_line && c.row_quotes % 2) {
        /* (libcsv says so only in its strict mode, which also refuses
         * the stray quotes of real dumps: He said "no".) */
        c.rows++;
        silk_reader__problem(w, SILK_PROBLEM_BAD_CSV, path, c.row_line,
                "a quoted field is never closed: the row (the rest of the "
                "file) is skipped");
    } else {
        csv_fini(&p, on_field, on_row, &c);
        if (c.rc == NOMEM)
            goto nomem;
        if (c.stop)
            goto done;
    }
    if (!c.stop && !c.names)
        silk_reader__problem(w, SILK_PROBLEM_EMPTY, path, 0, "%s",
                c.line > 1 ? "only blank lines" : "empty file");
    else if (!c.stop && c.rows == 0)
        silk_reader__problem(w, SILK_PROBLEM_EMPTY, path, 0,
                "a header and no rows");
    goto done;
nomem:
    if (!c.nomem_said)
        silk_reader__no_memory(w, path, c.row_line, c.row_bytes);
    c.rc = NOMEM;
done:
    rc = c.rc;
    if (parser)
        csv_free(&p);
    gzclose(z);
    free(buf);
    silk_buf_free(&c.text);
    silk_buf_free(&c.fixed);
    silk_vec_free(&c.cells);
    for (size_t k = 0; k < c.ncols; k++)
        free(c.names[k]);
    free(c.names);
    return rc;
}
