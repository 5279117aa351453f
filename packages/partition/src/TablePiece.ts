/** A run of bytes of a partition table and the byte offset in the image it belongs at. */
export interface TablePiece {
  offset: number
  bytes: Uint8Array
}
