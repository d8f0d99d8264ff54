/* document.h: turn one article into its passage documents — terms with
 * positions, title terms, facet terms and values, and the JSON data — as
 * schema/silk_schema.h and docs/index-format.md lay them out.
 *
 * This is the "prepare" half of indexing: it never touches a database, so
 * it can run in a worker thread while another thread writes.
 */
#ifndef SILK_DOCUMENT_H
#define SILK_DOCUMENT_H

#include <stddef.h>

#include "reader.h"
#include "silk_xapian.h"

typedef struct silk_docmaker silk_docmaker_t;

/* Create a document maker for the Snowball language lang (NULL: english),
 * with its own analyser, gazetteer and facet extractor, into *out. One per
 * thread (the analyser and extractor are not thread-safe). Returns
 * SILK_OK; SILK_INVALID if the language is unknown; SILK_NO_MEMORY if
 * memory ran out (*out is then NULL). Free with silk_docmaker_free(). */
silk_status_t silk_docmaker_open(silk_docmaker_t **out, const char *lang);

/* silk_docmaker_open for callers that need no reason: NULL for either
 * failure (silk-index's main until it moves to cli/). */
silk_docmaker_t *silk_docmaker_new(const char *lang);
void silk_docmaker_free(silk_docmaker_t *m);

/* The canonical name of the maker's language ("english"); borrowed, valid
 * until the maker is freed. */
const char *silk_docmaker_language(const silk_docmaker_t *m);

/* --explain-facets: called for each facet value found, with the passage
 * number (-1 for an article-level value: date, source, subject), the field
 * ("date", "year", "source", "country", "ministry", "subject",
 * "category"), the value,
 * its byte span [start, end) in the article body (0, 0 when it came from
 * metadata) and the rule that produced it. Strings are borrowed for the
 * call only. */
typedef void (*silk_explain_cb)(void *ctx, const silk_article_t *a,
                                long passage, const char *field,
                                const char *value, size_t start, size_t end,
                                const char *rule);

/* The documents of one article (or of a part of a long one). */
typedef struct silk_article_docs {
    silk_doc_t **docs;  /* docs[0..n): one per passage, in order */
    size_t n;
    size_t first;       /* the passage number of docs[0] */
    char date[11];      /* the date used: metadata, else from the header
                           area of the body; "" */
    size_t text_bytes;  /* bytes of text analysed (title + passages) */
    size_t words;       /* words indexed in the article's passages so far:
                           0 means no query can find it */
    size_t postings;    /* terms added to these documents, with repeats:
                           what a writer holds in memory until it
                           commits */
} silk_article_docs_t;

/* Build the passage documents of article a into *out (which the caller
 * zero-initialises or clears first; the caller owns the documents and
 * releases them with silk_article_docs_clear). Every article with a title
 * or a body has a passage: a headline-only one gets its title as passage
 * 0. a->id must be non-empty and at most SILK_MAX_ID_BYTES long, and the
 * strings but a->path valid UTF-8 (the reader guarantees it). explain may
 * be NULL. Returns 0, or -1 on failure (out of memory, or a shim error:
 * see silk_errmsg()), leaving *out empty. */
int silk_docmaker_build(silk_docmaker_t *m, const silk_article_t *a,
                        silk_article_docs_t *out, silk_explain_cb explain,
                        void *ctx);

/* Receives a part of a long article: *part's documents now belong to the
 * callee (silk_article_docs_clear frees them). Return 0 to go on,
 * non-zero to stop (the build then fails). */
typedef int (*silk_docs_part_cb)(void *ctx, silk_article_docs_t *part);

/* As silk_docmaker_build, but an article whose passages hold more than
 * part_bytes of text is built in parts of at most about part_bytes of
 * text and part_postings terms each, handed to part_cb as they are made
 * (a part holds at least one passage), and the last part is left in *out
 * (its
 * words and date are the whole article's, its text_bytes its own, the
 * title counted in the first part's): its subject
 * countries are settled first, by a pass over its facets, so that a part
 * is complete when it is handed over. Memory stays bounded by a part. */
int silk_docmaker_build_parts(silk_docmaker_t *m, const silk_article_t *a,
                              size_t part_bytes, size_t part_postings,
                              silk_docs_part_cb part_cb, void *pctx,
                              silk_article_docs_t *out,
                              silk_explain_cb explain, void *ctx);

/* Free the documents in d and empty it; NULL and empty are no-ops. */
void silk_article_docs_clear(silk_article_docs_t *d);

#endif /* SILK_DOCUMENT_H */
