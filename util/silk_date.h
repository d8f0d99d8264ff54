/* silk_date.h: calendar dates as news writes them — one parser with two modes:
 * a whole metadata value ("2021-03-02", "March 2, 2021", "Tue, 02 Mar 2021
 * 09:02:31 GMT", "26-FEB-1987 15:01:01.79"), and an article's publication
 * date found in its header area ("Publish Time: 2021-03-02", a date line of
 * its own near the top, a wire dateline "BEIJING, March 2, 2021 (Xinhua)
 * -"), never a date in the prose of its body. The rules are in
 * docs/facets.md ("Dates").
 *
 * Self-contained: only the C library, no locale (ASCII case folding), no
 * allocation, never fails on any bytes; hence in util/.
 */
#ifndef SILK_DATE_H
#define SILK_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* The years a date may have, in both modes. News archives reach back
 * centuries (1000 keeps medieval chronicles); a four-digit year is what
 * the formats below and the index's sortable "YYYY" slot can hold. */
#define SILK_DATE_MIN_YEAR 1000
#define SILK_DATE_MAX_YEAR 9999

/* "YYYY-MM-DD" and its NUL. */
#define SILK_DATE_BYTES 11

/* A date as precise as it was written: month and day 0 when not given
 * (a day is never given without its month). */
typedef struct silk_date {
    int year;   /* SILK_DATE_MIN_YEAR .. SILK_DATE_MAX_YEAR */
    int month;  /* 1..12, or 0 */
    int day;    /* 1..31 (a real day of that month), or 0 */
} silk_date_t;

/* Metadata mode: s[0..len), surrounding white space ignored, must be one
 * date and nothing else — ISO 8601 (YYYY-MM-DD, YYYY/MM/DD, YYYY-MM, YYYY,
 * with an optional 'T' or space and a time and zone), "March 2, 2021",
 * "Mar. 2nd 2021", "Sept. 3, 2021", "2 March 2021", "1 March, 2005",
 * "26-FEB-1987", "March 2021", each optionally after a weekday ("Tue, ")
 * and before a time ("09:02", "9:02 pm", "09:02:31.79 GMT", "+08:00").
 * Returns true and fills *out, or false (*out zeroed) for anything else or
 * an impossible date (2021-02-30, 2021-13-01, 1900-02-29, a year out of
 * range, a bad time such as 25:00). */
bool silk_date_parse(const char *s, size_t len, silk_date_t *out);

/* Write d as "YYYY-MM-DD", "YYYY-MM" or "YYYY" into out (NUL-terminated). */
void silk_date_format(const silk_date_t *d, char out[SILK_DATE_BYTES]);

/* silk_date_parse on the C string in (NULL reads as ""), formatted into
 * out; out is "" and the result false when it is not a date. */
bool silk_date_normalize(const char *in, char out[SILK_DATE_BYTES]);

/* A month name or its abbreviation ("March", "mar", "Mar.", "Sept.",
 * any case, not followed by a letter) at s[0..len): 1..12 with *end set
 * after it (and after an abbreviation's '.'), or 0. */
int silk_date_month_name(const char *s, size_t len, size_t *end);

/* Header mode. The header area of an article body is its first
 * SILK_DATE_HEADER_LINES non-blank lines within its first
 * SILK_DATE_HEADER_BYTES bytes: where web pages put "Publish Time:" and
 * wire stories their dateline. The body's prose starts there too, so only
 * these count, in this order of preference:
 *   "label"     a publication label ("Publish Time:", "Published:",
 *               "Posted on", "Date:", "Release time:", ...) followed by a
 *               date, anywhere in a header line;
 *   "date-line" a header line that is nothing but a date with at least a
 *               month ("Tuesday, 1 March, 2005, 12:01 GMT");
 *   "dateline"  a wire dateline opening one of the first three lines
 *               ("NEW YORK, March 3, 1987 (Reuters) -"); one without a
 *               year ("NEW YORK, March 3 -") gives no date;
 *   "updated"   an "Updated:" / "Last updated:" label, when nothing else.
 * A labelled date may be a year alone; others need at least a month. */
#define SILK_DATE_HEADER_LINES 12
#define SILK_DATE_HEADER_BYTES 2048

typedef struct silk_date_match {
    silk_date_t date;
    size_t start, end;  /* the date's byte span in the text */
    const char *rule;   /* static: "label", "date-line", "dateline",
                           "updated" */
} silk_date_match_t;

/* The article's own date in the header area of text[0..len) (header mode,
 * above). Returns false (*out zeroed) when it has none. */
bool silk_date_in_header(const char *text, size_t len, silk_date_match_t *out);

#endif /* SILK_DATE_H */
