/* index_synonyms.h: the synonym table silk-index stores in an index — the
 * shipped synonyms plus a --synonyms FILE, checked before anything is
 * written, and stored under SILK_META_SYNONYMS (docs/silk-index.md).
 */
#ifndef SILK_INDEX_SYNONYMS_H
#define SILK_INDEX_SYNONYMS_H

#include "silk_xapian.h"

/* The shipped synonyms followed by the file at path (NULL: none), checked
 * with the analyser of lang (NULL: english) and printed back as canonical
 * synonym-file text into *out (malloc'ed; the caller frees it). Returns 0,
 * or -1 after printing one line to stderr ("silk-index: FILE:LINE:
 * reason", or why the file cannot be read); *out is then NULL. */
int silk_index_synonyms_read(const char *path, const char *lang, char **out);

/* Store text in db, unless keep is set and db already holds a table (an
 * incremental run without --synonyms keeps the index's own). Returns 0,
 * or -1 after printing why. */
int silk_index_synonyms_store(silk_db_t *db, const char *text, int keep);

#endif /* SILK_INDEX_SYNONYMS_H */
