/* nearest.h: "did you mean" for names — the edit distance silk uses for
 * spelling suggestions, and the nearest of a table of names (options,
 * query fields) to what a user typed, so every tool names the option or
 * field a typo was meant to be.
 */
#ifndef SILK_NEAREST_H
#define SILK_NEAREST_H

#include <stddef.h>

/* Longest string compared, in bytes: longer ones are never near. */
#define SILK_NEAREST_MAX 64

/* The edit distance between a[0..an) and b[0..bn) — insertions,
 * deletions, substitutions and swaps of two neighbours, on bytes — or
 * max + 1 if it is over max (or either string is over SILK_NEAREST_MAX
 * bytes). With fold, ASCII letters compare without case. */
size_t silk_edit_distance(const char *a, size_t an, const char *b, size_t bn,
                          size_t max, int fold);

/* The name nearest to word[0..len) among n entries of a table whose
 * entries are stride bytes apart and each start with a const char *name
 * (getopt's struct option, silk-query's option table, a plain array of
 * strings with stride sizeof(char *)); a NULL name ends the table early.
 * Near means within 1 edit for words of up to 4 bytes, 2 for longer ones,
 * and closer than any other name (ties: the first); failing that, the
 * only name that word (3 bytes or more) begins. ASCII case is ignored.
 * Returns the (borrowed) name, or NULL. */
const char *silk_nearest_name(const char *word, size_t len, const void *table,
                              size_t n, size_t stride);

#endif /* SILK_NEAREST_H */
