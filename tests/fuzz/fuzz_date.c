/* fuzz_date.c: fuzz the date parser (util/silk_date.h) in both modes —
 * silk_date_in_header (an article's own date in its header area) on any
 * bytes, and silk_date_normalize (a metadata date) on the same bytes as a
 * C string. Checks: the output is a real "YYYY-MM-DD", "YYYY-MM" or
 * "YYYY" with its span inside the input, "" on failure, a header date
 * parses again from its own span, and normalising a normalised date gives
 * it back.
 */
#define _POSIX_C_SOURCE 200809L  /* mkdtemp, strnlen, unlink */

#include <ctype.h>
#include <string.h>

#include "silk_date.h"
#include "fuzz.h"

/* Days in month m of year y (Gregorian). */
static int days_in(int y, int m)
{
    static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

/* d is "YYYY", "YYYY-MM" or "YYYY-MM-DD" naming a real day; full demands
 * the last form. */
static void check_date(const char *d, int full)
{
    size_t n = strnlen(d, 11);
    FUZZ_CHECK(n == 10 || (!full && (n == 4 || n == 7)));
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(i == 4 || i == 7 ? d[i] == '-' : isdigit((unsigned char)d[i]));
    int y = atoi(d);
    if (n >= 7) {
        int m = (d[5] - '0') * 10 + (d[6] - '0');
        FUZZ_CHECK(m >= 1 && m <= 12);
        if (n == 10) {
            int day = (d[8] - '0') * 10 + (d[9] - '0');
            FUZZ_CHECK(day >= 1 && day <= days_in(y, m));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char out[SILK_DATE_BYTES];
    silk_date_match_t m;
    memset(out, 'x', sizeof out);
    if (silk_date_in_header((const char *)data, size, &m)) {
        silk_date_format(&m.date, out);
        check_date(out, 0);
        FUZZ_CHECK(m.start < m.end && m.end <= size);
        FUZZ_CHECK(m.rule != NULL);
        FUZZ_CHECK(strcmp(m.rule, "dateline") == 0 ||
                   m.date.month != 0 || strcmp(m.rule, "label") == 0 ||
                   strcmp(m.rule, "updated") == 0);
    }

    char *s = fuzz_cstr(data, size);
    memset(out, 'x', sizeof out);
    if (silk_date_normalize(s, out)) {
        check_date(out, 0);
        char again[SILK_DATE_BYTES];
        FUZZ_CHECK(silk_date_normalize(out, again));
        FUZZ_CHECK(strcmp(out, again) == 0);
    } else {
        FUZZ_CHECK(out[0] == '\0');
    }
    free(s);
    return 0;
}
