/* reader.h: corpus readers — walk files and directories and deliver
 * articles from plain-text files (with optional NAME.meta sidecars), JSON
 * Lines (also gzip-compressed, also on stdin) and JSON files, reporting
 * every problem with its place. docs/corpus-format.md is the user's view.
 */
#ifndef SILK_READER_H
#define SILK_READER_H

#include <stdbool.h>
#include <stddef.h>

/* Longest article id. Ids become terms ("Q" + id + "#" + n) and metadata
 * keys ("silk:article:" + id); Xapian refuses terms over 245 bytes, so 200
 * leaves room for the prefixes and the passage number. A path-derived id
 * that would be longer is shortened (docs/corpus-format.md); a metadata id
 * that is longer is a SILK_PROBLEM_BAD_ID. */
#define SILK_MAX_ID_BYTES 200

/* The PATH that means standard input (JSON Lines, maybe gzip'ed). */
#define SILK_READER_STDIN "-"

/* One article, as read. Every string but path is NUL-terminated, valid
 * UTF-8 (bad sequences already replaced by U+FFFD or decoded as
 * Windows-1252), with LF line ends, and borrowed: valid only during the
 * article callback. Unknown fields are "" (never NULL). */
typedef struct silk_article {
    const char *id;        /* metadata id, else derived from the path:
                              never empty, at most SILK_MAX_ID_BYTES */
    const char *title;     /* metadata title, else first non-empty line */
    const char *body;      /* the article text ("" for a headline only) */
    size_t body_len;
    const char *date;      /* normalised "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" */
    const char *source;
    const char *url;
    const char *path;      /* the file as walked (PATH + names): raw bytes,
                              possibly not UTF-8; SILK_READER_STDIN for
                              standard input */
    const char *rel;       /* path relative to the PATH argument it was
                              found under ("business/001.txt", a suffix of
                              path); "" when PATH is the file itself or
                              standard input */
    const char *extra;     /* JSON object text of other JSON fields, "{}" */
    unsigned long line;    /* where it starts in a JSON(L) file; 0 for .txt */
    unsigned long index;   /* 1-based position among the file's articles:
                              two articles of one file never share it */
    bool invalid_utf8;     /* bytes were replaced by U+FFFD */
    bool cp1252;           /* the file was not UTF-8: read as Windows-1252 */
    bool bad_date;         /* a date was given but is impossible: dropped */
    bool body_in_file;     /* body is the bytes of the file at path from
                              body_offset on (a UTF-8 .txt without CR):
                              its offsets plus body_offset are the file's */
    size_t body_offset;    /* with body_in_file: bytes before the body
                              (a UTF-8 BOM: 3) */
} silk_article_t;

/* Kinds of problem; see docs/bad-input.md for what each does. */
typedef enum silk_problem {
    SILK_PROBLEM_UNREADABLE,   /* cannot open or read: skipped */
    SILK_PROBLEM_EMPTY,        /* empty, white space only, or an article
                                  with neither title nor body: skipped */
    SILK_PROBLEM_BINARY,       /* NUL bytes / not text: skipped */
    SILK_PROBLEM_BAD_JSON,     /* malformed JSON line/record or wrong
                                  types: skipped */
    SILK_PROBLEM_BAD_META,     /* malformed or repeated .meta line: the
                                  line is ignored */
    SILK_PROBLEM_INVALID_UTF8, /* indexed with replacement characters */
    SILK_PROBLEM_BAD_DATE,     /* impossible date: indexed without one */
    SILK_PROBLEM_BAD_ID,       /* empty id (the path's id is used), or one
                                  over SILK_MAX_ID_BYTES (skipped) */
    SILK_PROBLEM_TOO_LARGE,    /* past max_article_bytes: skipped */
    SILK_PROBLEM_NO_MEMORY,    /* not an input problem: memory ran out, the
                                  walk stops and its result is
                                  SILK_WALK_NO_MEMORY */
    SILK_PROBLEM_BAD_CSV,      /* a CSV/TSV row that does not fit its
                                  header, or a header naming no title or
                                  body column: skipped */
    SILK_PROBLEM_BAD_XML,      /* a .xml file that is not well-formed, or
                                  named as a PATH but not a news item:
                                  skipped */
    SILK_PROBLEM_COUNT_
} silk_problem_t;

/* The kind's short name ("bad json", as silk-index's summary prints it);
 * "unknown" for a value out of range. Static storage. */
const char *silk_problem_str(silk_problem_t p);

/* Does a problem of this kind mean an article (or more) of the file was
 * not delivered? (Then the caller must not take the file's articles it
 * did not see as deleted.) */
bool silk_problem_skips(silk_problem_t p);

/* Why a walk leaves a file out (the skipped callback's why, as printed):
 * silk-index counts them by these. */
#define SILK_SKIP_ABOUT "a README or licence, not an article"
#define SILK_SKIP_OTHER_EXT "not an article file"
#define SILK_SKIP_NO_EXT "no extension"
#define SILK_SKIP_CSV "a CSV without a title or body column"

/* The article fields a record's keys (JSON) or a header's columns (CSV)
 * are read into; docs/corpus-format.md "Field names" lists each one's
 * names. */
typedef enum silk_reader_field {
    SILK_RF_ID, SILK_RF_TITLE, SILK_RF_BODY, SILK_RF_DATE, SILK_RF_SOURCE,
    SILK_RF_URL, SILK_RF_COUNT_
} silk_reader_field_t;

/* A field's canonical name ("body"); NULL out of range. Static storage. */
const char *silk_reader_field_name(silk_reader_field_t f);

/* The field named name (canonical, in any ASCII case), or -1. */
int silk_reader_field_parse(const char *name);

/* A name of the user's for a field (silk-index --field body=story_text):
 * tried before the built-in names. key is borrowed for the walk. */
typedef struct silk_reader_field_key {
    silk_reader_field_t field;
    const char *key;
} silk_reader_field_key_t;

typedef struct silk_reader_cbs {
    /* An article. Return 0 to go on, non-zero to stop the walk. */
    int (*article)(void *ctx, const silk_article_t *a);
    /* A problem at path (line > 0 for a line of a file; path raw, as
       walked): reason is one line of valid UTF-8. */
    void (*problem)(void *ctx, silk_problem_t kind, const char *path,
                    unsigned long line, const char *reason);
    /* A file a walk leaves out, and why (one of the SILK_SKIP_ texts, or
       another). May be NULL. */
    void (*skipped)(void *ctx, const char *path, const char *why);
    /* A file's field names: field was read from key, which is not its
       canonical name (the first record of path, at line, that does so;
       said once per file and field). May be NULL. */
    void (*field_from)(void *ctx, const char *path, unsigned long line,
                       silk_reader_field_t field, const char *key);
} silk_reader_cbs_t;

typedef struct silk_reader_opts {
    /* A .txt file, JSON Lines line, .json file, CSV row, SGML story or
       .xml file larger than this is a SILK_PROBLEM_TOO_LARGE (0: no
       limit). */
    size_t max_article_bytes;
    /* Read every file of a walk that is not JSON or a sidecar as plain
       text, whatever its name (README, .md, no extension...). */
    bool all_files;
    /* The user's names for fields, in the order given (NULL, 0: none). */
    const silk_reader_field_key_t *field_keys;
    size_t nfield_keys;
} silk_reader_opts_t;

/* What silk_reader_walk returns besides 0 and the callback's value. */
#define SILK_WALK_MISSING   (-1) /* a named PATH does not exist */
#define SILK_WALK_NO_MEMORY (-2) /* memory ran out; the walk stopped */

/* Is the regular file at path one a walk reads: a name the reader knows
 * (.txt, .jsonl, .csv, .sgm, .xml, ..., a .meta sidecar; any case, .gz
 * too), or a file of another name that starts as SGML news does? For
 * sizing a corpus before it is read (the summary's MB/s and the ETA). */
bool silk_reader_is_input(const char *path);

/* Read paths[0..n) with options o (NULL: defaults, no limit): each a file,
 * SILK_READER_STDIN, or a directory walked recursively (sorted, hidden
 * entries left out, symlink loops detected). Returns 0 when every path was
 * read, the article callback's non-zero value if it stopped the walk,
 * SILK_WALK_NO_MEMORY if memory ran out (reported first as
 * SILK_PROBLEM_NO_MEMORY), or SILK_WALK_MISSING if a named path does not
 * exist (reported as SILK_PROBLEM_UNREADABLE; the other paths are read). */
int silk_reader_walk(const silk_reader_opts_t *o, const char *const *paths,
                     size_t n, const silk_reader_cbs_t *cbs, void *ctx);

#endif /* SILK_READER_H */
