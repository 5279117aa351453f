/** A CHS geometry as stored in a VHD footer. */
export interface ChsGeometry {
  cylinders: number
  heads: number
  sectorsPerTrack: number
}

/** 65535 × 16 × 255: the largest geometry a footer can hold. */
export const VHD_MAX_GEOMETRY_SECTORS = 65535 * 16 * 255
/** qemu's limit for a VHD: 2040 GiB. */
export const VHD_MAX_SECTORS = 0xff000000

/** The geometry the VHD specification (appendix "CHS Calculation") gives `totalSectors`, as qemu's calculate_geometry. */
export function vhdGeometry(totalSectors: number): ChsGeometry {
  const sectors = Math.min(totalSectors, VHD_MAX_GEOMETRY_SECTORS)
  let sectorsPerTrack: number
  let heads: number
  let cylindersTimesHeads: number
  if (sectors >= 65535 * 16 * 63) {
    sectorsPerTrack = 255
    heads = 16
    cylindersTimesHeads = Math.floor(sectors / sectorsPerTrack)
  } else {
    sectorsPerTrack = 17
    cylindersTimesHeads = Math.floor(sectors / sectorsPerTrack)
    heads = Math.max(4, Math.ceil(cylindersTimesHeads / 1024))
    if (cylindersTimesHeads >= heads * 1024 || heads > 16) {
      sectorsPerTrack = 31
      heads = 16
      cylindersTimesHeads = Math.floor(sectors / sectorsPerTrack)
    }
    if (cylindersTimesHeads >= heads * 1024) {
      sectorsPerTrack = 63
      heads = 16
      cylindersTimesHeads = Math.floor(sectors / sectorsPerTrack)
    }
  }
  return { cylinders: Math.floor(cylindersTimesHeads / heads), heads, sectorsPerTrack }
}

/** Sectors of `geometry`. */
export function geometrySectors(geometry: ChsGeometry): number {
  return geometry.cylinders * geometry.heads * geometry.sectorsPerTrack
}

/**
 * The size qemu-img gives a VHD made from `bytes` bytes (vpc_co_create without force_size): it grows
 * the sector count until the CHS geometry holds at least as many, then uses the geometry's size, so
 * the image is never truncated but usually grows a little (3 MiB → 3,168,256 bytes). At the largest
 * geometry it keeps the exact size instead.
 */
export function vhdSizeFor(bytes: number): { geometry: ChsGeometry; size: number } {
  const wanted = Math.min(VHD_MAX_GEOMETRY_SECTORS, Math.floor(bytes / 512))
  let geometry: ChsGeometry = { cylinders: 0, heads: 0, sectorsPerTrack: 0 }
  for (let extra = 0; wanted > geometrySectors(geometry); extra++) geometry = vhdGeometry(wanted + extra)
  const sectors = geometrySectors(geometry) === VHD_MAX_GEOMETRY_SECTORS ? Math.floor(bytes / 512) : geometrySectors(geometry)
  return { geometry, size: sectors * 512 }
}
