/* fuzz.h: the libFuzzer entry point that every tests/fuzz target defines,
 * and the small helpers the targets share (fuzz_util.c).
 */
#ifndef SILK_FUZZ_H
#define SILK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Run one input through the code under test. Returns 0 (libFuzzer's
 * contract); a broken invariant aborts, which libFuzzer and the replay
 * driver both report as a finding. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with the failed condition named: an invariant of the module's
 * contract (its header) does not hold. */
#define FUZZ_CHECK(cond)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "fuzz: invariant failed: %s (%s:%d)\n", #cond, \
                    __FILE__, __LINE__);                                   \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* A malloc'ed NUL-terminated copy of data[0..size). Aborts when memory
 * runs out (a fuzz run has nothing better to do); the caller frees it. */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* A private directory for input files, created once per process under
 * $SILK_FUZZ_TMP, else /dev/shm (tmpfs: no disk traffic per run), else
 * /tmp; removed with its files at exit. Aborts if it cannot be made.
 * Static storage. */
const char *fuzz_tmpdir(void);

/* Write data[0..size) to the file name in fuzz_tmpdir() (replacing it)
 * and return its full path (static storage, overwritten by the next
 * call). Aborts on a write error. */
const char *fuzz_write(const char *name, const uint8_t *data, size_t size);

/* True if s[0..n) is valid UTF-8 (no overlongs, surrogates or code points
 * above U+10FFFF). */
int fuzz_utf8_valid(const char *s, size_t n);

#endif /* SILK_FUZZ_H */
