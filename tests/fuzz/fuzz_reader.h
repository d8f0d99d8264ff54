/* fuzz_reader.h: the article and problem checks shared by the JSONL and
 * plain-text reader fuzz targets (fuzz_reader_check.c).
 */
#ifndef SILK_FUZZ_READER_H
#define SILK_FUZZ_READER_H

#include "reader.h"

/* Walk the one file at path with callbacks that check reader.h's
 * contract for every article (strings non-NULL, valid UTF-8, body_len
 * right, date in one of the normalised forms) and problem (a reason
 * given, a known kind). Aborts on a broken invariant; returns the number
 * of articles delivered. */
size_t fuzz_reader_walk(const char *path);

#endif /* SILK_FUZZ_READER_H */
