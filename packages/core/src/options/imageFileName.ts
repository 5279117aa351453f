import type { ImageFormat } from './choices.js'

const EXTENSIONS: Record<ImageFormat, string> = {
  raw: 'img',
  qcow2: 'qcow2',
  'qcow2-compressed': 'qcow2',
  vdi: 'vdi',
  vpc: 'vhd',
  vmdk: 'vmdk',
}

/** The image's file name in `out`, as the reference names it: `${baseName}.${ext}` ("nixos.img", "nixos.vhd"). */
export function imageFileName(options: { baseName: string; format: ImageFormat }): string {
  return `${options.baseName}.${EXTENSIONS[options.format]}`
}
