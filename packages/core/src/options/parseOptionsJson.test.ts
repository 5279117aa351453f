import { describe, expect, it } from 'vitest'
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js'
import { OptionsJsonError } from '../errors/OptionsJsonError.js'
import { UnknownOptionError } from '../errors/UnknownOptionError.js'
import { OPTION_NAMES } from './optionNames.js'
import { parseOptionsJson } from './parseOptionsJson.js'
import { suggestOptionName } from './suggestOptionName.js'

function thrown(input: unknown): unknown {
  try {
    parseOptionsJson(input)
  } catch (error) {
    return error
  }
  throw new Error('parseOptionsJson did not throw')
}

describe('parseOptionsJson', () => {
  it('returns the object for text and for a parsed value', () => {
    const text = '{"root": "/r", "out": "/o", "partitionTableType": "efi", "diskSize": 2048, "contents": [{"source": "/a", "target": "/b"}]}'
    expect(parseOptionsJson(text)).toEqual(JSON.parse(text))
    expect(parseOptionsJson({ root: '/r', format: 'vdi' })).toEqual({ root: '/r', format: 'vdi' })
  })

  it('accepts every option name', () => {
    expect(() => parseOptionsJson(Object.fromEntries(OPTION_NAMES.map((name) => [name, null])))).not.toThrow()
  })

  it('lists every unknown key with the nearest valid one', () => {
    const error = thrown('{"bootsize": "1M", "partition-table-type": "efi", "disk_size": 3, "fsTpye": "ext4", "zzz": 1}')
    expect(error).toBeInstanceOf(InvalidOptionsError)
    const issues = (error as InvalidOptionsError).data.issues
    expect(issues.every((issue) => issue instanceof UnknownOptionError)).toBe(true)
    expect((error as InvalidOptionsError).message).toBe(
      'Invalid disk image options (5 problems):\n' +
        '  - "bootsize" is not an option: did you mean "bootSize"?\n' +
        '  - "partition-table-type" is not an option: did you mean "partitionTableType"?\n' +
        '  - "disk_size" is not an option: did you mean "diskSize"?\n' +
        '  - "fsTpye" is not an option: did you mean "fsType"?\n' +
        '  - "zzz" is not an option: remove it',
    )
    expect((issues[0] as UnknownOptionError).data).toEqual({ option: 'bootsize', suggestion: 'bootSize' })
  })

  it('OptionsJsonError for text that is not JSON', () => {
    const error = thrown('{"root": ') as OptionsJsonError
    expect(error).toBeInstanceOf(OptionsJsonError)
    expect(error.code).toBe('E_OPTIONS_JSON')
    expect(error.message).toMatch(/^options JSON: not valid JSON \(.+\); write one JSON object whose keys are option names, e\.g\. \{"partitionTableType": "efi"\}$/)
  })

  it.each([
    ['[1]', 'an array'],
    ['null', 'null'],
    ['"efi"', 'a string'],
    ['42', 'a number'],
  ])('OptionsJsonError for a top level %s', (text, kind) => {
    expect((thrown(text) as OptionsJsonError).message).toBe(
      `options JSON: the top level is ${kind}, not an object; write one JSON object whose keys are option names, e.g. {"partitionTableType": "efi"}`,
    )
  })
})

describe('suggestOptionName', () => {
  it.each([
    ['disksize', 'diskSize'],
    ['DISK-SIZE', 'diskSize'],
    ['rootFsUid', 'rootFSUID'],
    ['touchEfiVars', 'touchEFIVars'],
    ['postVm', 'postVM'],
    ['lable', 'label'],
    ['foramt', 'format'],
    ['baseNames', 'baseName'],
    ['x', null],
    ['somethingElse', null],
  ])('%s → %s', (unknown, expected) => {
    expect(suggestOptionName(unknown)).toBe(expected)
  })
})
