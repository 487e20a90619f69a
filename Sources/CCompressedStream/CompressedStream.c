#define _GNU_SOURCE
#include "CompressedStream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

ssize_t igmpguard_read_first_bytes(int fd, unsigned char *bytes, size_t count) {
    if (count > 8) count = 8;
    size_t got = 0;
    while (got < count) {
        ssize_t n = read(fd, bytes + got, count - got);
        if (n > 0) { got += (size_t)n; continue; }
        if (n == 0) break;
        if (errno == EINTR) continue;
        return -1;
    }
    return (ssize_t)got;
}

igmpguard_compression igmpguard_compression_of(const unsigned char *bytes, size_t count) {
    if (count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) return IGMPGUARD_COMPRESSION_GZIP;
    if (count >= 4 && bytes[0] == 0x28 && bytes[1] == 0xb5 && bytes[2] == 0x2f && bytes[3] == 0xfd) return IGMPGUARD_COMPRESSION_ZSTD;
    return IGMPGUARD_COMPRESSION_NONE;
}

const char *igmpguard_zlib_version(void) { return zlibVersion(); }
unsigned igmpguard_zstd_version(void) { return ZSTD_versionNumber(); }

static ssize_t fail(igmpguard_stream *s, igmpguard_stream_failure failure, int error_number, const char *detail) {
    if (s->failure == IGMPGUARD_STREAM_OK) {
        s->failure = failure;
        s->error_number = error_number;
        snprintf(s->detail, sizeof s->detail, "%s", detail);
    }
    errno = error_number ? error_number : EIO;
    return -1;
}

/* Moves what is left of the input to its start and reads more from fd; sets input_ended at the input's end. */
static int refill(igmpguard_stream *s) {
    if (s->input_start > 0) {
        memmove(s->input, s->input + s->input_start, s->input_end - s->input_start);
        s->input_end -= s->input_start;
        s->input_start = 0;
    }
    while (s->input_end < s->input_capacity) {
        ssize_t n = read(s->fd, s->input + s->input_end, s->input_capacity - s->input_end);
        if (n > 0) { s->input_end += (size_t)n; s->bytes_read += n; return 0; }
        if (n == 0) { s->input_ended = 1; return 0; }
        if (errno == EINTR) continue;
        return -1;
    }
    return 0;
}

static void produced(igmpguard_stream *s, const char *buffer, size_t count) {
    while (s->first_byte_count < sizeof s->first_bytes && count > 0) {
        s->first_bytes[s->first_byte_count++] = (unsigned char)*buffer++;
        count--;
        s->position++;
    }
    s->position += (int64_t)count;
}

static ssize_t read_plain(igmpguard_stream *s, char *buffer, size_t size) {
    if (s->lookahead_position < s->lookahead_count) {
        size_t n = s->lookahead_count - s->lookahead_position;
        if (n > size) n = size;
        memcpy(buffer, s->lookahead + s->lookahead_position, n);
        s->lookahead_position += n;
        return (ssize_t)n;
    }
    for (;;) {
        ssize_t n = read(s->fd, buffer, size);
        if (n >= 0) { s->bytes_read += n; return n; }
        if (errno != EINTR) return fail(s, IGMPGUARD_STREAM_READ_ERROR, errno, strerror(errno));
    }
}

static ssize_t read_gzip(igmpguard_stream *s, char *buffer, size_t size) {
    z_stream *z = s->decompressor;
    z->next_out = (Bytef *)buffer;
    z->avail_out = (uInt)(size > (1u << 30) ? (1u << 30) : size);
    uInt asked = z->avail_out;
    while (z->avail_out == asked) {
        if (s->input_start == s->input_end) {
            if (s->input_ended) {
                if (s->frame_open) return fail(s, IGMPGUARD_STREAM_TRUNCATED, 0, "the gzip data ends early");
                return 0;
            }
            if (refill(s) != 0) return fail(s, IGMPGUARD_STREAM_READ_ERROR, errno, strerror(errno));
            continue;
        }
        if (!s->frame_open) {
            /* A further gzip member follows, or data that is not gzip, which is ignored as gzip -d ignores it. */
            if (s->input_end - s->input_start < 2 && !s->input_ended) {
                if (refill(s) != 0) return fail(s, IGMPGUARD_STREAM_READ_ERROR, errno, strerror(errno));
                continue;
            }
            if (s->input_end - s->input_start < 2 || s->input[s->input_start] != 0x1f || s->input[s->input_start + 1] != 0x8b) {
                s->input_start = s->input_end;
                s->input_ended = 1;
                continue;
            }
            if (inflateReset(z) != Z_OK) return fail(s, IGMPGUARD_STREAM_CORRUPT, 0, "gzip: the decompressor could not restart");
            s->frame_open = 1;
        }
        z->next_in = s->input + s->input_start;
        z->avail_in = (uInt)(s->input_end - s->input_start);
        int status = inflate(z, Z_NO_FLUSH);
        s->input_start = s->input_end - z->avail_in;
        if (status == Z_STREAM_END) {
            s->frame_open = 0;
        } else if (status == Z_BUF_ERROR) {
            /* No progress without more input: the loop reads more, or finds the data ends early. */
            if (s->input_start != s->input_end) return fail(s, IGMPGUARD_STREAM_CORRUPT, 0, "gzip: the decompressor made no progress");
        } else if (status != Z_OK) {
            char detail[160];
            snprintf(detail, sizeof detail, "gzip: %s", z->msg ? z->msg : "invalid compressed data");
            return fail(s, status == Z_MEM_ERROR ? IGMPGUARD_STREAM_NO_MEMORY : IGMPGUARD_STREAM_CORRUPT, 0, detail);
        }
    }
    size_t count = asked - z->avail_out;
    produced(s, buffer, count);
    return (ssize_t)count;
}

static ssize_t read_zstd(igmpguard_stream *s, char *buffer, size_t size) {
    ZSTD_outBuffer out = { buffer, size, 0 };
    while (out.pos == 0) {
        if (s->input_start == s->input_end) {
            if (s->input_ended) {
                if (s->frame_open) return fail(s, IGMPGUARD_STREAM_TRUNCATED, 0, "the zstd data ends early");
                return 0;
            }
            if (refill(s) != 0) return fail(s, IGMPGUARD_STREAM_READ_ERROR, errno, strerror(errno));
            continue;
        }
        ZSTD_inBuffer in = { s->input + s->input_start, s->input_end - s->input_start, 0 };
        size_t status = ZSTD_decompressStream(s->decompressor, &out, &in);
        s->input_start += in.pos;
        if (ZSTD_isError(status)) {
            char detail[160];
            snprintf(detail, sizeof detail, "zstd: %s", ZSTD_getErrorName(status));
            return fail(s, IGMPGUARD_STREAM_CORRUPT, 0, detail);
        }
        s->frame_open = status != 0;
        /* A whole frame (and its end) was read with no byte out: an empty frame; go on with the next. */
    }
    produced(s, buffer, out.pos);
    return (ssize_t)out.pos;
}

static ssize_t stream_read(void *cookie, char *buffer, size_t size) {
    igmpguard_stream *s = cookie;
    if (s->failure != IGMPGUARD_STREAM_OK) { errno = s->error_number ? s->error_number : EIO; return -1; }
    if (size == 0) return 0;
    switch (s->compression) {
    case IGMPGUARD_COMPRESSION_GZIP: return read_gzip(s, buffer, size);
    case IGMPGUARD_COMPRESSION_ZSTD: return read_zstd(s, buffer, size);
    default: {
        ssize_t n = read_plain(s, buffer, size);
        if (n > 0) produced(s, buffer, (size_t)n);
        return n;
    }
    }
}

/* Only asking where the stream stands is possible (ftello): the capture's byte offset, for errors and progress. */
static int stream_seek(void *cookie, off64_t *offset, int whence) {
    igmpguard_stream *s = cookie;
    if ((whence == SEEK_CUR && *offset == 0) || (whence == SEEK_SET && *offset == s->position)) {
        *offset = s->position;
        return 0;
    }
    errno = ESPIPE;
    return -1;
}

static void release(igmpguard_stream *s) {
    if (s->decompressor) {
        if (s->compression == IGMPGUARD_COMPRESSION_GZIP) {
            inflateEnd(s->decompressor);
            free(s->decompressor);
        } else {
            ZSTD_freeDStream(s->decompressor);
        }
        s->decompressor = NULL;
    }
    free(s->input);
    s->input = NULL;
}

static int stream_close(void *cookie) {
    igmpguard_stream *s = cookie;
    release(s);
    if (s->fd >= 0) close(s->fd);
    s->fd = -1;
    return 0;
}

FILE *igmpguard_stream_open(int fd, igmpguard_compression compression, const unsigned char *lookahead,
                            size_t lookahead_count, igmpguard_stream **result) {
    igmpguard_stream *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->fd = fd;
    s->compression = compression;
    if (lookahead_count > sizeof s->lookahead) lookahead_count = sizeof s->lookahead;
    if (compression == IGMPGUARD_COMPRESSION_NONE) {
        memcpy(s->lookahead, lookahead, lookahead_count);
        s->lookahead_count = lookahead_count;
    } else {
        s->input_capacity = compression == IGMPGUARD_COMPRESSION_ZSTD ? ZSTD_DStreamInSize() : 65536;
        s->input = malloc(s->input_capacity);
        if (!s->input) goto no_memory;
        memcpy(s->input, lookahead, lookahead_count); /* the compressed data's first bytes */
        s->input_end = lookahead_count;
        if (compression == IGMPGUARD_COMPRESSION_GZIP) {
            z_stream *z = calloc(1, sizeof *z);
            if (!z) goto no_memory;
            if (inflateInit2(z, 15 + 16) != Z_OK) { free(z); goto no_memory; } /* 15 + 16: gzip framing */
            s->decompressor = z;
            s->frame_open = 1;
        } else {
            s->decompressor = ZSTD_createDStream();
            if (!s->decompressor) goto no_memory;
            ZSTD_initDStream(s->decompressor);
            /* Guard a stream of crafted frames that asks for a huge window (libzstd's default cap, stated). */
            ZSTD_DCtx_setParameter(s->decompressor, ZSTD_d_windowLogMax, 27);
        }
    }
    cookie_io_functions_t functions = { .read = stream_read, .write = NULL, .seek = stream_seek, .close = stream_close };
    FILE *file = fopencookie(s, "r", functions);
    if (!file) goto no_memory;
    *result = s;
    return file;
no_memory:
    release(s);
    free(s);
    errno = ENOMEM;
    return NULL;
}

void igmpguard_stream_free(igmpguard_stream *stream) {
    if (!stream) return;
    release(stream);
    free(stream);
}
