/* highlight.h: find the query's words in a passage (by re-running the
 * analyser, so a match is exactly what the index matched) and choose a
 * window of a long passage around its densest cluster of matches.
 */
#ifndef SILK_HIGHLIGHT_H
#define SILK_HIGHLIGHT_H

#include <stddef.h>

#include "analyzer.h"
#include "build.h"

/* A byte span [start, end) of the text. */
typedef struct silk_span {
    size_t start, end;
} silk_span_t;

typedef struct silk_spans {
    silk_span_t *v;
    size_t n, cap;
} silk_spans_t;

/* Matched words are merged into one span when only this many bytes of
 * spaces and hyphens separate them ("China-Laos Railway"), so a phrase
 * reads as one highlight; longer gaps are not one phrase. */
#define SILK_HIGHLIGHT_JOIN_GAP 2

/* Replace the contents of out with the spans of text[0..len) whose tokens
 * stem to one of terms' stems, in text order, adjacent matches merged (see
 * SILK_HIGHLIGHT_JOIN_GAP). A function word ("and") on its own is left
 * out when the query has other words: it is highlighted only as part of a
 * span with one of them ("Belt and Road"). Runs in O(tokens * log terms). Returns 0, or -1
 * if memory ran out (out is then empty). out is the caller's, reusable
 * across calls; free its storage with silk_spans_free(). */
int silk_highlight(silk_spans_t *out, silk_analyzer_t *a, const char *text,
                   size_t len, const silk_qterms_t *terms);

/* Free the storage of spans (not spans itself) and empty it. */
void silk_spans_free(silk_spans_t *spans);

/* Choose the window [*wstart, *wend) of text[0..len), at most max bytes
 * (unless one match alone is longer), that holds the most of spans[0..n)
 * (sorted, as silk_highlight gives them), with some context before it.
 * Its ends fall on token boundaries (never inside a UTF-8 sequence). The
 * whole text when len <= max. Returns 0, or -1 if memory ran out (the
 * window is then the whole text). */
int silk_highlight_window(size_t *wstart, size_t *wend, silk_analyzer_t *a,
                          const char *text, size_t len,
                          const silk_span_t *spans, size_t n, size_t max);

#endif /* SILK_HIGHLIGHT_H */
