#ifndef NNSTEP_CZLIB_SHIM_H
#define NNSTEP_CZLIB_SHIM_H

// zlib (Debian's zlib1g-dev) behind two whole-buffer wrappers, so that Swift
// never handles a z_stream or zlib's macros.

#include <stddef.h>
#include <zlib.h>

/// Result of `nn_inflate_raw`.
enum {
    NN_INFLATE_OK = 0,        // the stream ended and filled exactly dst_len bytes
    NN_INFLATE_CORRUPT = 1,   // not a valid deflate stream
    NN_INFLATE_TOO_LONG = 2,  // the stream inflates to more than dst_len bytes
    NN_INFLATE_TOO_SHORT = 3, // input ran out, or the stream ended before dst_len bytes
    NN_INFLATE_NO_MEMORY = 4
};

/// Inflates one raw deflate stream (RFC 1951, as in a zip member of method 8)
/// into exactly `dst_len` bytes; never writes past `dst + dst_len`.
static inline int nn_inflate_raw(const unsigned char *src, size_t src_len,
                                 unsigned char *dst, size_t dst_len,
                                 size_t *produced) {
    z_stream s;
    s.zalloc = Z_NULL;
    s.zfree = Z_NULL;
    s.opaque = Z_NULL;
    s.next_in = Z_NULL;
    s.avail_in = 0;
    s.next_out = Z_NULL;
    s.avail_out = 0;
    *produced = 0;
    if (inflateInit2(&s, -15) != Z_OK) return NN_INFLATE_NO_MEMORY;
    const uInt chunk = 1u << 30;
    size_t in_left = src_len, out_left = dst_len;
    s.next_in = (Bytef *)src;
    s.next_out = dst;
    int status = NN_INFLATE_TOO_SHORT;
    for (;;) {
        if (s.avail_in == 0 && in_left > 0) {
            s.avail_in = in_left > chunk ? chunk : (uInt)in_left;
            in_left -= s.avail_in;
        }
        if (s.avail_out == 0 && out_left > 0) {
            s.avail_out = out_left > chunk ? chunk : (uInt)out_left;
            out_left -= s.avail_out;
        }
        // A spare byte of room would be needed to tell "ends here" from
        // "goes on"; instead a full buffer with no end marker is an error.
        int r = inflate(&s, Z_NO_FLUSH);
        if (r == Z_STREAM_END) {
            status = (s.avail_out == 0 && out_left == 0) ? NN_INFLATE_OK : NN_INFLATE_TOO_SHORT;
            break;
        }
        if (r == Z_MEM_ERROR) { status = NN_INFLATE_NO_MEMORY; break; }
        if (r == Z_DATA_ERROR || r == Z_NEED_DICT || r == Z_STREAM_ERROR) { status = NN_INFLATE_CORRUPT; break; }
        if (r == Z_BUF_ERROR || r == Z_OK) {
            if (s.avail_out == 0 && out_left == 0) {
                // Output full: the stream must end without producing more.
                unsigned char probe;
                s.next_out = &probe;
                s.avail_out = 1;
                if (s.avail_in == 0 && in_left > 0) {
                    s.avail_in = in_left > chunk ? chunk : (uInt)in_left;
                    in_left -= s.avail_in;
                }
                int r2 = inflate(&s, Z_NO_FLUSH);
                if (r2 == Z_STREAM_END && s.avail_out == 1) status = NN_INFLATE_OK;
                else if (s.avail_out == 0) status = NN_INFLATE_TOO_LONG;
                else if (r2 == Z_DATA_ERROR) status = NN_INFLATE_CORRUPT;
                else status = NN_INFLATE_TOO_SHORT;
                s.total_out -= (s.avail_out == 0) ? 1 : 0;
                break;
            }
            if (s.avail_in == 0 && in_left == 0) { status = NN_INFLATE_TOO_SHORT; break; }
        }
    }
    *produced = (size_t)s.total_out;
    inflateEnd(&s);
    return status;
}

/// The CRC-32 (ISO 3309, as zip stores it) of `len` bytes.
static inline unsigned long nn_crc32(const unsigned char *buf, size_t len) {
    uLong crc = crc32(0L, Z_NULL, 0);
    const uInt chunk = 1u << 30;
    while (len > 0) {
        uInt n = len > chunk ? chunk : (uInt)len;
        crc = crc32(crc, buf, n);
        buf += n;
        len -= n;
    }
    return crc;
}

#endif
