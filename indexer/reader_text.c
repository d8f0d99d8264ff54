/* reader_text.c: the corpus reader's text rules — decoding a file to
 * UTF-8 with LF line ends (UTF-8 as it is, Windows-1252 when no byte is
 * UTF-8, else repaired: util/silk_utf8.h), trimming, derived titles — and
 * plain-text articles with their NAME.meta sidecars. See reader.h and
 * docs/corpus-format.md.
 */
#define _POSIX_C_SOURCE 200809L

#include "reader_int.h"
#include "indexer_int.h"
#include "silk_date.h"
#include "silk_utf8.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* A title taken from the text is cut to this many bytes (at a word break)
 * so that a first line which is a whole paragraph does not become a title. */
#define DERIVED_TITLE_MAX 200

/* ---- text: UTF-8 (util/silk_utf8.h), Windows-1252, line ends ---- */

/* See reader_int.h. */
size_t silk_reader__lf_only(char *s, size_t n)
{
    char *cr = memchr(s, '\r', n);
    if (!cr)
        return n;
    size_t o = (size_t)(cr - s);
    for (size_t i = o; i < n; i++) {
        if (s[i] == '\r') {
            s[o++] = '\n';
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
        } else {
            s[o++] = s[i];
        }
    }
    s[o] = '\0';
    return o;
}

/* See reader_int.h. */
bool silk_reader__has_bom(const char *s, size_t n)
{
    return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

/* How a text file was decoded. */
typedef enum decoding {
    DEC_UTF8 = SILK_DECODED_UTF8,
    DEC_REPAIRED = SILK_DECODED_REPAIRED,
    DEC_CP1252 = SILK_DECODED_CP1252
} decoding_t;

/* See reader_int.h. */
int silk_reader__decode_text(const char *raw, size_t len, silk_buf_t *out,
                             size_t *nbad)
{
    size_t mb = 0;
    decoding_t how = DEC_UTF8;
    int rc;

    *nbad = 0;
    out->len = 0;
    if (silk_utf8_valid(raw, len, NULL)) {
        rc = silk_buf_append(out, raw, len);
    } else {
        silk_utf8_valid(raw, len, &mb);
        if (mb == 0) {
            how = DEC_CP1252;
            rc = silk_utf8_from_cp1252(out, raw, len);
        } else {
            how = DEC_REPAIRED;
            rc = silk_utf8_repair(out, raw, len, nbad);
        }
    }
    if (rc < 0)
        return -1;
    out->len = silk_reader__lf_only(out->p, out->len);
    return (int)how;
}

/* Trim Unicode space from both ends of s[0..*n): returns the new start and
 * updates *n. */
static const char *trim(const char *s, size_t *n)
{
    size_t k;
    while (*n && (k = silk_indexer__space_len(s, *n)) > 0) {
        s += k;
        *n -= k;
    }
    for (;;) {
        size_t m = *n, cut = 0;
        for (size_t back = 1; back <= 3 && back <= m; back++)
            if (silk_indexer__space_len(s + m - back, back) == back) {
                cut = back;
                break;
            }
        if (!cut)
            break;
        *n -= cut;
    }
    return s;
}

/* See reader_int.h. */
bool silk_reader__all_space(const char *s, size_t n)
{
    trim(s, &n);
    return n == 0;
}

/* ---- plain text and its sidecar ---- */

/* What a sidecar gives. Strings point into the sidecar's buffer. */
typedef struct meta {
    char *buf;
    const char *title, *date, *source, *url, *id;
    bool bad_date;           /* a "date:" that is no date */
    bool cp1252;
    json_t *extra;           /* unknown keys, as strings */
} meta_t;

/* Free what a sidecar read holds and reset it; safe on a zeroed one. */
static void meta_clear(meta_t *m)
{
    free(m->buf);
    json_decref(m->extra);
    memset(m, 0, sizeof *m);
}

/* The sidecar path of the text file at path: its known extension (ext_len
 * bytes, or the last ".xyz" of another name) replaced by ".meta".
 * malloc'ed; NULL if memory ran out. */
static char *meta_path(const char *path, size_t ext_len)
{
    const char *base = silk_reader__base_name(path), *dot = strrchr(base, '.');
    size_t stem = strlen(path) - ext_len;
    if (ext_len == 0 && dot && dot != base)
        stem = (size_t)(dot - path);
    char *m = malloc(stem + sizeof ".meta");
    if (m) {
        memcpy(m, path, stem);
        memcpy(m + stem, ".meta", sizeof ".meta");
    }
    return m;
}

/* The known keys of a sidecar, and where each was met. */
enum { MK_TITLE, MK_DATE, MK_SOURCE, MK_URL, MK_ID, MK_COUNT };
static const char *const meta_keys[MK_COUNT] = {"title", "date", "source",
                                                "url", "id"};

/* Read the sidecar of the text file txt_path, if there is one, into m.
 * Problems (unreadable, bad or repeated lines, invalid UTF-8, an impossible
 * date, an empty id) are reported; a missing sidecar is not one. Returns 0,
 * or NOMEM. */
static int meta_read(walk_t *w, const char *txt_path, size_t ext_len,
                     meta_t *m)
{
    char *mpath = meta_path(txt_path, ext_len);
    char *raw = NULL;
    size_t len, nbad;
    silk_buf_t b = {0};
    unsigned long seen[MK_COUNT] = {0};
    const char *zmsg;
    int rc = 0;

    if (!mpath)
        return silk_reader__no_memory(w, txt_path, 0, 0);
    int err = silk_reader__slurp(w, mpath, false, &raw, &len, &zmsg);
    if (err == ENOENT)
        goto done;
    if (err == ENOMEM) {
        rc = silk_reader__no_memory(w, mpath, 0, len);
        goto done;
    }
    if (err) {
        silk_reader__slurp_problem(w, mpath, err, len, zmsg, "sidecar");
        goto done;
    }
    const char *text = raw;
    if (silk_reader__has_bom(text, len)) {
        text += 3;
        len -= 3;
    }
    int how;
    if (memchr(text, '\0', len)) {   /* NUL: repaired as ill-formed */
        nbad = 0;
        how = silk_utf8_repair(&b, text, len, &nbad) < 0 ? -1 : DEC_REPAIRED;
    } else {
        how = silk_reader__decode_text(text, len, &b, &nbad);
    }
    if (how < 0 || !(m->extra = json_object())) {
        rc = silk_reader__no_memory(w, mpath, 0, len);
        goto done;
    }
    if (how == DEC_REPAIRED)
        silk_reader__problem(w, SILK_PROBLEM_INVALID_UTF8, mpath, 0,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                nbad == 1 ? "" : "s");
    m->cp1252 = how == DEC_CP1252;
    m->buf = b.p;
    b.p = NULL;
    char *p = m->buf;
    for (unsigned long ln = 1; p; ln++) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        size_t n = strlen(p);
        char *line = (char *)trim(p, &n);
        line[n] = '\0';
        p = nl ? nl + 1 : NULL;
        if (n == 0 || line[0] == '#')
            continue;
        char *colon = strchr(line, ':');
        size_t klen = colon ? (size_t)(colon - line) : 0;
        while (klen && (line[klen - 1] == ' ' || line[klen - 1] == '\t'))
            klen--;
        bool ok = klen > 0;
        for (size_t i = 0; ok && i < klen; i++) {
            char c = line[i];
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
        if (!ok) {
            silk_reader__problem(w, SILK_PROBLEM_BAD_META, mpath, ln,
                    "expected \"key: value\", got \"%.60s\"", line);
            continue;
        }
        line[klen] = '\0';
        size_t vlen = strlen(colon + 1);
        char *val = (char *)trim(colon + 1, &vlen);
        val[vlen] = '\0';
        int k = MK_COUNT;
        for (int i = 0; i < MK_COUNT; i++) {
            size_t j = 0;
            while (meta_keys[i][j] && (line[j] | 0x20) == meta_keys[i][j])
                j++;
            if (!meta_keys[i][j] && !line[j]) {
                k = i;
                break;
            }
        }
        if (k == MK_COUNT) {
            if (json_object_get(m->extra, line)) {
                silk_reader__problem(w, SILK_PROBLEM_BAD_META, mpath, ln,
                        "\"%.40s\" is given twice: the first is kept", line);
                continue;
            }
            if (json_object_set_new(m->extra, line, json_string(val)) < 0) {
                rc = silk_reader__no_memory(w, mpath, ln, 0);
                goto done;
            }
            continue;
        }
        if (seen[k]) {
            silk_reader__problem(w, SILK_PROBLEM_BAD_META, mpath, ln,
                    "\"%s\" is given twice (line %lu has it too): the first "
                    "is kept", meta_keys[k], seen[k]);
            continue;
        }
        seen[k] = ln;
        switch (k) {
        case MK_TITLE: m->title = val; break;
        case MK_SOURCE: m->source = val; break;
        case MK_URL: m->url = val; break;
        case MK_ID:
            if (*val)
                m->id = val;
            else
                silk_reader__problem(w, SILK_PROBLEM_BAD_ID, mpath, ln,
                        "empty \"id:\": the file's path gives the id");
            break;
        case MK_DATE:
            if (*val) {
                char norm[SILK_DATE_BYTES];
                m->date = val;
                m->bad_date = !silk_date_normalize(val, norm);
                if (m->bad_date)
                    silk_reader__problem(w, SILK_PROBLEM_BAD_DATE, mpath, ln,
                            "impossible or unreadable date \"%.40s\"", val);
            }
            break;
        }
    }
done:
    free(mpath);
    free(raw);
    free(b.p);
    return rc;
}

/* See reader_int.h. */
int silk_reader__derive_title(const char *body, size_t len, silk_buf_t *out)
{
    const char *p = body, *end = body + len;
    out->len = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        const char *t = trim(p, &n);
        if (n) {
            bool cut = n > DERIVED_TITLE_MAX;
            if (cut) {
                size_t k = DERIVED_TITLE_MAX;
                while (k > DERIVED_TITLE_MAX / 2 && t[k] != ' ')
                    k--;
                if (t[k] != ' ')   /* no space: cut at a character */
                    for (k = DERIVED_TITLE_MAX;
                         k && ((unsigned char)t[k] & 0xC0) == 0x80; k--)
                        ;
                n = k;
                t = trim(t, &n);
            }
            if (silk_buf_append(out, t, n) < 0 ||
                (cut && silk_buf_append(out, "\xE2\x80\xA6", 3) < 0))
                return -1;
            return 0;
        }
        p = nl ? nl + 1 : end;
    }
    return silk_buf_append(out, "", 0);
}

/* See reader_int.h. */
int silk_reader__read_txt(walk_t *w, const char *path, size_t ext_len)
{
    char *raw = NULL, *extra = NULL, *id = NULL;
    size_t len, nbad = 0;
    silk_buf_t body = {0}, title = {0};
    meta_t m = {0};
    const char *zmsg;
    int rc = 0;
    int err = silk_reader__slurp(w, path, false, &raw, &len, &zmsg);
    if (err == ENOMEM) {
        rc = silk_reader__no_memory(w, path, 0, len);
        goto done;
    }
    if (err) {
        silk_reader__slurp_problem(w, path, err, len, zmsg, "a file");
        goto done;
    }
    const char *text = raw;
    size_t n = len;
    const char *nul = memchr(raw, '\0', len);
    if (nul) {
        silk_reader__problem(w, SILK_PROBLEM_BINARY, path, 0,
                "NUL byte at offset %zu: not a text file",
                (size_t)(nul - raw));
        goto done;
    }
    if (silk_reader__has_bom(text, n)) {
        text += 3;
        n -= 3;
    }
    if (silk_reader__all_space(text, n)) {
        silk_reader__problem(w, SILK_PROBLEM_EMPTY, path, 0,
                len ? "only white space" : "empty file");
        goto done;
    }
    int how = DEC_UTF8;
    bool in_file = false;
    if (silk_utf8_valid(text, n, NULL)) {
        /* UTF-8 already: the file's buffer is the body (a 200 MB file is
         * not held twice). */
        body.p = raw;
        body.cap = len + 1;
        body.len = silk_reader__lf_only(raw + (size_t)(text - raw), n);
        /* No CR removed: every offset of the body is one of the file's. */
        in_file = body.len == n && strcmp(path, SILK_READER_STDIN) != 0;
        memmove(raw, text, body.len + 1);
        raw = NULL;
    } else {
        how = silk_reader__decode_text(text, n, &body, &nbad);
        if (how < 0)
            goto nomem;
        free(raw);
        raw = NULL;
    }
    if (how == DEC_REPAIRED)
        silk_reader__problem(w, SILK_PROBLEM_INVALID_UTF8, path, 0,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                nbad == 1 ? "" : "s");
    if ((rc = meta_read(w, path, ext_len, &m)) != 0)
        goto done;
    if (!m.title || !*m.title) {
        if (silk_reader__derive_title(body.p, body.len, &title) < 0)
            goto nomem;
    } else if (silk_buf_append(&title, m.title, strlen(m.title)) < 0)
        goto nomem;
    if (m.id && strlen(m.id) > SILK_MAX_ID_BYTES) {
        silk_reader__problem(w, SILK_PROBLEM_BAD_ID, path, 0,
                "id of %zu bytes (at most %d): article skipped",
                strlen(m.id), SILK_MAX_ID_BYTES);
        goto done;
    }
    if (!m.id && !(id = silk_reader__path_id(w, path, ext_len, "")))
        goto nomem;
    if (m.extra && json_object_size(m.extra) > 0 &&
        !(extra = json_dumps(m.extra, JSON_COMPACT)))
        goto nomem;
    char date[SILK_DATE_BYTES] = "";
    if (m.date && !m.bad_date)
        silk_date_normalize(m.date, date);
    silk_article_t a = {
        .id = m.id ? m.id : id,
        .title = title.p,
        .body = body.p,
        .body_len = body.len,
        .date = date,
        .source = m.source ? m.source : "",
        .url = m.url ? m.url : "",
        .path = path,
        .rel = silk_reader__rel_path(w, path),
        .extra = extra ? extra : "{}",
        .line = 0,
        .index = 1,
        .invalid_utf8 = how == DEC_REPAIRED,
        .cp1252 = how == DEC_CP1252 || m.cp1252,
        .bad_date = m.bad_date,
        .body_in_file = in_file,
        .body_offset = in_file ? (size_t)(len - n) : 0,
    };
    if (w->cbs->article)
        rc = w->cbs->article(w->ctx, &a);
    goto done;
nomem:
    rc = silk_reader__no_memory(w, path, 0, len);
done:
    free(raw);
    free(body.p);
    free(title.p);
    free(id);
    free(extra);
    meta_clear(&m);
    return rc;
}

