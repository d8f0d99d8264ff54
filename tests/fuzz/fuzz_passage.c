/* fuzz_passage.c: fuzz the passage splitter (indexer/passage.h) and the
 * boilerplate detector (indexer/boilerplate.h) with any bytes. Checks:
 * spans non-empty, inside the body, in order and not overlapping, not
 * starting or ending in white space; stats consistent; a boilerplate
 * verdict always names its rule.
 */
#include <string.h>

#include "boilerplate.h"
#include "fuzz.h"
#include "passage.h"

/* ASCII white space, which the splitter trims off a passage. */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Boilerplate check of s[0..n): a yes names its rule. */
static void check_boilerplate(const char *s, size_t n)
{
    const char *rule = NULL;
    if (silk_boilerplate_is(s, n, &rule))
        FUZZ_CHECK(rule != NULL && rule[0] != '\0');
    FUZZ_CHECK(!!silk_boilerplate_is(s, n, NULL) == (rule != NULL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *body = (const char *)data;
    silk_passage_t *p = NULL;
    size_t n = 0;
    silk_passage_stats_t stats;
    memset(&stats, 0xA5, sizeof stats);
    int rc = silk_passages_split(body, size, &p, &n, &stats);
    FUZZ_CHECK(rc == 0);
    FUZZ_CHECK((n == 0) == (p == NULL));
    FUZZ_CHECK(stats.boilerplate <= stats.paragraphs);
    size_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(p[i].start < p[i].end);
        FUZZ_CHECK(p[i].end <= size);
        FUZZ_CHECK(p[i].start >= prev_end);
        FUZZ_CHECK(!is_space(body[p[i].start]));
        FUZZ_CHECK(!is_space(body[p[i].end - 1]));
        prev_end = p[i].end;
        check_boilerplate(body + p[i].start, p[i].end - p[i].start);
    }
    free(p);
    check_boilerplate(body, size);
    return 0;
}
