/* fuzz_policy_blocks.c - libFuzzer target: policy text (user input) split into blocks.
 * Checks that every block has a known type and non-empty text that occurs in the input. */
#include "policy_blocks.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    json_t *a = policy_blocks(s);
    if (!json_is_array(a))
        abort();
    size_t i;
    json_t *b;
    json_array_foreach(a, i, b)
    {
        const char *type = json_string_value(json_object_get(b, "type"));
        const char *text = json_string_value(json_object_get(b, "text"));
        if (!type || !text || !*text || (strcmp(type, "h2") != 0 && strcmp(type, "p") != 0))
            abort();
        if (!strstr(s, text))
            abort();
    }
    json_decref(a);
    free(s);
    return 0;
}
