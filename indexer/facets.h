/* facets.h: facet extraction — countries and ministries mentioned in a
 * text, and an article's subject countries (its date: util/silk_date.h). Rule- and
 * table-driven, deterministic, and explainable: each value comes with the
 * text span and the rule that produced it.
 */
#ifndef SILK_FACETS_H
#define SILK_FACETS_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer.h"
#include "gazetteer.h"

typedef enum silk_facet_field {
    SILK_FACET_COUNTRY,   /* value: upper-case ISO alpha-2, "LA" */
    SILK_FACET_MINISTRY,  /* value: canonical slug, "commerce" */
    SILK_FACET_SUBJECT    /* value: upper-case ISO alpha-2: what the
                             article is about (silk_facets_subject_end) */
} silk_facet_field_t;

typedef struct silk_facet_hit {
    silk_facet_field_t field;
    const char *value;    /* static storage (gazetteer) */
    size_t start, end;    /* byte span in the text that produced it */
    const char *rule;     /* static: "iso-name", "alias", "compound",
                             "official-title", "acronym", ... */
} silk_facet_hit_t;

typedef struct silk_facets silk_facets_t;

/* An extractor over the gazetteer g (borrowed; must outlive it). Not
 * thread-safe: one per thread. NULL only if memory ran out (or g is
 * NULL). */
silk_facets_t *silk_facets_new(silk_gazetteer_t *g);
void silk_facets_free(silk_facets_t *f);

/* SILK_NO_MEMORY once memory ran out during an extraction (a token or a
 * hit was lost, or a gazetteer table could not be built:
 * silk_gazetteer_status), so that what was extracted since is
 * incomplete: an indexer must fail the article rather than write it.
 * Sticky for the extractor's life; else SILK_OK. */
silk_status_t silk_facets_status(const silk_facets_t *f);

/* Extraction runs on the analyser's token stream, so that indexing analyses
 * each passage once: call begin with the text, token for each of its
 * tokens in order (as silk_analyzer_run delivers them), then end. end
 * returns the hits in text order (duplicates kept, each with its own
 * span); *out is borrowed until the next begin. */
void silk_facets_begin(silk_facets_t *f, const char *text, size_t len);
void silk_facets_token(silk_facets_t *f, const silk_token_t *tok);
size_t silk_facets_end(silk_facets_t *f, const silk_facet_hit_t **out);

/* The article's subject countries (issue 5): mentions are not aboutness,
 * so beside the passage-level `country` facet an article gets `subject`
 * countries — named in its title or lead passage, named at least
 * SILK_SUBJECT_MIN_MENTIONS times in the article, or the country of its
 * dateline place. Usage, per article: subject_begin; subject_add for the
 * title's hits (SILK_PART_TITLE), the lead passage's (SILK_PART_LEAD) and
 * every other passage's (SILK_PART_BODY) — the hits as silk_facets_end
 * returned them; subject_dateline with the dateline if the article has one;
 * then subject_end. */
#define SILK_SUBJECT_MIN_MENTIONS 3

typedef enum silk_facet_part {
    SILK_PART_TITLE,
    SILK_PART_LEAD,
    SILK_PART_BODY
} silk_facet_part_t;

void silk_facets_subject_begin(silk_facets_t *f);
void silk_facets_subject_add(silk_facets_t *f, silk_facet_part_t part,
                             const silk_facet_hit_t *hits, size_t n);

/* A dateline: a Reuters DATELINE field ("SALVADOR, Feb 26 -",
 * "ROCHESTER, N.Y., March 3 -"), or the start of a body that opens with
 * one ("BEIJING, March 2 (Xinhua) -- ..."): the place before the date is
 * resolved with silk_gazetteer_place_country. Returns the country's code
 * (static storage) and counts it as a subject, or NULL if there is no
 * dateline or its place is unknown. */
const char *silk_facets_subject_dateline(silk_facets_t *f, const char *text,
                                         size_t len);

/* The subject countries, one hit each (field SILK_FACET_SUBJECT), in
 * code order; rule "title", "lead", "dateline" or "repeated" (the first
 * that applies), span that of the first supporting mention in the text
 * of its part (for "dateline": in the dateline text). *out is borrowed
 * until the next subject_begin. */
size_t silk_facets_subject_end(silk_facets_t *f, const silk_facet_hit_t **out);

#endif /* SILK_FACETS_H */
