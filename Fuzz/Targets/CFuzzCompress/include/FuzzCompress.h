/* Helpers for FuzzCompressed: compress the fuzzer's bytes as gzip and zstd do, and hand bytes over as a file
 * descriptor (a memory file, or a pipe). */
#ifndef IGMPGUARD_FUZZ_COMPRESS_H
#define IGMPGUARD_FUZZ_COMPRESS_H

#include <stddef.h>

/* The gzip (one member) or zstd (one frame) form of `data` in a new buffer (`*out`, freed by the caller); returns
 * its length, 0 on failure. */
size_t fuzz_gzip(const void *data, size_t count, unsigned char **out);
size_t fuzz_zstd(const void *data, size_t count, unsigned char **out);

/* A memory file (memfd) holding `data`, read from its start; -1 on failure. */
int fuzz_memory_file(const void *data, size_t count);

/* A pipe's read end holding `data` and then its end (at most the pipe's capacity, 64 KiB); -1 on failure. */
int fuzz_pipe(const void *data, size_t count);

#endif
