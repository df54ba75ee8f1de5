/* fuzz_sensor_dhcp.c - libFuzzer target for the DHCP/BOOTP parser. */
#include <stddef.h>
#include <stdint.h>

#include "app.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dhcp_event ev;
    dhcp_parse(data, size, 1, &ev);
    return 0;
}
