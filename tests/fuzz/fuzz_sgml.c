/* fuzz_sgml.c: fuzz the SGML news reader (indexer/reader_sgml.c) with any
 * bytes as the content of a .sgm file (Reuters <REUTERS> or TREC <DOC>
 * stories); every article and problem it reports is checked against the
 * reader's contract (fuzz_reader_check.c).
 */
#include "fuzz.h"
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_walk(fuzz_write("in.sgm", data, size));
    return 0;
}
