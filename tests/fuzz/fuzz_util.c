/* fuzz_util.c: helpers shared by the fuzz targets — C strings, a private
 * tmpfs directory for file-based readers, and a strict UTF-8 check.
 */
#define _POSIX_C_SOURCE 200809L  /* mkdtemp, strnlen, unlink */

#include <dirent.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

/* Longest path built in the temporary directory: a short base name there. */
#define FUZZ_PATH_MAX 512

static char tmp_dir[FUZZ_PATH_MAX];

/* See fuzz.h for the contracts of the functions below. */
char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    FUZZ_CHECK(s != NULL);
    if (size > 0)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* atexit: remove the files in the temporary directory, then the directory
 * itself (it holds only files fuzz_write made). */
static void tmp_cleanup(void)
{
    DIR *d = opendir(tmp_dir);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            char p[FUZZ_PATH_MAX * 2];
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(p, sizeof p, "%s/%s", tmp_dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(tmp_dir);
}

const char *fuzz_tmpdir(void)
{
    if (tmp_dir[0] != '\0')
        return tmp_dir;
    const char *base = getenv("SILK_FUZZ_TMP");
    if (base == NULL || base[0] == '\0')
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(tmp_dir, sizeof tmp_dir, "%s/silk-fuzz-XXXXXX", base);
    FUZZ_CHECK(mkdtemp(tmp_dir) != NULL);
    atexit(tmp_cleanup);
    return tmp_dir;
}

const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
    static char path[FUZZ_PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(size == 0 || fwrite(data, 1, size, f) == size);
    FUZZ_CHECK(fclose(f) == 0);
    return path;
}

int fuzz_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2, cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3, cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4, cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}
