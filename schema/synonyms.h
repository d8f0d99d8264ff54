/* synonyms.h: silk's synonym tables — the file format (docs/silk-index.md,
 * "Synonyms"), its checks (a bad line is "file:line: reason"), the
 * canonical text silk-index stores under SILK_META_SYNONYMS, and the
 * lookup silk-query expands a query's words with. Shared by both sides so
 * that what the indexer accepts is exactly what the query side reads.
 */
#ifndef SILK_SYNONYMS_H
#define SILK_SYNONYMS_H

#include <stddef.h>

#include "analyzer.h"

/* Most words in one term ("One Belt And One Road" has 5): a longer run is
 * a sentence, not a name, and each costs a loop in every query's lookup. */
#define SILK_SYN_MAX_WORDS 10
/* Longest line of a synonym file, in bytes. */
#define SILK_SYN_MAX_LINE 4096

typedef enum silk_syn_kind {
    SILK_SYN_EQUIV,   /* a = b = c: each finds the others */
    SILK_SYN_RELATED, /* a ~ b ~ c: each finds the others, ranked lower */
    SILK_SYN_ONEWAY   /* a -> b = c: the left finds the right only */
} silk_syn_kind_t;

typedef struct silk_syn silk_syn_t;

/* An empty table whose terms are analysed with a (borrowed: it must
 * outlive the table). NULL if memory ran out. */
silk_syn_t *silk_syn_new(silk_analyzer_t *a);
void silk_syn_free(silk_syn_t *s);

/* The synonym file shipped with silk (schema/synonyms.txt, compiled in);
 * static storage. */
const char *silk_syn_builtin(void);

/* Add the lines of text[0..len), read from name (for messages). Returns 0,
 * or -1 with err (errlen bytes) set to one line, "name:line: reason"; the
 * lines before the bad one stay added. */
int silk_syn_add_text(silk_syn_t *s, const char *text, size_t len,
                      const char *name, char *err, size_t errlen);

/* The table as canonical synonym-file text (one group per line, one space
 * around each separator), malloc'ed; the caller frees it. NULL if memory
 * ran out. Adding it to an empty table gives the same table. */
char *silk_syn_format(const silk_syn_t *s);

/* Number of groups. */
size_t silk_syn_groups(const silk_syn_t *s);

/* A term of a group that a stem sequence matched. */
typedef struct silk_syn_hit {
    size_t group, member;
} silk_syn_hit_t;

/* The longest term that stems[at..n) starts with: its length in stems (0
 * if none), and up to max of the (group, member) pairs it is in (*nhits;
 * one term can be in several groups). */
size_t silk_syn_match(const silk_syn_t *s, char *const *stems, size_t n,
                      size_t at, silk_syn_hit_t *hits, size_t max,
                      size_t *nhits);

/* Group g's kind and size; for SILK_SYN_ONEWAY, *nleft (if not NULL) gets
 * how many of its first members form the left side. */
silk_syn_kind_t silk_syn_group(const silk_syn_t *s, size_t g, size_t *nmembers,
                               size_t *nleft);

/* Member m of group g: its text as written (borrowed until the table is
 * freed) and its stems (*stems borrowed likewise, *n of them). */
const char *silk_syn_member(const silk_syn_t *s, size_t g, size_t m,
                            char *const **stems, size_t *n);

#endif /* SILK_SYNONYMS_H */
