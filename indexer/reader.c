/* reader.c: corpus readers — a sorted, loop-safe directory walk that
 * delivers articles from plain-text files (with NAME.meta sidecars) and
 * JSON Lines files, repairing invalid UTF-8 and reporting every problem with
 * its place. See docs/corpus-format.md.
 */
#define _POSIX_C_SOURCE 200809L

#include "reader.h"
#include "indexer_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <jansson.h>

/* A file with a NUL byte this early is not text (git and grep use the same
 * heuristic and window). */
#define BINARY_SNIFF_BYTES 8192
/* Deeper nesting than this is a mistake or an attack; it would also put the
 * recursion's stack at risk. */
#define MAX_DEPTH 256
/* A title taken from the text is cut to this many bytes (at a word break)
 * so that a first line which is a whole paragraph does not become a title. */
#define DERIVED_TITLE_MAX 200
/* Longest problem reason passed to the callback; longer ones are cut. */
#define REASON_MAX 512

static const char utf8_replacement[] = "\xEF\xBF\xBD";

/* ---- growable byte buffer ---- */

typedef struct buf {
    char *p;
    size_t len, cap;
} buf_t;

/* Make room for extra more bytes plus a NUL. Returns 0, or -1 when memory
 * ran out (the buffer is unchanged). */
static int buf_reserve(buf_t *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

/* Append s[0..n) and keep the buffer NUL-terminated. 0 or -1 (no memory). */
static int buf_put(buf_t *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) < 0)
        return -1;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

/* ---- UTF-8 ---- */

/* Length of the well-formed UTF-8 sequence at s[0..n) (RFC 3629: no
 * overlongs, surrogates or code points past U+10FFFF), or 0 if it is not
 * one; then *bad is the length of the maximal ill-formed subpart (at least
 * 1), the unit that one U+FFFD replaces (Unicode's "best practice"). A NUL
 * byte counts as ill-formed here: it could not survive a C string. */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned c = s[0];
    *bad = 1;
    if (c == 0)
        return 0;
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0xC2)
        return 0;
    else if (c < 0xE0)
        need = 2;
    else if (c < 0xF0) {
        need = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c < 0xF5) {
        need = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 0;
    for (size_t k = 1; k < need; k++) {
        if (k >= n || s[k] < lo || s[k] > hi) {
            *bad = k;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

/* Copy s[0..n) into out (appending) with every ill-formed sequence and NUL
 * byte replaced by U+FFFD; *nbad counts the replacements. Returns 0, or -1
 * when memory ran out. */
static int utf8_repair(const char *s, size_t n, buf_t *out, size_t *nbad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;
    *nbad = 0;
    if (buf_reserve(out, n) < 0)
        return -1;
    while (i < n) {
        size_t bad, k = utf8_seq(u + i, n - i, &bad);
        if (k) {
            i += k;
            continue;
        }
        if (buf_put(out, s + run, i - run) < 0 ||
            buf_put(out, utf8_replacement, 3) < 0)
            return -1;
        (*nbad)++;
        i += bad;
        run = i;
    }
    return buf_put(out, s + run, n - run);
}

/* Is s[0..n) well-formed UTF-8 without NUL bytes? A fast path over ASCII. */
static bool utf8_clean(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] != 0 && u[i] < 0x80) {
            i++;
            continue;
        }
        size_t bad, k = utf8_seq(u + i, n - i, &bad);
        if (!k)
            return false;
        i += k;
    }
    return true;
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

/* Is s[0..n) empty or only Unicode space? */
static bool all_space(const char *s, size_t n)
{
    trim(s, &n);
    return n == 0;
}

/* ---- problems ---- */

static const char *const problem_names[SILK_PROBLEM_COUNT_] = {
    [SILK_PROBLEM_UNREADABLE] = "unreadable",
    [SILK_PROBLEM_EMPTY] = "empty",
    [SILK_PROBLEM_BINARY] = "binary",
    [SILK_PROBLEM_BAD_JSON] = "bad json",
    [SILK_PROBLEM_BAD_META] = "bad meta",
    [SILK_PROBLEM_INVALID_UTF8] = "invalid utf-8",
    [SILK_PROBLEM_BAD_DATE] = "bad date",
};

/* The problem kind's short name ("bad json", as silk-index's summary
 * prints it); "unknown" for a value out of
 * range. Static storage. */
const char *silk_problem_str(silk_problem_t p)
{
    if ((unsigned)p >= SILK_PROBLEM_COUNT_)
        return "unknown";
    return problem_names[p];
}

typedef struct walk {
    const silk_reader_cbs_t *cbs;
    void *ctx;
    struct {
        dev_t dev;
        ino_t ino;
    } stack[MAX_DEPTH];  /* the directories being walked, for loops */
    size_t depth;
    int stop;            /* the article callback's non-zero return */
} walk_t;

/* Report a problem; the reason is formatted, cut to one line of at most
 * REASON_MAX bytes (control characters become spaces). */
static void problem(walk_t *w, silk_problem_t kind, const char *path,
                    unsigned long line, const char *fmt, ...)
{
    if (!w->cbs->problem)
        return;
    char reason[REASON_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    for (char *p = reason; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            *p = ' ';
    w->cbs->problem(w->ctx, kind, path, line, reason);
}

/* ---- dates ---- */

/* Gregorian leap year? */
static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y. */
static int days_in(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Read exactly n digits at *s into *v and advance; false if not there. */
static bool digits(const char **s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*s)[i]))
            return false;
        x = x * 10 + ((*s)[i] - '0');
    }
    *s += n;
    *v = x;
    return true;
}

/* Read 1 or 2 digits of a day, then an optional ordinal suffix (2nd). */
static bool day_number(const char **s, int *v)
{
    const char *p = *s;
    if (!isdigit((unsigned char)p[0]))
        return false;
    int x = p[0] - '0';
    p++;
    if (isdigit((unsigned char)p[0])) {
        x = x * 10 + (p[0] - '0');
        p++;
    }
    if (isdigit((unsigned char)p[0]))
        return false;
    static const char *const ord[] = {"st", "nd", "rd", "th"};
    for (size_t i = 0; i < 4; i++)
        if (strncmp(p, ord[i], 2) == 0 && !isalpha((unsigned char)p[2])) {
            p += 2;
            break;
        }
    *s = p;
    *v = x;
    return true;
}

/* A month name or its abbreviation ("Mar", "Mar.", "Sept") at *s; returns
 * 1..12 and advances, or 0. */
static int month_name(const char **s)
{
    static const char *const names[12] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    const char *p = *s;
    size_t n = 0;
    char w[16];
    while (isalpha((unsigned char)p[n]) && n < sizeof w - 1) {
        w[n] = (char)tolower((unsigned char)p[n]);
        n++;
    }
    if (n < 3 || isalpha((unsigned char)p[n]))
        return 0;
    w[n] = '\0';
    for (int m = 0; m < 12; m++) {
        bool full = strcmp(w, names[m]) == 0;
        bool abbr = (n == 3 && strncmp(w, names[m], 3) == 0) ||
                    (m == 8 && strcmp(w, "sept") == 0);
        if (full || abbr) {
            p += n;
            if (!full && *p == '.')
                p++;
            *s = p;
            return m + 1;
        }
    }
    return 0;
}

static const char *skip_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* A time part after a date: "09:02", "09:02:31", "09:02:31.79", with an
 * optional "Z" or "+08:00"; s points after the 'T' or space. */
static bool time_part(const char *s)
{
    int h, mi, sec;
    if (!digits(&s, 2, &h) || *s++ != ':' || !digits(&s, 2, &mi))
        return false;
    if (h > 23 || mi > 59)
        return false;
    if (*s == ':') {
        s++;
        if (!digits(&s, 2, &sec) || sec > 60)
            return false;
        if (*s == '.' || *s == ',') {
            s++;
            if (!isdigit((unsigned char)*s))
                return false;
            while (isdigit((unsigned char)*s))
                s++;
        }
    }
    s = skip_blank(s);
    if (*s == 'Z' || *s == 'z')
        s++;
    else if (*s == '+' || *s == '-') {
        int zh, zm;
        s++;
        if (!digits(&s, 2, &zh))
            return false;
        if (*s == ':')
            s++;
        if (isdigit((unsigned char)*s) && !digits(&s, 2, &zm))
            return false;
    }
    return *skip_blank(s) == '\0';
}

/* Write v as exactly n decimal digits at out (no NUL). */
static void put_digits(char *out, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        out[i] = (char)('0' + v % 10);
}

/* Normalise a metadata date: see reader.h. Accepted forms (surrounding
 * space ignored): YYYY-MM-DD (or with '/') optionally followed by 'T' or a
 * space and a time, YYYY-MM, YYYY, "March 2, 2021", "Mar. 2nd 2021",
 * "2 Mar 2021", "March 2021". Years 1000..9999 only. */
bool silk_date_normalize(const char *in, char out[11])
{
    int y = 0, m = -1, d = -1;  /* -1: not given */
    out[0] = '\0';
    if (!in)
        return false;
    const char *s = skip_blank(in);
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char tmp[64];
    if (n == 0 || n >= sizeof tmp)
        return false;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    s = tmp;

    if (digits(&s, 4, &y)) {                          /* ISO forms */
        if (*s == '-' || *s == '/') {
            char sep = *s++;
            if (!digits(&s, 2, &m))
                return false;
            if (*s == sep) {
                s++;
                if (!digits(&s, 2, &d))
                    return false;
                if (*s == 'T' || *s == 't' || *s == ' ') {
                    if (!time_part(skip_blank(s + 1)))
                        return false;
                    s += strlen(s);
                }
            }
        }
        if (*s != '\0')
            return false;
    } else if (isdigit((unsigned char)*s)) {          /* 2 Mar 2021 */
        if (!day_number(&s, &d))
            return false;
        s = skip_blank(s);
        if (!(m = month_name(&s)))
            return false;
        s = skip_blank(s);
        if (*s == ',')
            s = skip_blank(s + 1);
        if (!digits(&s, 4, &y) || *s != '\0')
            return false;
    } else {                                          /* March 2, 2021 */
        if (!(m = month_name(&s)))
            return false;
        s = skip_blank(s);
        if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
            isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3])) {
            if (!digits(&s, 4, &y) || *s != '\0')     /* March 2021 */
                return false;
        } else {
            if (!day_number(&s, &d))
                return false;
            s = skip_blank(s);
            if (*s == ',')
                s = skip_blank(s + 1);
            if (!digits(&s, 4, &y) || *s != '\0')
                return false;
        }
    }
    if (y < 1000 || y > 9999)
        return false;
    if (m != -1 && (m < 1 || m > 12))
        return false;
    if (d != -1 && (m == -1 || d < 1 || d > days_in(y, m)))
        return false;
    put_digits(out, y, 4);
    if (m != -1) {
        out[4] = '-';
        put_digits(out + 5, m, 2);
    }
    if (d != -1) {
        out[7] = '-';
        put_digits(out + 8, d, 2);
    }
    out[d != -1 ? 10 : m != -1 ? 7 : 4] = '\0';
    return true;
}

/* ---- files ---- */

/* Read the whole file at path into *out (NUL-terminated, *len bytes).
 * Returns 0, or an errno value (*out = NULL). The caller frees *out. */
static int slurp(const char *path, char **out, size_t *len)
{
    buf_t b = {0};
    int err = 0;
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return errno;
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_size > 0 &&
        (uintmax_t)st.st_size < SIZE_MAX - 1 &&
        buf_reserve(&b, (size_t)st.st_size + 1) < 0) {
        err = ENOMEM;
        goto done;
    }
    for (;;) {
        if (buf_reserve(&b, 65536) < 0) {
            err = ENOMEM;
            goto done;
        }
        ssize_t r = read(fd, b.p + b.len, b.cap - b.len - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            err = errno;
            goto done;
        }
        if (r == 0)
            break;
        b.len += (size_t)r;
    }
    b.p[b.len] = '\0';
    *out = b.p;
    *len = b.len;
    b.p = NULL;
done:
    close(fd);
    free(b.p);
    return err;
}

/* Does s[0..n) start with a UTF-8 byte-order mark? */
static bool has_bom(const char *s, size_t n)
{
    return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

/* Where a path's last component starts. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Does name end in ext (".txt")? */
static bool ends_with(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcmp(name + n - e, ext) == 0;
}

/* What a sidecar gives. Strings point into the sidecar's buffer. */
typedef struct meta {
    char *buf;
    const char *title, *date, *source, *url, *id;
    unsigned long date_line;
    json_t *extra;  /* unknown keys, as strings */
} meta_t;

/* Free what a sidecar read holds and reset it; safe on a zeroed one. */
static void meta_clear(meta_t *m)
{
    free(m->buf);
    json_decref(m->extra);
    memset(m, 0, sizeof *m);
}

/* Read the sidecar NAME.meta of NAME.txt at txt_path, if there is one, into
 * m. Problems (unreadable, bad lines, invalid UTF-8) are reported; a missing
 * sidecar is not one. Returns 0, or -1 when memory ran out. */
static int meta_read(walk_t *w, const char *txt_path, meta_t *m)
{
    size_t plen = strlen(txt_path) - strlen(".txt");
    char *mpath = malloc(plen + sizeof ".meta");
    char *raw = NULL;
    size_t len, nbad;
    buf_t b = {0};
    int rc = 0;
    if (!mpath)
        return -1;
    memcpy(mpath, txt_path, plen);
    memcpy(mpath + plen, ".meta", sizeof ".meta");
    int err = slurp(mpath, &raw, &len);
    if (err == ENOENT)
        goto done;
    if (err == ENOMEM) {
        rc = -1;
        goto done;
    }
    if (err) {
        problem(w, SILK_PROBLEM_UNREADABLE, mpath, 0, "cannot read sidecar: %s",
                strerror(err));
        goto done;
    }
    if (utf8_repair(raw, len, &b, &nbad) < 0 ||
        !(m->extra = json_object())) {
        rc = -1;
        goto done;
    }
    if (nbad)
        problem(w, SILK_PROBLEM_INVALID_UTF8, mpath, 0,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                nbad == 1 ? "" : "s");
    m->buf = b.p;
    b.p = NULL;
    char *p = m->buf;
    if (has_bom(p, strlen(p)))
        p += 3;
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
        for (size_t i = 0; ok && i < klen; i++)
            ok = isalnum((unsigned char)line[i]) || line[i] == '_' ||
                 line[i] == '-';
        if (!ok) {
            problem(w, SILK_PROBLEM_BAD_META, mpath, ln,
                    "expected \"key: value\", got \"%.60s\"", line);
            continue;
        }
        line[klen] = '\0';
        size_t vlen = strlen(colon + 1);
        char *val = (char *)trim(colon + 1, &vlen);
        val[vlen] = '\0';
        char key[8] = "";       /* the known keys, lower-cased */
        for (size_t i = 0; i < klen && klen < sizeof key; i++)
            key[i] = (char)tolower((unsigned char)line[i]);
        if (klen >= sizeof key)
            key[0] = '\0';
        if (strcmp(key, "title") == 0)
            m->title = val;
        else if (strcmp(key, "date") == 0) {
            m->date = val;
            m->date_line = ln;
        } else if (strcmp(key, "source") == 0)
            m->source = val;
        else if (strcmp(key, "url") == 0)
            m->url = val;
        else if (strcmp(key, "id") == 0)
            m->id = val;
        else if (json_object_set_new(m->extra, line, json_string(val)) < 0) {
            rc = -1;
            goto done;
        }
    }
    if (m->date && !*m->date)
        m->date = NULL;
    char norm[11];
    if (m->date && !silk_date_normalize(m->date, norm))
        problem(w, SILK_PROBLEM_BAD_DATE, mpath, m->date_line,
                "impossible or unreadable date \"%.40s\"", m->date);
done:
    free(mpath);
    free(raw);
    free(b.p);
    return rc;
}

/* The first non-empty line of body, trimmed and cut to DERIVED_TITLE_MAX
 * bytes at a word break (then "…" is appended), into out. Returns 0, or -1
 * when memory ran out. */
static int derive_title(const char *body, size_t len, buf_t *out)
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
            if (buf_put(out, t, n) < 0 ||
                (cut && buf_put(out, "\xE2\x80\xA6", 3) < 0))
                return -1;
            return 0;
        }
        p = nl ? nl + 1 : end;
    }
    return buf_put(out, "", 0);
}

/* Read a plain-text article and deliver it. Returns 0 or the callback's
 * non-zero value; every failure is reported as a problem. */
static int read_txt(walk_t *w, const char *path)
{
    char *raw = NULL, *extra = NULL, *id = NULL;
    size_t len, nbad = 0;
    buf_t body = {0}, title = {0};
    meta_t m = {0};
    int rc = 0;
    int err = slurp(path, &raw, &len);
    if (err) {
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s", strerror(err));
        goto done;
    }
    const char *text = raw;
    size_t n = len;
    if (memchr(raw, '\0', len < BINARY_SNIFF_BYTES ? len : BINARY_SNIFF_BYTES)) {
        problem(w, SILK_PROBLEM_BINARY, path, 0,
                "NUL bytes in the first %d bytes: not a text file",
                BINARY_SNIFF_BYTES);
        goto done;
    }
    if (has_bom(text, n)) {
        text += 3;
        n -= 3;
    }
    if (all_space(text, n)) {
        problem(w, SILK_PROBLEM_EMPTY, path, 0,
                len ? "only white space" : "empty file");
        goto done;
    }
    if (utf8_repair(text, n, &body, &nbad) < 0)
        goto nomem;
    if (nbad)
        problem(w, SILK_PROBLEM_INVALID_UTF8, path, 0,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                nbad == 1 ? "" : "s");
    if (meta_read(w, path, &m) < 0)
        goto nomem;
    if (!m.title || !*m.title) {
        if (derive_title(body.p, body.len, &title) < 0)
            goto nomem;
    } else if (buf_put(&title, m.title, strlen(m.title)) < 0)
        goto nomem;
    const char *base = base_name(path);
    size_t stem = strlen(base) - strlen(".txt");
    if (!(id = malloc(stem + 1)))
        goto nomem;
    memcpy(id, base, stem);
    id[stem] = '\0';
    if (m.extra && json_object_size(m.extra) > 0 &&
        !(extra = json_dumps(m.extra, JSON_COMPACT)))
        goto nomem;
    char date[11] = "";
    bool bad_date = m.date && !silk_date_normalize(m.date, date);
    silk_article_t a = {
        .id = m.id && *m.id ? m.id : id,
        .title = title.p,
        .body = body.p,
        .body_len = body.len,
        .date = date,
        .source = m.source ? m.source : "",
        .url = m.url ? m.url : "",
        .path = path,
        .extra = extra ? extra : "{}",
        .line = 0,
        .invalid_utf8 = nbad > 0,
        .bad_date = bad_date,
    };
    if (w->cbs->article)
        rc = w->cbs->article(w->ctx, &a);
    goto done;
nomem:
    problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "out of memory");
done:
    free(raw);
    free(body.p);
    free(title.p);
    free(id);
    free(extra);
    meta_clear(&m);
    return rc;
}

/* ---- JSON Lines ---- */

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

/* A JSON string value as a C string: NUL characters (\u0000) become
 * U+FFFD in the scratch buffer b and *replaced is set; otherwise the string
 * is borrowed from v. NULL when memory ran out. */
static const char *jstr(const json_t *v, buf_t *b, bool *replaced)
{
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (strlen(s) == n)
        return s;
    b->len = 0;
    for (size_t i = 0; i < n; i++) {
        int r = s[i] ? buf_put(b, s + i, 1) : buf_put(b, utf8_replacement, 3);
        if (r < 0)
            return NULL;
    }
    *replaced = true;
    return b->p;
}

/* Optional string field key of obj: *out = its value, or NULL if absent or
 * null. Returns false (and reports BAD_JSON) for another type. */
static bool opt_string(walk_t *w, const char *path, unsigned long ln,
                       json_t *obj, const char *key, const json_t **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v)) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "\"%s\" must be a string, not %s", key, json_kind(v));
        return false;
    }
    *out = v;
    return true;
}

static const char *const known_keys[] = {"id", "title", "body", "date",
                                         "source", "url"};

/* Turn one JSON line (already valid UTF-8) into an article and deliver it.
 * Returns 0 or the callback's non-zero value; a bad line is reported. */
static int jsonl_line(walk_t *w, const char *path, unsigned long ln,
                      const char *line, size_t len, bool truncated,
                      size_t nbad)
{
    json_error_t jerr;
    json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
                             &jerr);
    json_t *extra_obj = NULL;
    char *extra = NULL, *idnum = NULL;
    buf_t sb[6] = {{0}}, title_buf = {0};
    bool nul = false;
    int rc = 0;
    if (!obj) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln, "%sinvalid JSON at column %d: %s",
                truncated ? "truncated last line: " : "", jerr.column, jerr.text);
        goto done;
    }
    if (!json_is_object(obj)) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "expected a JSON object, got %s", json_kind(obj));
        goto done;
    }
    json_t *idv = json_object_get(obj, "id"), *bodyv = json_object_get(obj, "body");
    const char *id;
    if (!idv) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln, "missing \"id\"");
        goto done;
    }
    if (json_is_string(idv)) {
        if (!(id = jstr(idv, &sb[0], &nul)))
            goto nomem;
    } else if (json_is_number(idv)) {
        if (!(idnum = json_dumps(idv, JSON_ENCODE_ANY | JSON_COMPACT)))
            goto nomem;
        id = idnum;
    } else {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "\"id\" must be a string or a number, not %s", json_kind(idv));
        goto done;
    }
    if (!*id) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln, "\"id\" is empty");
        goto done;
    }
    if (!bodyv) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln, "missing \"body\"");
        goto done;
    }
    if (!json_is_string(bodyv)) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "\"body\" must be a string, not %s", json_kind(bodyv));
        goto done;
    }
    const json_t *tv, *dv, *sv, *uv;
    if (!opt_string(w, path, ln, obj, "title", &tv) ||
        !opt_string(w, path, ln, obj, "date", &dv) ||
        !opt_string(w, path, ln, obj, "source", &sv) ||
        !opt_string(w, path, ln, obj, "url", &uv))
        goto done;
    const char *body = jstr(bodyv, &sb[1], &nul);
    const char *title = tv ? jstr(tv, &sb[2], &nul) : "";
    const char *date_in = dv ? jstr(dv, &sb[3], &nul) : "";
    const char *source = sv ? jstr(sv, &sb[4], &nul) : "";
    const char *url = uv ? jstr(uv, &sb[5], &nul) : "";
    if (!body || !title || !date_in || !source || !url)
        goto nomem;
    size_t body_len = body == json_string_value(bodyv) ? json_string_length(bodyv)
                                                       : sb[1].len;
    if (all_space(title, strlen(title))) {
        if (derive_title(body, body_len, &title_buf) < 0)
            goto nomem;
        title = title_buf.p;
    }
    if (!(extra_obj = json_object()))
        goto nomem;
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        bool known = false;
        for (size_t i = 0; i < sizeof known_keys / sizeof *known_keys; i++)
            known = known || strcmp(key, known_keys[i]) == 0;
        if (!known && json_object_set(extra_obj, key, val) < 0)
            goto nomem;
    }
    if (json_object_size(extra_obj) &&
        !(extra = json_dumps(extra_obj, JSON_COMPACT)))
        goto nomem;
    char date[11] = "";
    bool bad_date = *date_in && !silk_date_normalize(date_in, date);
    if (bad_date)
        problem(w, SILK_PROBLEM_BAD_DATE, path, ln,
                "impossible or unreadable date \"%.40s\"", date_in);
    if (nbad)
        problem(w, SILK_PROBLEM_INVALID_UTF8, path, ln,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                nbad == 1 ? "" : "s");
    else if (nul)
        problem(w, SILK_PROBLEM_INVALID_UTF8, path, ln,
                "NUL characters (\\u0000) replaced with U+FFFD");
    silk_article_t a = {
        .id = id,
        .title = title,
        .body = body,
        .body_len = body_len,
        .date = date,
        .source = source,
        .url = url,
        .path = path,
        .extra = extra ? extra : "{}",
        .line = ln,
        .invalid_utf8 = nbad > 0 || nul,
        .bad_date = bad_date,
    };
    if (w->cbs->article)
        rc = w->cbs->article(w->ctx, &a);
    goto done;
nomem:
    problem(w, SILK_PROBLEM_UNREADABLE, path, ln, "out of memory");
done:
    json_decref(obj);
    json_decref(extra_obj);
    free(extra);
    free(idnum);
    free(title_buf.p);
    for (size_t i = 0; i < 6; i++)
        free(sb[i].p);
    return rc;
}

/* Read a JSON Lines file, one article a line. Returns 0 or the callback's
 * non-zero value; problems are reported. */
static int read_jsonl(walk_t *w, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0, lines = 0;
    buf_t fixed = {0};
    int rc = 0;
    if (!f) {
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s", strerror(errno));
        return 0;
    }
    char head[BINARY_SNIFF_BYTES];
    size_t got = fread(head, 1, sizeof head, f);
    if (memchr(head, '\0', got)) {
        problem(w, SILK_PROBLEM_BINARY, path, 0,
                "NUL bytes in the first %d bytes: not a text file",
                BINARY_SNIFF_BYTES);
        goto done;
    }
    rewind(f);
    ssize_t r;
    for (unsigned long ln = 1; (r = getline(&line, &cap, f)) >= 0; ln++) {
        size_t n = (size_t)r;
        bool truncated = !(n && line[n - 1] == '\n');
        const char *s = line;
        while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        if (ln == 1 && has_bom(s, n)) {
            s += 3;
            n -= 3;
        }
        if (all_space(s, n))
            continue;
        lines++;
        size_t nbad = 0;
        if (!utf8_clean(s, n)) {
            fixed.len = 0;
            if (utf8_repair(s, n, &fixed, &nbad) < 0) {
                problem(w, SILK_PROBLEM_UNREADABLE, path, ln, "out of memory");
                continue;
            }
            s = fixed.p;
            n = fixed.len;
        }
        if ((rc = jsonl_line(w, path, ln, s, n, truncated, nbad)) != 0)
            goto done;
    }
    if (ferror(f))
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "read error: %s",
                strerror(errno));
    else if (lines == 0)
        problem(w, SILK_PROBLEM_EMPTY, path, 0,
                got ? "no JSON lines, only white space" : "empty file");
done:
    fclose(f);
    free(line);
    free(fixed.p);
    return rc;
}

/* ---- the walk ---- */

static int walk_path(walk_t *w, const char *path, bool named);

/* strcmp order for qsort over char *. */
static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walk the directory path (already stat'ed as st): entries in strcmp
 * order, hidden ones (".name") left out. Returns 0 or the callback's stop
 * value. */
static int walk_dir(walk_t *w, const char *path, const struct stat *st)
{
    for (size_t i = 0; i < w->depth; i++)
        if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino) {
            problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                    "symlink loop: this directory is already being walked");
            return 0;
        }
    if (w->depth == MAX_DEPTH) {
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                "directories nested deeper than %d levels", MAX_DEPTH);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s", strerror(errno));
        return 0;
    }
    char **names = NULL, *child = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **p = realloc(names, ncap * sizeof *p);
            if (!p)
                goto nomem;
            names = p;
            cap = ncap;
        }
        if (!(names[n] = strdup(e->d_name)))
            goto nomem;
        n++;
    }
    qsort(names, n, sizeof *names, cmp_names);
    w->stack[w->depth].dev = st->st_dev;
    w->stack[w->depth].ino = st->st_ino;
    w->depth++;
    size_t plen = strlen(path);
    bool slash = plen && path[plen - 1] == '/';
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t clen = plen + 1 + strlen(names[i]) + 1;
        if (!(child = malloc(clen))) {
            w->depth--;
            goto nomem;
        }
        snprintf(child, clen, "%s%s%s", path, slash ? "" : "/", names[i]);
        rc = walk_path(w, child, false);
        free(child);
        child = NULL;
    }
    w->depth--;
    goto done;
nomem:
    problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "out of memory");
done:
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* Read one path: a directory (walked), a .txt or .jsonl file (read), a
 * .meta sidecar (left to its .txt; reported as skipped only when named
 * on its own), or anything else (skipped). Returns 0 or the callback's
 * stop value. */
static int walk_path(walk_t *w, const char *path, bool named)
{
    struct stat st, lst;
    if (stat(path, &st) < 0) {
        int err = errno;
        if (err != ELOOP && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                    "broken symbolic link");
        else
            problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s", strerror(err));
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(w, path, &st);
    const char *base = base_name(path);
    bool txt = ends_with(base, ".txt"), jsonl = ends_with(base, ".jsonl");
    if ((txt || jsonl) && !S_ISREG(st.st_mode)) {
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                "not a regular file or directory");
        return 0;
    }
    if (txt)
        return read_txt(w, path);
    if (jsonl)
        return read_jsonl(w, path);
    if (ends_with(base, ".meta") && !named)
        return 0;
    if (w->cbs->skipped)
        w->cbs->skipped(w->ctx, path);
    return 0;
}

/* Walk paths[0..n): see reader.h. A path that does not exist is reported
 * and the walk goes on with the others; the result is then -1. */
int silk_reader_walk(const char *const *paths, size_t n,
                     const silk_reader_cbs_t *cbs, void *ctx)
{
    walk_t *w = calloc(1, sizeof *w);
    int missing = 0, rc = 0;
    if (!w)
        return -1;
    w->cbs = cbs;
    w->ctx = ctx;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat st;
        if (stat(paths[i], &st) < 0 && lstat(paths[i], &st) < 0)
            missing = -1;
        rc = walk_path(w, paths[i], true);
    }
    free(w);
    return rc ? rc : missing;
}
