/* fileutil.h - read whole files, locate the shared data directory. */
#ifndef OTASUKE_FILEUTIL_H
#define OTASUKE_FILEUTIL_H

#include <stddef.h>

/* Reads a whole file (at most maxlen bytes) into a NUL-terminated malloc'd buffer. */
char *file_read_all(const char *path, size_t maxlen, size_t *len_out);
/* The directory holding data/, templates/, static/, po/ and db/: $OTASUKE_SHARE or the
 * source tree the binary was built from. */
const char *share_dir(void);
/* share_dir()/rel into out; false on truncation. */
int share_path(char *out, size_t outsz, const char *rel);

#endif
