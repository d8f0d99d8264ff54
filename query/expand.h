/* expand.h: the synonym table of the index silk-query searches, read from
 * its metadata (SILK_META_SYNONYMS, written by silk-index), so that one
 * index, local shards and remote shards over xapian-tcpsrv expand a query
 * the same way.
 */
#ifndef SILK_EXPAND_H
#define SILK_EXPAND_H

#include "analyzer.h"
#include "silk_xapian.h"
#include "synonyms.h"

/* Read db's synonyms into *out (NULL when the index has none: built by a
 * silk-index before synonyms), analysed with a (borrowed; it must outlive
 * the table). With several databases the first one's table is read: shards
 * are written by one silk-index run, with one table. Returns 0, or -1
 * after printing one line to stderr (unreadable metadata; a table that
 * does not read is reported with its line and ignored). The caller frees
 * *out with silk_syn_free(). */
int silk_expand_load(silk_syn_t **out, silk_db_t *db, silk_analyzer_t *a);

#endif /* SILK_EXPAND_H */
