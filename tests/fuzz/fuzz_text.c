/* fuzz_text.c: fuzz the plain-text reader (indexer/reader.h) and its .meta
 * sidecar. The input is the article; if it holds a line "--meta--", what
 * follows that line is written as the article's NAME.meta instead. Every
 * article and problem is checked against the reader's contract.
 */
#define _POSIX_C_SOURCE 200809L  /* mkdtemp, strnlen, unlink */

#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "fuzz_reader.h"

/* The separator between article text and sidecar in one fuzz input. */
static const char meta_sep[] = "\n--meta--\n";

/* Where meta_sep starts in data[0..size), or size if nowhere. */
static size_t find_sep(const uint8_t *data, size_t size)
{
    size_t k = sizeof meta_sep - 1;
    for (size_t i = 0; i + k <= size; i++)
        if (memcmp(data + i, meta_sep, k) == 0)
            return i;
    return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t cut = find_sep(data, size);
    if (cut < size) {
        size_t from = cut + sizeof meta_sep - 1;
        fuzz_write("in.meta", data + from, size - from);
    }
    fuzz_reader_walk(fuzz_write("in.txt", data, cut));
    if (cut < size) {
        char meta[1024];
        snprintf(meta, sizeof meta, "%s/in.meta", fuzz_tmpdir());
        unlink(meta);
    }
    return 0;
}
