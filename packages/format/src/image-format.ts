/** The output formats of `convert`, named as the reference (make-disk-image.nix) names them, plus vmdk. */
export const IMAGE_FORMATS = ['raw', 'qcow2', 'qcow2-compressed', 'vdi', 'vpc', 'vmdk'] as const

/** One of {@link IMAGE_FORMATS}. */
export type ImageFormat = (typeof IMAGE_FORMATS)[number]

/** Whether `value` names a format `convert` can write. */
export function isImageFormat(value: unknown): value is ImageFormat {
  return typeof value === 'string' && (IMAGE_FORMATS as readonly string[]).includes(value)
}

const EXTENSIONS: Record<ImageFormat, string> = {
  raw: '.img',
  qcow2: '.qcow2',
  'qcow2-compressed': '.qcow2',
  vdi: '.vdi',
  vpc: '.vhd',
  vmdk: '.vmdk',
}

/**
 * The file extension the reference gives an image of `format` (`${baseName}${ext}`):
 * qcow2 and qcow2-compressed → .qcow2, vdi → .vdi, vpc → .vhd, raw → .img, vmdk → .vmdk.
 */
export function formatFileExtension(format: ImageFormat): string {
  return EXTENSIONS[format]
}
