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

/* Longest article id accepted. Ids become terms ("Q" + id + "#" + n) and
 * metadata keys ("silk:article:" + id); Xapian refuses terms over 245
 * bytes, so 200 leaves room for the prefixes and the passage number. */
#define SILK_MAX_ID_BYTES 200

typedef struct silk_docmaker silk_docmaker_t;

/* Create a document maker for the Snowball language lang (NULL: english),
 * with its own analyser, gazetteer and facet extractor. One per thread (the
 * analyser and extractor are not thread-safe). Returns NULL if the language
 * is unknown or memory ran out. Free with silk_docmaker_free(). */
silk_docmaker_t *silk_docmaker_new(const char *lang);
void silk_docmaker_free(silk_docmaker_t *m);

/* The canonical name of the maker's language ("english"); borrowed, valid
 * until the maker is freed. */
const char *silk_docmaker_language(const silk_docmaker_t *m);

/* --explain-facets: called for each facet value found, with the passage
 * number (-1 for an article-level value: date, source, subject), the field
 * ("date", "year", "source", "country", "ministry", "subject"), the value,
 * its byte span [start, end) in the article body (0, 0 when it came from
 * metadata) and the rule that produced it. Strings are borrowed for the
 * call only. */
typedef void (*silk_explain_cb)(void *ctx, const silk_article_t *a,
                                long passage, const char *field,
                                const char *value, size_t start, size_t end,
                                const char *rule);

/* The documents of one article. */
typedef struct silk_article_docs {
    silk_doc_t **docs;  /* docs[0..n): one per passage, in order */
    size_t n;
    char date[11];      /* the date used: metadata, else from the body; "" */
    size_t text_bytes;  /* bytes of text analysed (title + passages) */
} silk_article_docs_t;

/* Build the passage documents of article a into *out (which the caller
 * zero-initialises or clears first; the caller owns the documents and
 * releases them with silk_article_docs_clear). a->id must be non-empty and
 * at most SILK_MAX_ID_BYTES long, and the strings valid UTF-8 (the reader
 * guarantees it). explain may be NULL. Returns 0, or -1 on failure (out of
 * memory, or a shim error: see silk_errmsg()), leaving *out empty. */
int silk_docmaker_build(silk_docmaker_t *m, const silk_article_t *a,
                        silk_article_docs_t *out, silk_explain_cb explain,
                        void *ctx);

/* Free the documents in d and empty it; NULL and empty are no-ops. */
void silk_article_docs_clear(silk_article_docs_t *d);

#endif /* SILK_DOCUMENT_H */
