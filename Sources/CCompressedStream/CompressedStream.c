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
    /* A zstd skippable frame (magic 0x184D2A50 to 0x184D2A5F), which pzstd writes first. */
    if (count >= 4 && (bytes[0] & 0xf0) == 0x50 && bytes[1] == 0x2a && bytes[2] == 0x4d && bytes[3] == 0x18) return IGMPGUARD_COMPRESSION_ZSTD;
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

static ssize_t hand_out(igmpguard_stream *s, char *buffer, size_t count) {
    produced(s, buffer, count);
    return (ssize_t)count;
}

/* Decoded bytes already out when the decompressor fails are handed out first: the failure is kept and reported by
 * the next read, so every packet before it is read. */
static ssize_t fail_after(igmpguard_stream *s, char *buffer, size_t count, igmpguard_stream_failure failure,
                          const char *detail) {
    fail(s, failure, 0, detail);
    return count > 0 ? hand_out(s, buffer, count) : -1;
}

static ssize_t read_gzip(igmpguard_stream *s, char *buffer, size_t size) {
    z_stream *z = s->decompressor;
    z->next_out = (Bytef *)buffer;
    z->avail_out = (uInt)(size > (1u << 30) ? (1u << 30) : size);
    uInt asked = z->avail_out;
    for (;;) {
        if (!s->frame_open) {
            /* A member ended: hand out what it gave, then look for the next member, the end, or other bytes. */
            if (asked - z->avail_out > 0) return hand_out(s, buffer, asked - z->avail_out);
            if (s->input_end - s->input_start < 2 && !s->input_ended) {
                if (refill(s) != 0) return fail(s, IGMPGUARD_STREAM_READ_ERROR, errno, strerror(errno));
                continue;
            }
            if (s->input_start == s->input_end) return 0;
            if (s->input_end - s->input_start < 2 || s->input[s->input_start] != 0x1f || s->input[s->input_start + 1] != 0x8b)
                return fail(s, IGMPGUARD_STREAM_CORRUPT, 0, "gzip: bytes after the end of the compressed data are not gzip");
            if (inflateReset(z) != Z_OK) return fail(s, IGMPGUARD_STREAM_CORRUPT, 0, "gzip: the decompressor could not restart");
            s->frame_open = 1;
        }
        z->next_in = s->input + s->input_start;
        z->avail_in = (uInt)(s->input_end - s->input_start);
        int status = inflate(z, Z_NO_FLUSH); /* also with no input: it may still hold decoded bytes */
        s->input_start = s->input_end - z->avail_in;
        size_t count = asked - z->avail_out;
        if (status == Z_STREAM_END) {
            s->frame_open = 0;
            continue;
        }
        if (status != Z_OK && status != Z_BUF_ERROR) {
            char detail[160];
            snprintf(detail, sizeof detail, "gzip: %s", z->msg ? z->msg : "invalid compressed data");
            return fail_after(s, buffer, count, status == Z_MEM_ERROR ? IGMPGUARD_STREAM_NO_MEMORY : IGMPGUARD_STREAM_CORRUPT, detail);
        }
        if (count > 0) return hand_out(s, buffer, count);
        if (s->input_start == s->input_end) {
            if (s->input_ended) return fail(s, IGMPGUARD_STREAM_TRUNCATED, 0, "the gzip data ends early");
            if (refill(s) != 0) return fail(s, IGMPGUARD_STREAM_READ_ERROR, errno, strerror(errno));
            continue;
        }
        /* Input left, nothing decoded and no progress possible: zlib says Z_BUF_ERROR only then. */
        if (status == Z_BUF_ERROR) return fail(s, IGMPGUARD_STREAM_CORRUPT, 0, "gzip: the decompressor made no progress");
    }
}

static ssize_t read_zstd(igmpguard_stream *s, char *buffer, size_t size) {
    ZSTD_outBuffer out = { buffer, size, 0 };
    for (;;) {
        ZSTD_inBuffer in = { s->input + s->input_start, s->input_end - s->input_start, 0 };
        /* With no input, called only inside a frame, to hand out what the decoder still holds. */
        if (in.size > 0 || s->frame_open) {
            size_t status = ZSTD_decompressStream(s->decompressor, &out, &in);
            s->input_start += in.pos;
            if (ZSTD_isError(status)) {
                char detail[160];
                snprintf(detail, sizeof detail, "zstd: %s", ZSTD_getErrorName(status));
                return fail_after(s, buffer, out.pos, IGMPGUARD_STREAM_CORRUPT, detail);
            }
            s->frame_open = status != 0;
        }
        if (out.pos > 0) return hand_out(s, buffer, out.pos);
        if (in.pos > 0) continue; /* a frame header, an empty or a skippable frame: go on */
        if (s->input_start == s->input_end) {
            if (s->input_ended) {
                if (s->frame_open) return fail(s, IGMPGUARD_STREAM_TRUNCATED, 0, "the zstd data ends early");
                return 0;
            }
            if (refill(s) != 0) return fail(s, IGMPGUARD_STREAM_READ_ERROR, errno, strerror(errno));
            continue;
        }
        return fail(s, IGMPGUARD_STREAM_CORRUPT, 0, "zstd: the decompressor made no progress");
    }
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
        s->bytes_read = (int64_t)lookahead_count;
    } else {
        s->input_capacity = compression == IGMPGUARD_COMPRESSION_ZSTD ? ZSTD_DStreamInSize() : 65536;
        s->input = malloc(s->input_capacity);
        if (!s->input) goto no_memory;
        memcpy(s->input, lookahead, lookahead_count); /* the compressed data's first bytes */
        s->input_end = lookahead_count;
        s->bytes_read = (int64_t)lookahead_count;
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
