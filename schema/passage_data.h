/* passage_data.h: the one encoder and decoder of a passage's document
 * data — the JSON object silk-index stores with every passage and every
 * reader (search hits, citations, --article) reads back. The keys and
 * what they hold are in docs/index-format.md ("Document data").
 */
#ifndef SILK_PASSAGE_DATA_H
#define SILK_PASSAGE_DATA_H

#include <stddef.h>

/* A passage's data. Encoding reads the strings (the caller's); decoding
 * points them into the decoded object, valid until
 * silk_passage_data_clear(). A string that is absent decodes as "", a
 * number as -1. */
typedef struct silk_passage_data {
    const char *article;   /* the article id */
    long passage;          /* the passage number, from 0 */
    const char *title, *date, *source, *url;
    const char *path;      /* its file as recorded (escaped where the name
                              was not UTF-8) */
    long start, end;       /* its byte span ... */
    const char *span;      /* ... in what: "file", "text" or "title" (the
                              passage is the article's title: its start and
                              end are 0). An index written before spans
                              were labelled decodes as "text", or "title"
                              for a headline-only article's passage */
    const char *text;      /* the passage */
    size_t text_len;
    const char *extra;     /* encode: JSON object text of the article's
                              other fields (not an object: "{}"), stored on
                              passage 0 only, so NULL on the others; decode:
                              NULL (see silk_passage_data_extra) */
    void *json_;           /* decode: the parsed object (private) */
} silk_passage_data_t;

/* The stored bytes of d: a malloc'ed, NUL-terminated JSON text in *out
 * (*len bytes; the caller frees it). Returns 0, or -1 if memory ran out
 * or a string is not valid UTF-8 (*out = NULL). */
int silk_passage_data_encode(const silk_passage_data_t *d, char **out,
                             size_t *len);

/* Decode data[0..len) into *d (which the caller clears with
 * silk_passage_data_clear). Data that is not a JSON object (no data, a
 * foreign database) decodes as empty: every string "", numbers -1, span
 * "text". Returns 0, or -1 if memory ran out (*d then empty too). */
int silk_passage_data_decode(silk_passage_data_t *d, const char *data,
                             size_t len);

/* The article's other fields in decoded d, as compact JSON object text
 * (malloc'ed): "{}" on a passage that has none. NULL if memory ran out. */
char *silk_passage_data_extra(const silk_passage_data_t *d);

/* Release what decoding d holds and empty it; an empty d is a no-op. */
void silk_passage_data_clear(silk_passage_data_t *d);

#endif /* SILK_PASSAGE_DATA_H */
