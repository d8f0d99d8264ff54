/* fields.c: the field table (fields.h) and the few functions every side
 * reads it with. */
#include "fields.h"

#include <string.h>

#include "nearest.h"
#include "silk_schema.h"
#include "silk_slug.h"

#define Q SILK_FIELD_QUERY
#define F SILK_FIELD_FACET

/* One row per field; docs/index-format.md and silk-query-syntax(7) say
 * what each holds and how it is typed. */
const silk_field_t silk_fields[SILK_FIELD_COUNT_] = {
    [SILK_FIELD_YEAR] = {
        "year", SILK_PREFIX_YEAR, SILK_SLOT_YEAR,
        Q | F | SILK_FIELD_RANGE | SILK_FIELD_ARTICLE,
        SILK_TERM_VALUE, SILK_RESOLVE_YEAR, SILK_DISPLAY_VALUE, 0, NULL,
        "is not a year" },
    [SILK_FIELD_COUNTRY] = {
        "country", SILK_PREFIX_COUNTRY, SILK_SLOT_COUNTRY,
        Q | F | SILK_FIELD_LIST | SILK_FIELD_HIT_TEXT,
        SILK_TERM_LOWER, SILK_RESOLVE_COUNTRY, SILK_DISPLAY_COUNTRY, 0,
        "country", "names no country" },
    [SILK_FIELD_MINISTRY] = {
        "ministry", SILK_PREFIX_MINISTRY, SILK_SLOT_MINISTRY,
        Q | F | SILK_FIELD_LIST | SILK_FIELD_HIT_TEXT,
        SILK_TERM_LOWER, SILK_RESOLVE_MINISTRY, SILK_DISPLAY_MINISTRY, 0,
        "ministry", "names no ministry" },
    [SILK_FIELD_SOURCE] = {
        "source", SILK_PREFIX_SOURCE, SILK_SLOT_SOURCE,
        Q | F | SILK_FIELD_ARTICLE,
        SILK_TERM_SLUG, SILK_RESOLVE_TYPED, SILK_DISPLAY_VALUE, 0, NULL,
        "names no source" },
    [SILK_FIELD_SUBJECT] = {
        "subject", SILK_PREFIX_SUBJECT, SILK_SLOT_SUBJECT,
        Q | F | SILK_FIELD_LIST | SILK_FIELD_ARTICLE,
        SILK_TERM_LOWER, SILK_RESOLVE_COUNTRY, SILK_DISPLAY_COUNTRY, 0,
        "subject", "names no country" },
    [SILK_FIELD_MONTH] = {
        "month", NULL, SILK_SLOT_DATE,
        F | SILK_FIELD_ARTICLE | SILK_FIELD_DERIVED | SILK_FIELD_BY_VALUE,
        SILK_TERM_VALUE, SILK_RESOLVE_TYPED, SILK_DISPLAY_VALUE, 7, NULL,
        NULL },
    [SILK_FIELD_CATEGORY] = {
        "category", SILK_PREFIX_CATEGORY, SILK_SLOT_CATEGORY,
        Q | F | SILK_FIELD_ARTICLE | SILK_FIELD_HIT_TEXT,
        SILK_TERM_SLUG, SILK_RESOLVE_TYPED, SILK_DISPLAY_VALUE, 0,
        "category", "names no category" },
    [SILK_FIELD_TITLE] = {
        "title", SILK_PREFIX_TITLE, -1, Q | SILK_FIELD_TEXT,
        SILK_TERM_VALUE, SILK_RESOLVE_TYPED, SILK_DISPLAY_VALUE, 0, NULL,
        NULL },
    [SILK_FIELD_DATE] = {
        "date", SILK_PREFIX_DATE, SILK_SLOT_DATE,
        Q | SILK_FIELD_RANGE | SILK_FIELD_ARTICLE,
        SILK_TERM_DAY, SILK_RESOLVE_DATE, SILK_DISPLAY_VALUE, 0, NULL,
        "is not a date" },
};

#undef Q
#undef F

/* Is a[0..n) equal to the NUL-terminated b, ASCII case ignored? */
static int name_eq(const char *a, size_t n, const char *b)
{
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (y == '\0')
            return 0;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return b[n] == '\0';
}

/* See fields.h. */
int silk_field_lookup(const char *name, size_t len, unsigned flags)
{
    for (int id = 0; id < SILK_FIELD_COUNT_; id++)
        if ((silk_fields[id].flags & flags) == flags &&
            name_eq(name, len, silk_fields[id].name))
            return id;
    return -1;
}

/* See fields.h. */
const char *silk_field_nearest(const char *name, size_t len, unsigned flags)
{
    const char *names[SILK_FIELD_COUNT_];
    size_t n = 0;

    if (silk_field_lookup(name, len, flags) >= 0)
        return NULL;
    for (int id = 0; id < SILK_FIELD_COUNT_; id++)
        if ((silk_fields[id].flags & flags) == flags)
            names[n++] = silk_fields[id].name;
    return silk_nearest_name(name, len, names, n, sizeof names[0]);
}

/* See fields.h. */
size_t silk_field_term(const silk_field_t *f, const char *value, size_t len,
                       char *out, size_t cap)
{
    size_t p = f->prefix ? strlen(f->prefix) : 0, n = len;

    if (!f->prefix || p >= cap)
        return 0;
    memcpy(out, f->prefix, p);
    switch (f->term) {
    case SILK_TERM_SLUG: {
        /* Cut at SILK_SLUG_MAX_BYTES on both sides, so that a long name
         * still matches itself. */
        char slug[SILK_SLUG_MAX_BYTES + 1];
        n = silk_slug(slug, sizeof slug, value, len);
        if (n == 0)
            return 0;
        n = strlen(slug);
        if (p + n >= cap)
            return 0;
        memcpy(out + p, slug, n);
        break;
    }
    case SILK_TERM_DAY:
        /* "YYYY-MM-DD" only. */
        if (len != 10 || value[4] != '-' || value[7] != '-' || p + 8 >= cap)
            return 0;
        memcpy(out + p, value, 4);
        memcpy(out + p + 4, value + 5, 2);
        memcpy(out + p + 6, value + 8, 2);
        n = 8;
        break;
    case SILK_TERM_LOWER:
    case SILK_TERM_VALUE:
        if (n == 0 || p + n >= cap)
            return 0;
        for (size_t i = 0; i < n; i++) {
            char c = value[i];
            if (f->term == SILK_TERM_LOWER && c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            out[p + i] = c;
        }
        break;
    }
    out[p + n] = '\0';
    return p + n;
}
