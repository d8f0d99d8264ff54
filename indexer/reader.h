/* reader.h: corpus readers — walk files and directories and deliver
 * articles from plain-text files (with optional NAME.meta sidecars) and
 * JSON Lines files, reporting every problem with its place.
 */
#ifndef SILK_READER_H
#define SILK_READER_H

#include <stdbool.h>
#include <stddef.h>

/* One article, as read. Every string is NUL-terminated, valid UTF-8 (bad
 * sequences already replaced by U+FFFD) and borrowed: valid only during the
 * article callback. Unknown fields are "" (never NULL). */
typedef struct silk_article {
    const char *id;        /* metadata id, else JSONL "id", else file stem */
    const char *title;     /* metadata title, else first non-empty line */
    const char *body;      /* the article text */
    size_t body_len;
    const char *date;      /* normalised "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" */
    const char *source;
    const char *url;
    const char *path;      /* the file it came from */
    const char *extra;     /* JSON object text of other JSONL fields, "{}" */
    unsigned long line;    /* line number in a JSONL file; 0 for .txt */
    bool invalid_utf8;     /* bytes were replaced */
    bool bad_date;         /* a date was given but is impossible: dropped */
} silk_article_t;

/* Kinds of problem; see docs/bad-input.md for what each does. */
typedef enum silk_problem {
    SILK_PROBLEM_UNREADABLE,   /* cannot open or read: skipped */
    SILK_PROBLEM_EMPTY,        /* empty or whitespace only: skipped */
    SILK_PROBLEM_BINARY,       /* NUL bytes / not text: skipped */
    SILK_PROBLEM_BAD_JSON,     /* malformed JSONL line or wrong types: skipped */
    SILK_PROBLEM_BAD_META,     /* malformed .meta line: line ignored */
    SILK_PROBLEM_INVALID_UTF8, /* indexed with replacement characters */
    SILK_PROBLEM_BAD_DATE,     /* impossible date: indexed without one */
    SILK_PROBLEM_COUNT_
} silk_problem_t;

const char *silk_problem_str(silk_problem_t p);

typedef struct silk_reader_cbs {
    /* An article. Return 0 to go on, non-zero to stop the walk. */
    int (*article)(void *ctx, const silk_article_t *a);
    /* A problem at path (line > 0 for a JSONL line): reason is one line. */
    void (*problem)(void *ctx, silk_problem_t kind, const char *path,
                    unsigned long line, const char *reason);
    /* A file that is not a corpus file (not .txt/.jsonl/.meta): skipped. */
    void (*skipped)(void *ctx, const char *path);
} silk_reader_cbs_t;

/* Read paths[0..n): each a file or a directory walked recursively (in
 * sorted order, symlink loops detected). Returns 0 when the walk finished,
 * the article callback's non-zero value if it stopped the walk, or -1 if a
 * named path does not exist (reported as SILK_PROBLEM_UNREADABLE). */
int silk_reader_walk(const char *const *paths, size_t n,
                     const silk_reader_cbs_t *cbs, void *ctx);

/* Normalise a date given in metadata ("2021-03-02", "2021-03-02T09:02:31",
 * "2021-03", "2021", "March 2, 2021", "2 Mar 2021") into out as
 * "YYYY-MM-DD", "YYYY-MM" or "YYYY". Returns false (out = "") for an
 * impossible or unreadable date (2021-02-30, 2021-13-01, "soon"). */
bool silk_date_normalize(const char *in, char out[11]);

#endif /* SILK_READER_H */
