/* qcow2 clusters with zstd, exactly as qemu compresses and decompresses them (block/qcow2-threads.c,
 * qemu 7.2): one ZSTD_compressStream2(ZSTD_e_end) call with the default parameters (level 3), which
 * fails when the frame does not fit in out_size; and a streaming decompression that must fill the
 * cluster exactly, because qemu records only the whole sectors a compressed cluster spans, not its
 * length. Built by build-zstd.sh with Debian bookworm's libzstd 1.5.4 (the one qemu-img 7.2 links). */
#include <stdlib.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"

static ZSTD_CCtx *cctx;
static ZSTD_DCtx *dctx;

/* Returns the compressed length; -1 when it does not fit in out_size (qemu's -ENOMEM, on which it
 * stores the cluster uncompressed: also for an error code, which as a size is larger than any room
 * left), -3 when zstd stopped with room left (qemu's -EIO), -2 on allocation failure. The context is
 * reused: a session reset gives the bytes of a fresh one (qemu creates one per cluster). */
int zstd_compress_block(unsigned char *in, int in_size, unsigned char *out, int out_size) {
  if (!cctx && !(cctx = ZSTD_createCCtx())) return -2;
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_only);
  ZSTD_outBuffer output = { out, (size_t)out_size, 0 };
  ZSTD_inBuffer input = { in, (size_t)in_size, 0 };
  size_t ret = ZSTD_compressStream2(cctx, &output, &input, ZSTD_e_end);
  if (ret == 0) return (int)output.pos;
  return ret > output.size - output.pos ? -1 : -3;
}

/* Decompresses frames from in (in_size bytes, which may run past the data) until out holds out_size
 * bytes; returns 0, or -1 when the data is corrupt, ends early or does not end with a frame, -2 on
 * allocation failure. */
int zstd_decompress_block(unsigned char *in, int in_size, unsigned char *out, int out_size) {
  if (!dctx && !(dctx = ZSTD_createDCtx())) return -2;
  ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
  ZSTD_outBuffer output = { out, (size_t)out_size, 0 };
  ZSTD_inBuffer input = { in, (size_t)in_size, 0 };
  size_t ret = 0;
  while (output.pos < output.size) {
    size_t last_in = input.pos, last_out = output.pos;
    ret = ZSTD_decompressStream(dctx, &output, &input);
    if (ZSTD_isError(ret)) return -1;
    if (last_in >= input.pos && last_out >= output.pos) return -1;
  }
  return ret == 0 ? 0 : -1;
}

/* Buffers for the caller to copy blocks in and out. */
void *block_alloc(int size) { return malloc(size); }
