/* fuzz_xml.c: fuzz the XML news reader (indexer/reader_xml.c) with any
 * bytes as the content of a .xml file (RCV1 <newsitem>, NITF <nitf>, or
 * another root, skipped); every article and problem it reports is checked
 * against the reader's contract (fuzz_reader_check.c).
 */
#include "fuzz.h"
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_walk(fuzz_write("in.xml", data, size));
    return 0;
}
