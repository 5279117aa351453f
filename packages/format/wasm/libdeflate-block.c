/* Deflates one block with libdeflate, the fast deflate compressor the default codec uses.
 * qemu reads a qcow2 compressed cluster with inflateInit2(-12): a 4 KiB window, so no match may reach
 * further back than 4096 bytes. libdeflate has no such setting; build-libdeflate.sh makes its match
 * finders stop at `deflate_block_max_distance` bytes (a global the call sets) instead of the 32 KiB
 * window, which changes nothing else. zlib_format: 0 raw deflate (qcow2), 1 zlib stream (VMDK grains).
 * Returns the compressed length, or -1 when it does not fit in out_size bytes, -2 on allocation failure. */
#include <stdlib.h>
#include "libdeflate.h"

int deflate_block_max_distance = 32768;
static struct libdeflate_compressor *compressor;
static int compressor_level = -1;

int deflate_block(unsigned char *in, int in_size, unsigned char *out, int out_size, int level, int zlib_format, int max_distance) {
  if (level != compressor_level) {
    libdeflate_free_compressor(compressor);
    compressor = libdeflate_alloc_compressor(level);
    compressor_level = compressor ? level : -1;
    if (!compressor) return -2;
  }
  deflate_block_max_distance = max_distance;
  size_t length = zlib_format ? libdeflate_zlib_compress(compressor, in, in_size, out, out_size)
                              : libdeflate_deflate_compress(compressor, in, in_size, out, out_size);
  return length == 0 ? -1 : (int)length;
}

/* Buffers for the caller to copy blocks in and out. */
void *block_alloc(int size) { return malloc(size); }
