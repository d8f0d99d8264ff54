/* reader_xml.c: the corpus reader's XML news items — one story a file, as
 * RCV1 (Reuters Corpus Volume 1: <newsitem itemid="..."> NewsML) and NITF
 * (<nitf>: the New York Times Annotated Corpus, many wire feeds) ship them,
 * plain or gzip'ed, parsed by libxml2 with no network, no DTD loading and
 * no entity expansion (an entity reference other than the five predefined
 * ones and character references is dropped, not expanded: no XXE, no
 * billion laughs). Any other root (<rss>, a sitemap) is named and left out.
 * See reader.h and docs/corpus-format.md ("XML news items").
 */
#define _POSIX_C_SOURCE 200809L

#include "reader_int.h"
#include "indexer_int.h"
#include "silk_date.h"
#include "silk_utf8.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

/* What libxml2 may do: no network, no DTD (so no external entity), no
 * entity substitution, its default depth and size limits (no HUGE); its
 * messages come to us, not to stderr. */
#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
                  XML_PARSE_NOCDATA)

/* ---- the tree ---- */

/* Is node an element whose local name is name? */
static bool is(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE &&
           strcmp((const char *)node->name, name) == 0;
}

/* The first element named name under node (depth first, node excluded). */
static xmlNode *find(xmlNode *node, const char *name)
{
    for (xmlNode *c = node ? node->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is(c, name))
            return c;
        xmlNode *d = find(c, name);
        if (d)
            return d;
    }
    return NULL;
}

/* node's attribute name, or NULL (libxml2's attribute value: xmlFree). */
static char *attr(const xmlNode *node, const char *name)
{
    return node ? (char *)xmlGetProp(node, (const xmlChar *)name) : NULL;
}

/* Elements that end a paragraph of a story's text. */
static bool is_para(const xmlNode *node)
{
    static const char *const names[] = {"p", "block", "hl2", "br", "li",
                                        "table", "tr"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (is(node, names[i]))
            return true;
    return false;
}

/* End the paragraph out holds, if any: a blank line. */
static void para_break(silk_buf_t *out)
{
    if (out->len && out->p[out->len - 1] != '\n')
        silk_buf_puts(out, "\n\n");
}

/* The text under node appended to out, each run of white space one space
 * (*gap: one is pending), none at the start of a line; with paras, a
 * paragraph element starts and ends a paragraph (a blank line). Text and
 * CDATA only: entity references are not followed. */
static void text_of(const xmlNode *node, silk_buf_t *out, bool paras,
                    bool *gap)
{
    for (const xmlNode *c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            bool p = paras && is_para(c);
            if (p)
                para_break(out);
            text_of(c, out, paras, gap);
            if (p)
                para_break(out);
            continue;
        }
        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
            continue;
        const char *s = (const char *)c->content;
        size_t n = s ? strlen(s) : 0;
        for (size_t i = 0; i < n;) {
            size_t k = silk_indexer__space_len(s + i, n - i);
            if (k) {
                *gap = true;
                i += k;
                continue;
            }
            if (*gap && out->len && out->p[out->len - 1] != '\n')
                silk_buf_putc(out, ' ');
            *gap = false;
            size_t j = i + 1;
            while (j < n && !silk_indexer__space_len(s + j, n - j))
                j++;
            silk_buf_append(out, s + i, j - i);
            i = j;
        }
    }
}

/* The text of node (none: nothing) into out, replacing what it held: one
 * line, or paragraphs a blank line apart. Returns -1 when memory ran out. */
static int text_into(const xmlNode *node, silk_buf_t *out, bool paras)
{
    bool gap = false;
    out->len = 0;
    if (node)
        text_of(node, out, paras, &gap);
    while (out->len && out->p[out->len - 1] == '\n')
        out->len--;
    return silk_buf_append(out, "", 0) < 0 || out->failed ? -1 : 0;
}

/* ---- a story ---- */

typedef struct xml_story {
    walk_t *w;
    const char *path;
    size_t strip;
    silk_buf_t title, body, tmp;
    json_t *extra;
    char *id;            /* libxml2's (xmlFree) */
    char *date;          /* libxml2's (xmlFree) */
    char *source;        /* libxml2's (xmlFree) */
    bool repaired, cp1252;
} xml_story_t;

/* Put node's one-line text into extra as key, when it has some. */
static int put_text(xml_story_t *s, const char *key, const xmlNode *node)
{
    if (!node)
        return 0;
    if (text_into(node, &s->tmp, false) < 0)
        return -1;
    if (s->tmp.len == 0)
        return 0;
    return json_object_set_new(s->extra, key,
                               json_stringn(s->tmp.p, s->tmp.len));
}

/* A date attribute v (libxml2's): NITF's "19870101T000000" (ISO 8601
 * basic form, which the metadata parser does not read) as a new
 * "1987-01-01" (v freed), else v itself; NULL when memory ran out. */
static char *basic_date(char *v)
{
    size_t n = strlen(v), i = 0;
    while (i < n && v[i] >= '0' && v[i] <= '9')
        i++;
    if (i != 8 || (n > 8 && v[8] != 'T'))
        return v;
    char d[SILK_DATE_BYTES];
    snprintf(d, sizeof d, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
    xmlFree(v);
    return (char *)xmlStrdup((const xmlChar *)d);
}

/* RCV1: <newsitem itemid date><headline><byline><dateline><text><p>...
 * <copyright><metadata><codes class="bip:countries:1.0"><code code=...>
 * <dc element="dc.date.published" value=...>. */
static int rcv1(xml_story_t *s, xmlNode *root)
{
    s->id = attr(root, "itemid");
    xmlNode *h = find(root, "headline");
    if (!h || text_into(h, &s->title, false) < 0 || s->title.len == 0)
        h = find(root, "title");
    if (text_into(h, &s->title, false) < 0 ||
        text_into(find(root, "text"), &s->body, true) < 0)
        return -1;
    s->date = attr(root, "date");
    xmlNode *meta = find(root, "metadata");
    for (xmlNode *c = meta ? meta->children : NULL; c; c = c->next) {
        if (!is(c, "dc"))
            continue;
        char *el = attr(c, "element");
        if (el && !s->date && strcmp(el, "dc.date.published") == 0)
            s->date = attr(c, "value");
        else if (el && !s->source && strcmp(el, "dc.publisher") == 0)
            s->source = attr(c, "value");
        xmlFree(el);
    }
    if (put_text(s, "byline", find(root, "byline")) < 0 ||
        put_text(s, "dateline", find(root, "dateline")) < 0 ||
        put_text(s, "copyright", find(root, "copyright")) < 0)
        return -1;
    /* <codes class="bip:countries:1.0">: "countries", "topics",
     * "industries", each the list of its code="" values */
    for (xmlNode *c = meta ? meta->children : NULL; c; c = c->next) {
        if (!is(c, "codes"))
            continue;
        char *cls = attr(c, "class");
        const char *k = cls && strncmp(cls, "bip:", 4) == 0 ? cls + 4 : NULL;
        size_t kn = k ? strcspn(k, ":") : 0;
        json_t *list = kn ? json_array() : NULL;
        if (kn && (!list || json_object_setn_new(s->extra, k, kn, list) < 0)) {
            xmlFree(cls);
            return -1;
        }
        for (xmlNode *d = list ? c->children : NULL; d; d = d->next) {
            char *code = is(d, "code") ? attr(d, "code") : NULL;
            int rc = code ? json_array_append_new(list, json_string(code)) : 0;
            xmlFree(code);
            if (rc < 0) {
                xmlFree(cls);
                return -1;
            }
        }
        xmlFree(cls);
    }
    return 0;
}

/* NITF: <head><title><docdata><doc-id id-string><date.issue norm>
 * <doc.copyright holder></docdata><pubdata date.publication></head>
 * <body><body.head><hedline><hl1><byline><dateline></body.head>
 * <body.content><block class="full_text"><p>... */
static int nitf(xml_story_t *s, xmlNode *root)
{
    xmlNode *head = find(root, "head"), *body = find(root, "body");
    s->id = attr(find(head, "doc-id"), "id-string");
    xmlNode *h = find(body, "hl1");
    if (!h || text_into(h, &s->title, false) < 0 || s->title.len == 0)
        h = find(head, "title");
    if (text_into(h, &s->title, false) < 0)
        return -1;
    xmlNode *content = find(body, "body.content"), *full = NULL;
    for (xmlNode *c = content ? content->children : NULL; c && !full;
         c = c->next) {
        char *cls = is(c, "block") ? attr(c, "class") : NULL;
        if (cls && strcmp(cls, "full_text") == 0)
            full = c;
        xmlFree(cls);
    }
    if (text_into(full ? full : content, &s->body, true) < 0)
        return -1;
    s->date = attr(find(head, "pubdata"), "date.publication");
    if (!s->date || !*s->date) {
        xmlFree(s->date);
        s->date = attr(find(head, "date.issue"), "norm");
    }
    if (s->date && !(s->date = basic_date(s->date)))
        return -1;
    s->source = attr(find(head, "doc.copyright"), "holder");
    xmlNode *bh = find(body, "body.head");
    if (put_text(s, "byline", find(bh, "byline")) < 0 ||
        put_text(s, "dateline", find(bh, "dateline")) < 0)
        return -1;
    return 0;
}

/* Deliver the story s holds, or report it empty / its id bad. */
static int deliver(xml_story_t *s, const char *kind)
{
    walk_t *w = s->w;
    const char *title = s->title.p ? s->title.p : "";
    const char *body = s->body.p ? s->body.p : "";
    char *pid = NULL, *extra = NULL, date[SILK_DATE_BYTES] = "";
    const char *id = s->id;
    bool bad_date = false;
    int rc = 0;

    if (silk_reader__all_space(title, s->title.len) &&
        silk_reader__all_space(body, s->body.len)) {
        silk_reader__problem(w, SILK_PROBLEM_EMPTY, s->path, 0,
                "%s with no headline and no text: nothing to index", kind);
        return 0;
    }
    if (id && !*id) {
        silk_reader__problem(w, SILK_PROBLEM_BAD_ID, s->path, 0,
                "empty %s id: the file's path gives the id", kind);
        id = NULL;
    } else if (id && strlen(id) > SILK_MAX_ID_BYTES) {
        silk_reader__problem(w, SILK_PROBLEM_BAD_ID, s->path, 0,
                "%s id of %zu bytes (at most %d): story skipped", kind,
                strlen(id), SILK_MAX_ID_BYTES);
        return 0;
    }
    if (s->date && *s->date && !silk_date_normalize(s->date, date)) {
        bad_date = true;
        silk_reader__problem(w, SILK_PROBLEM_BAD_DATE, s->path, 0,
                "impossible or unreadable date \"%.40s\": indexed without a "
                "date", s->date);
    }
    if (silk_reader__all_space(title, s->title.len)) {
        if (silk_reader__derive_title(body, s->body.len, &s->tmp) < 0)
            return silk_reader__no_memory(w, s->path, 0, 0);
        title = s->tmp.p;
    }
    if (!id && !(id = pid = silk_reader__path_id(w, s->path, s->strip, "")))
        return silk_reader__no_memory(w, s->path, 0, 0);
    if (!(extra = json_dumps(s->extra, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
        free(pid);
        return silk_reader__no_memory(w, s->path, 0, 0);
    }
    silk_article_t a = {
        .id = id,
        .title = title,
        .body = body,
        .body_len = s->body.len,
        .date = date,
        .source = s->source ? s->source : "",
        .url = "",
        .path = s->path,
        .rel = silk_reader__rel_path(w, s->path),
        .extra = extra,
        .line = 0,
        .index = 1,
        .invalid_utf8 = s->repaired,
        .cp1252 = s->cp1252,
        .bad_date = bad_date,
    };
    if (w->cbs->article)
        rc = w->cbs->article(w->ctx, &a);
    free(pid);
    free(extra);
    return rc;
}

/* ---- the file ---- */

/* The first error libxml2 reports while parsing (it may go on and report
 * more, such as "Premature end of data" for what the first one left). */
typedef struct first_error {
    bool set;
    int line;
    char message[200];
} first_error_t;

static void on_xml_error(void *ctx, xmlErrorPtr err)
{
    first_error_t *f = ctx;
    if (f->set || !err)
        return;
    f->set = true;
    f->line = err->line;
    const char *m = err->message ? err->message : "not well-formed";
    snprintf(f->message, sizeof f->message, "%.*s", (int)strcspn(m, "\n"), m);
}

/* The first error as a bad xml problem, one line: "malformed XML: ...". */
static void bad_xml(walk_t *w, const char *path, const first_error_t *f)
{
    silk_reader__problem(w, SILK_PROBLEM_BAD_XML, path,
                         f->set && f->line > 0 ? (unsigned long)f->line : 0,
                         "malformed XML: %s",
                         f->set ? f->message : "not well-formed");
}

/* The root element's name of the XML file at path (plain or gzip'ed) into
 * out (cut to n - 1 bytes), read by libxml2's streaming reader only as far
 * as its first tag (for a file too large to parse whole): "" when it has
 * none before an error. */
static void root_name(const char *path, char *out, size_t n)
{
    xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_OPTS);
    *out = '\0';
    while (r && xmlTextReaderRead(r) == 1)
        if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT) {
            const xmlChar *name = xmlTextReaderConstLocalName(r);
            snprintf(out, n, "%s", name ? (const char *)name : "");
            break;
        }
    xmlFreeTextReader(r);
}

/* The kind of news item an XML root element named name is, or NULL. */
static const char *item_kind(const char *name)
{
    if (strcmp(name, "newsitem") == 0)
        return "RCV1 newsitem";
    if (strcmp(name, "nitf") == 0)
        return "NITF item";
    return NULL;
}

/* Name the file at path, whose root is name, as no news item: skipped in
 * a walk, a problem when it was named as a PATH. */
static void not_news(walk_t *w, const char *path, const char *name,
                     bool named)
{
    char why[128];
    snprintf(why, sizeof why,
             "an XML file whose root is <%.60s>, not a news item", name);
    if (named)
        silk_reader__problem(w, SILK_PROBLEM_BAD_XML, path, 0,
                "%s (<newsitem> or <nitf>): skipped", why);
    else if (w->cbs->skipped)
        w->cbs->skipped(w->ctx, path, why);
}

/* Does the XML declaration at the start of s[0..n) name an encoding other
 * than UTF-8, or a UTF-16 byte-order mark start it? Then libxml2 decodes it. */
static bool declared_encoding(const char *s, size_t n)
{
    if (n >= 2 && ((s[0] == '\xFF' && s[1] == '\xFE') ||
                   (s[0] == '\xFE' && s[1] == '\xFF')))
        return true;
    if (n < 5 || memcmp(s, "<?xml", 5) != 0)
        return false;
    const char *end = memchr(s, '>', n < 512 ? n : 512);
    size_t m = end ? (size_t)(end - s) : 0;
    for (size_t i = 0; i + 8 < m; i++)
        if (memcmp(s + i, "encoding", 8) == 0) {
            size_t j = i + 8;
            while (j < m && (s[j] == ' ' || s[j] == '=' || s[j] == '"' ||
                             s[j] == '\''))
                j++;
            return !(j + 5 <= m && (s[j] | 0x20) == 'u' &&
                     (s[j + 1] | 0x20) == 't' && (s[j + 2] | 0x20) == 'f' &&
                     ((s[j + 3] == '-' && s[j + 4] == '8') || s[j + 3] == '8'));
        }
    return false;
}

/* See reader_int.h. */
int silk_reader__read_xml(walk_t *w, const char *path, size_t strip, bool gz,
                          bool named)
{
    char root[64], *raw = NULL;
    const char *zmsg, *kind;
    size_t len, nbad = 0;
    silk_buf_t dec = {0};
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    xml_story_t s = {.w = w, .path = path, .strip = strip};
    int rc = 0;

    xmlInitParser();
    int err = silk_reader__slurp(w, path, gz, &raw, &len, &zmsg);
    if (err == ENOMEM)
        return silk_reader__no_memory(w, path, 0, len);
    if (err == EFBIG) {
        /* too large to read whole: only its first tag says whether it is
         * a news item (too large) or another XML file (skipped) */
        root_name(path, root, sizeof root);
        if (*root && !item_kind(root))
            not_news(w, path, root, named);
        else
            silk_reader__too_large(w, path, 0, "XML file", len);
        return 0;
    }
    if (err) {
        silk_reader__slurp_problem(w, path, err, len, zmsg, "XML file");
        return 0;
    }
    size_t bom;
    if (!silk_reader__text_start(w, path, raw, len, &bom))
        goto done;
    /* UTF-8 by declaration or by default, yet not UTF-8: decoded as the
     * other readers decode text (Windows-1252, or repaired), then parsed
     * as UTF-8. */
    const char *xml = raw, *enc = NULL;
    size_t xn = len;
    if (!declared_encoding(raw + bom, len - bom) &&
        !silk_utf8_valid(raw, len, NULL)) {
        int how = silk_reader__decode_text(raw + bom, len - bom, &dec, &nbad);
        if (how < 0)
            goto nomem;
        s.cp1252 = how == SILK_DECODED_CP1252;
        s.repaired = how == SILK_DECODED_REPAIRED;
        xml = dec.p;
        xn = dec.len;
        enc = "UTF-8";
        if (nbad)
            silk_reader__problem(w, SILK_PROBLEM_INVALID_UTF8, path, 0,
                    "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                    nbad == 1 ? "" : "s");
    }
    if (xn > (size_t)INT32_MAX) {
        silk_reader__too_large(w, path, 0, "XML file", xn);
        goto done;
    }
    if (!(ctxt = xmlNewParserCtxt()))
        goto nomem;
    first_error_t first = {0};
    xmlSetStructuredErrorFunc(&first, on_xml_error);
    doc = xmlCtxtReadMemory(ctxt, xml, (int)xn, NULL, enc, XML_OPTS);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc) {
        bad_xml(w, path, &first);
        goto done;
    }
    xmlNode *top = xmlDocGetRootElement(doc);
    if (!(kind = item_kind(top ? (const char *)top->name : ""))) {
        not_news(w, path, top ? (const char *)top->name : "", named);
        goto done;
    }
    if (!(s.extra = json_object()))
        goto nomem;
    if ((is(top, "newsitem") ? rcv1(&s, top) : nitf(&s, top)) < 0 ||
        s.title.failed || s.body.failed)
        goto nomem;
    rc = deliver(&s, kind);
    goto done;
nomem:
    rc = silk_reader__no_memory(w, path, 0, len);
done:
    if (doc)
        xmlFreeDoc(doc);
    if (ctxt)
        xmlFreeParserCtxt(ctxt);
    xmlFree(s.id);
    xmlFree(s.date);
    xmlFree(s.source);
    json_decref(s.extra);
    silk_buf_free(&s.title);
    silk_buf_free(&s.body);
    silk_buf_free(&s.tmp);
    silk_buf_free(&dec);
    free(raw);
    return rc;
}
