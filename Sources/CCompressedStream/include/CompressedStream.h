/* A capture read through gzip or zstd decompression, or from a stream that cannot go back (a pipe), as a stdio
 * FILE that libpcap reads like any other (IGMPCapture's `CaptureSource`).
 *
 * Why C: libpcap reads only through a FILE, and a FILE with our own read function is glibc's fopencookie, which
 * Swift cannot call (its function table is a GNU extension). zlib and libzstd are C libraries too. */
#ifndef IGMPGUARD_COMPRESSED_STREAM_H
#define IGMPGUARD_COMPRESSED_STREAM_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* What the first bytes of an input say it is. */
typedef enum igmpguard_compression {
    IGMPGUARD_COMPRESSION_NONE = 0,
    IGMPGUARD_COMPRESSION_GZIP = 1,
    IGMPGUARD_COMPRESSION_ZSTD = 2,
} igmpguard_compression;

/* Why a stream stopped handing out bytes before its end. */
typedef enum igmpguard_stream_failure {
    IGMPGUARD_STREAM_OK = 0,
    IGMPGUARD_STREAM_TRUNCATED = 1,   /* the compressed data ends in the middle of a stream */
    IGMPGUARD_STREAM_CORRUPT = 2,     /* the decompressor refused the data */
    IGMPGUARD_STREAM_READ_ERROR = 3,  /* read(2) failed: `error_number` says why */
    IGMPGUARD_STREAM_NO_MEMORY = 4,
} igmpguard_stream_failure;

/* The state behind one stream. Read its fields; it is freed by igmpguard_stream_free, after the FILE is closed. */
typedef struct igmpguard_stream {
    int fd;
    igmpguard_compression compression;
    /* Bytes read ahead to recognise the input, handed out first. */
    unsigned char lookahead[8];
    size_t lookahead_count;
    size_t lookahead_position;
    /* The first bytes of the capture itself (decompressed), to tell apart why libpcap refused it. */
    unsigned char first_bytes[4];
    size_t first_byte_count;
    /* Bytes of capture handed to the FILE (the decompressed offset), and bytes read from `fd`. */
    int64_t position;
    int64_t bytes_read;
    igmpguard_stream_failure failure;
    int error_number;
    char detail[160];
    /* Decompressor state (a z_stream or a ZSTD_DStream) and its input buffer. */
    void *decompressor;
    unsigned char *input;
    size_t input_capacity;
    size_t input_start;
    size_t input_end;
    int input_ended;
    int frame_open;  /* a gzip member or zstd frame was started and not finished */
} igmpguard_stream;

/* Reads up to `count` (at most 8) first bytes of `fd` into `bytes` and returns how many (less only at the input's
 * end), or -1 with errno set. They are kept in `stream`'s lookahead by igmpguard_stream_open. */
ssize_t igmpguard_read_first_bytes(int fd, unsigned char *bytes, size_t count);

/* What `bytes` (the first bytes of an input) say it is compressed with. */
igmpguard_compression igmpguard_compression_of(const unsigned char *bytes, size_t count);

/* Opens a FILE that hands out `fd`'s capture: `lookahead` first (the bytes already read from fd), then the rest,
 * decompressed as `compression` says. On success `*stream` is the state (the FILE owns fd and closes it); NULL
 * with errno set when no memory. */
FILE *igmpguard_stream_open(int fd, igmpguard_compression compression, const unsigned char *lookahead,
                            size_t lookahead_count, igmpguard_stream **stream);

/* Frees the state once the FILE is closed. */
void igmpguard_stream_free(igmpguard_stream *stream);

/* zlib's and libzstd's versions, for --version. */
const char *igmpguard_zlib_version(void);
unsigned igmpguard_zstd_version(void);

#endif
