/* fuzz_reader_check.c: reader.h's contract, checked on every article and
 * problem a fuzzed walk delivers (shared by fuzz_jsonl and fuzz_text).
 */
#include <ctype.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_reader.h"

/* A borrowed string of the article: present and valid UTF-8. */
static void check_str(const char *s)
{
    FUZZ_CHECK(s != NULL);
    FUZZ_CHECK(fuzz_utf8_valid(s, strlen(s)));
}

/* "", "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a real month and day. */
static void check_date(const char *d)
{
    size_t n = strlen(d);
    FUZZ_CHECK(n == 0 || n == 4 || n == 7 || n == 10);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(i == 4 || i == 7 ? d[i] == '-' : isdigit((unsigned char)d[i]));
    if (n >= 7) {
        int m = (d[5] - '0') * 10 + (d[6] - '0');
        FUZZ_CHECK(m >= 1 && m <= 12);
    }
    if (n == 10) {
        int day = (d[8] - '0') * 10 + (d[9] - '0');
        FUZZ_CHECK(day >= 1 && day <= 31);
    }
}

/* Reader callback: check one article; count it in *(size_t *)ctx. */
static int on_article(void *ctx, const silk_article_t *a)
{
    check_str(a->id);
    FUZZ_CHECK(a->id[0] != '\0' && strlen(a->id) <= SILK_MAX_ID_BYTES);
    FUZZ_CHECK(a->index >= 1);
    FUZZ_CHECK(strchr(a->body, '\r') == NULL);
    check_str(a->title);
    check_str(a->body);
    FUZZ_CHECK(strlen(a->body) == a->body_len);
    check_str(a->date);
    check_date(a->date);
    check_str(a->source);
    check_str(a->url);
    FUZZ_CHECK(a->path != NULL);
    check_str(a->extra);
    FUZZ_CHECK(a->extra[0] == '{');
    ++*(size_t *)ctx;
    return 0;
}

/* Reader callback: a problem has a known kind, a path and a one-line
 * reason. */
static void on_problem(void *ctx, silk_problem_t kind, const char *path,
                       unsigned long line, const char *reason)
{
    (void)ctx;
    (void)line;
    FUZZ_CHECK((unsigned)kind < SILK_PROBLEM_COUNT_);
    FUZZ_CHECK(kind != SILK_PROBLEM_NO_MEMORY);
    FUZZ_CHECK(fuzz_utf8_valid(reason, strlen(reason)));
    FUZZ_CHECK(silk_problem_str(kind) != NULL);
    FUZZ_CHECK(path != NULL);
    FUZZ_CHECK(reason != NULL && strchr(reason, '\n') == NULL);
}

/* Reader callback: a skipped file is named, with a reason. */
static void on_skipped(void *ctx, const char *path, const char *why)
{
    (void)ctx;
    FUZZ_CHECK(path != NULL && why != NULL && why[0] != '\0');
}

size_t fuzz_reader_walk(const char *path)
{
    silk_reader_cbs_t cbs = { .article = on_article, .problem = on_problem,
                              .skipped = on_skipped };
    size_t n = 0;
    const char *paths[1] = { path };
    /* A small limit, so that the too-large path is fuzzed too. */
    silk_reader_opts_t o = { .max_article_bytes = 4096 };
    int rc = silk_reader_walk(&o, paths, 1, &cbs, &n);
    FUZZ_CHECK(rc == 0);
    return n;
}
