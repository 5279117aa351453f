export { diffImages, type ImageDiff } from './diffImages.js'
export { splitImage, splitPlan, type SplitPiece } from './splitImage.js'
export { diskRegions, type DiskRegion, type RegionKind } from './table/diskRegions.js'
export { formatDifference, type Difference } from './difference.js'
