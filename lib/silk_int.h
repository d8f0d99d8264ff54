/* silk_int.h: libsilk's insides — what the handles of silk.h hold, the one
 * stub parser and Xapian marker list, and the doors the command-line tools
 * use where silk.h would only forward to a module (the output formats
 * print query/search.h's results). Not installed.
 */
#ifndef SILK_INT_H
#define SILK_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "silk.h"
#include "analyzer.h"
#include "gazetteer.h"
#include "pipeline.h"
#include "search.h"
#include "synonyms.h"
#include "silk_xapian.h"

/* ---- errors ------------------------------------------------------------- */

/* Set this thread's silk_last_error() to the formatted message (one line,
 * no newline) and return st. */
silk_status_t silk_fail(silk_status_t st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- stubs -------------------------------------------------------------- */

/* Longest stub line read; a longer one is left to Xapian. */
#define SILK_STUB_LINE_MAX 4096

/* Most shards one index handle opens (all paths, stubs expanded). */
#define SILK_MAX_SHARDS 1024

typedef enum silk_stub_kind {
    SILK_STUB_LOCAL,   /* "auto|glass|chert|honey PATH" */
    SILK_STUB_REMOTE,  /* "remote HOST:PORT" */
    SILK_STUB_XAPIAN,  /* a line only Xapian reads ("remote :PROG",
                          "inmemory", a line longer than the limit) */
    SILK_STUB_BAD      /* no stub line at all */
} silk_stub_kind_t;

typedef struct silk_stub_line {
    silk_stub_kind_t kind;
    unsigned long lineno;   /* from 1 */
    char *text;             /* the line as written (no newline) */
    char *path;             /* LOCAL: PATH, relative ones against the
                               stub's directory */
    char *host;             /* REMOTE */
    unsigned port;
} silk_stub_line_t;

typedef struct silk_stub {
    silk_stub_line_t *v;    /* the shard lines in order (blank lines and
                               '#' comments left out) */
    size_t n;
} silk_stub_t;

/* Read the Xapian stub file stub (relative paths against base) as Xapian
 * 1.4 reads it. Returns SILK_OK, or a failure with the message set
 * (unreadable: "cannot read the stub file ..."; no memory). *out is the
 * caller's, freed with silk_stub_free() (also after a failure). */
silk_status_t silk_stub_read(silk_stub_t *out, const char *stub,
                             const char *base);
void silk_stub_free(silk_stub_t *s);

/* The file in a directory that makes it a sharded index: Xapian 1.4 opens
 * a directory holding a file of this name as that stub. */
#define SILK_STUB_NAME "XAPIANDB"

/* Whether dir holds a Xapian database's marker file (iamglass, iamchert,
 * iamhoney): a failure to open it then means damage, not a wrong path. */
bool silk_is_xapian_dir(const char *dir);

/* ---- metadata ----------------------------------------------------------- */

/* The schema and language as stored in db, read with the reopen-and-retry
 * of every read. *schema gets the version (0: no silk schema; -1: a value
 * that is no version number; the text in schema_text); *lang the language
 * ("" for the old "english" default), malloc'ed. Fails with the message
 * "cannot read the index at NAME: ..." naming name. */
silk_status_t silk_meta_read(silk_db_t *db, const char *name, int *schema,
                             char **schema_text, char **lang);

/* ---- handles ------------------------------------------------------------ */

/* One database to open. */
typedef struct silk_shard {
    char *name;        /* as the user knows it: "PATH" or "HOST:PORT" */
    char *path;        /* local: what to open; NULL for a remote shard */
    char *host;        /* remote */
    unsigned port;
    bool in_stub;      /* listed in a stub (may be left out when partial) */
    bool bad_line;     /* a malformed stub line (allow_partial only) */
} silk_shard_t;

struct silk_index {
    char **paths;              /* as given to silk_index_open */
    size_t npaths;
    silk_open_options_t opts;
    char *want_lang;           /* opts.language, owned */
    silk_shard_t *shards;      /* every listed shard */
    size_t nshards;
    const char **missing;      /* names (in shards) left out */
    size_t nmissing;
    const char **opened;       /* names of the shards opened, in the order
                                  searched (a hit's "shard") */
    size_t nopened;
    silk_db_t *db;
    silk_analyzer_t *a;
    silk_gazetteer_t *g;       /* built on the first search */
    silk_syn_t *syn;           /* the index's synonyms, or NULL */
    unsigned generation;       /* bumped when the shards are opened again
                                  (allow_partial, after a search failed):
                                  opened and missing are new arrays */
};

struct silk_answer {
    silk_results_t *r;
    char **ids;                /* "ARTICLE#N" per hit */
    char ***also_ids;          /* per hit, per listed copy */
    char **passage;            /* per hit: its number as text */
    const char **shard;        /* per hit: borrowed from the index */
    bool partial;
};

/* The open databases and analyser of ix (borrowed). */
silk_db_t *silk_index_db(silk_index_t *ix);
silk_analyzer_t *silk_index_analyzer(silk_index_t *ix);
/* The gazetteer, built on the first call; NULL (message set) if out of
 * memory. */
silk_gazetteer_t *silk_index_gazetteer(silk_index_t *ix);

/* With allow_partial, after a remote shard failed during a search: open
 * the set again without the shards that cannot be reached now. */
silk_status_t silk_index_reopen_partial(silk_index_t *ix);

/* The name of the remote shard of ix that does not answer now (after a
 * network error in a search), or NULL if every one does. */
const char *silk_index_failed_remote(const silk_index_t *ix);

/* Run the query qs on ix as silk_search does, with the engine's request
 * req (the command line's: every option silk-query has). On success *out
 * is the caller's (silk_results_free). */
silk_status_t silk_index_search_req(silk_results_t **out, silk_index_t *ix,
                                    const char *qs,
                                    const silk_search_req_t *req,
                                    const char *qid);

/* Article id's passages as silk_article gives them, as results; with
 * "ID#N" and context > 0, each hit carries its context neighbours
 * (silk-query --article ID#N --context N). */
silk_status_t silk_index_article_results(silk_results_t **out,
                                         silk_index_t *ix, const char *id,
                                         unsigned context);

/* The request silk_article's results are made with (every passage, not
 * folded, exact; context passages around each). */
void silk_article_req(silk_search_req_t *req, unsigned context);

/* The engine's request for opts (NULL: defaults); SILK_INVALID with the
 * message set for an unknown facet field or sort. */
silk_status_t silk_search_req_from(silk_search_req_t *req,
                                   const silk_search_options_t *opts);

/* ---- writing (index.c) ------------------------------------------------- */

/* Most shards one index is written in: one process each, all at once; more
 * than this is more processes than any machine has cores for. */
#define SILK_INDEX_MAX_SHARDS 256

/* Index o->paths into o->index as silk-index does, holding silk's lock
 * (creating the directory): a new index is one database, or shards shards
 * (0: the existing index's count); --rebuild builds anew beside and swaps
 * in. Messages on stderr ("silk-index: ..."), the summary on stdout unless
 * o->quiet. A run whose PATHs gave no article (and removed none) says so
 * on stderr and returns SILK_EXIT_NOTHING where it would return
 * SILK_EXIT_OK; a --rebuild so is not swapped in. o->counts, if set, gets
 * the counts. Returns a SILK_EXIT_* status (pipeline.h). */
int silk_index_run(silk_index_opts_t *o, unsigned shards);

/* silk-index --compact (into output, NULL: in place) and --check. */
int silk_index_compact(silk_index_opts_t *o, const char *output);
int silk_index_check(silk_index_opts_t *o);

#endif /* SILK_INT_H */
