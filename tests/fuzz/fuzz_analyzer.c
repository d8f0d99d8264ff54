/* fuzz_analyzer.c: fuzz the analyser (stem/analyzer.h) with any bytes,
 * checking the token stream's contract: spans inside the input and in
 * order, positions consecutive from first_pos, norms and stems
 * NUL-terminated, non-empty and at most SILK_MAX_TOKEN_BYTES.
 */
#include <string.h>

#include "analyzer.h"
#include "fuzz.h"

/* A first position that is not 0, so an off-by-first_pos shows. */
#define FUZZ_FIRST_POS 7u

/* What the checks remember between tokens of one run. */
typedef struct check {
    size_t len;
    unsigned next_pos;
    size_t last_start;
    size_t count;
} check_t;

/* silk_token_cb: the per-token checks; always goes on. */
static int on_token(void *ctx, const silk_token_t *t)
{
    check_t *c = ctx;
    FUZZ_CHECK(t->start < t->end);
    FUZZ_CHECK(t->end <= c->len);
    FUZZ_CHECK(t->pos == c->next_pos);
    FUZZ_CHECK(c->count == 0 || t->start >= c->last_start);
    FUZZ_CHECK(t->norm != NULL && t->stem != NULL);
    FUZZ_CHECK(t->norm_len > 0 && t->norm_len <= SILK_MAX_TOKEN_BYTES);
    FUZZ_CHECK(strlen(t->norm) == t->norm_len);
    FUZZ_CHECK(strlen(t->stem) == t->stem_len);
    FUZZ_CHECK(fuzz_utf8_valid(t->norm, t->norm_len));
    c->next_pos++;
    c->last_start = t->start;
    c->count++;
    return 0;
}

/* Stops at the second token: the early-stop return value must come back. */
static int stop_early(void *ctx, const silk_token_t *t)
{
    (void)t;
    return ++*(int *)ctx == 2 ? 42 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static silk_analyzer_t *a;
    if (a == NULL) {
        a = silk_analyzer_new("english");
        FUZZ_CHECK(a != NULL);
    }
    check_t c = { size, FUZZ_FIRST_POS, 0, 0 };
    int rc = silk_analyzer_run(a, (const char *)data, size, FUZZ_FIRST_POS,
                               on_token, &c);
    FUZZ_CHECK(rc == 0);
    int seen = 0;
    rc = silk_analyzer_run(a, (const char *)data, size, 0, stop_early, &seen);
    FUZZ_CHECK(c.count >= 2 ? rc == 42 : rc == 0);
    return 0;
}
