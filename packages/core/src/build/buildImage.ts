import { copyFileSync, chmodSync, existsSync, lstatSync, mkdirSync, openSync, closeSync, ftruncateSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { writeTable } from '@diskimage/partition'
import { stageContents, resolveOwner, treeXattrs, writeExt4, writeFat, type Ext4Tree } from '@diskimage/fs'
import type { StagedNixos } from '@diskimage/nix'
import { rawImageDataRanges } from '../analysis/dataRanges.js'
import { imageFileName } from '../options/imageFileName.js'
import { layout } from '../layout/layout.js'
import type { DiskLayout, LayoutPartition } from '../layout/types.js'
import type { BuildPlan } from './buildPlan.js'
import { BuildWorkspace } from './workspace.js'
import { runPostVM } from './runPostVM.js'
import { filesSince, removeAddedPaths, snapshotOutput } from './outputSnapshot.js'
import type { ProgressListener } from './progress.js'
import { fatVolumeId } from './fatVolumeId.js'
import { diskSizeFor } from './diskSizeFor.js'
import { runBootloader } from './runBootloader.js'
import { preflightBootloader } from './preflightBootloader.js'
import { assertUtf8Names } from './assertUtf8Names.js'
import type { TreeScan } from '../autosize/scanTree.js'
import { explainFullFileSystem } from './explainFullFileSystem.js'
import { explainOutOfSpace } from './explainOutOfSpace.js'
import { seededIdentifiers } from '../identifiers/seededIdentifiers.js'

/** What a finished build produced. */
export interface BuildResult {
  /** The image, e.g. out/nixos.qcow2. */
  imagePath: string
  format: BuildPlan['format']
  /** Virtual size of the disk in bytes. */
  diskSize: number
  layout: DiskLayout
  /** out/nix-support/hydra-build-products. */
  hydraBuildProducts: string
  /** out/efi-vars.fd when touchEFIVars. */
  efiVarsPath?: string
  /**
   * Every file the build left in out: the image, the products file, efi-vars.fd,
   * and what postVM added or replaced. postVM may have moved or removed the
   * image, so imagePath is where the build put it, not a promise it is still there.
   */
  files: string[]
}

const SECTOR = 512

/**
 * Runs the pipeline for a validated plan: stage contents, size, partition, write
 * the root file system and the FAT partitions at their offsets with the WASM
 * tools, convert, and only then move the results to their final names. On any
 * failure the scratch directory goes and nothing under a final name changed.
 */
export async function runBuild(plan: BuildPlan, onProgress: ProgressListener = () => {}): Promise<BuildResult> {
  // What the VM step needs (QEMU, the kernel it boots) is found before the scratch directory exists.
  const bootKernel = await preflightBootloader(plan)
  // The converter loads while the file systems are written: the WASM tools run in child processes and
  // this thread waits for them, where the convert phase would otherwise wait ~30–50 ms for its modules.
  const formatModule =
    plan.format === 'raw' ? undefined : import('@diskimage/format').then(async (module) => (await module.preloadConverter(plan.format), module))
  // Marked handled: a failure to load is thrown where the module is awaited.
  formatModule?.catch(() => undefined)
  const ws = BuildWorkspace.create(plan.out)
  let nixos: StagedNixos | undefined
  try {
    onProgress({ phase: 'stage', message: `staging ${plan.contents.length} contents entries` })
    // Deterministic builds give everything they create (new directories, the NixOS files, the database's
    // registration times, the file systems' own times) one fixed "now"; others use the clock.
    const fixedTime = plan.deterministic ? (plan.sourceDateEpoch ?? 1) : undefined
    const now = fixedTime ?? Math.floor(Date.now() / 1000)
    const treeRoot = plan.root === undefined ? emptyRoot(ws.path('empty-root'), now) : plan.onlyNixStore ? join(plan.root, 'nix/store') : plan.root
    // The WASM tools see names as UTF-8 strings: refuse other names up front (mke2fs copied nothing at all).
    // When the build sizes itself, that walk also counts the root tree and the NixOS trees (read once, not twice).
    const scans = plan.diskSize === 'auto' ? new Map<string, TreeScan>() : undefined
    assertUtf8Names(treeRoot, 'root', scans)
    if (plan.espContents) assertUtf8Names(plan.espContents, 'espContents')
    for (const c of plan.contents) if (!c.source.includes('*') && statSync(c.source).isDirectory()) assertUtf8Names(c.source, `contents source ${c.source}`)
    const staged = stageContents(plan.contents, treeRoot, ws.path('overlay'), fixedTime !== undefined ? { time: fixedTime } : {})
    if (plan.nixos) {
      onProgress({ phase: 'stage', message: `staging the NixOS closure of ${plan.nixos.toplevel}` })
      // format, nix and vm are loaded only by the builds that use them: each costs every build's startup otherwise.
      const { stageNixos } = await import('@diskimage/nix')
      nixos = await stageNixos(plan.nixos, ws.path('nixos'), { time: now, onlyNixStore: plan.onlyNixStore })
      for (const tree of [...nixos.layers, ...nixos.binds.map((b) => b.host)]) if (lstatSync(tree).isDirectory()) assertUtf8Names(tree, 'the NixOS closure', scans)
    }
    // The NixOS layers come last: a root tree or contents entry at the same path wins, as its directories' owners and modes do.
    const layers = [staged.overlayDir, treeRoot, ...(nixos?.layers ?? [])]
    // The store paths are read in place from the host store (nothing copied or linked into the scratch directory).
    const binds = nixos?.binds ?? []

    onProgress({ phase: 'size', message: 'computing the disk size' })
    const diskBytes = await diskSizeFor(plan, layers, binds, scans)
    const seeded = plan.seed !== undefined ? seededIdentifiers(plan.seed) : undefined
    const diskLayout = layout(
      { partitionTableType: plan.partitionTableType, bootSize: plan.bootSize, deterministic: plan.deterministic, rootGPUID: plan.rootGPUID },
      diskBytes,
      undefined,
      seeded,
    )

    onProgress({ phase: 'partition', message: `writing a ${plan.partitionTableType} partition table on ${diskBytes} bytes`, total: diskBytes })
    const raw = ws.path('disk.raw')
    const fd = openSync(raw, 'wx')
    try {
      ftruncateSync(fd, diskBytes) // sparse: nothing is written but the tables and file systems
    } finally {
      closeSync(fd)
    }
    if (diskLayout.table) await writeTable(raw, diskLayout.table)

    onProgress({ phase: 'rootfs', message: 'writing the root file system' })
    const root = diskLayout.partitions.find((p) => p.role === 'root')
    const region = root ? partitionRegion(root) : { offset: 0, size: diskBytes }
    const tree: Ext4Tree = {
      layers,
      binds,
      rules: [
        ...(nixos ? nixosOwnerRules(plan, treeRoot) : []),
        ...staged.passThroughOwners.map(({ path, uid, gid }) => ({ path, uid, gid })),
        ...staged.ownership.map(({ path, user, group }) => ({ path, recursive: true, ...resolveOwner(layers, user, group, path) })),
      ],
      uniformTimes: plan.deterministic,
      ...(plan.ownerRoot ? { owner: { uid: 0, gid: 0 } } : {}),
      // Read on the host (the WASM mke2fs cannot); an unreadable tree stops the build unless xattrs: false.
      // Without a root the tree is our own empty directory, whose attributes are the host's (e.g. a default ACL of out).
      ...(plan.xattrs ? { xattrs: await treeXattrs(plan.root === undefined ? undefined : treeRoot, staged) } : {}),
      ...(plan.sourceDateEpoch !== undefined ? { mtimeClamp: plan.sourceDateEpoch } : {}),
    }
    await writeExt4({
      image: raw,
      ...region,
      label: plan.label,
      ...(plan.rootFSUID ? { uuid: plan.rootFSUID } : {}),
      ...(plan.ext4HashSeed ? { hashSeed: plan.ext4HashSeed } : {}),
      ...(fixedTime !== undefined ? { time: fixedTime } : {}),
      tree,
    }).catch(async (error: unknown) => {
      throw await explainFullFileSystem(error, plan, layers, binds)
    })

    for (const p of diskLayout.partitions.filter((p) => p.role === 'esp' || p.role === 'boot')) {
      onProgress({ phase: 'bootfs', message: `formatting partition ${p.number} (${p.role === 'esp' ? 'ESP' : 'BOOT'})` })
      await writeFat({
        image: raw,
        ...partitionRegion(p),
        label: p.role === 'esp' ? 'ESP' : 'BOOT',
        ...(plan.deterministic || seeded ? { volumeId: fatVolumeId(diskLayout, p) } : {}),
        ...(fixedTime !== undefined ? { time: fixedTime } : {}),
        ...(p.role === 'esp' && plan.espContents ? { contents: plan.espContents } : {}),
      }).catch(async (error: unknown) => {
        throw await explainFullFileSystem(error, plan, layers, binds)
      })
    }

    // The reference copies efiVariables to $out/efi-vars.fd BEFORE its VM, which writes boot entries into it.
    let efiVarsScratch: string | undefined
    if (plan.touchEFIVars && plan.efiVariables) {
      efiVarsScratch = ws.path('efi-vars.fd')
      copyFileSync(plan.efiVariables, efiVarsScratch)
      chmodSync(efiVarsScratch, 0o644)
    }

    if (plan.bootLoader) {
      onProgress({ phase: 'bootloader', message: `running the bootloader installer in a VM: ${plan.bootLoader.command}` })
      await runBootloader(plan, plan.bootLoader, bootKernel!, raw, diskLayout, efiVarsScratch, ws.dir)
    }

    const filename = imageFileName(plan)
    let image = raw
    if (plan.format !== 'raw') {
      onProgress({ phase: 'convert', message: `converting to ${plan.format}`, total: diskBytes })
      image = ws.path(filename)
      const { convert } = await (formatModule ?? import('@diskimage/format'))
      await convert(raw, {
        format: plan.format,
        out: image,
        deterministic: plan.deterministic,
        ...(plan.compression ? { compress: plan.compression } : {}),
        ...(seeded ? { seed: seeded.headerSeed } : {}),
        // Where the host cannot map the raw file's holes (SEEK_DATA), read only what the file systems use.
        // Not after a VM: a file it replaced leaves stale bytes in free blocks, which qemu-img would copy
        // (docs/formats.md).
        ...(plan.bootLoader ? {} : { dataRanges: () => rawImageDataRanges(raw) }),
        onProgress: (p) => onProgress({ phase: "convert", message: `converting to ${plan.format}`, done: p.bytesDone, total: p.bytesTotal }),
      })
    }

    onProgress({ phase: 'finish', message: `writing ${filename}` })
    const hydraFormat = plan.format === 'qcow2-compressed' ? 'qcow2' : plan.format
    const products = ws.path('hydra-build-products')
    const imagePath = join(plan.out, filename)
    writeFileSync(products, `file ${hydraFormat}-image ${imagePath}\n`)
    // What out held before, so that a failing postVM's files can be removed again.
    const before = plan.postVM ? snapshotOutput(plan.out) : undefined
    // Renames last, image first: a crash between them leaves a complete image and at worst stale products.
    const results: [scratch: string, final: string][] = [[image, filename], [products, 'nix-support/hydra-build-products']]
    if (efiVarsScratch) results.push([efiVarsScratch, 'efi-vars.fd'])
    const finals = results.map(([, final]) => final)
    // With postVM still to run, earlier results of the same names wait in the scratch directory until it succeeds.
    const restores = before ? finals.map((final) => ws.setAside(final)) : []
    for (const [scratch, final] of results) ws.commit(scratch, final)
    let files = [...finals].sort()
    if (before) {
      // As in the reference, the shell code sees the finished results in out (it may move, convert or add files).
      onProgress({ phase: 'postVM', message: 'running postVM' })
      const cwd = ws.path('postvm')
      mkdirSync(cwd)
      try {
        await runPostVM(plan.postVM, { out: plan.out, diskImage: imagePath }, cwd, (line) => onProgress({ phase: 'postVM', message: line }))
      } catch (error) {
        removeAddedPaths(plan.out, before, finals)
        for (const restore of restores) restore()
        throw error
      }
      files = filesSince(plan.out, before, finals)
    }
    const efiVarsPath = efiVarsScratch ? join(plan.out, 'efi-vars.fd') : undefined
    return { imagePath, format: plan.format, diskSize: diskBytes, layout: diskLayout, hydraBuildProducts: join(plan.out, 'nix-support/hydra-build-products'), files: files.map((f) => join(plan.out, f)), ...(efiVarsPath ? { efiVarsPath } : {}) }
  } catch (error) {
    nixos?.dispose()
    ws.dispose() // before explaining, so the free space it reports is the real one (dispose again below is a no-op)
    throw explainOutOfSpace(error, plan.out, dirname(plan.out))
  } finally {
    nixos?.dispose()
    ws.dispose()
  }
}

/**
 * What nixos-install makes belongs to root in the image, whoever runs the build (a
 * single-user store belongs to its user): /nix, /etc/NIXOS and /root/.nix-defexpr with
 * everything below (a Nix-store-only image is all store), and the directories it makes
 * on the way — /etc, /root and the image root without a root tree (the reference copies
 * $root/* into the fresh file system's own root) — unless the root tree has them.
 */
function nixosOwnerRules(plan: BuildPlan, treeRoot: string): { path: string; recursive?: boolean; uid: number; gid: number }[] {
  if (plan.onlyNixStore) return [{ path: '/', recursive: true, uid: 0, gid: 0 }]
  const trees = ['/nix', '/etc/NIXOS', '/root/.nix-defexpr'].map((path) => ({ path, recursive: true, uid: 0, gid: 0 }))
  const parents = ['/', '/etc', '/root'].filter((p) => plan.root === undefined || !existsSync(join(treeRoot, p)))
  return [...trees, ...parents.map((path) => ({ path, uid: 0, gid: 0 }))]
}

/** The root directory of an image without a root tree: 0755 like the reference's `mkdir -p $root`, stamped with the build's time. */
function emptyRoot(dir: string, time: number): string {
  mkdirSync(dir, { mode: 0o755 })
  chmodSync(dir, 0o755)
  utimesSync(dir, time, time)
  return dir
}

function partitionRegion(p: LayoutPartition): { offset: number; size: number } {
  return { offset: p.firstLba * SECTOR, size: (p.lastLba - p.firstLba + 1) * SECTOR }
}
