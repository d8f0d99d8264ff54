/* gazetteer.h: silk's facet vocabularies — country names and aliases to
 * ISO 3166-1 alpha-2 codes (Debian's iso-codes plus the project's alias
 * table), and ministry names, acronyms and officials' titles to canonical
 * slugs. Shared by the indexer (extraction) and the query side (resolving
 * `country:Laos`, `ministry:MOFCOM`), so both read names the same way.
 */
#ifndef SILK_GAZETTEER_H
#define SILK_GAZETTEER_H

#include <stddef.h>

#include "analyzer.h"

typedef struct silk_gazetteer silk_gazetteer_t;

/* Build the tables. Names are keyed by the analyser's norms, so pass the
 * analyser the index uses (borrowed: it must outlive the gazetteer and is
 * used only by this thread). Returns NULL if memory ran out. */
silk_gazetteer_t *silk_gazetteer_new(silk_analyzer_t *a);
void silk_gazetteer_free(silk_gazetteer_t *g);

/* What a user typed after `country:` ("Laos", "la", "LAO", "United
 * States", "U.S.", "Lao People's Democratic Republic") -> upper-case
 * alpha-2 code ("LA"), or NULL if it names no country. Static storage. */
const char *silk_gazetteer_country_code(silk_gazetteer_t *g, const char *name);

/* Alpha-2 code (either case) -> display name ("Laos"); NULL if unknown. */
const char *silk_gazetteer_country_name(const silk_gazetteer_t *g,
                                        const char *code);

/* What a user typed after `ministry:` ("commerce", "Ministry of Commerce",
 * "Commerce Ministry", "MOFCOM") -> canonical slug ("commerce"), or NULL.
 * Static storage. */
const char *silk_gazetteer_ministry_slug(silk_gazetteer_t *g, const char *name);

/* Canonical slug -> display name ("Ministry of Commerce"); NULL if
 * unknown. */
const char *silk_gazetteer_ministry_name(const silk_gazetteer_t *g,
                                         const char *slug);

/* A dateline place ("SALVADOR", "New York", "ROCHESTER, N.Y.", "Bonn,
 * West Germany") -> upper-case alpha-2 of the country it is in, or NULL.
 * Knows big news cities, US state and Canadian province abbreviations
 * and names, and every country name; the last comma-separated part that
 * resolves wins ("PARIS, Texas" -> US). Static storage. */
const char *silk_gazetteer_place_country(silk_gazetteer_t *g,
                                         const char *place, size_t len);

#endif /* SILK_GAZETTEER_H */
