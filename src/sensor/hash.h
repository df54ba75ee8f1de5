/* hash.h - MD5 (JA3), SHA-1 (certificate fingerprints) and SHA-256 (JA4) one-shot digests. */
#ifndef OTASUKE_SENSOR_HASH_H
#define OTASUKE_SENSOR_HASH_H

#include <stddef.h>
#include <stdint.h>

void hash_md5(const void *data, size_t len, uint8_t out[16]);
void hash_sha1(const void *data, size_t len, uint8_t out[20]);
void hash_sha256(const void *data, size_t len, uint8_t out[32]);

#endif
