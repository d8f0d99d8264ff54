/* fuzz_facets.c: fuzz the facet extractor (indexer/facets.h) and the
 * gazetteer lookups (schema/gazetteer.h) with any bytes: the analyser's
 * tokens of the input go through begin/token/end and the subject steps;
 * the input as a C string goes to every name lookup. Checks: each hit has
 * a value, a rule and a span inside the text; a country is two upper-case
 * letters.
 */
#include <ctype.h>
#include <string.h>

#include "analyzer.h"
#include "facets.h"
#include "fuzz.h"
#include "gazetteer.h"

/* Each of hits[0..n) has a value, a rule and (if spans) a span inside
 * text[0..len); countries are two upper-case letters. */
static void check_hits(const silk_facet_hit_t *h, size_t n, size_t len,
                       int spans)
{
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(h[i].value != NULL && h[i].value[0] != '\0');
        FUZZ_CHECK(h[i].rule != NULL);
        if (spans)
            FUZZ_CHECK(h[i].start <= h[i].end && h[i].end <= len);
        if (h[i].field != SILK_FACET_MINISTRY) {
            FUZZ_CHECK(strlen(h[i].value) == 2);
            FUZZ_CHECK(isupper((unsigned char)h[i].value[0]) &&
                       isupper((unsigned char)h[i].value[1]));
        }
    }
}

/* silk_token_cb: feed each token to the extractor ctx. */
static int on_token(void *ctx, const silk_token_t *t)
{
    silk_facets_token(ctx, t);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static silk_analyzer_t *a;
    static silk_gazetteer_t *g;
    static silk_facets_t *f;
    if (a == NULL) {
        a = silk_analyzer_new("english");
        FUZZ_CHECK(a != NULL);
        g = silk_gazetteer_new(a);
        FUZZ_CHECK(g != NULL);
        f = silk_facets_new(g);
        FUZZ_CHECK(f != NULL);
    }
    const char *text = (const char *)data;
    const silk_facet_hit_t *hits = NULL;

    silk_facets_subject_begin(f);
    silk_facets_begin(f, text, size);
    FUZZ_CHECK(silk_analyzer_run(a, text, size, 0, on_token, f) == 0);
    size_t n = silk_facets_end(f, &hits);
    check_hits(hits, n, size, 1);
    silk_facets_subject_add(f, SILK_PART_LEAD, hits, n);
    const char *dl = silk_facets_subject_dateline(f, text, size);
    FUZZ_CHECK(dl == NULL || strlen(dl) == 2);
    n = silk_facets_subject_end(f, &hits);
    check_hits(hits, n, size, 0);

    char *s = fuzz_cstr(data, size);
    const char *code = silk_gazetteer_country_code(g, s);
    if (code != NULL)
        FUZZ_CHECK(silk_gazetteer_country_name(g, code) != NULL);
    silk_gazetteer_country_name(g, s);
    const char *slug = silk_gazetteer_ministry_slug(g, s);
    if (slug != NULL)
        FUZZ_CHECK(silk_gazetteer_ministry_name(g, slug) != NULL);
    silk_gazetteer_ministry_name(g, s);
    code = silk_gazetteer_place_country(g, text, size);
    FUZZ_CHECK(code == NULL || strlen(code) == 2);
    free(s);
    return 0;
}
