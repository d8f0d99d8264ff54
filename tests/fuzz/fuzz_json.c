/* fuzz_json.c: fuzz the JSON file reader (indexer/reader.h) with any bytes
 * as the content of a .json file — an array of articles parsed one at a
 * time, or one object; every article and problem it reports is checked
 * against the reader's contract (fuzz_reader_check.c).
 */
#include "fuzz.h"
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_walk(fuzz_write("in.json", data, size));
    return 0;
}
