/* silk_buf.c: growable bytes with a sticky error (silk_buf.h). */
#include "silk_buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* First allocation: most buffers hold a line or a key. */
#define BUF_FIRST_CAP 64

int silk_buf_reserve(silk_buf_t *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = true;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : BUF_FIRST_CAP;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = true;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

int silk_buf_append(silk_buf_t *b, const char *s, size_t n)
{
    if (silk_buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int silk_buf_puts(silk_buf_t *b, const char *s)
{
    return silk_buf_append(b, s, strlen(s));
}

int silk_buf_putc(silk_buf_t *b, char c)
{
    return silk_buf_append(b, &c, 1);
}

int silk_buf_vprintf(silk_buf_t *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    char room[256];
    int n = vsnprintf(room, sizeof room, fmt, ap);
    int rc = -1;
    if (n < 0) {
        b->failed = true;
    } else if ((size_t)n < sizeof room) {
        rc = silk_buf_append(b, room, (size_t)n);
    } else if (silk_buf_reserve(b, (size_t)n) == 0) {
        vsnprintf(b->p + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
        rc = 0;
    }
    va_end(again);
    return rc;
}

int silk_buf_printf(silk_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = silk_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *silk_buf_str(const silk_buf_t *b)
{
    return b->p ? b->p : "";
}

silk_status_t silk_buf_status(const silk_buf_t *b)
{
    return b->failed ? SILK_NO_MEMORY : SILK_OK;
}

void silk_buf_clear(silk_buf_t *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
    b->failed = false;
}

char *silk_buf_detach(silk_buf_t *b, size_t *len)
{
    char *p = NULL;
    if (!b->failed && silk_buf_reserve(b, 0) == 0) {
        p = b->p;
        if (len)
            *len = b->len;
        b->p = NULL;
    }
    silk_buf_free(b);
    return p;
}

void silk_buf_free(silk_buf_t *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}
