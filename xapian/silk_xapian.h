/* silk_xapian.h: the pure-C shim over libxapian 1.4 — the only door to
 * Xapian. Opaque handles, a status enum, a thread-local last error message,
 * and no C++ exception ever crossing into C.
 *
 * Conventions (see ../shared/STYLE.md):
 *   - functions return silk_status_t; out-params come first, are named out,
 *     and are set to NULL / 0 on failure;
 *   - objects returned through **out belong to the caller and have a _free
 *     that accepts NULL; borrowed pointers say how long they live;
 *   - after a failure, silk_errmsg() gives a one-line message for the
 *     calling thread (it names the path where one is involved).
 */
#ifndef SILK_XAPIAN_H
#define SILK_XAPIAN_H

#include <stddef.h>

#include "silk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* silk_status_t, SILK_OK ... and silk_status_str(): util/silk_status.h. */

/* The message of the last failure on this thread; "" if none. Borrowed:
 * valid until the next shim call on this thread. */
const char *silk_errmsg(void);

/* ---- databases ---------------------------------------------------------- */

typedef struct silk_db silk_db_t;

/* Open for reading the databases at paths[0..n) searched as one. Each path
 * is a database directory or a Xapian stub file (listing local "auto PATH"
 * and "remote HOST:PORT" shards). A missing path gives SILK_NOT_FOUND, a
 * damaged one SILK_CORRUPT, an unreachable remote SILK_NETWORK. */
silk_status_t silk_db_open_read(silk_db_t **out, const char *const *paths,
                                size_t n);

/* Open the remote shard served by xapian-tcpsrv at host:port for reading
 * (what a stub's "remote HOST:PORT" line opens), giving up after
 * timeout_ms on connecting and on each reply. SILK_NETWORK if it cannot be
 * reached. */
silk_status_t silk_db_open_remote(silk_db_t **out, const char *host,
                                  unsigned port, unsigned timeout_ms);

/* Add the databases of other (opened for reading) to db, searched as one
 * from now on. other stays the caller's to free. */
silk_status_t silk_db_add(silk_db_t *db, silk_db_t *other);

/* Open the database at path for writing, creating it if create is non-zero
 * and it does not exist. If another writer holds the lock, retry for up to
 * lock_wait_ms milliseconds, then fail with SILK_LOCKED. The lock file is
 * Xapian's; it is never deleted here. */
silk_status_t silk_db_open_write(silk_db_t **out, const char *path,
                                 int create, unsigned lock_wait_ms);

/* Commit pending changes of a writable database (checks and reports the
 * result: a failed commit leaves the previous commit intact). While a
 * reader holds the revision (silk_db_hold), waits for it up to
 * SILK_HOLD_WAIT_MS, then commits anyway. */
silk_status_t silk_db_commit(silk_db_t *db);

/* Longest a commit waits for readers holding the revision (10 s). */
#define SILK_HOLD_WAIT_MS 10000

/* Ask writers to keep the latest revision until silk_db_unhold: a shared
 * flock(2) on each local index directory's silk-read.lock (made by the
 * writer), which a writer's silk_db_commit waits for. For a read that a
 * writer's commits discarded: hold, reopen, read again, unhold. A reader
 * holds only after a failed attempt, so writers wait only for readers
 * that would otherwise fail again. Waits up to 1 s for a commit in
 * progress; a directory without the file (an older writer, none yet) is
 * skipped. Holding twice is holding once. */
silk_status_t silk_db_hold(silk_db_t *db);
/* Release what silk_db_hold took (silk_db_free does too). */
void silk_db_unhold(silk_db_t *db);

/* Close and free. A writable database's uncommitted changes are discarded
 * (silk commits explicitly). NULL is a no-op. */
void silk_db_free(silk_db_t *db);

/* Reopen a reader at the latest revision. */
silk_status_t silk_db_reopen(silk_db_t *db);

typedef struct silk_db_stats {
    unsigned long doccount;
    unsigned long lastdocid;
    double avlength;
} silk_db_stats_t;

silk_status_t silk_db_stats(silk_db_t *db, silk_db_stats_t *out);

/* Number of documents indexed by term (0 if none). */
silk_status_t silk_db_termfreq(silk_db_t *db, const char *term,
                               unsigned long *out);

/* The passages of articles: for each of the n terms arts[] (an article's
 * boolean term, SILK_PREFIX_ARTICLE + id), each document indexed by it,
 * with its length and the wdf of each of terms[0..nterms) in wdf[] (0 if
 * absent): cb(ctx, article index, docid, length, wdf) for each, in docid
 * order; non-zero stops. One posting list read per article and per term.
 * Retries on DatabaseModifiedError (nothing is reported before the read
 * is complete). */
typedef int (*silk_passage_cb)(void *ctx, size_t art, unsigned docid,
                               unsigned long length, const unsigned *wdf);
silk_status_t silk_db_passages(silk_db_t *db, const char *const *arts,
                               size_t n, const char *const *terms,
                               size_t nterms, silk_passage_cb cb, void *ctx);

/* Metadata (user key/value pairs, committed with the documents). For
 * several databases, reads come from the first. *out is malloc'ed and
 * NUL-terminated ("" for an unset key); the caller frees it. */
silk_status_t silk_db_get_metadata(silk_db_t *db, const char *key,
                                   char **out);
/* Set (or, with value "", remove) a metadata key in a writable database. */
silk_status_t silk_db_set_metadata(silk_db_t *db, const char *key,
                                   const char *value);

/* Call cb(ctx, key, value) for each metadata key starting with prefix, in
 * key order; a non-zero return stops the walk (and is not an error). The
 * strings are borrowed for the call only. */
typedef int (*silk_metadata_cb)(void *ctx, const char *key, const char *value);
silk_status_t silk_db_metadata_foreach(silk_db_t *db, const char *prefix,
                                       silk_metadata_cb cb, void *ctx);

/* Call cb(ctx, term, termfreq) for each term starting with prefix. */
typedef int (*silk_term_cb)(void *ctx, const char *term, unsigned long tf);
silk_status_t silk_db_terms_foreach(silk_db_t *db, const char *prefix,
                                    silk_term_cb cb, void *ctx);

/* Merge (compact) the databases at srcs[0..n) into a new database at dest
 * with Xapian's compaction. */
silk_status_t silk_db_compact(const char *const *srcs, size_t n,
                              const char *dest);

/* Deferred compression (docs/index-format.md, "Deferred compression").
 * libxapian 1.4 deflates every docdata and termlist tag longer than 18
 * bytes as it writes it, and has no option to stop it; a table takes its
 * threshold (compress_min) from glass's version file, iamglass, when a
 * writer opens it, and Xapian's compaction writes its output with the
 * default threshold, compressing what was stored uncompressed. These two
 * read and edit that field of the database directory at path, and only in
 * the one format they know: glass format version 2016-03-14 (Xapian 1.3.5
 * to 1.4.x) parsed completely (magic, version, uuid, revision, the six
 * tables' root records, the statistics, nothing left over), docdata's and
 * termlist's compress_min 18 (or 4, the old default) or 0.
 *
 * silk_db_compression_deferred: 1 if both store tags uncompressed (0), 0
 * if both compress as Xapian's default, -1 otherwise (not a database this
 * check knows; the reason in silk_errmsg()).
 *
 * silk_db_defer_compression: set both to 0, writing iamglass anew beside
 * it and renaming it over (fsync'ed), so that a kill leaves the old file
 * or the new one. Call it with no writer open on path (and holding silk's
 * lock): an open writer would write its own compress_min back at its next
 * commit. SILK_OK (done, or already deferred); SILK_INVALID if the file is
 * not the format above (it is left byte for byte as it was; the reason in
 * silk_errmsg()); SILK_NOT_FOUND without iamglass; SILK_ERROR on an I/O
 * error (the file left as it was). */
int silk_db_compression_deferred(const char *path);
silk_status_t silk_db_defer_compression(const char *path);

/* Run Xapian's consistency checker (Xapian::Database::check) over the
 * database directory at path: every block of every table, and the tables
 * against each other. *out gets the number of errors (0: consistent);
 * *report (malloc'ed, the caller frees it) the first error's message, ""
 * if none. SILK_NOT_FOUND if nothing is at path; other failures (not a
 * database) as for opening. Damage the checker cannot walk past counts as
 * one error. */
silk_status_t silk_db_check(unsigned long *out, char **report,
                            const char *path);

/* ---- documents ---------------------------------------------------------- */

typedef struct silk_doc silk_doc_t;

silk_status_t silk_doc_new(silk_doc_t **out);
void silk_doc_free(silk_doc_t *doc);

/* A term at a position (for phrases), adding wdfinc to its wdf. */
silk_status_t silk_doc_add_posting(silk_doc_t *doc, const char *term,
                                   size_t len, unsigned pos, unsigned wdfinc);
/* A term without position. */
silk_status_t silk_doc_add_term(silk_doc_t *doc, const char *term, size_t len,
                                unsigned wdfinc);
/* A boolean (filter) term: wdf 0, does not count towards the length. */
silk_status_t silk_doc_add_boolean_term(silk_doc_t *doc, const char *term,
                                        size_t len);
silk_status_t silk_doc_set_value(silk_doc_t *doc, unsigned slot,
                                 const char *val, size_t len);
silk_status_t silk_doc_set_data(silk_doc_t *doc, const char *data, size_t len);

/* Add doc as a new document. *out (if out is not NULL) gets its docid. */
silk_status_t silk_db_add_doc(silk_db_t *db, const silk_doc_t *doc,
                              unsigned *out);
/* Replace the document indexed by unique_term with doc (adding it if there
 * is none). */
silk_status_t silk_db_replace_doc(silk_db_t *db, const char *unique_term,
                                  const silk_doc_t *doc);
/* Delete every document indexed by term. */
silk_status_t silk_db_delete_docs(silk_db_t *db, const char *term);

/* ---- queries ------------------------------------------------------------ */

typedef struct silk_query silk_query_t;

typedef enum silk_op {
    SILK_OP_AND,
    SILK_OP_OR,
    SILK_OP_AND_NOT,    /* first AND NOT (any of the rest) */
    SILK_OP_AND_MAYBE,  /* first, weighted up by the rest */
    SILK_OP_FILTER,     /* first, restricted to the rest (no weight) */
    SILK_OP_PHRASE,     /* terms in order within window (0 = adjacent) */
    SILK_OP_NEAR,       /* terms in any order within window */
    SILK_OP_SYNONYM     /* terms weighted as one */
} silk_op_t;

/* A term query. wqf is the within-query frequency (1 usually); pos is the
 * term's position in the query (for phrase bookkeeping; 0 if unknown). */
silk_status_t silk_query_term(silk_query_t **out, const char *term,
                              size_t len, unsigned wqf, unsigned pos);
/* Combine subs[0..n) with op. The subqueries are copied: the caller still
 * owns and frees them. window is used by PHRASE and NEAR only. n == 0 gives
 * a query that matches nothing. */
silk_status_t silk_query_combine(silk_query_t **out, silk_op_t op,
                                 silk_query_t *const *subs, size_t n,
                                 unsigned window);
/* Documents whose value in slot lies in [lo, hi] (string order); NULL for
 * an open end. Boolean: no weight. */
silk_status_t silk_query_value_range(silk_query_t **out, unsigned slot,
                                     const char *lo, const char *hi);
/* q with its weight multiplied by factor (>= 0). */
silk_status_t silk_query_scale(silk_query_t **out, const silk_query_t *q,
                               double factor);
/* Documents matching q (as a filter), each scored exactly weight. Used to
 * put tiers of results (all words, exact phrase) strictly above others. */
silk_status_t silk_query_fixed(silk_query_t **out, const silk_query_t *q,
                               double weight);
silk_status_t silk_query_match_all(silk_query_t **out);
silk_status_t silk_query_match_nothing(silk_query_t **out);
/* Xapian's description of q, malloc'ed; the caller frees it. NULL on
 * failure. */
char *silk_query_describe(const silk_query_t *q);
void silk_query_free(silk_query_t *q);

/* ---- searching ---------------------------------------------------------- */

typedef struct silk_search_opts {
    double k1, k2, k3, b, min_normlen; /* BM25; defaults are Xapian's */
    int unweighted;            /* non-zero: every match weighs 0 (Xapian's
                                  BoolWeight), for a search that only lists
                                  or counts */
    int collapse_slot;         /* -1: no collapse */
    unsigned collapse_max;     /* keep this many per collapse key */
    int sort_slot;             /* -1: by relevance (then docid) */
    int sort_reverse;          /* with sort_slot: descending when non-zero */
    int sort_then_slot;        /* with sort_slot: equal values ordered by
                                  this slot's value (ascending, whatever
                                  sort_reverse says), then docid; -1: by
                                  docid only */
    int sort_unset_last;       /* with sort_slot: documents without a value
                                  come last in either direction */
    unsigned offset, limit;
    unsigned long check_at_least; /* look at this many matches (exact counts
                                     need the database's doccount) */
    const unsigned *count_slots;  /* exact value counts for these slots */
    size_t ncount_slots;
    int tiebreak_slot;         /* by relevance, equal weights ordered by
                                  this slot's value, then docid; -1: by
                                  docid only (docids depend on sharding) */
    int keys_only;             /* non-zero: hits carry their docid, weight,
                                  sort and collapse keys and the values of
                                  hit_slots only; their data and other
                                  values are read later, for the hits
                                  wanted, with silk_mset_fetch */
    const unsigned *hit_slots; /* with keys_only: slots whose values every */
    size_t nhit_slots;         /* hit carries (silk_mset_value) */
    unsigned nfetch_slots;     /* with keys_only: silk_mset_fetch reads the
                                  values of slots 0 .. nfetch_slots - 1
                                  only, a pass over each slot's values in
                                  docid order (~1 us a hit, where reading
                                  every value of each document costs ~60);
                                  0: every value of each document */
    int fetch_data_only;       /* with keys_only: silk_mset_fetch reads the
                                  documents' data only, no value (the hit
                                  slots' values stay); nfetch_slots is
                                  then ignored */
} silk_search_opts_t;

/* Fill o with defaults: Xapian's BM25 (k1 1, k2 0, k3 1, b 0.5,
 * min_normlen 0.5), no collapse, by relevance, offset 0, limit 10. */
void silk_search_opts_init(silk_search_opts_t *o);

typedef struct silk_mset silk_mset_t;

/* Run q against db. Hit data and values are fetched before returning
 * (unless o->keys_only), so reading *out never fails. On
 * DatabaseModifiedError the database is reopened and the search retried
 * (up to 10 times) before SILK_MODIFIED. Every other read (stats,
 * termfreq, metadata, the walks) retries the same way; a walk calls its
 * callback only after the whole read succeeded. */
silk_status_t silk_db_search(silk_db_t *db, const silk_query_t *q,
                             const silk_search_opts_t *o, silk_mset_t **out);
void silk_mset_free(silk_mset_t *ms);

/* Pseudo-relevance feedback over whole articles: each of the n article
 * terms arts[] (SILK_PREFIX_ARTICLE + id) is one relevant document, its
 * passages' wdfs and lengths summed, for Xapian's TradEWeight expansion
 * weight (n and N passage frequencies: an article of one passage is
 * Xapian's relevant document, and these are Xapian's ESet terms). Text
 * terms only (no prefix: the first byte is not an ASCII capital), none of
 * q's own and none that skip(ctx, term, len) (may be NULL) refuses with
 * non-zero: the nterms best, cb(ctx, term, len, weight) for each, best
 * first (equal weights by term); non-zero stops. No article found: no
 * call. Retries on DatabaseModifiedError (nothing is reported before the
 * read is complete). */
typedef int (*silk_term_skip_cb)(void *ctx, const char *term, size_t len);
typedef int (*silk_expand_cb)(void *ctx, const char *term, size_t len,
                              double weight);
silk_status_t silk_db_expand_articles(silk_db_t *db, const silk_query_t *q,
                                      const char *const *arts, size_t n,
                                      unsigned nterms, silk_term_skip_cb skip,
                                      silk_expand_cb cb, void *ctx);

/* Hits on this page. */
size_t silk_mset_size(const silk_mset_t *ms);
/* Matches in all: estimated, and bounds (lower == upper when exact). */
unsigned long silk_mset_matches(const silk_mset_t *ms, unsigned long *lower,
                                unsigned long *upper);

unsigned silk_mset_docid(const silk_mset_t *ms, size_t i);
double silk_mset_weight(const silk_mset_t *ms, size_t i);
/* Hit i's document data; borrowed until the mset is freed. */
const char *silk_mset_data(const silk_mset_t *ms, size_t i, size_t *len);
/* Hit i's value in slot ("" if unset); borrowed until the mset is freed.
 * Every slot is fetched (with keys_only: the hit_slots, until
 * silk_mset_fetch reads the rest). */
const char *silk_mset_value(const silk_mset_t *ms, size_t i, unsigned slot,
                            size_t *len);

/* Hit i's sort key: the value of the sort slot (sort_slot, or
 * tiebreak_slot when sorting by relevance); "" if unset or sorting by
 * relevance alone; an opaque key (Xapian's MultiValueKeyMaker's) with
 * sort_then_slot or sort_unset_last. Borrowed until the mset is freed. */
const char *silk_mset_sort_key(const silk_mset_t *ms, size_t i, size_t *len);
/* Hit i's collapse key: the collapse slot's value ("" if unset or no
 * collapse). Borrowed until the mset is freed. */
const char *silk_mset_collapse_key(const silk_mset_t *ms, size_t i,
                                   size_t *len);

/* Read the data and values of hits idx[0..n) of a keys_only search, so
 * that silk_mset_data and silk_mset_value return them (hits fetched twice
 * are read once; the values are those of slots below the search's
 * nfetch_slots when it set them, plus its hit_slots; the hit_slots' only
 * with fetch_data_only). The hits are read
 * in docid order, all or none: SILK_MODIFIED if the database changed too
 * much since the search (search again), SILK_INVALID for an index past
 * the end. */
silk_status_t silk_mset_fetch(silk_mset_t *ms, const size_t *idx, size_t n);

/* Exact counts of the values in slot over every match (when the search
 * looked at every match: check_at_least >= doccount), for a slot listed in
 * count_slots. cb gets each distinct value and its count, in value order;
 * non-zero stops. SILK_INVALID if slot was not counted. */
typedef int (*silk_count_cb)(void *ctx, const char *value, size_t len,
                             unsigned long count);
silk_status_t silk_mset_value_counts(const silk_mset_t *ms, unsigned slot,
                                     silk_count_cb cb, void *ctx);
/* How many distinct non-empty values slot (listed in count_slots) has over
 * every match, into *n: what silk_mset_value_counts would list, without
 * putting them in order. SILK_INVALID if slot was not counted. */
silk_status_t silk_mset_value_distinct(const silk_mset_t *ms, unsigned slot,
                                       unsigned long *n);

#ifdef __cplusplus
}
#endif

#endif /* SILK_XAPIAN_H */
