/* reader_json.c: the corpus reader's JSON formats — a JSON object as an
 * article, JSON Lines read a bounded piece at a time (plain, gzip'ed or on
 * stdin), and JSON files (an array of articles, or one). See reader.h and
 * docs/corpus-format.md.
 */
#define _POSIX_C_SOURCE 200809L

#include "reader_int.h"
#include "indexer_int.h"
#include "silk_date.h"
#include "silk_utf8.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

/* JSON Lines are read through this buffer; a line is handed to the JSON
 * parser a piece at a time, so a long line is never held twice. */
#define SRC_BUF_BYTES (128u << 10)
/* Bytes of one line decoded per refill: a repaired byte takes 3 (U+FFFD),
 * so the decoded piece always fits its buffer. */
#define FEED_PIECE 4096
/* From this line length on, the JSON parser's next doubling is tried
 * first (an allocation of three times the line, freed at once): jansson
 * misbehaves when memory runs out inside it, so silk finds out before. */
#define MEMORY_PROBE_FROM (1u << 20)

/* ---- JSON objects -> articles ---- */

/* "a string", "an array", ... for reasons; static storage. */
static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* A JSON string value as a C string with LF line ends: NUL characters
 * (\u0000) become U+FFFD (and *replaced is set) and CRs go, in the scratch
 * buffer b; otherwise the string is borrowed from v. *len gets its length.
 * NULL when memory ran out. */
static const char *jstr(const json_t *v, silk_buf_t *b, bool *replaced,
                        size_t *len)
{
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    bool nul = strlen(s) != n, cr = memchr(s, '\r', n) != NULL;
    *len = n;
    if (!nul && !cr)
        return s;
    b->len = 0;
    if (silk_buf_reserve(b, nul ? 3 * n : n) < 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i])
            b->p[b->len++] = s[i];
        else {
            memcpy(b->p + b->len, SILK_UTF8_REPLACEMENT, 3);
            b->len += 3;
            *replaced = true;
        }
    }
    b->p[b->len] = '\0';
    b->len = silk_reader__lf_only(b->p, b->len);
    *len = b->len;
    return b->p;
}

/* See reader_int.h. */
bool silk_reader__text_start(walk_t *w, const char *path, const char *s,
                             size_t n, size_t *bom)
{
    *bom = 0;
    if (memchr(s, '\0', n < BINARY_SNIFF_BYTES ? n : BINARY_SNIFF_BYTES)) {
        silk_reader__problem(w, SILK_PROBLEM_BINARY, path, 0,
                "NUL bytes in the first %d bytes: not a text file",
                BINARY_SNIFF_BYTES);
        return false;
    }
    if (silk_reader__has_bom(s, n))
        *bom = 3;
    return true;
}

/* ---- field names ---- */

/* Room for each field's built-in names (the longest list has 14). */
#define FIELD_NAMES_MAX 16

/* Each field's names, the canonical one first, in the order they are
 * tried: the first key present (in any ASCII case, its exact spelling
 * first) holding something (a string with a character other than white
 * space; an id: a non-empty string, or a number) gives the field. The
 * names are those of published news datasets (HuffPost's News Category
 * Dataset: headline, short_description, link; NewsAPI: publishedAt,
 * content; news-please: maintext, date_publish; Kaggle dumps: content,
 * publication, article...): full text before summaries. Authors have no
 * field of their own: they stay in extra. docs/corpus-format.md "Field
 * names" is this table for users. */
static const char *const field_names[SILK_RF_COUNT_][FIELD_NAMES_MAX] = {
    [SILK_RF_ID] = {"id", "article_id", "doc_id", "docid", "story_id",
                    "news_id", "guid", "uuid", "_id"},
    [SILK_RF_TITLE] = {"title", "headline", "heading", "headlines"},
    [SILK_RF_BODY] = {"body", "text", "content", "article", "story",
                      "full_text", "fulltext", "article_text", "body_text",
                      "maintext", "description", "summary",
                      "short_description", "abstract"},
    [SILK_RF_DATE] = {"date", "published", "publish_date", "published_date",
                      "pubdate", "pub_date", "date_published", "date_publish",
                      "published_at", "publishedat", "publication_date",
                      "datetime"},
    [SILK_RF_SOURCE] = {"source", "publisher", "publication", "source_name",
                        "source_domain", "outlet"},
    [SILK_RF_URL] = {"url", "link", "article_url", "web_url", "permalink"},
};

/* See reader.h. */
const char *silk_reader_field_name(silk_reader_field_t f)
{
    return (unsigned)f < SILK_RF_COUNT_ ? field_names[f][0] : NULL;
}

/* Are a and b the same in any ASCII case? */
static bool same_any_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* See reader.h. */
int silk_reader_field_parse(const char *name)
{
    for (int f = 0; f < SILK_RF_COUNT_; f++)
        if (same_any_case(name, field_names[f][0]))
            return f;
    return -1;
}

/* The value of obj's key name (lower case), spelt exactly so, else in
 * another ASCII case (the first such key; looked for only when upper is
 * set: obj has a key with an upper-case letter); *key gets the key as obj
 * has it. NULL when there is none. */
static json_t *get_any_case(json_t *obj, const char *name, bool upper,
                            const char **key)
{
    const char *k;
    json_t *v = json_object_get(obj, name);
    if (v) {
        *key = name;
        return v;
    }
    if (!upper)
        return NULL;
    json_object_foreach(obj, k, v) {
        if (same_any_case(k, name)) {
            *key = k;
            return v;
        }
    }
    return NULL;
}

/* See reader_int.h. */
bool silk_reader__is_field_name(const walk_t *w, const char *key,
                                silk_reader_field_t f)
{
    for (size_t i = 0; i < w->nfield_keys; i++)
        if (w->field_keys[i].field == f &&
            same_any_case(key, w->field_keys[i].key))
            return true;
    for (size_t i = 0; i < FIELD_NAMES_MAX && field_names[f][i]; i++)
        if (same_any_case(key, field_names[f][i]))
            return true;
    return false;
}

/* Does v hold something for field f (see field_names)? */
static bool holds(silk_reader_field_t f, const json_t *v)
{
    if (f == SILK_RF_ID)
        return json_is_number(v) ||
               (json_is_string(v) && json_string_length(v) > 0);
    return json_is_string(v) &&
           !silk_reader__all_space(json_string_value(v),
                                   json_string_length(v));
}

/* A field's value and the key it came from (NULL, NULL: none). */
typedef struct pick {
    json_t *v;
    const char *key;
    bool user;               /* a --field name gave it */
    bool kept;               /* the key stays in extra all the same (an
                                object the value was taken from) */
} pick_t;

/* NewsAPI's source is an object, {"id": "bbc-news", "name": "BBC News"}:
 * its name, when v is such an object, else NULL. */
static json_t *source_name(silk_reader_field_t f, json_t *v)
{
    json_t *name = f == SILK_RF_SOURCE && json_is_object(v)
                       ? json_object_get(v, "name") : NULL;
    return name && holds(f, name) ? name : NULL;
}

/* Take v (obj's key) as field f into *out when it holds something. */
static void take(pick_t *out, silk_reader_field_t f, json_t *v,
                 const char *key, bool user)
{
    json_t *name = source_name(f, v);
    if (name)
        *out = (pick_t){name, key, user, true};
    else if (holds(f, v))
        *out = (pick_t){v, key, user, false};
}

/* Pick each field of obj: the user's names for it (w's, in the order
 * given), then field_names'. */
static void pick_fields(const walk_t *w, json_t *obj, pick_t out[])
{
    /* Most records' keys are all lower case: then a name is one hash
     * look-up (a scan of the keys for each of ~50 names cost Reuters'
     * reading ~10%). A --field name may have capitals: always scanned. */
    bool upper = false;
    const char *k;
    json_t *x;
    json_object_foreach(obj, k, x) {
        for (const char *c = k; *c && !upper; c++)
            upper = *c >= 'A' && *c <= 'Z';
        if (upper)
            break;
    }
    for (int f = 0; f < SILK_RF_COUNT_; f++) {
        const char *key;
        json_t *v;
        out[f] = (pick_t){NULL, NULL, false, false};
        for (size_t i = 0; i < w->nfield_keys && !out[f].v; i++)
            if ((int)w->field_keys[i].field == f &&
                (v = get_any_case(obj, w->field_keys[i].key, true, &key)))
                take(&out[f], (silk_reader_field_t)f, v, key, true);
        for (size_t i = 0; i < FIELD_NAMES_MAX && field_names[f][i] &&
                           !out[f].v; i++)
            if ((v = get_any_case(obj, field_names[f][i], upper, &key)))
                take(&out[f], (silk_reader_field_t)f, v, key, false);
    }
}

/* Does key of obj (value v) stay out of extra: it gave a field, or it is
 * a canonical name holding nothing (null, "", white space)? */
static bool not_extra(const pick_t pk[], const char *key, const json_t *v)
{
    for (int f = 0; f < SILK_RF_COUNT_; f++)
        if (pk[f].key && strcmp(pk[f].key, key) == 0)
            return !pk[f].kept;
    for (int f = 0; f < SILK_RF_COUNT_; f++) {
        if (strcmp(key, field_names[f][0]) == 0)
            return json_is_null(v) ||
                   (json_is_string(v) && !holds((silk_reader_field_t)f, v));
    }
    return false;
}

/* Where a JSON article was found, and the id it gets without one. */
typedef struct jloc {
    const char *path;
    unsigned long line, index;
    const char *suffix;      /* ":12", ":3", "": after the file's id */
    size_t strip;            /* the file's extension, dropped from its id */
    bool id_required;        /* standard input: no path to derive one */
    size_t nbad;             /* ill-formed UTF-8 repaired in its text */
    bool text_named;         /* its fields have a title or body name
                                (a CSV header's columns): no --field
                                hint when they are empty */
    bool cp1252;             /* decoded as Windows-1252 (a CSV file) */
} jloc_t;

/* The names of obj's keys ("id, text, when"), for a reason; into b. */
static const char *key_list(json_t *obj, silk_buf_t *b)
{
    const char *key;
    json_t *val;
    b->len = 0;
    json_object_foreach(obj, key, val) {
        if (b->len > 80) {
            silk_buf_append(b, ", ...", 5);
            break;
        }
        if ((b->len && silk_buf_append(b, ", ", 2) < 0) ||
            silk_buf_append(b, key, strlen(key)) < 0)
            break;
    }
    return b->p ? b->p : "none";
}

/* Has obj a key that is a title or body name (then an empty article is
 * only empty, and --field would not help)? */
static bool names_text(const walk_t *w, json_t *obj)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        if (silk_reader__is_field_name(w, key, SILK_RF_TITLE) ||
            silk_reader__is_field_name(w, key, SILK_RF_BODY))
            return true;
    }
    return false;
}

/* Say (once per file and field) that a field came from a key that is
 * not its canonical name in some case. */
static void say_fields(walk_t *w, const jloc_t *at, const pick_t pk[])
{
    for (int f = 0; f < SILK_RF_COUNT_; f++) {
        if (!pk[f].key || same_any_case(pk[f].key, field_names[f][0]) ||
            (w->fields_said & (1u << f)))
            continue;
        w->fields_said |= 1u << f;
        if (w->cbs->field_from)
            w->cbs->field_from(w->ctx, at->path, at->line,
                               (silk_reader_field_t)f, pk[f].key);
    }
}

/* Turn one parsed JSON value into an article and deliver it: its fields
 * by name (pick_fields), everything else into extra. Returns 0, the
 * callback's value or NOMEM; a bad one is reported. */
static int json_article(walk_t *w, const jloc_t *at, json_t *obj)
{
    const char *path = at->path;
    unsigned long ln = at->line;
    json_t *extra_obj = NULL;
    char *extra = NULL, *idnum = NULL, *pid = NULL;
    silk_buf_t sb[SILK_RF_COUNT_] = {{0}}, title_buf = {0};
    const char *str[SILK_RF_COUNT_];
    size_t len[SILK_RF_COUNT_];
    pick_t pk[SILK_RF_COUNT_];
    bool nul = false;
    int rc = 0;

    if (!json_is_object(obj)) {
        silk_reader__problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "expected a JSON object, got %s", json_kind(obj));
        return 0;
    }
    pick_fields(w, obj, pk);
    /* A canonical key of the wrong type is a mistake in the record,
     * unless a --field name gave that field. */
    for (int f = 0; f < SILK_RF_COUNT_; f++) {
        json_t *v = json_object_get(obj, field_names[f][0]);
        if (!v || json_is_null(v) || json_is_string(v) || pk[f].user ||
            (f == SILK_RF_ID && json_is_number(v)) ||
            source_name((silk_reader_field_t)f, v))
            continue;
        silk_reader__problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "\"%s\" must be a string%s, not %s", field_names[f][0],
                f == SILK_RF_ID ? " or a number" : "", json_kind(v));
        goto done;
    }
    for (int f = 0; f < SILK_RF_COUNT_; f++) {
        str[f] = "";
        len[f] = 0;
        if (!pk[f].v)
            continue;
        if (json_is_number(pk[f].v)) {
            if (!(idnum = json_dumps(pk[f].v, JSON_ENCODE_ANY | JSON_COMPACT)))
                goto nomem;
            str[f] = idnum;
            len[f] = strlen(idnum);
        } else if (!(str[f] = jstr(pk[f].v, &sb[f], &nul, &len[f]))) {
            goto nomem;
        }
    }
    /* A body that is its title word for word (a feed's description
     * repeating the headline) would only be the title again: the article
     * is a headline, and the key stays in extra. */
    if (pk[SILK_RF_BODY].v && pk[SILK_RF_TITLE].v &&
        strcmp(pk[SILK_RF_BODY].key, "body") != 0 &&
        strcmp(str[SILK_RF_BODY], str[SILK_RF_TITLE]) == 0) {
        pk[SILK_RF_BODY] = (pick_t){NULL, NULL, false, false};
        str[SILK_RF_BODY] = "";
        len[SILK_RF_BODY] = 0;
    }
    const char *id = pk[SILK_RF_ID].v ? str[SILK_RF_ID] : NULL;
    json_t *idv = json_object_get(obj, "id");
    if (!id && idv && json_is_string(idv) && !at->id_required)
        silk_reader__problem(w, SILK_PROBLEM_BAD_ID, path, ln,
                "\"id\" is empty: its place in the file gives the id");
    if (!id && at->id_required) {
        silk_reader__problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "%s\"id\": an article on standard input needs its own "
                "id (a line number is none)", idv ? "empty " : "missing ");
        goto done;
    }
    if (id && strlen(id) > SILK_MAX_ID_BYTES) {
        silk_reader__problem(w, SILK_PROBLEM_BAD_ID, path, ln,
                "\"%s\" of %zu bytes (at most %d): article skipped",
                pk[SILK_RF_ID].key, strlen(id), SILK_MAX_ID_BYTES);
        goto done;
    }
    const char *title = str[SILK_RF_TITLE], *body = str[SILK_RF_BODY];
    size_t body_len = len[SILK_RF_BODY];
    if (!pk[SILK_RF_TITLE].v) {
        if (!pk[SILK_RF_BODY].v) {
            silk_reader__problem(w, SILK_PROBLEM_EMPTY, path, ln,
                    "no title and no body: nothing to index (its fields: "
                    "%s)%s", key_list(obj, &title_buf),
                    at->text_named || names_text(w, obj) ? ""
                    : "; name the text's field with --field body=NAME");
            goto done;
        }
        if (silk_reader__derive_title(body, body_len, &title_buf) < 0)
            goto nomem;
        title = title_buf.p;
    }
    say_fields(w, at, pk);
    if (!(extra_obj = json_object()))
        goto nomem;
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        if (!not_extra(pk, key, val) &&
            json_object_set(extra_obj, key, val) < 0)
            goto nomem;
    }
    if (json_object_size(extra_obj) &&
        !(extra = json_dumps(extra_obj, JSON_COMPACT)))
        goto nomem;
    const char *date_in = str[SILK_RF_DATE];
    char date[SILK_DATE_BYTES] = "";
    bool bad_date = *date_in && !silk_date_normalize(date_in, date);
    if (bad_date)
        silk_reader__problem(w, SILK_PROBLEM_BAD_DATE, path, ln,
                "impossible or unreadable date \"%.40s\"", date_in);
    if (at->nbad)
        silk_reader__problem(w, SILK_PROBLEM_INVALID_UTF8, path, ln,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", at->nbad,
                at->nbad == 1 ? "" : "s");
    else if (nul)
        silk_reader__problem(w, SILK_PROBLEM_INVALID_UTF8, path, ln,
                "NUL characters (\\u0000) replaced with U+FFFD");
    if (!id && !(id = pid = silk_reader__path_id(w, path, at->strip,
                                                 at->suffix)))
        goto nomem;
    silk_article_t a = {
        .id = id,
        .title = title,
        .body = body,
        .body_len = body_len,
        .date = date,
        .source = str[SILK_RF_SOURCE],
        .url = str[SILK_RF_URL],
        .path = path,
        .rel = silk_reader__rel_path(w, path),
        .extra = extra ? extra : "{}",
        .line = ln,
        .index = at->index,
        .invalid_utf8 = at->nbad > 0 || nul,
        .cp1252 = at->cp1252,
        .bad_date = bad_date,
    };
    if (w->cbs->article)
        rc = w->cbs->article(w->ctx, &a);
    goto done;
nomem:
    rc = silk_reader__no_memory(w, path, ln, 0);
done:
    json_decref(extra_obj);
    free(extra);
    free(idnum);
    free(pid);
    free(title_buf.p);
    for (size_t i = 0; i < SILK_RF_COUNT_; i++)
        free(sb[i].p);
    return rc;
}

/* See reader_int.h. */
int silk_reader__json_article(walk_t *w, json_t *obj, const char *path,
                              unsigned long line, const char *suffix,
                              size_t strip, size_t nbad, bool cp1252)
{
    jloc_t at = {path, line, line, suffix, strip, false, nbad, true, cp1252};
    return json_article(w, &at, obj);
}

/* ---- JSON Lines, a bounded piece at a time ---- */

/* A gzip'ed or plain byte stream, buffered. */
typedef struct src {
    gzFile gz;
    unsigned char *buf;
    size_t pos, len;
    bool eof;
    const char *error;       /* gzerror()'s message after a failed read */
    bool nomem;
} src_t;

/* Refill s when it is used up. Returns true when bytes are there. */
static bool src_more(src_t *s)
{
    if (s->pos < s->len)
        return true;
    if (s->eof || s->error)
        return false;
    int r = gzread(s->gz, s->buf, SRC_BUF_BYTES), zerr = Z_OK;
    const char *msg = r <= 0 ? silk_reader__gz_message(s->gz, &zerr) : NULL;
    if (r < 0 || zerr != Z_OK) {
        /* A gzip stream cut short ends with 0 bytes and Z_BUF_ERROR. */
        s->error = msg;
        s->nomem = zerr == Z_MEM_ERROR;
        return false;
    }
    s->pos = 0;
    s->len = (size_t)r;
    if (r == 0)
        s->eof = true;
    return r > 0;
}

/* One line on its way to the JSON parser: json_load_callback pulls its
 * bytes through feed(), which decodes them a piece at a time (UTF-8
 * repaired) and stops at the line's end. */
typedef struct feed {
    src_t *src;
    size_t limit;                 /* 0: none */
    unsigned long long raw;       /* bytes of the line taken so far */
    size_t probe_at;              /* next memory probe (line length) */
    bool bom;                     /* drop a BOM at the start (line 1) */
    bool ended, newline;          /* the line ended (with '\n') */
    bool nonspace;                /* a byte other than a blank */
    bool nul, too_large, nomem;   /* why feed() stopped the parser */
    size_t nbad;                  /* bytes replaced by U+FFFD */
    unsigned char carry[4];       /* a sequence split across pieces */
    size_t ncarry;
    const char *out;              /* decoded bytes waiting for the parser */
    size_t nout;
    silk_buf_t fixed;                  /* decoded piece when repaired */
    char piece[FEED_PIECE + 8];   /* carry + raw piece */
} feed_t;

/* Is this a byte of white space a JSON line may be blank with? */
static bool json_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Take the next piece of the line from the stream and decode it into
 * f->out. Returns 0, or -1 to stop the parser (limit, NUL, memory). */
static int feed_piece(feed_t *f)
{
    src_t *s = f->src;
    size_t np = f->ncarry, avail = 0;
    const unsigned char *nl = NULL;

    memcpy(f->piece, f->carry, f->ncarry);
    f->ncarry = 0;
    if (src_more(s)) {
        avail = s->len - s->pos;
        if (avail > FEED_PIECE)
            avail = FEED_PIECE;
        nl = memchr(s->buf + s->pos, '\n', avail);
        if (nl)
            avail = (size_t)(nl - (s->buf + s->pos));
        memcpy(f->piece + np, s->buf + s->pos, avail);
        s->pos += avail + (nl ? 1 : 0);
        np += avail;
    } else if (s->nomem) {
        f->nomem = true;
        return -1;
    }
    if (nl || !src_more(s)) {
        f->ended = true;
        f->newline = nl != NULL;
    }
    if (f->bom && f->raw == 0 && np >= 3 && silk_reader__has_bom(f->piece,
                                                                 np)) {
        memmove(f->piece, f->piece + 3, np - 3);
        np -= 3;
        avail -= avail >= 3 ? 3 : avail;
    }
    f->raw += avail;
    if (f->limit && f->raw > f->limit) {
        f->too_large = true;
        return -1;
    }
    if (f->raw >= f->probe_at) {
        /* jansson holds the line's text and then its strings: try the
         * next step's memory now, while failing is still safe. */
        void *probe = f->raw < SIZE_MAX / 4 ? malloc((size_t)f->raw * 3)
                                            : NULL;
        if (!probe) {
            f->nomem = true;
            return -1;
        }
        free(probe);
        f->probe_at = (size_t)f->raw * 2;
    }
    if (memchr(f->piece, '\0', np)) {
        f->nul = true;
        return -1;
    }
    for (size_t i = 0; i < np && !f->nonspace; i++)
        f->nonspace = !json_blank((unsigned char)f->piece[i]);
    if (!f->ended) {
        f->ncarry = silk_utf8_open_tail((const unsigned char *)f->piece, np);
        np -= f->ncarry;
        memcpy(f->carry, f->piece + np, f->ncarry);
    }
    if (silk_utf8_valid(f->piece, np, NULL)) {
        f->out = f->piece;
        f->nout = np;
        return 0;
    }
    f->fixed.len = 0;
    if (silk_utf8_repair(&f->fixed, f->piece, np, &f->nbad) < 0) {
        f->nomem = true;
        return -1;
    }
    f->out = f->fixed.p;
    f->nout = f->fixed.len;
    return 0;
}

/* json_load_callback's source: the line's decoded bytes, then EOF. */
static size_t feed(void *buffer, size_t buflen, void *data)
{
    feed_t *f = data;
    while (f->nout == 0) {
        if (f->ended && f->ncarry == 0)
            return 0;
        if (feed_piece(f) < 0)
            return (size_t)-1;
    }
    size_t n = f->nout < buflen ? f->nout : buflen;
    memcpy(buffer, f->out, n);
    f->out += n;
    f->nout -= n;
    return n;
}

/* Read and drop the rest of the line the parser left; count its bytes. */
static void feed_drain(feed_t *f)
{
    src_t *s = f->src;
    f->nout = 0;
    while (!f->ended) {
        if (!src_more(s)) {
            f->ended = true;
            break;
        }
        size_t avail = s->len - s->pos;
        const unsigned char *nl = memchr(s->buf + s->pos, '\n', avail);
        if (nl) {
            avail = (size_t)(nl - (s->buf + s->pos));
            f->ended = f->newline = true;
        }
        s->pos += avail + (nl ? 1 : 0);
        f->raw += avail;
    }
}

/* See reader_int.h. */
int silk_reader__read_jsonl(walk_t *w, const char *path, size_t strip)
{
    bool in = strcmp(path, SILK_READER_STDIN) == 0;
    src_t s = {0};
    feed_t *f = NULL;
    unsigned long lines = 0, ln;
    int rc = 0;

    if (in) {
        int fd = dup(STDIN_FILENO);
        s.gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (!s.gz && fd >= 0)
            close(fd);
    } else {
        s.gz = gzopen(path, "rb");
    }
    if (!s.gz) {
        if (errno == ENOMEM || errno == 0)
            return silk_reader__no_memory(w, path, 0, 0);
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s",
                             strerror(errno));
        return 0;
    }
    gzbuffer(s.gz, SRC_BUF_BYTES);
    w->fields_said = 0;
    s.buf = malloc(SRC_BUF_BYTES);
    f = calloc(1, sizeof *f);
    if (!s.buf || !f) {
        rc = silk_reader__no_memory(w, path, 0, 0);
        goto done;
    }
    size_t bom;   /* (dropped from line 1 by the feed) */
    if (src_more(&s) &&
        !silk_reader__text_start(w, path, (const char *)s.buf, s.len, &bom))
        goto done;
    jloc_t at = {path, 0, 0, NULL, strip, in, 0, false, false};
    for (ln = 1; !s.error && (src_more(&s)); ln++) {
        char suffix[32];
        json_error_t jerr;
        silk_buf_t fixed = f->fixed;
        memset(f, 0, offsetof(feed_t, fixed));
        f->fixed = fixed;
        f->src = &s;
        f->limit = w->max_bytes;
        f->probe_at = MEMORY_PROBE_FROM;
        f->bom = ln == 1;
        json_t *v = json_load_callback(feed, f, JSON_REJECT_DUPLICATES |
                                                JSON_ALLOW_NUL, &jerr);
        feed_drain(f);
        if (f->nomem || (!v && json_error_code(&jerr) ==
                                   json_error_out_of_memory)) {
            json_decref(v);
            rc = silk_reader__no_memory(w, path, ln, f->raw);
            goto done;
        }
        if (s.error && !s.eof)
            break;      /* reported below: the line is not whole */
        if (f->too_large) {
            json_decref(v);
            silk_reader__too_large(w, path, ln, "a line", f->raw);
            continue;
        }
        if (f->nul) {
            json_decref(v);
            silk_reader__problem(w, SILK_PROBLEM_BINARY, path, ln,
                    "NUL byte: not a line of text: skipped");
            continue;
        }
        if (!f->nonspace) {
            json_decref(v);
            continue;
        }
        lines++;
        if (!v) {
            silk_reader__problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                    "%sinvalid JSON at column %d: %s",
                    f->newline ? "" : "truncated last line: ", jerr.column,
                    jerr.text);
            continue;
        }
        snprintf(suffix, sizeof suffix, ":%lu", ln);
        at.line = ln;
        at.index = ln;
        at.suffix = suffix;
        at.nbad = f->nbad;
        rc = json_article(w, &at, v);
        json_decref(v);
        if (rc != 0)
            goto done;
    }
    if (s.error) {
        if (s.nomem) {
            rc = silk_reader__no_memory(w, path, ln, 0);
            goto done;
        }
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, ln,
                "damaged gzip data (%s): the rest of the file is not read",
                s.error);
    } else if (lines == 0) {
        silk_reader__problem(w, SILK_PROBLEM_EMPTY, path, 0, "no JSON lines%s",
                ln > 1 ? ", only white space" : ": empty file");
    }
done:
    gzclose(s.gz);
    free(s.buf);
    if (f)
        free(f->fixed.p);
    free(f);
    return rc;
}

/* ---- JSON files: an array of articles, or one ---- */

static size_t skip_json_ws(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                     s[i] == '\r'))
        i++;
    return i;
}

/* See reader_int.h. */
int silk_reader__read_json(walk_t *w, const char *path, size_t strip, bool gz)
{
    char *raw = NULL;
    size_t len, nbad = 0;
    silk_buf_t fixed = {0};
    const char *zmsg;
    int rc = 0;
    int err = silk_reader__slurp(w, path, gz, &raw, &len, &zmsg);
    if (err == ENOMEM)
        return silk_reader__no_memory(w, path, 0, len);
    if (err) {
        silk_reader__slurp_problem(w, path, err, len, zmsg,
                                   "a JSON file (read whole)");
        return 0;
    }
    size_t bom;
    w->fields_said = 0;
    if (!silk_reader__text_start(w, path, raw, len, &bom))
        goto done;
    const char *s = raw + bom;
    size_t n = len - bom;
    if (!silk_utf8_valid(s, n, NULL)) {
        if (silk_utf8_repair(&fixed, s, n, &nbad) < 0) {
            rc = silk_reader__no_memory(w, path, 0, len);
            goto done;
        }
        silk_reader__problem(w, SILK_PROBLEM_INVALID_UTF8, path, 0,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                nbad == 1 ? "" : "s");
        s = fixed.p;
        n = fixed.len;
    }
    size_t i = skip_json_ws(s, 0, n), seen = 0, done_to = 0;
    unsigned long line = 1;
    bool array = i < n && s[i] == '[';
    if (i == n) {
        silk_reader__problem(w, SILK_PROBLEM_EMPTY, path, 0, "%s",
                len ? "only white space" : "empty file");
        goto done;
    }
    if (array)
        i = skip_json_ws(s, i + 1, n);
    for (unsigned long index = 1;; index++) {
        for (; done_to < i; done_to++)
            line += s[done_to] == '\n';
        if (array && i < n && s[i] == ']' && index == 1)
            break;
        json_error_t jerr;
        json_t *v = json_loadb(s + i, n - i, JSON_DISABLE_EOF_CHECK |
                               JSON_DECODE_ANY | JSON_REJECT_DUPLICATES |
                               JSON_ALLOW_NUL, &jerr);
        if (!v) {
            if (json_error_code(&jerr) == json_error_out_of_memory) {
                rc = silk_reader__no_memory(w, path, line, n);
                goto done;
            }
            silk_reader__problem(w, SILK_PROBLEM_BAD_JSON, path,
                    line + (unsigned long)(jerr.line > 0 ? jerr.line - 1 : 0),
                    "invalid JSON at column %d: %s%s", jerr.column, jerr.text,
                    array ? ": the rest of the file is not read" : "");
            goto done;
        }
        char suffix[32] = "";
        if (array)
            snprintf(suffix, sizeof suffix, ":%lu", index);
        jloc_t at = {path, line, index, suffix, strip, false, 0, false,
                     false};
        rc = json_article(w, &at, v);
        json_decref(v);
        seen++;
        if (rc != 0)
            goto done;
        i = skip_json_ws(s, i + (size_t)jerr.position, n);
        if (!array)
            break;
        if (i < n && s[i] == ',') {
            i = skip_json_ws(s, i + 1, n);
            continue;
        }
        if (i < n && s[i] == ']')
            break;
        for (; done_to < i; done_to++)
            line += s[done_to] == '\n';
        silk_reader__problem(w, SILK_PROBLEM_BAD_JSON, path, line,
                "expected ',' or ']' after article %lu: the rest of the file "
                "is not read", index);
        goto done;
    }
    if (array)
        i = skip_json_ws(s, i + 1, n);
    if (i < n) {
        for (; done_to < i; done_to++)
            line += s[done_to] == '\n';
        silk_reader__problem(w, SILK_PROBLEM_BAD_JSON, path, line,
                "text after the JSON %s: ignored", array ? "array" : "object");
    } else if (array && seen == 0) {
        silk_reader__problem(w, SILK_PROBLEM_EMPTY, path, 0,
                             "an empty JSON array");
    }
done:
    free(raw);
    free(fixed.p);
    return rc;
}

