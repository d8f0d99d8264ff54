/* reader_int.h: what the corpus reader's files share — the walk's state,
 * its problem reports and whole-file reads (reader.c), the text decoding
 * and title rules (reader_text.c) and the readers of each format
 * (reader_text.c: .txt with .meta; reader_json.c: JSON Lines and JSON;
 * reader_sgml.c: Reuters-21578 .sgm and TREC <DOC> files; reader_xml.c:
 * RCV1 and NITF .xml news items).
 * Not for other modules: they use reader.h.
 */
#ifndef SILK_READER_INT_H
#define SILK_READER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>
#include <zlib.h>

#include "reader.h"
#include "silk_buf.h"

/* Deeper nesting than this is a mistake or an attack; it would also put the
 * recursion's stack at risk. */
#define MAX_DEPTH 256

/* A JSON or CSV file with a NUL byte this early is not text (git and grep
 * use the same heuristic and window). A .txt file is read whole, so a NUL
 * anywhere in it makes it binary. */
#define BINARY_SNIFF_BYTES 8192

/* Returned by the readers when memory ran out (the walk stops). */
#define NOMEM SILK_WALK_NO_MEMORY

typedef struct walk {
    const silk_reader_cbs_t *cbs;
    void *ctx;
    size_t max_bytes;        /* 0: no limit */
    bool all_files;
    const silk_reader_field_key_t *field_keys;  /* --field, in order */
    size_t nfield_keys;
    unsigned fields_said;    /* fields whose key the file's reader named
                                (1 << silk_reader_field_t) */
    const char *root;        /* the PATH argument being walked */
    size_t root_len;
    bool root_is_dir;
    /* Several PATHs: the root's path below the deepest directory that
     * holds them all ("business" for bbc/raw/business among the PATHs of bbc/raw/ *),
     * which relative paths start with; NULL with one PATH. */
    const char *root_above;
    silk_buf_t *rel_buf;     /* a relative path built with root_above */
    struct {
        dev_t dev;
        ino_t ino;
    } stack[MAX_DEPTH];      /* the directories being walked, for loops */
    size_t depth;
} walk_t;

/* ---- reader.c: problems, names and ids, whole files ---- */

/* Report a problem; the reason is formatted, cut to one line of at most
 * REASON_MAX bytes of valid UTF-8 (control characters become spaces, and
 * a byte of a sequence that a cut — "%.60s", jansson's own 160-byte error
 * text — left broken becomes '?'). */
void silk_reader__problem(walk_t *w, silk_problem_t kind, const char *path,
                          unsigned long line, const char *fmt, ...);

/* Report that memory ran out while reading path[:line]; returns NOMEM. */
int silk_reader__no_memory(walk_t *w, const char *path, unsigned long line,
                           unsigned long long bytes);

/* Report a piece of input over the limit: path[:line] of bytes bytes. */
void silk_reader__too_large(walk_t *w, const char *path, unsigned long line,
                            const char *what, unsigned long long bytes);

/* Where a path's last component starts. */
const char *silk_reader__base_name(const char *path);

/* The path of the file at path relative to the walk's root (a suffix of
 * path), or "" when the root is not a directory holding it. With several
 * PATHs, relative to the deepest directory holding them all (root_above
 * and the suffix; valid until it is asked for another path). */
const char *silk_reader__rel_path(const walk_t *w, const char *path);

/* The id of the file at path (found under the walk's root) with strip
 * bytes of extension dropped, plus suffix (":12", or ""): the path
 * relative to the PATH argument ("business/001"), or for a PATH that is
 * the file itself its base name; escaped where not UTF-8, shortened when
 * long. malloc'ed; NULL if memory ran out. */
char *silk_reader__path_id(const walk_t *w, const char *path, size_t strip,
                           const char *suffix);

/* zlib's gzerror() message without the "PATH: " it starts with (the
 * problem line names the file already). */
const char *silk_reader__gz_message(gzFile z, int *zerr);

/* Read the file at path (or stdin for SILK_READER_STDIN) whole into *out
 * (NUL-terminated, *len bytes), through zlib when gz (a plain file reads
 * the same). Returns 0; ENOMEM; EFBIG when it passes w->max_bytes (then
 * *len is its size if known); EIO for damaged gzip data (*zmsg says how);
 * or another errno value. The caller frees *out. */
int silk_reader__slurp(const walk_t *w, const char *path, bool gz, char **out,
                       size_t *len, const char **zmsg);

/* Report slurp's failure err for path (when it is not ENOMEM). */
void silk_reader__slurp_problem(walk_t *w, const char *path, int err, size_t len,
                                const char *zmsg, const char *what);

/* ---- reader_text.c: text, plain-text articles ---- */

/* Rewrite CR LF and lone CR as LF in s[0..n), in place; the new length. */
size_t silk_reader__lf_only(char *s, size_t n);

/* Does s[0..n) start with a UTF-8 byte-order mark? */
bool silk_reader__has_bom(const char *s, size_t n);

/* Is s[0..n) empty or only Unicode space? */
bool silk_reader__all_space(const char *s, size_t n);

/* The first non-empty line of body, trimmed and cut to DERIVED_TITLE_MAX
 * bytes at a word break (then "…" is appended), into out. Returns 0, or -1
 * when memory ran out. */
int silk_reader__derive_title(const char *body, size_t len, silk_buf_t *out);

/* How silk_reader__decode_text decoded a text. */
#define SILK_DECODED_UTF8 0
#define SILK_DECODED_REPAIRED 1
#define SILK_DECODED_CP1252 2

/* The text file raw[0..len) (NUL-free, BOM already dropped) as UTF-8 with
 * LF line ends, in out: as it is when it is UTF-8; as Windows-1252 when no
 * byte of it is part of a UTF-8 sequence (a Latin-1 or Windows file: its
 * "£" and "é" survive); else repaired with U+FFFD (*nbad counts). Returns
 * a SILK_DECODED_ value, or -1 when memory ran out. */
int silk_reader__decode_text(const char *raw, size_t len, silk_buf_t *out,
                             size_t *nbad);

/* Read a plain-text article (ext_len bytes of known extension, 0 for
 * another name) and deliver it. Returns 0, the callback's value or NOMEM;
 * every failure is reported as a problem. */
int silk_reader__read_txt(walk_t *w, const char *path, size_t ext_len);

/* ---- reader_json.c: JSON Lines and JSON files ---- */

/* The first bytes s[0..n) of a JSON or CSV file: false after reporting
 * the file binary when a NUL byte is among its first BINARY_SNIFF_BYTES;
 * else true, *bom getting the length of a UTF-8 byte-order mark there (3,
 * or 0). */
bool silk_reader__text_start(walk_t *w, const char *path, const char *s,
                             size_t n, size_t *bom);

/* Read JSON Lines from path (plain or gzip'ed; SILK_READER_STDIN: standard
 * input), one article a line. Returns 0, the callback's value or NOMEM;
 * problems are reported. */
int silk_reader__read_jsonl(walk_t *w, const char *path, size_t strip);

/* Read a .json file (plain or gzip'ed): one article object, or an array of
 * them, parsed one element at a time so that problems have their line.
 * Returns 0, the callback's value or NOMEM. */
int silk_reader__read_json(walk_t *w, const char *path, size_t strip, bool gz);

/* Turn the JSON object obj (borrowed) into an article as a JSON record is
 * (its fields by name, the rest in extra) and deliver it; at line, its
 * id without one the file's id plus suffix. nbad: ill-formed UTF-8
 * sequences repaired in it (an invalid utf-8 problem); cp1252: its text
 * was decoded as Windows-1252 (the article says so). For a CSV row,
 * whose header has a title or body column. Returns 0, the callback's
 * value or NOMEM. */
int silk_reader__json_article(walk_t *w, json_t *obj, const char *path,
                              unsigned long line, const char *suffix,
                              size_t strip, size_t nbad, bool cp1252);

/* Is key (in any ASCII case) one of field f's names: the user's (--field)
 * or the built-in ones? */
bool silk_reader__is_field_name(const walk_t *w, const char *key,
                                silk_reader_field_t f);

/* ---- reader_csv.c: CSV and TSV files ---- */

/* Read a CSV (tab: TSV) file, plain or gzip'ed, a piece at a time: a
 * header row naming the columns, then one article a row, each row an
 * object of its non-empty cells for silk_reader__json_article. A header
 * with no title or body column is a problem when the file was named as a
 * PATH, else the file is skipped (SILK_SKIP_CSV: a table beside the
 * articles). Returns 0, the callback's value or NOMEM; problems are
 * reported. */
int silk_reader__read_csv(walk_t *w, const char *path, size_t strip,
                          bool tab, bool named);
/* ---- reader_sgml.c: SGML news collections ---- */

/* Does the file at path (plain or gzip'ed) start, past a BOM, white space,
 * a <!DOCTYPE> and comments, with a <REUTERS> or <DOC> story? */
bool silk_reader__sgml_sniff(const char *path);

/* Read a Reuters-21578 or TREC-style SGML file (plain or gzip'ed), a story
 * at a time; strip bytes of extension are dropped from its id. Returns 0,
 * the callback's value or NOMEM; problems are reported. */
int silk_reader__read_sgml(walk_t *w, const char *path, size_t strip);

/* ---- reader_xml.c: XML news items ---- */

/* Read a .xml file (plain or gzip'ed: gz) whose root is <newsitem> (RCV1)
 * or <nitf> as one story; strip bytes of extension are dropped from its
 * path id. Another root is skipped and named (a problem when the file was
 * named as a PATH). Returns 0, the callback's value or NOMEM; problems
 * are reported. */
int silk_reader__read_xml(walk_t *w, const char *path, size_t strip, bool gz,
                          bool named);

#endif /* SILK_READER_INT_H */
