/* boilerplate.c: named, line-level rules that recognise scraped-page
 * clutter (contact lines, phone numbers, page headers, breadcrumbs,
 * copyright footers, editor credits, bylines, site and share chrome).
 * See docs/passages.md for the rules and what they are tested against.
 */
#include "boilerplate.h"
#include "indexer_int.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* Rules that look at a whole line apply only to lines at most this long:
 * page clutter is short, and a long line is prose that may merely mention
 * "Tel:" or "all rights reserved". */
#define SHORT_LINE 200
/* A footer can carry a company name, address and links on one line. */
#define FOOTER_LINE 400
/* "+86-371-53706735 ext. 12" and the like. */
#define PHONE_LINE 48
#define PHONE_MIN_DIGITS 7

/* A line, with a cursor for the matchers. */
typedef struct line {
    const char *s;
    size_t n;
} line_t;

/* Skip Unicode space from offset i; returns the new offset. */
static size_t skip_space(line_t l, size_t i)
{
    size_t k;
    while (i < l.n && (k = silk_indexer__space_len(l.s + i, l.n - i)) > 0)
        i += k;
    return i;
}

/* Does l at offset i start with lit (ASCII, case-insensitive)? Returns
 * the offset after it, or 0. */
static size_t lit_at(line_t l, size_t i, const char *lit)
{
    size_t k = strlen(lit);
    if (k > l.n - i)
        return 0;
    for (size_t j = 0; j < k; j++)
        if (tolower((unsigned char)l.s[i + j]) != (unsigned char)lit[j])
            return 0;
    return i + k;
}

/* As lit_at, but the match must end at a word boundary. */
static size_t word_at(line_t l, size_t i, const char *lit)
{
    size_t e = lit_at(l, i, lit);
    if (!e || (e < l.n && isalnum((unsigned char)l.s[e])))
        return 0;
    return e;
}

/* A colon (ASCII or full-width) at i after optional space: offset after
 * it, or 0. */
static size_t colon_at(line_t l, size_t i)
{
    i = skip_space(l, i);
    if (i < l.n && l.s[i] == ':')
        return i + 1;
    if (i + 3 <= l.n && memcmp(l.s + i, "\xEF\xBC\x9A", 3) == 0)
        return i + 3;
    return 0;
}

/* Does the line contain lit (ASCII, case-insensitive)? Returns the offset
 * after the first match, or 0. */
static size_t contains(line_t l, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; i + k <= l.n; i++)
        if (tolower((unsigned char)l.s[i]) == (unsigned char)lit[0] && lit_at(l, i, lit))
            return i + k;
    return 0;
}

/* "Tel:", "FAX :", "Mobile / Whatsapp:", "Contact Person:" ... */
static bool contact_line(line_t l)
{
    static const char *const labels[] = {
        "contact person", "contact", "telephone", "tel", "phone", "fax",
        "skype", "mobile", "whatsapp", "wechat", "e-mail", "email",
        "address", "add", "qq", "cell", "hotline", "zip code", "postcode",
        "website"};
    size_t i = skip_space(l, 0);
    if (l.n > SHORT_LINE)
        return false;
    for (;;) {
        size_t e = 0;
        for (size_t k = 0; !e && k < sizeof labels / sizeof *labels; k++)
            e = word_at(l, i, labels[k]);
        if (!e)
            return false;
        i = skip_space(l, e);
        if (i < l.n && (l.s[i] == '/' || l.s[i] == ',' || l.s[i] == '&')) {
            i = skip_space(l, i + 1);
            continue;
        }
        return colon_at(l, i) != 0;
    }
}

/* A line that is mostly a phone number: "+86 17729756864". */
static bool phone_line(line_t l)
{
    size_t digits = 0;
    if (l.n > PHONE_LINE)
        return false;
    for (size_t i = 0; i < l.n; i++) {
        unsigned char c = (unsigned char)l.s[i];
        if (isdigit(c))
            digits++;
        else if (isalpha(c) || c >= 0x80) {
            size_t k = silk_indexer__space_len(l.s + i, l.n - i);
            if (!k)
                return false;
            i += k - 1;
        } else if (!strchr("+-()./ \t\r", c))
            return false;
    }
    return digits >= PHONE_MIN_DIGITS;
}

/* "Views: 8  Author: Site Editor  Publish Time: 2021-03-02  Origin: Site" */
static bool page_header(line_t l)
{
    static const char *const counters[] = {"views", "hits", "clicks",
                                           "page views"};
    size_t i = skip_space(l, 0);
    if (l.n > FOOTER_LINE)
        return false;
    for (size_t k = 0; k < sizeof counters / sizeof *counters; k++) {
        size_t e = word_at(l, i, counters[k]);
        if (e && (e = colon_at(l, e)) != 0) {
            e = skip_space(l, e);
            if (e < l.n && isdigit((unsigned char)l.s[e]))
                return true;
        }
    }
    return contains(l, "publish time:") || contains(l, "release time:") ||
           contains(l, "post time:");
}

/* "You are here: Home » News » ...", "Home > News > ..." */
static bool breadcrumb(line_t l)
{
    size_t i = skip_space(l, 0);
    if (l.n > SHORT_LINE)
        return false;
    if (word_at(l, i, "you are here"))
        return true;
    size_t e = word_at(l, i, "home");
    if (!e)
        return false;
    e = skip_space(l, e);
    return lit_at(l, e, ">") || lit_at(l, e, "/") ||
           lit_at(l, e, "\xC2\xBB") || lit_at(l, e, "\xE2\x80\xBA");
}

/* "Copyright © 2021 ...", "(c) 2021", "All rights reserved". */
static bool copyright(line_t l)
{
    size_t i = skip_space(l, 0);
    if (l.n > FOOTER_LINE)
        return false;
    if (lit_at(l, i, "\xC2\xA9"))
        return true;
    if (contains(l, "all rights reserved"))
        return true;
    line_t rest = l;
    size_t e;
    while ((e = contains(rest, "copyright")) != 0) {
        e = skip_space(rest, e);
        if (e < rest.n && (lit_at(rest, e, "\xC2\xA9") || lit_at(rest, e, "(c)") ||
                           isdigit((unsigned char)rest.s[e])))
            return true;
        rest.s += e;
        rest.n -= e;
    }
    return false;
}

/* "Editor in charge: Ge Yan", "(Editor: Wang Zhiying)". */
static bool editor_credit(line_t l)
{
    static const char *const labels[] = {
        "editor in charge", "responsible editor", "chief editor",
        "executive editor", "editors", "editor"};
    size_t i = skip_space(l, 0);
    if (l.n > SHORT_LINE / 2)
        return false;
    if (i < l.n && (l.s[i] == '(' || l.s[i] == '['))
        i = skip_space(l, i + 1);
    if (word_at(l, i, "edited by"))
        return true;
    for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
        size_t e = word_at(l, i, labels[k]);
        if (e && colon_at(l, e))
            return true;
    }
    return false;
}

/* "Source: China Trade News Author: Zhou Dongyang 2021-03-02 09:02:31" */
static bool byline(line_t l)
{
    static const char *const labels[] = {"source", "author", "origin",
                                         "reporter", "from"};
    size_t i = skip_space(l, 0);
    if (l.n > SHORT_LINE)
        return false;
    for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
        size_t e = word_at(l, i, labels[k]);
        if (e && colon_at(l, e))
            return true;
    }
    return false;
}

/* The whole line is one of the site's navigation labels. */
static bool site_chrome(line_t l)
{
    static const char *const labels[] = {
        "product inquiry", "send inquiry", "inquiry", "site index",
        "sitemap", "site map", "back to top", "top", "print",
        "print this page", "related news", "related articles",
        "related stories", "read more", "more", "contact us", "about us",
        "home", "previous", "next", "previous article", "next article",
        "subscribe", "login", "log in", "sign in", "sign up", "register",
        "feedback", "close", "advertisement", "get a quote",
        "leave a message", "online service", "search"};
    size_t i = skip_space(l, 0), end = l.n;
    while (end > i) {           /* trailing space and one ':' or '>' */
        size_t k = 0;
        for (size_t b = 1; b <= 3 && b <= end - i && !k; b++)
            if (silk_indexer__space_len(l.s + end - b, b) == b)
                k = b;
        if (!k && (l.s[end - 1] == ':' || l.s[end - 1] == '>'))
            k = 1;
        if (!k)
            break;
        end -= k;
    }
    if (end <= i)
        return false;
    for (size_t k = 0; k < sizeof labels / sizeof *labels; k++)
        if (lit_at(l, i, labels[k]) == end)
            return true;
    return false;
}

/* "Share: Facebook Twitter LinkedIn", "Share to WeChat | Weibo". */
static bool social_share(line_t l)
{
    static const char *const words[] = {
        "share", "shares", "this", "to", "on", "via", "facebook", "twitter",
        "x", "linkedin", "weibo", "wechat", "whatsapp", "email", "e-mail",
        "mail", "print", "pinterest", "reddit", "tweet", "like", "follow",
        "us", "google", "telegram", "qzone", "copy", "link", "more",
        "article", "story"};
    static const char *const strong[] = {
        "share", "facebook", "twitter", "linkedin", "weibo", "wechat",
        "whatsapp", "pinterest", "reddit", "tweet", "telegram", "qzone"};
    bool any_strong = false;
    size_t i = 0, nwords = 0;
    if (l.n > SHORT_LINE)
        return false;
    while (i < l.n) {
        unsigned char c = (unsigned char)l.s[i];
        if (c >= 0x80) {        /* space, or a Latin-1/punctuation symbol */
            size_t k = silk_indexer__space_len(l.s + i, l.n - i);
            if (!k && c == 0xC2)
                k = 2;
            else if (!k && c == 0xE2)
                k = 3;
            if (!k)
                return false;    /* a non-ASCII letter: prose */
            i += k;
            continue;
        }
        if (!isalpha(c)) {
            i++;
            continue;
        }
        size_t e = 0;
        for (size_t k = 0; !e && k < sizeof words / sizeof *words; k++)
            if ((e = word_at(l, i, words[k])) != 0)
                for (size_t s = 0; s < sizeof strong / sizeof *strong; s++)
                    any_strong = any_strong || strcmp(words[k], strong[s]) == 0;
        if (!e)
            return false;
        nwords++;
        i = e;
    }
    return nwords > 0 && any_strong;
}

/* A line with no letters or digits at all: "* * *", "|", "»". Symbols of
 * Latin-1 (C2 xx) and general punctuation (E2 xx) count as no text. */
static bool no_text(line_t l)
{
    for (size_t i = 0; i < l.n; i++) {
        unsigned char c = (unsigned char)l.s[i];
        if (isalnum(c))
            return false;
        if (c >= 0xC0 && c != 0xC2 && c != 0xE2)
            return false;
    }
    return true;
}

static const struct {
    const char *name;
    bool (*match)(line_t l);
} rules[] = {
    {"contact-line", contact_line},
    {"phone-number", phone_line},
    {"page-header", page_header},
    {"breadcrumb", breadcrumb},
    {"copyright", copyright},
    {"editor-credit", editor_credit},
    {"byline", byline},
    {"site-chrome", site_chrome},
    {"social-share", social_share},
    {"no-text", no_text},
};

/* The rule that calls the line s[0..n) boilerplate, or NULL. */
static const char *line_rule(const char *s, size_t n)
{
    line_t l = {s, n};
    for (size_t k = 0; k < sizeof rules / sizeof *rules; k++)
        if (rules[k].match(l))
            return rules[k].name;
    return NULL;
}

/* A paragraph is boilerplate when it has at least one non-blank line and
 * every non-blank line is; *rule names the first line's rule. Never fails;
 * any bytes are safe. */
int silk_boilerplate_is(const char *para, size_t len, const char **rule)
{
    const char *first = NULL;
    size_t i = 0;
    if (rule)
        *rule = NULL;
    if (!para)
        return 0;
    while (i < len) {
        const char *nl = memchr(para + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - para) : len;
        line_t l = {para + i, e - i};
        if (skip_space(l, 0) < l.n) {
            const char *r = line_rule(l.s, l.n);
            if (!r)
                return 0;
            if (!first)
                first = r;
        }
        i = e + 1;
    }
    if (!first)
        return 0;
    if (rule)
        *rule = first;
    return 1;
}
