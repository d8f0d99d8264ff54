/* fuzz_date.c: fuzz the date readers — silk_facets_date (a date in an
 * article's header area, indexer/facets.h) on any bytes and
 * silk_date_normalize (a metadata date, indexer/reader.h) on the same
 * bytes as a C string. Checks: the output is a real "YYYY-MM-DD" (or
 * "YYYY-MM", "YYYY" from normalize) with its span inside the input, ""
 * on failure, and normalising a normalised date gives it back.
 */
#define _POSIX_C_SOURCE 200809L  /* mkdtemp, strnlen, unlink */

#include <ctype.h>
#include <string.h>

#include "facets.h"
#include "fuzz.h"
#include "reader.h"

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
    char out[11];
    size_t start = 0, end = 0;
    const char *rule = NULL;
    memset(out, 'x', sizeof out);
    if (silk_facets_date((const char *)data, size, out, &start, &end, &rule)) {
        check_date(out, 1);
        FUZZ_CHECK(start < end && end <= size);
        FUZZ_CHECK(rule != NULL);
    }

    char *s = fuzz_cstr(data, size);
    memset(out, 'x', sizeof out);
    if (silk_date_normalize(s, out)) {
        check_date(out, 0);
        char again[11];
        FUZZ_CHECK(silk_date_normalize(out, again));
        FUZZ_CHECK(strcmp(out, again) == 0);
    } else {
        FUZZ_CHECK(out[0] == '\0');
    }
    free(s);
    return 0;
}
