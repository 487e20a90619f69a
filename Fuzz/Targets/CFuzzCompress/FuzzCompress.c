#define _GNU_SOURCE
#include "FuzzCompress.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

size_t fuzz_gzip(const void *data, size_t count, unsigned char **out) {
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
    size_t capacity = deflateBound(&z, count) + 64;
    *out = malloc(capacity);
    if (!*out) { deflateEnd(&z); return 0; }
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)count;
    z.next_out = *out;
    z.avail_out = (uInt)capacity;
    int status = deflate(&z, Z_FINISH);
    size_t length = capacity - z.avail_out;
    deflateEnd(&z);
    if (status != Z_STREAM_END) { free(*out); *out = NULL; return 0; }
    return length;
}

size_t fuzz_zstd(const void *data, size_t count, unsigned char **out) {
    size_t capacity = ZSTD_compressBound(count);
    *out = malloc(capacity);
    if (!*out) return 0;
    size_t length = ZSTD_compress(*out, capacity, data, count, 3);
    if (ZSTD_isError(length)) { free(*out); *out = NULL; return 0; }
    return length;
}

static int write_all(int fd, const void *data, size_t count) {
    const unsigned char *p = data;
    while (count > 0) {
        ssize_t n = write(fd, p, count);
        if (n <= 0) return -1;
        p += n;
        count -= (size_t)n;
    }
    return 0;
}

int fuzz_memory_file(const void *data, size_t count) {
    int fd = memfd_create("fuzz-capture", MFD_CLOEXEC);
    if (fd < 0) return -1;
    if (write_all(fd, data, count) != 0 || lseek(fd, 0, SEEK_SET) != 0) { close(fd); return -1; }
    return fd;
}

int fuzz_pipe(const void *data, size_t count) {
    int ends[2];
    if (count > 65536 || pipe(ends) != 0) return -1;
    int ok = write_all(ends[1], data, count) == 0;
    close(ends[1]);
    if (!ok) { close(ends[0]); return -1; }
    return ends[0];
}
