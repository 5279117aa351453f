export { DiskImageError } from './errors/DiskImageError.js'
export { roundToNearest } from './sizes/roundToNearest.js'
