/* fuzz_csv.c: fuzz the CSV reader (indexer/reader_csv.c, through
 * indexer/reader.h) with any bytes as the content of a .csv file — a
 * header row, then one article a row, libcsv's quoting and silk's line
 * counting, too-large rows read past by their quotes; every article and
 * problem it reports is checked against the reader's contract
 * (fuzz_reader_check.c).
 */
#include "fuzz.h"
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_walk(fuzz_write("in.csv", data, size));
    return 0;
}
