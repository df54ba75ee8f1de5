/* fuzz_sensor_smb.c - libFuzzer target for the smb stream parser (input: fuzz_stream.h). */
#include "fuzz_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct app_emit em = {NULL, fuzz_drop_event};
    struct smb_state *s = smb_new();
    if (!s)
        return 0;
    struct fuzz_chunk c;
    size_t off = 0;
    while (fuzz_next_chunk(data, size, &off, &c))
        smb_feed(s, c.dir, c.p, c.n, 1, &em);
    smb_free(s);
    return 0;
}
