/* Deflates one block with the stock zlib, exactly as qemu does:
 *   qcow2 clusters (qcow2_zlib_compress): deflateInit2(level 6, Z_DEFLATED, -12, memLevel 9), raw deflate;
 *   VMDK grains (compress2 via vmdk_write_extent): zlib format, windowBits 15, memLevel 8.
 * window_bits is passed as zlib takes it (negative: raw deflate). One deflate(Z_FINISH) call.
 * Returns the compressed length, or -1 when it does not fit in out_size bytes, -2 on init failure. */
#include <stdlib.h>
#include "zlib.h"

int deflate_block(unsigned char *in, int in_size, unsigned char *out, int out_size, int level, int window_bits, int mem_level) {
  z_stream stream = {0};
  if (deflateInit2(&stream, level, Z_DEFLATED, window_bits, mem_level, Z_DEFAULT_STRATEGY) != Z_OK) return -2;
  stream.next_in = in;
  stream.avail_in = in_size;
  stream.next_out = out;
  stream.avail_out = out_size;
  int status = deflate(&stream, Z_FINISH);
  int length = out_size - stream.avail_out;
  deflateEnd(&stream);
  return status == Z_STREAM_END ? length : -1;
}

/* Buffers for the caller to copy blocks in and out. */
void *block_alloc(int size) { return malloc(size); }
