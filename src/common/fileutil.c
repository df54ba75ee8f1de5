/* fileutil.c - read whole files, locate the shared data directory. */
#include "fileutil.h"
#include "str.h"

#include <stdio.h>
#include <stdlib.h>

char *file_read_all(const char *path, size_t maxlen, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 8192;
            char *p = realloc(data, cap + 1);
            if (!p)
                goto fail;
            data = p;
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (len > maxlen)
            goto fail;
        if (n == 0)
            break;
    }
    if (ferror(f))
        goto fail;
    fclose(f);
    data[len] = '\0';
    if (len_out)
        *len_out = len;
    return data;
fail:
    free(data);
    fclose(f);
    return NULL;
}

const char *share_dir(void)
{
    const char *env = getenv("OTASUKE_SHARE");
    return env && *env ? env : OTASUKE_SOURCE_DIR;
}

int share_path(char *out, size_t outsz, const char *rel)
{
    return str_fmt(out, outsz, "%s/%s", share_dir(), rel);
}
