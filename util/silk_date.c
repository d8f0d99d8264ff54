/* silk_date.c: calendar dates as news writes them — a metadata value parsed
 * whole, or an article's own date found in its header area (silk_date.h;
 * docs/facets.md "Dates").
 *
 * Grammar (ASCII case-insensitive; "ws" is spaces and tabs):
 *   value    := [weekday [.] [,] ws] date [time]
 *   date     := YYYY sep MM sep DD | YYYY sep MM | YYYY      sep: '-' or '/'
 *             | DD '-' month '-' YYYY                      (26-FEB-1987)
 *             | DD [ord] [ws "of"] ws month [,] ws YYYY     (2nd of March 2021)
 *             | month ws DD [ord] [,] ws YYYY              (Sept. 3, 2021)
 *             | month [,] ws YYYY                          (March 2021)
 *   time     := ('T' | ws | ',' ws | ws "at" ws) HH ':' MM [':' SS [frac]]
 *               [ws] [am | pm | a.m. | p.m.] [ws zone]
 *   zone     := 'Z' | ('+'|'-') HH [[':'] MM] | 2 to 5 capital letters
 *               [('+'|'-') HH [[':'] MM]]                   (GMT, UTC+8)
 * Every scanner below takes a cursor, advances it only on success, and
 * never reads past its length: the input is any bytes.
 */
#include "silk_date.h"

#include <string.h>

typedef struct cur {
    const char *s;
    size_t len, p;
} cur_t;

static int at(const cur_t *c, size_t k)
{
    return c->p + k < c->len ? (unsigned char)c->s[c->p + k] : -1;
}

static bool is_digit(int ch) { return ch >= '0' && ch <= '9'; }
static bool is_alpha(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
static bool is_upper(int ch) { return ch >= 'A' && ch <= 'Z'; }
static int lower(int ch) { return is_upper(ch) ? ch - 'A' + 'a' : ch; }
static bool is_blank(int ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

/* Skip blanks; returns how many. */
static size_t skip_ws(cur_t *c)
{
    size_t n = 0;
    while (is_blank(at(c, 0))) {
        c->p++;
        n++;
    }
    return n;
}

/* The word lit (lower case) at the cursor, case-insensitive, not followed
 * by a letter: consumed. */
static bool word(cur_t *c, const char *lit)
{
    size_t n = strlen(lit);
    for (size_t i = 0; i < n; i++)
        if (lower(at(c, i)) != lit[i])
            return false;
    if (is_alpha(at(c, n)))
        return false;
    c->p += n;
    return true;
}

/* Exactly n digits, not followed by another: their value. */
static bool digits(cur_t *c, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        int ch = at(c, (size_t)i);
        if (!is_digit(ch))
            return false;
        x = x * 10 + (ch - '0');
    }
    if (is_digit(at(c, (size_t)n)))
        return false;
    c->p += (size_t)n;
    *v = x;
    return true;
}

/* One or two digits, not followed by another. */
static bool digits12(cur_t *c, int *v)
{
    return digits(c, 2, v) || digits(c, 1, v);
}

/* A day number with an optional ordinal suffix (1st, 2nd, 3rd, 4th). */
static bool day_number(cur_t *c, int *v)
{
    cur_t t = *c;
    if (!digits12(&t, v))
        return false;
    static const char *const ord[] = {"st", "nd", "rd", "th"};
    for (size_t i = 0; i < 4; i++)
        if (word(&t, ord[i]))
            break;
    if (is_alpha(at(&t, 0)))
        return false;
    *c = t;
    return true;
}

static const char *const months[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"};

/* See date.h. */
int silk_date_month_name(const char *s, size_t len, size_t *end)
{
    size_t n = 0;
    char w[10];

    while (n < len && n < sizeof w && is_alpha((unsigned char)s[n])) {
        w[n] = (char)lower((unsigned char)s[n]);
        n++;
    }
    if (n < 3 || n == sizeof w || (n < len && is_alpha((unsigned char)s[n])))
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(months[m]);
        bool abbr = (n == 3 || (m == 8 && n == 4)) &&
                    strncmp(w, months[m], n) == 0;
        if ((n == full && strncmp(w, months[m], n) == 0) || abbr) {
            if (n != full && n < len && s[n] == '.')
                n++;
            *end = n;
            return m + 1;
        }
    }
    return 0;
}

/* A month name at the cursor. */
static int month(cur_t *c)
{
    size_t end;
    int m = silk_date_month_name(c->s + c->p, c->len - c->p, &end);
    if (m)
        c->p += end;
    return m;
}

/* A weekday ("Tuesday", "Tue", "Tues.") with its '.' and ',' and the
 * blanks after it. */
static bool weekday(cur_t *c)
{
    static const char *const names[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "mon", "tues", "tue", "wed", "thurs", "thur", "thu", "fri",
        "sat", "sun"};
    cur_t t = *c;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (!word(&t, names[i]))
            continue;
        if (at(&t, 0) == '.')
            t.p++;
        bool comma = at(&t, 0) == ',';
        if (comma)
            t.p++;
        if (!skip_ws(&t) && !comma)
            return false;
        *c = t;
        return true;
    }
    return false;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* A real date: year in range, month 1..12 or 0, day real for it or 0. */
static bool valid(const silk_date_t *d)
{
    if (d->year < SILK_DATE_MIN_YEAR || d->year > SILK_DATE_MAX_YEAR)
        return false;
    if (d->month == 0)
        return d->day == 0;
    if (d->month < 1 || d->month > 12)
        return false;
    return d->day == 0 || (d->day >= 1 && d->day <= days_in(d->year, d->month));
}

/* A four-digit year after optional blanks and a comma ("2, 2021"). */
static bool comma_year(cur_t *c, int *y)
{
    cur_t t = *c;
    skip_ws(&t);
    if (at(&t, 0) == ',')
        t.p++;
    if (!skip_ws(&t) && t.p == c->p)
        return false;   /* "March2021": no separator */
    if (!digits(&t, 4, y))
        return false;
    *c = t;
    return true;
}

/* The date forms of the grammar at the cursor (no weekday, no time);
 * fills *d unvalidated, except that a month or day written as 0 (which
 * *d could not tell from "not given") is refused here. */
static bool date_core(cur_t *c, silk_date_t *d)
{
    cur_t t = *c;
    int y, m, dd;

    memset(d, 0, sizeof *d);
    if (digits(&t, 4, &y)) {                          /* ISO */
        d->year = y;
        int sep = at(&t, 0);
        if (sep == '-' || sep == '/') {
            cur_t u = t;
            u.p++;
            if (digits(&u, 2, &m) && m > 0) {
                d->month = m;
                t = u;
                if (at(&t, 0) == sep) {
                    u.p++;
                    if (!digits(&u, 2, &dd) || dd == 0)
                        return false;             /* "2021-03-2" */
                    d->day = dd;
                    t = u;
                }
            } else {
                return false;                     /* "2021-3-2" */
            }
        }
        *c = t;
        return true;
    }
    if (day_number(&t, &dd)) {
        cur_t u = t;
        if (dd == 0)
            return false;
        if (at(&u, 0) == '-') {                       /* 26-FEB-1987 */
            u.p++;
            if ((m = month(&u)) && at(&u, 0) == '-') {
                u.p++;
                if (digits(&u, 4, &y)) {
                    *d = (silk_date_t){y, m, dd};
                    *c = u;
                    return true;
                }
            }
            return false;
        }
        if (!skip_ws(&u))
            return false;
        cur_t v = u;
        if (word(&v, "of") && skip_ws(&v))
            u = v;
        if (!(m = month(&u)) || !comma_year(&u, &y))
            return false;
        *d = (silk_date_t){y, m, dd};
        *c = u;
        return true;
    }
    if ((m = month(&t))) {
        cur_t u = t;
        if (comma_year(&u, &y)) {                     /* March 2021 */
            *d = (silk_date_t){y, m, 0};
            *c = u;
            return true;
        }
        if (!skip_ws(&t) || !day_number(&t, &dd) || dd == 0 ||
            !comma_year(&t, &y))
            return false;
        *d = (silk_date_t){y, m, dd};
        *c = t;
        return true;
    }
    return false;
}

/* A time zone after a time: 'Z', a numeric offset ("+08:00", "-0500"),
 * or an abbreviation of 2 to 5 capitals with an optional offset ("GMT",
 * "UTC+8"); consumed when there. Returns false only for an offset that
 * starts well and goes wrong ("+08:x"). */
static bool zone(cur_t *c)
{
    cur_t t = *c;
    size_t n = 0;
    int v;

    skip_ws(&t);
    if ((at(&t, 0) == 'Z' || at(&t, 0) == 'z') && !is_alpha(at(&t, 1))) {
        c->p = t.p + 1;
        return true;
    }
    while (is_upper(at(&t, n)))
        n++;
    bool found = n >= 2 && n <= 5 && !is_alpha(at(&t, n));
    if (found)
        t.p += n;
    if (at(&t, 0) == '+' || at(&t, 0) == '-') {
        cur_t u = t;
        u.p++;
        if (digits(&u, 4, &v) || digits12(&u, &v)) {
            if (at(&u, 0) == ':') {
                u.p++;
                if (!digits(&u, 2, &v))
                    return false;
            }
            t = u;
            found = true;
        }
    }
    if (found)
        c->p = t.p;
    return true;
}

/* A time of day after a date, with what separates it from the date and an
 * optional zone. Returns true (cursor after it) or false (cursor unmoved:
 * no time there, or a malformed one). *bad is set when a time clearly
 * starts but is impossible (25:00). */
static bool time_part(cur_t *c, bool *bad)
{
    cur_t t = *c;
    int h, mi, sec;

    *bad = false;
    if (at(&t, 0) == 'T' || at(&t, 0) == 't') {
        t.p++;
    } else {
        if (at(&t, 0) == ',')
            t.p++;
        if (!skip_ws(&t))
            return false;
        cur_t u = t;
        if (word(&u, "at") && skip_ws(&u))
            t = u;
    }
    if (!digits12(&t, &h) || at(&t, 0) != ':')
        return false;
    t.p++;
    if (!digits(&t, 2, &mi))
        return false;
    if (at(&t, 0) == ':') {
        t.p++;
        if (!digits(&t, 2, &sec))
            return false;
        if (sec > 60)
            *bad = true;
        if ((at(&t, 0) == '.' || at(&t, 0) == ',') && is_digit(at(&t, 1))) {
            t.p++;
            while (is_digit(at(&t, 0)))
                t.p++;
        }
    }
    cur_t u = t;
    skip_ws(&u);
    bool ampm = false;
    if (word(&u, "am") || word(&u, "pm") || word(&u, "a.m.") ||
        word(&u, "p.m.")) {
        ampm = true;
        t = u;
    } else if ((lower(at(&u, 0)) == 'a' || lower(at(&u, 0)) == 'p') &&
               at(&u, 1) == '.' && lower(at(&u, 2)) == 'm' &&
               at(&u, 3) == '.') {
        ampm = true;
        u.p += 4;
        t = u;
    }
    if (h > (ampm ? 12 : 23) || (ampm && h == 0) || mi > 59)
        *bad = true;
    if (!zone(&t))
        *bad = true;
    *c = t;
    return true;
}

/* value := [weekday] date [time] at the cursor. *bad: an impossible date
 * or time was written there (not merely "no date"). */
static bool value(cur_t *c, silk_date_t *d, bool *bad)
{
    cur_t t = *c;
    bool tbad = false;

    *bad = false;
    weekday(&t);
    if (!date_core(&t, d))
        return false;
    if (time_part(&t, &tbad) && tbad) {
        *bad = true;
        return false;
    }
    if (!valid(d)) {
        *bad = true;
        return false;
    }
    *c = t;
    return true;
}

/* See date.h. */
bool silk_date_parse(const char *s, size_t len, silk_date_t *out)
{
    cur_t c = {s, s ? len : 0, 0};
    silk_date_t d;
    bool bad;

    memset(out, 0, sizeof *out);
    while (c.len > 0 && (is_blank((unsigned char)s[c.len - 1]) ||
                         s[c.len - 1] == '\n'))
        c.len--;
    while (c.p < c.len && (is_blank(at(&c, 0)) || at(&c, 0) == '\n'))
        c.p++;
    if (!value(&c, &d, &bad) || c.p != c.len)
        return false;
    *out = d;
    return true;
}

/* Write v as exactly n digits. */
static void put_digits(char *out, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        out[i] = (char)('0' + v % 10);
}

/* See date.h. */
void silk_date_format(const silk_date_t *d, char out[SILK_DATE_BYTES])
{
    put_digits(out, d->year, 4);
    if (d->month) {
        out[4] = '-';
        put_digits(out + 5, d->month, 2);
    }
    if (d->day) {
        out[7] = '-';
        put_digits(out + 8, d->day, 2);
    }
    out[d->day ? 10 : d->month ? 7 : 4] = '\0';
}

/* See date.h. */
bool silk_date_normalize(const char *in, char out[SILK_DATE_BYTES])
{
    silk_date_t d;

    out[0] = '\0';
    if (!in || !silk_date_parse(in, strlen(in), &d))
        return false;
    silk_date_format(&d, out);
    return true;
}

/* ---- header mode -------------------------------------------------------- */

/* Labels that introduce an article's own date. A label is matched at the
 * start of a line or after a character that is not a letter or digit, and
 * needs a ':' after it (blanks allowed before the colon: "Add : ..." pages)
 * unless marked bare, which may also stand at a line start followed by a
 * blank ("Posted on March 2, 2021"). */
typedef struct label {
    const char *text;
    bool bare;      /* no colon needed, at a line start only */
    bool updated;   /* a modification date: used only without another */
} label_t;

static const label_t labels[] = {
    {"publish time", false, false},  {"publish date", false, false},
    {"publishing date", false, false}, {"publication date", false, false},
    {"date published", false, false}, {"published on", true, false},
    {"published", true, false},      {"posted on", true, false},
    {"posted", true, false},         {"release time", false, false},
    {"release date", false, false},  {"released", false, false},
    {"dated", false, false},         {"date", false, false},
    {"last updated", false, true},   {"last modified", false, true},
    {"updated on", true, true},      {"updated", false, true},
    {"modified", false, true},
};

/* A header line: text[start, end) (blanks trimmed). */
typedef struct line {
    size_t start, end;
    bool first3;   /* one of the first three non-blank lines */
} line_t;

/* A labelled date in line l: its span and whether the label is an
 * "updated" one; false if the line has none. */
static bool labelled(const char *text, const line_t *l, silk_date_match_t *m,
                     bool *updated)
{
    for (size_t p = l->start; p < l->end; p++) {
        if (p > l->start && (is_alpha((unsigned char)text[p - 1]) ||
                             is_digit((unsigned char)text[p - 1])))
            continue;
        for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
            cur_t c = {text, l->end, p};
            if (!word(&c, labels[k].text))
                continue;
            cur_t t = c;
            skip_ws(&t);
            if (at(&t, 0) == ':') {
                t.p++;
            } else if (!(labels[k].bare && p == l->start && t.p > c.p)) {
                continue;
            }
            skip_ws(&t);
            size_t start = t.p;
            silk_date_t d;
            bool bad;
            if (!value(&t, &d, &bad))
                continue;
            if (is_alpha(at(&t, 0)) || is_digit(at(&t, 0)))
                continue;   /* "2021-03-02x" is no date */
            m->date = d;
            m->start = start;
            m->end = t.p;
            while (m->end > start && is_blank((unsigned char)text[m->end - 1]))
                m->end--;
            *updated = labels[k].updated;
            return true;
        }
    }
    return false;
}

/* Is the whole line l a date with at least a month? */
static bool date_line(const char *text, const line_t *l, silk_date_match_t *m)
{
    silk_date_t d;
    if (!silk_date_parse(text + l->start, l->end - l->start, &d) || !d.month)
        return false;
    m->date = d;
    m->start = l->start;
    m->end = l->end;
    return true;
}

/* Can s[0..n) be a dateline's place: capitalised words of letters (any
 * non-ASCII byte counts as one), '.', '-', '\'' and ',' ("ROCHESTER, N.Y.",
 * "Bonn, West Germany", "SÃO PAULO")? */
static bool place_like(const char *s, size_t n)
{
    bool word_start = true;
    if (n == 0 || n > 48)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ') {
            word_start = true;
            continue;
        }
        if (word_start && !(is_upper(ch) || ch >= 0x80))
            return false;
        word_start = false;
        if (!(is_alpha(ch) || ch >= 0x80 || ch == '.' || ch == '-' ||
              ch == '\'' || ch == ','))
            return false;
    }
    return true;
}

/* The date of a dateline after "PLACE, ": "March 3", "Mar. 3, 1987",
 * "3 March", "3 March 1987", "1987-03-03". Year 0 when not given. */
static bool dateline_date(cur_t *c, silk_date_t *d)
{
    cur_t t = *c;
    int m, dd, y;
    bool bad;

    if (value(&t, d, &bad) && d->day) {
        *c = t;
        return true;
    }
    t = *c;
    memset(d, 0, sizeof *d);
    if ((m = month(&t))) {
        if (!skip_ws(&t) || !day_number(&t, &dd))
            return false;
    } else if (day_number(&t, &dd)) {
        if (!skip_ws(&t) || !(m = month(&t)))
            return false;
    } else {
        return false;
    }
    if (dd < 1 || dd > days_in(2000, m))   /* Feb 29 allowed: no year */
        return false;
    cur_t u = t;
    if (comma_year(&u, &y))
        return false;   /* with a year, value() above took it */
    *d = (silk_date_t){0, m, dd};
    *c = t;
    return true;
}

/* A wire dateline opening line l: PLACE ", " date [ws "(" agency ")" |
 * ws "/" agency "/"] ws dash. Fills the date's span; its year is 0 when
 * the dateline gives none. */
static bool dateline(const char *text, const line_t *l, silk_date_match_t *m)
{
    size_t lim = l->start + 50 < l->end ? l->start + 50 : l->end;
    for (size_t p = l->start; p < lim; p++) {
        if (text[p] != ',' || !place_like(text + l->start, p - l->start))
            continue;
        cur_t c = {text, l->end, p + 1};
        if (!skip_ws(&c))
            continue;
        size_t start = c.p;
        silk_date_t d;
        if (!dateline_date(&c, &d))
            continue;
        size_t end = c.p;
        cur_t t = c;
        skip_ws(&t);
        int open = at(&t, 0);
        if (open == '(' || open == '/') {
            int close = open == '(' ? ')' : '/';
            size_t k = 1;
            while (k < 40 && at(&t, k) != close && at(&t, k) > 0 &&
                   at(&t, k) != '\n')
                k++;
            if (at(&t, k) != close)
                continue;
            t.p += k + 1;
            skip_ws(&t);
        }
        const char *q = text + t.p;
        size_t left = t.len - t.p;
        bool dash = (left >= 1 && (q[0] == '-' || q[0] == ':')) ||
                    (left >= 3 && (memcmp(q, "\xE2\x80\x94", 3) == 0 ||
                                   memcmp(q, "\xE2\x80\x93", 3) == 0));
        if (!dash)
            continue;
        m->date = d;
        m->start = start;
        m->end = end;
        return true;
    }
    return false;
}

/* See date.h. */
bool silk_date_in_header(const char *text, size_t len, silk_date_match_t *out)
{
    silk_date_match_t best[4];   /* label, date-line, dateline, updated */
    bool found[4] = {false, false, false, false};
    static const char *const rules[4] = {"label", "date-line", "dateline",
                                         "updated"};
    size_t p = 0, nlines = 0;

    memset(out, 0, sizeof *out);
    if (!text)
        return false;
    bool cut = len > SILK_DATE_HEADER_BYTES;
    if (cut)
        len = SILK_DATE_HEADER_BYTES;
    while (p < len && nlines < SILK_DATE_HEADER_LINES) {
        const char *nl = memchr(text + p, '\n', len - p);
        line_t l = {p, nl ? (size_t)(nl - text) : len, nlines < 3};
        p = nl ? l.end + 1 : len;
        if (!nl && cut)
            break;   /* a line cut by the limit: its end is unknown */
        while (l.start < l.end && is_blank((unsigned char)text[l.start]))
            l.start++;
        while (l.end > l.start && is_blank((unsigned char)text[l.end - 1]))
            l.end--;
        if (l.start == l.end)
            continue;
        nlines++;
        silk_date_match_t m;
        bool updated;
        if (labelled(text, &l, &m, &updated)) {
            int k = updated ? 3 : 0;
            if (!found[k]) {
                best[k] = m;
                found[k] = true;
            }
        } else if (!found[1] && date_line(text, &l, &m)) {
            best[1] = m;
            found[1] = true;
        } else if (!found[2] && l.first3 && dateline(text, &l, &m) &&
                   m.date.year) {
            best[2] = m;
            found[2] = true;
        }
    }
    for (int k = 0; k < 4; k++)
        if (found[k]) {
            *out = best[k];
            out->rule = rules[k];
            return true;
        }
    return false;
}
