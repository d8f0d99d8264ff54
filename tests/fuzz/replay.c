/* replay.c: run saved inputs through a fuzz target without libFuzzer, so
 * that the seed corpus and every crashing input kept in regressions/ are a
 * plain ctest (and run under ASan+UBSan in the sanitized build).
 *
 * usage: replay_TARGET PATH...   (each PATH a file or a directory of files;
 * in a directory, dot files and NAME.open files are skipped)
 * Exit 0 when every input ran; a finding aborts (non-zero) naming the
 * input on stderr first; 2 when a path cannot be read.
 */
#define _POSIX_C_SOURCE 200809L  /* mkdtemp, strnlen, unlink */

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Read the whole file at path and run it through the target. Returns 0, or
 * -1 if the file cannot be read (reported). */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    FUZZ_CHECK(buf != NULL);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            FUZZ_CHECK(buf != NULL);
        }
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        fprintf(stderr, "replay: cannot read %s\n", path);
        return -1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    /* A copy of exactly len bytes, so ASan sees any read past the input. */
    uint8_t *exact = malloc(len ? len : 1);
    FUZZ_CHECK(exact != NULL);
    if (len > 0)
        memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

/* qsort comparator for an array of C strings. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay path: a file, or every regular file directly in a directory (in
 * name order; dot files skipped). Returns the number of unreadable
 * inputs. */
static int replay_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: cannot stat %s\n", path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return replay_file(path) == 0 ? 0 : 1;
    DIR *d = opendir(path);
    if (d == NULL) {
        fprintf(stderr, "replay: cannot open directory %s\n", path);
        return 1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (e->d_name[0] == '.')
            continue;
        /* NAME.open: a finding reported to its module's owner and not
         * fixed yet (docs/reliability.md); drop the suffix once fixed. */
        if (nl > 5 && strcmp(e->d_name + nl - 5, ".open") == 0) {
            fprintf(stderr, "replay: %s/%s: open finding, not replayed\n",
                    path, e->d_name);
            continue;
        }
        names = realloc(names, (n + 1) * sizeof *names);
        FUZZ_CHECK(names != NULL);
        size_t plen = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(plen);
        FUZZ_CHECK(names[n] != NULL);
        snprintf(names[n], plen, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, cmp_str);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            bad += replay_file(names[i]) == 0 ? 0 : 1;
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    int bad = 0;
    for (int i = 1; i < argc; i++)
        bad += replay_path(argv[i]);
    return bad ? 2 : 0;
}
