/* fuzz_jsonl.c: fuzz the JSON Lines reader (indexer/reader.h) with any
 * bytes as the content of a .jsonl file; every article and problem it
 * reports is checked against the reader's contract (fuzz_reader_check.c).
 */
#include "fuzz.h"
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_walk(fuzz_write("in.jsonl", data, size));
    return 0;
}
