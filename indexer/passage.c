/* passage.c: split an article body into passages — lines into paragraphs
 * (blank-line, one-paragraph-a-line and hard-wrapped text), boilerplate
 * lines dropped, short paragraphs joined to the next, long ones cut at
 * sentence boundaries. See docs/passages.md for the rules.
 */
#include "passage.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "boilerplate.h"
#include "indexer_int.h"
#include "silk_vec.h"

/* A block of lines is hard-wrapped when most of its lines (all but the
 * last) are this long, in characters: typical wrap widths are 60–80, and
 * a one-paragraph-a-line text has longer lines or an occasional heading. */
#define WRAP_MIN_CHARS 40
#define WRAP_MAX_CHARS 100
/* ... where "most" is at least this fraction of them. */
#define WRAP_SHARE_NUM 2
#define WRAP_SHARE_DEN 3
/* A sentence this many times the maximum is not a sentence but a table or
 * a run of text without punctuation: it is cut at word breaks instead. */
#define HUGE_FACTOR 4

/* ---- text helpers ---- */

/* Is there a Unicode space ending exactly at s[e) (looking back from e,
 * not before s[b))? Returns its length or 0. */
static size_t space_before(const char *s, size_t b, size_t e)
{
    for (size_t k = 1; k <= 3 && k <= e - b; k++)
        if (silk_indexer__space_len(s + e - k, k) == k)
            return k;
    return 0;
}

/* Trim Unicode space from both ends of s[*b..*e). */
static void trim(const char *s, size_t *b, size_t *e)
{
    size_t k;
    while (*b < *e && (k = silk_indexer__space_len(s + *b, *e - *b)) > 0)
        *b += k;
    while (*e > *b && (k = space_before(s, *b, *e)) > 0)
        *e -= k;
}

/* Is the code point starting at s (lead byte c) a CJK ideograph, kana or
 * hangul syllable — a "word" of its own, since such text has no spaces? */
static bool cjk_at(const unsigned char *u, size_t n)
{
    if (n < 3 || u[0] < 0xE3 || u[0] > 0xED)
        return false;
    unsigned cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7AF);
}

/* Words in s[b..e): runs of non-space, each CJK character counting as
 * one word of its own. */
static size_t count_words(const char *s, size_t b, size_t e)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t words = 0, i = b, k;
    bool in_word = false;
    while (i < e) {
        if ((k = silk_indexer__space_len(s + i, e - i)) > 0) {
            in_word = false;
            i += k;
        } else if (cjk_at(u + i, e - i)) {
            words++;
            in_word = false;
            i += 3;
        } else {
            if (!in_word)
                words++;
            in_word = true;
            i++;
        }
    }
    return words;
}

/* Characters (UTF-8 lead bytes) in s[b..e). */
static size_t count_chars(const char *s, size_t b, size_t e)
{
    size_t n = 0;
    for (size_t i = b; i < e; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* ---- growable arrays ---- */

typedef struct line {
    size_t b, e;     /* trimmed span; b == e for a blank line */
    size_t chars;
} line_t;

typedef struct para {
    size_t b, e;     /* trimmed span */
    size_t words;
    bool boiler;
} para_t;

typedef struct group {
    size_t first, last;  /* paragraphs [first, last] */
    size_t words;
    size_t segment;      /* paragraphs of one segment have no dropped
                            boilerplate between them */
} group_t;

/* Grow the array whose pointer is at arrp (of *cap elements of size sz) to
 * hold n + 1, by silk_vec's growth (util/silk_vec.h). The pointer is read
 * and written with memcpy so that one function serves every element type
 * without aliasing tricks. 0, or -1 when memory ran out (the array is
 * unchanged). */
static int grow(void *arrp, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return 0;
    bool failed = false;
    void *arr;
    memcpy(&arr, arrp, sizeof arr);
    arr = silk_vec__grow(arr, cap, n, 1, sz, &failed);
    if (failed)
        return -1;
    memcpy(arrp, &arr, sizeof arr);
    return 0;
}

typedef struct splitter {
    const char *s;
    line_t *lines;
    size_t nlines, lines_cap;
    para_t *paras;
    size_t nparas, paras_cap;
    group_t *groups;
    size_t ngroups, groups_cap;
    silk_passage_t *out;
    size_t nout, out_cap;
    size_t *cuts;                  /* sentence starts, for one group */
    size_t ncuts, cuts_cap;
    size_t boilerplate;
} splitter_t;

/* Append the paragraph s[b..e) (trimmed), with its word count and
 * whether it is boilerplate. 0, or -1 when memory ran out. */
static int add_para(splitter_t *sp, size_t b, size_t e)
{
    if (grow(&sp->paras, &sp->paras_cap, sp->nparas, sizeof *sp->paras))
        return -1;
    para_t *p = &sp->paras[sp->nparas++];
    p->b = b;
    p->e = e;
    p->words = count_words(sp->s, b, e);
    p->boiler = silk_boilerplate_is(sp->s + b, e - b, NULL) != 0;
    sp->boilerplate += p->boiler;
    return 0;
}

/* Append the passage s[b..e), trimmed; an empty one is left out. 0, or -1
 * when memory ran out. */
static int add_out(splitter_t *sp, size_t b, size_t e)
{
    trim(sp->s, &b, &e);
    if (b == e)
        return 0;
    if (grow(&sp->out, &sp->out_cap, sp->nout, sizeof *sp->out))
        return -1;
    sp->out[sp->nout].start = b;
    sp->out[sp->nout].end = e;
    sp->nout++;
    return 0;
}

/* ---- lines → paragraphs ---- */

/* Record every line of the body (split at \n) with its trimmed span and
 * length in characters. 0, or -1 when memory ran out. */
static int split_lines(splitter_t *sp, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(sp->s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - sp->s) : len;
        size_t tb = i, te = e;
        trim(sp->s, &tb, &te);
        if (grow(&sp->lines, &sp->lines_cap, sp->nlines,
                 sizeof *sp->lines))
            return -1;
        sp->lines[sp->nlines].b = tb;
        sp->lines[sp->nlines].e = te;
        sp->lines[sp->nlines].chars = tb < te ? count_chars(sp->s, tb, te) : 0;
        sp->nlines++;
        i = nl ? e + 1 : len;
    }
    return 0;
}

/* Does the line end a sentence: last character . ! ? : or a closing
 * quote? Used to find paragraph ends inside hard-wrapped text. */
static bool ends_sentence(const char *s, const line_t *l)
{
    if (l->e == l->b)
        return false;
    unsigned char c = (unsigned char)s[l->e - 1];
    return strchr(".!?:\"')", c) != NULL ||
           (l->e - l->b >= 3 && (unsigned char)s[l->e - 3] == 0xE2 &&
            (unsigned char)s[l->e - 2] == 0x80 &&
            (c == 0x9D || c == 0x99));   /* ” ’ */
}

/* Turn the block of non-blank lines [first, last] into paragraphs: one per
 * line, unless the block is hard-wrapped; then lines join, except after a
 * short line that ends a sentence, or where boilerplate lines start or
 * stop (each line is judged on its own so that a contact line is dropped
 * even inside a paragraph). */
static int block_paras(splitter_t *sp, size_t first, size_t last)
{
    const line_t *L = sp->lines;
    size_t inrange = 0, k = last - first;
    for (size_t i = first; i < last; i++)
        inrange += L[i].chars >= WRAP_MIN_CHARS && L[i].chars <= WRAP_MAX_CHARS;
    bool wrapped = k > 0 && inrange * WRAP_SHARE_DEN >= k * WRAP_SHARE_NUM;
    if (!wrapped) {
        for (size_t i = first; i <= last; i++)
            if (add_para(sp, L[i].b, L[i].e))
                return -1;
        return 0;
    }
    size_t start = first;
    bool start_boiler = silk_boilerplate_is(sp->s + L[first].b,
                                            L[first].e - L[first].b, NULL);
    for (size_t i = first; i <= last; i++) {
        bool end = i == last;
        if (!end) {
            bool next_boiler = silk_boilerplate_is(
                sp->s + L[i + 1].b, L[i + 1].e - L[i + 1].b, NULL);
            end = next_boiler != start_boiler ||
                  (L[i].chars < WRAP_MIN_CHARS && ends_sentence(sp->s, &L[i]));
            if (end) {
                if (add_para(sp, L[start].b, L[i].e))
                    return -1;
                start = i + 1;
                start_boiler = next_boiler;
            }
        } else if (add_para(sp, L[start].b, L[i].e))
            return -1;
    }
    return 0;
}

/* ---- paragraphs → groups ---- */

/* Append a group of paragraphs [first, last]. 0, or -1 (no memory). */
static int add_group(splitter_t *sp, size_t first, size_t last, size_t words,
                     size_t segment)
{
    if (grow(&sp->groups, &sp->groups_cap, sp->ngroups,
             sizeof *sp->groups))
        return -1;
    group_t *g = &sp->groups[sp->ngroups++];
    g->first = first;
    g->last = last;
    g->words = words;
    g->segment = segment;
    return 0;
}

/* Close a pending run of short paragraphs [first, last] that found no
 * longer paragraph to join: it joins the group before it when nothing was
 * dropped between them, else stands alone. */
static int flush_short(splitter_t *sp, size_t first, size_t last, size_t words,
                       size_t segment)
{
    if (sp->ngroups && sp->groups[sp->ngroups - 1].segment == segment) {
        group_t *g = &sp->groups[sp->ngroups - 1];
        g->last = last;
        g->words += words;
        return 0;
    }
    return add_group(sp, first, last, words, segment);
}

/* Group the paragraphs into passages-to-be: boilerplate dropped (and
 * ending a segment), short paragraphs joined to the next, a trailing
 * short run joined to the group before it. 0, or -1 (no memory). */
static int make_groups(splitter_t *sp)
{
    size_t segment = 0, first = 0, words = 0;
    bool pending = false;
    for (size_t i = 0; i < sp->nparas; i++) {
        const para_t *p = &sp->paras[i];
        if (p->boiler) {
            if (pending && flush_short(sp, first, i - 1, words, segment))
                return -1;
            pending = false;
            segment++;
            continue;
        }
        if (!pending) {
            first = i;
            words = 0;
            pending = true;
        }
        words += p->words;
        if (p->words >= SILK_PASSAGE_MIN_WORDS || words >= SILK_PASSAGE_MAX_WORDS) {
            if (add_group(sp, first, i, words, segment))
                return -1;
            pending = false;
        }
    }
    if (pending && flush_short(sp, first, sp->nparas - 1, words, segment))
        return -1;
    return 0;
}

/* ---- long groups → sentence pieces ---- */

static const char *const abbreviations[] = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co",
    "corp", "no", "nos", "gen", "gov", "sen", "rep", "rev", "hon", "lt",
    "col", "capt", "sgt", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "ave",
    "dept", "univ", "approx", "fig", "vol", "pp", "est", "cf", "al"};

/* Is the word ending just before the '.' at s[dot] an abbreviation ("Mr",
 * "U.S", "J") after which a full stop does not end a sentence? */
static bool abbreviation_before(const char *s, size_t b, size_t dot)
{
    size_t w = dot;
    while (w > b && !space_before(s, b, w) && strchr("\"'(", s[w - 1]) == NULL)
        w--;
    size_t n = dot - w;
    if (n == 0)
        return false;
    if (n == 1 && isalpha((unsigned char)s[w]))
        return true;                       /* an initial: "J. Smith" */
    if (memchr(s + w, '.', n))
        return true;                       /* "U.S", "e.g" */
    if (n > 6)
        return false;
    char low[8];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)s[w + i]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof abbreviations / sizeof *abbreviations; i++)
        if (strcmp(low, abbreviations[i]) == 0)
            return true;
    return false;
}

/* Length of a sentence terminator at s[i..e): 1 for . ! ?, 3 for CJK
 * 。！？, else 0. *cjk tells which. */
static size_t terminator(const char *s, size_t i, size_t e, bool *cjk)
{
    const unsigned char *u = (const unsigned char *)s + i;
    *cjk = false;
    if (*u == '.' || *u == '!' || *u == '?')
        return 1;
    if (e - i >= 3 && ((u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x82) ||
                       (u[0] == 0xEF && u[1] == 0xBC &&
                        (u[2] == 0x81 || u[2] == 0x9F)))) {
        *cjk = true;
        return 3;
    }
    return 0;
}

/* Closing quote or bracket at s[i..e): its length, or 0. */
static size_t closer(const char *s, size_t i, size_t e)
{
    if (strchr("\"')]", s[i]))
        return 1;
    if (e - i >= 3 && (unsigned char)s[i] == 0xE2 &&
        (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x9D || (unsigned char)s[i + 2] == 0x99))
        return 3;
    return 0;
}

/* Does a new sentence start at s[i..e): an upper-case letter or an opening
 * quote or bracket? */
static bool sentence_start(const char *s, size_t i, size_t e)
{
    unsigned char c = (unsigned char)s[i];
    if (isupper(c) || c == '"' || c == '\'' || c == '(')
        return true;
    return e - i >= 3 && c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
           ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x98);
}

/* Append a sentence start. 0, or -1 when memory ran out. */
static int add_cut(splitter_t *sp, size_t at)
{
    if (grow(&sp->cuts, &sp->cuts_cap, sp->ncuts, sizeof *sp->cuts))
        return -1;
    sp->cuts[sp->ncuts++] = at;
    return 0;
}

/* Collect the sentence starts inside group g into sp->cuts (paragraph
 * starts count too), then the group's end. */
static int find_cuts(splitter_t *sp, const group_t *g)
{
    const char *s = sp->s;
    size_t b = sp->paras[g->first].b, e = sp->paras[g->last].e;
    size_t next_para = g->first + 1;
    sp->ncuts = 0;
    if (add_cut(sp, b))
        return -1;
    for (size_t i = b; i < e;) {
        if (next_para <= g->last && i >= sp->paras[next_para].b) {
            if (add_cut(sp, sp->paras[next_para].b))
                return -1;
            i = sp->paras[next_para].b + 1;
            next_para++;
            continue;
        }
        bool cjk;
        size_t t = terminator(s, i, e, &cjk);
        if (!t) {
            i++;
            continue;
        }
        size_t j = i + t, k;
        while (j < e && (k = closer(s, j, e)) > 0)
            j += k;
        size_t after = j;
        while (j < e && (k = silk_indexer__space_len(s + j, e - j)) > 0)
            j += k;
        bool cut = j < e && (next_para > g->last || j < sp->paras[next_para].b);
        if (cut && !cjk)
            cut = j > after && sentence_start(s, j, e) &&
                  !(s[i] == '.' && abbreviation_before(s, b, i));
        if (cut && add_cut(sp, j))
            return -1;
        i = j > i ? j : i + 1;
    }
    return add_cut(sp, e);
}

/* Cut s[b..e) (one over-long sentence) into pieces of at most MAX words at
 * word breaks. */
static int cut_words(splitter_t *sp, size_t b, size_t e)
{
    const char *s = sp->s;
    size_t start = b, words = 0, i = b, k;
    bool in_word = false;
    while (i < e) {
        if ((k = silk_indexer__space_len(s + i, e - i)) > 0) {
            in_word = false;
            i += k;
            continue;
        }
        if (!in_word || cjk_at((const unsigned char *)s + i, e - i)) {
            if (words == SILK_PASSAGE_MAX_WORDS) {
                if (add_out(sp, start, i))
                    return -1;
                start = i;
                words = 0;
            }
            words++;
        }
        in_word = !cjk_at((const unsigned char *)s + i, e - i);
        i += in_word ? 1 : 3;
    }
    return add_out(sp, start, e);
}

/* Emit group g as passages: whole, or cut at sentence starts into pieces
 * of roughly equal size, none over the maximum unless one sentence is. */
static int emit_group(splitter_t *sp, const group_t *g)
{
    size_t b = sp->paras[g->first].b, e = sp->paras[g->last].e;
    if (g->words <= SILK_PASSAGE_MAX_WORDS)
        return add_out(sp, b, e);
    if (find_cuts(sp, g))
        return -1;
    size_t remaining = g->words, start = sp->cuts[0], cur = 0;
    size_t pieces = (remaining + SILK_PASSAGE_MAX_WORDS - 1) / SILK_PASSAGE_MAX_WORDS;
    size_t target = remaining / pieces;
    bool retarget = false;
    for (size_t c = 0; c + 1 < sp->ncuts; c++) {
        size_t sb = sp->cuts[c], se = sp->cuts[c + 1];
        size_t w = count_words(sp->s, sb, se);
        bool huge = w > SILK_PASSAGE_MAX_WORDS * HUGE_FACTOR;
        bool over = cur + w > SILK_PASSAGE_MAX_WORDS;
        bool past_target = cur + w / 2 > target;
        if (cur > 0 && (huge || over || past_target)) {
            if (add_out(sp, start, sb))
                return -1;
            remaining = remaining > cur ? remaining - cur : 0;
            start = sb;
            cur = 0;
            retarget = true;
        }
        if (huge) {
            if (cut_words(sp, sb, se))
                return -1;
            remaining = remaining > w ? remaining - w : 0;
            start = se;
            retarget = true;
        } else
            cur += w;
        if (retarget) {      /* share what is left evenly again */
            pieces = (remaining + SILK_PASSAGE_MAX_WORDS - 1) / SILK_PASSAGE_MAX_WORDS;
            target = pieces ? remaining / pieces : remaining;
            retarget = false;
        }
    }
    return cur ? add_out(sp, start, e) : 0;
}

/* Split body into passages: see passage.h. Any bytes are safe (invalid
 * UTF-8 is read as word characters); the only failure is memory. */
int silk_passages_split(const char *body, size_t len, silk_passage_t **out,
                        size_t *n, silk_passage_stats_t *stats)
{
    splitter_t sp = {.s = body};
    int rc = -1;
    *out = NULL;
    *n = 0;
    if (stats)
        stats->paragraphs = stats->boilerplate = 0;
    if (!body || len == 0)
        return 0;
    if (split_lines(&sp, len))
        goto done;
    for (size_t i = 0; i < sp.nlines;) {
        if (sp.lines[i].b == sp.lines[i].e) {
            i++;
            continue;
        }
        size_t last = i;
        while (last + 1 < sp.nlines && sp.lines[last + 1].b < sp.lines[last + 1].e)
            last++;
        if (block_paras(&sp, i, last))
            goto done;
        i = last + 1;
    }
    if (make_groups(&sp))
        goto done;
    for (size_t g = 0; g < sp.ngroups; g++)
        if (emit_group(&sp, &sp.groups[g]))
            goto done;
    if (stats) {
        stats->paragraphs = sp.nparas;
        stats->boilerplate = sp.boilerplate;
    }
    *out = sp.nout ? sp.out : NULL;
    *n = sp.nout;
    if (sp.nout)
        sp.out = NULL;
    rc = 0;
done:
    free(sp.lines);
    free(sp.paras);
    free(sp.groups);
    free(sp.cuts);
    free(sp.out);
    return rc;
}
