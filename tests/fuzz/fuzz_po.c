/* fuzz_po.c - the .po catalog parser. */
#include "i18n.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[128];
    catalog_t *c = catalog_new();
    if (catalog_parse_po(c, "ja", (const char *)data, size, err, sizeof err) == 0)
        catalog_get(c, "ja", "Log in");
    catalog_free(c);
    return 0;
}
