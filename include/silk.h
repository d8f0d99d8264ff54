/* silk.h: libsilk, the silk search engine as a C library — the one public
 * header. Open an index (one database, a sharded index, a stub listing
 * local and remote shards), search it (ranked passages with their
 * citations, exact facet counts, the summary), fetch an article, analyse
 * text as the index does, and index articles. docs/library.md is the guide
 * and docs/example.c a whole program.
 *
 * Conventions (notmuch.h and libgit2 are the models):
 *   - every function that can fail returns silk_status_t; out-params come
 *     first and are set to NULL / 0 on failure;
 *   - after a failure, silk_last_error() is a one-line message for the
 *     calling thread, naming the index or shard involved;
 *   - an object returned through **out is the caller's, freed with its
 *     _free/_close (NULL is a no-op); a const char * returned by an
 *     accessor is borrowed from the object it came from and lives as long
 *     as that object, unless said otherwise;
 *   - handles are not thread-safe: use one silk_index_t per thread (opening
 *     is cheap; see docs/library.md).
 */
#ifndef SILK_H
#define SILK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status ------------------------------------------------------------- */

/* The status of every silk module (util/silk_status.h is this enum). */
typedef enum silk_status {
    SILK_OK = 0,
    SILK_NOT_FOUND,  /* no index (or article) there */
    SILK_LOCKED,     /* another writer holds the index's lock */
    SILK_MODIFIED,   /* a writer changed the index under a read at every
                        attempt (reopen and retry gave up) */
    SILK_CORRUPT,    /* damaged, or not a Xapian database at all */
    SILK_INVALID,    /* invalid argument (an unknown language, facet field,
                        sort order, a malformed stub line) */
    SILK_NO_MEMORY,
    SILK_NETWORK,    /* a remote shard could not be reached or timed out */
    SILK_ERROR,      /* anything else */
    SILK_NOT_INDEX   /* a database that is not a silk index of this schema
                        version, or shards in different languages */
} silk_status_t;

/* A static, human name for st ("not found", "locked", ...). */
const char *silk_strerror(silk_status_t st);

/* The message of the last failure of a silk call on this thread ("" if
 * none): one line, no trailing newline. Valid until the next silk call on
 * this thread. */
const char *silk_last_error(void);

/* The library's version ("0.1.0"); static. */
const char *silk_version(void);

/* The index schema version this library reads and writes. */
int silk_schema_version(void);

/* ---- opening an index --------------------------------------------------- */

typedef struct silk_index silk_index_t;

typedef struct silk_open_options {
    int allow_partial;     /* non-zero: a shard of a stub that is missing
                              or cannot be reached is left out (named by
                              silk_index_missing) instead of failing */
    const char *language;  /* non-NULL: fail with SILK_NOT_INDEX unless the
                              index was built for this Snowball language
                              ("english", "en", "none") */
} silk_open_options_t;

/* Defaults: every shard required, any language. */
void silk_open_options_init(silk_open_options_t *o);

/* Open paths[0..n) (n >= 1) for reading, searched as one. Each is a silk
 * index directory, a sharded index (a directory holding a XAPIANDB stub),
 * or a Xapian stub file ("auto PATH" and "remote HOST:PORT" lines). Every
 * shard is opened on its own and checked to be a silk index of this
 * schema, all in one language; a failure names the shard. Reads are
 * retried when a writer's commit discards the revision being read. opts
 * may be NULL (defaults); it and paths are not kept. On success *out is
 * the caller's: silk_index_close() it. */
silk_status_t silk_index_open(silk_index_t **out, const char *const *paths,
                              size_t n, const silk_open_options_t *opts);

/* Close and free; NULL is a no-op. Answers taken from ix must be freed
 * first. */
void silk_index_close(silk_index_t *ix);

/* The language the index was built for ("english"). */
const char *silk_index_language(const silk_index_t *ix);

/* The databases searched, in order (a path, or HOST:PORT for a remote
 * shard): i < silk_index_shard_count(ix). */
size_t silk_index_shard_count(const silk_index_t *ix);
const char *silk_index_shard(const silk_index_t *ix, size_t i);

/* With allow_partial: the shards left out (missing, unreachable, a
 * malformed stub line as "STUB line N"); i < silk_index_missing_count(ix). */
size_t silk_index_missing_count(const silk_index_t *ix);
const char *silk_index_missing(const silk_index_t *ix, size_t i);

/* ---- searching ---------------------------------------------------------- */

typedef struct silk_search_options {
    unsigned limit;        /* hits on the page (default 10; at most
                              100000) */
    unsigned offset;       /* skip this many results first */
    unsigned per_article;  /* at most this many passages of one article
                              (default 2; 0: all) */
    int keep_duplicates;   /* non-zero: do not fold identical passages and
                              near-duplicate articles into their first hit */
    int exact;             /* non-zero: count every match exactly, however
                              many (default: exactly up to 50,000) */
    const char *facets;    /* fields to count exactly: "year,country",
                              "all"; NULL: none */
    const char *sort;      /* "relevance" (default, NULL), "newest",
                              "oldest" */
} silk_search_options_t;

/* silk-query's defaults (docs/silk-query.md). */
void silk_search_options_init(silk_search_options_t *o);

typedef struct silk_answer silk_answer_t;

/* Search ix for query (silk's query syntax, docs/query-syntax.md: filters
 * such as year:2021 or country:Laos are part of it; any bytes: a query is
 * never a syntax error, though a date that does not exist is
 * SILK_INVALID). opts may be NULL (defaults). A remote shard that fails
 * during the search is named in the message (with allow_partial, the
 * search is answered from the other shards, and silk_index_missing names
 * it). On success *out is the caller's: silk_answer_free() it (before
 * closing ix). */
silk_status_t silk_search(silk_answer_t **out, silk_index_t *ix,
                          const char *query,
                          const silk_search_options_t *opts);

/* Article id's passages in their order, as an answer (every passage, not
 * folded, each hit with its citation), or with "ID#N" passage N alone.
 * SILK_NOT_FOUND when the index has no such article. */
silk_status_t silk_article(silk_answer_t **out, silk_index_t *ix,
                           const char *id);

void silk_answer_free(silk_answer_t *a);

/* The hits on the page, best first: i < silk_answer_hit_count(a). */
size_t silk_answer_hit_count(const silk_answer_t *a);

/* "ARTICLE#N": the passage's id (silk_article takes it). */
const char *silk_hit_id(const silk_answer_t *a, size_t i);
/* The passage's text (*len, if not NULL, gets its length in bytes). */
const char *silk_hit_text(const silk_answer_t *a, size_t i, size_t *len);
/* Its relevance score (BM25, title and proximity included; 0 when sorted
 * by date or fetched as an article). */
double silk_hit_score(const silk_answer_t *a, size_t i);
/* Its byte span [start, end) in silk_hit_field(a, i, "path") (or, where
 * "span" says "text", in the article's text as read; -1 if unknown). */
long silk_hit_start(const silk_answer_t *a, size_t i);
long silk_hit_end(const silk_answer_t *a, size_t i);

/* A field of hit i by name, "" if the hit has none, NULL for a name that
 * is no field: "article", "passage" (its number, from 0), "title",
 * "date", "source", "url", "path", "span" ("file", "text" or "title"),
 * "shard" (the database it came from, with several), and the facets
 * "year", "country", "ministry", "subject" as stored (a list is
 * space-separated codes: "CN LA"). */
const char *silk_hit_field(const silk_answer_t *a, size_t i,
                           const char *name);

/* Copies folded into hit i (identical passages, near-duplicate articles):
 * how many in all, and the id ("ARTICLE#N") of the j-th listed one,
 * j < silk_hit_also_listed(a, i) (at most 20 are listed). */
size_t silk_hit_also_total(const silk_answer_t *a, size_t i);
size_t silk_hit_also_listed(const silk_answer_t *a, size_t i);
const char *silk_hit_also(const silk_answer_t *a, size_t i, size_t j);

/* Matching passages in all; *exact (if not NULL) says whether the count is
 * exact rather than an estimate. */
unsigned long silk_answer_total(const silk_answer_t *a, int *exact);
/* Distinct articles among them (exact when *exact). */
unsigned long silk_answer_articles(const silk_answer_t *a, int *exact);
/* How the query was read, in canonical syntax. */
const char *silk_answer_parsed(const silk_answer_t *a);
/* What was read differently from what was typed, or NULL. */
const char *silk_answer_notes(const silk_answer_t *a);
/* A spelling suggestion ("did you mean"), or NULL. */
const char *silk_answer_suggestion(const silk_answer_t *a);
/* Non-zero if shards were left out (allow_partial): the answer is then
 * from the others, named by silk_index_missing. */
int silk_answer_partial(const silk_answer_t *a);

/* Facet counts (the fields asked for in opts->facets): the values of field
 * ("year", "country", ...) over every matching passage, by count
 * descending (month: in month order). j < silk_answer_facet_count(a,
 * field), which is 0 for a field not counted; *count gets the value's
 * passages. */
size_t silk_answer_facet_count(const silk_answer_t *a, const char *field);
const char *silk_answer_facet_value(const silk_answer_t *a, const char *field,
                                    size_t j, unsigned long *count);

/* ---- analysis ----------------------------------------------------------- */

/* Token flags. */
#define SILK_TEXT_JOINED 0x1u  /* joined to the previous token by a hyphen */
#define SILK_TEXT_NUMBER 0x2u  /* starts with a digit; not stemmed */
#define SILK_TEXT_CJK    0x4u  /* a CJK unigram or bigram; not stemmed */

typedef struct silk_text_token {
    unsigned pos;          /* position, from 0 */
    size_t start, end;     /* byte span [start, end) in the text */
    const char *norm;      /* normalised (NFKC, case-folded) */
    const char *stem;      /* what the index stores */
    unsigned flags;        /* SILK_TEXT_* */
} silk_text_token_t;

/* Called once per token in order; tok and its strings are borrowed for the
 * call. A non-zero return stops the analysis. */
typedef int (*silk_text_token_fn)(void *ctx, const silk_text_token_t *tok);

/* Analyse text[0..len) (any bytes) as an index of language (NULL:
 * english; "none": no stemming) does, calling cb for each token.
 * SILK_INVALID for an unknown language. */
silk_status_t silk_analyze(const char *language, const char *text,
                           size_t len, silk_text_token_fn cb, void *ctx);

/* The NULL-terminated list of languages (Snowball's and "none"); static. */
const char *const *silk_languages(void);

/* ---- indexing ----------------------------------------------------------- */

typedef struct silk_index_options {
    const char *language;  /* NULL: the index's own, english for a new one */
    int rebuild;           /* non-zero: start over, build beside, swap in */
    unsigned long commit_every; /* articles per commit (default 1000) */
    double lock_timeout;   /* seconds to wait for another writer (10) */
    int strict;            /* non-zero: the first input problem fails */
    size_t max_article_bytes; /* larger input is skipped (default 64 MiB;
                                 0: no limit) */
    int all_files;         /* non-zero: read every file of a walk as text */
} silk_index_options_t;

/* silk-index's defaults. */
void silk_index_options_init(silk_index_options_t *o);

/* What an indexing run did (silk-index's summary line). */
typedef struct silk_index_summary {
    unsigned long added, changed, unchanged, removed; /* articles */
    unsigned long passages;      /* passages written */
    unsigned long skipped_files; /* files not read (named on stderr) */
    unsigned long no_date;       /* articles without a date */
    unsigned long problems;      /* input problems (skipped or repaired) */
} silk_index_summary_t;

/* Index the articles under paths[0..n) (files, directories walked
 * recursively; .txt with .meta sidecars, .jsonl, .json, .csv and .tsv
 * with a header row, gzipped ones; fields by their usual names,
 * docs/corpus-format.md "Field names")
 * into the index directory at index (created if missing, as one
 * database; an existing sharded index is written shard by shard, one
 * process each, as silk-index does), incrementally:
 * unchanged articles are skipped, changed ones replaced, vanished ones
 * removed. Input problems are printed on stderr as silk-index prints
 * them, one line each, and counted in *out; so is the reason for a
 * failure (the message then says to look there). The index's synonym
 * table is kept. Not thread-safe (silk_index_articles runs one at a time
 * per process). opts may be NULL (defaults).
 * SILK_LOCKED when another writer holds the index past lock_timeout;
 * SILK_ERROR for any other failure (the message says what); SILK_INVALID
 * under strict after an input problem, and when the paths held no
 * article at all (every file skipped as not an article, or none: *out
 * has the counts). Returns with *out filled (zeros on failure). */
silk_status_t silk_index_articles(silk_index_summary_t *out,
                                  const char *index,
                                  const char *const *paths, size_t n,
                                  const silk_index_options_t *opts);

#ifdef __cplusplus
}
#endif

#endif /* SILK_H */
