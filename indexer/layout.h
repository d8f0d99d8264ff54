/* layout.h: an index on disk as silk-index writes it — silk's own lock on
 * the index directory, building a new index beside the old one and
 * swapping it in whole (--rebuild, --compact), the debris a killed swap
 * leaves and how it is cleared, and Xapian's checker over every shard.
 * See docs/reliability.md ("Rebuild, compaction and the lock").
 */
#ifndef SILK_LAYOUT_H
#define SILK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* silk's own write lock on an index directory: flock(2) on the directory
 * itself, held until silk_layout_unlock or the process (and every child
 * forked meanwhile) ends. It does not live in a file anyone can delete,
 * unlike Xapian's flintlock, so a second silk-index waits even if that
 * file is removed. */
typedef struct silk_layout_lock silk_layout_lock_t;

/* Results of silk_layout_lock. */
#define SILK_LAYOUT_LOCKED   0   /* *out holds the lock */
#define SILK_LAYOUT_BUSY     1   /* another writer held it past the timeout */
#define SILK_LAYOUT_NOLOCK   2   /* no directory to lock (index is a file, is
                                    missing and not to be created, or cannot
                                    be created): *out is NULL, the caller's
                                    open reports the problem */

/* Create the directory index if it is missing (and its parent exists)
 * and create is true, then take silk's lock on it, waiting up to
 * timeout_s seconds. After
 * taking it, clear what a killed rebuild or compaction left beside the
 * index (silk_layout_clear). Returns SILK_LAYOUT_*; -1 after printing why
 * (out of memory). *out is the caller's: silk_layout_unlock frees it. */
int silk_layout_lock(silk_layout_lock_t **out, const char *index,
                     bool create, double timeout_s);

/* Release and free the lock (NULL is a no-op). */
void silk_layout_unlock(silk_layout_lock_t *lock);

/* The path beside index where a new index is built before it is swapped
 * in: ".NAME.silk-new" in index's parent directory. malloc'ed; NULL if out
 * of memory or index has no usable last component ("/", ".", ".."). */
char *silk_layout_fresh_path(const char *index);

/* The path beside index where --rebuild writes a merged build (its shards,
 * or one database storing tags uncompressed; lib/index.c) before it is
 * compacted into silk_layout_fresh_path: ".NAME.silk-build". malloc'ed;
 * NULL as for silk_layout_fresh_path. */
char *silk_layout_build_path(const char *index);

/* Put the complete index at fresh in the place of index, as one step:
 * renameat2(RENAME_EXCHANGE) swaps the two directories atomically (a
 * reader opens the old index or the new one, never neither), then the old
 * one (now at fresh) is removed. A file system that refuses the exchange
 * gets two renames instead (index moved to ".NAME.silk-old", fresh renamed
 * in, the old removed): a reader that opens in between finds no index, and
 * a kill in between is repaired by the next silk_layout_clear. If index
 * does not exist, fresh is renamed to it. Returns 0, or -1 after printing
 * why (index is then unchanged, fresh still there). */
int silk_layout_swap(const char *index, const char *fresh);

/* Remove the directory tree at path (a missing one is fine). Returns 0 or
 * -1 (errno set). */
int silk_layout_remove_tree(const char *path);

/* Clear the debris of a stopped rebuild, compaction or swap beside index:
 * a ".NAME.silk-new" (a partial build, or the old index a swap had not
 * removed yet), a ".NAME.silk-old" and a ".NAME.silk-build". If index
 * itself is missing and a two-rename swap was killed half-way, finish it
 * (the new index is complete by then) or put the old one back. Call it
 * holding index's lock (or with index missing). Returns 0 or -1 after
 * printing why. */
int silk_layout_clear(const char *index);

/* Run Xapian's consistency checker over the database at path (one shard),
 * printing "silk-index: PATH: ok" or the errors it found on stdout.
 * Returns the number of errors, or -1 if the check could not run (the
 * reason is printed: missing, not a database, damaged beyond reading). */
long silk_layout_check_db(const char *path);

/* Before writing to the existing database at path (one index or one
 * shard): first what silk can tell cheaply — it opens, its statistics and
 * silk's metadata (schema, language) read, and silk's article records agree
 * with the documents: one article term per record with passages, and the
 * records' passage counts and the article terms' frequencies both add up
 * to the document count — then Xapian's checker over every block
 * (silk_db_check; about a second per 200 MB of index), unless the
 * directory's files are exactly (name, size, mtime, inode) as silk's last
 * finished run left them (silk_layout_stamp). libxapian 1.4 can crash
 * writing to a damaged database, so it is never written to. Damage
 * that leaves every block well-formed (a consistent but wrong B-tree item)
 * is not seen. A database without silk's schema, or of another schema
 * version, is left to the caller. Returns 0, or -1 after printing what is
 * wrong and the way out. */
int silk_layout_verify(const char *path);

/* Record in the database directory path (file "silk-stamp") what its
 * files are now, after a run that finished writing it, so that the next
 * silk_layout_verify can skip Xapian's checker if nothing touched them
 * since. Best effort: without a stamp the next run checks in full. */
void silk_layout_stamp(const char *path);

/* Test hook: if the environment's SILK_INDEX_CRASH_AT names point, kill
 * this process with SIGKILL there (tests/cli/layout_crash.sh reaches every
 * point of a swap this way). A no-op otherwise. */
void silk_layout_crash_point(const char *point);

#endif /* SILK_LAYOUT_H */
