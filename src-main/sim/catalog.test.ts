import { describe, it, expect } from 'vitest'
import acceleratorsJson from '../../resources/catalog/accelerators.json'
import clustersJson from '../../resources/catalog/clusters.json'
import fabricsJson from '../../resources/catalog/fabrics.json'
import gridsJson from '../../resources/catalog/grids.json'
import modelsJson from '../../resources/catalog/models.json'
import { CatalogError, getAccelerator, getCluster, getFabric, getGrid, getModel, loadCatalog, validateCatalog } from './index'

const raw = () => ({
  accelerators: structuredClone(acceleratorsJson) as unknown[],
  models: structuredClone(modelsJson) as unknown[],
  fabrics: structuredClone(fabricsJson) as unknown[],
  clusters: structuredClone(clustersJson) as unknown[],
  grids: structuredClone(gridsJson) as unknown[]
})

describe('catalog', () => {
  it('validates', () => {
    const c = loadCatalog()
    expect(c.accelerators.length).toBeGreaterThanOrEqual(17)
    for (const list of [c.accelerators, c.models, c.fabrics, c.clusters, c.grids]) {
      for (const e of list) {
        expect(e.id).toMatch(/^[a-z0-9]/)
        expect(e.name.length).toBeGreaterThan(0)
        expect(e.source.length).toBeGreaterThan(10)
      }
    }
  })
  it('has every required entry', () => {
    const accelerators = [
      'h100-sxm',
      'h200',
      'b200',
      'a100-80gb',
      'v100',
      't4',
      'mi300x',
      'tpu-v4',
      'tpu-v5p',
      'gaudi3',
      'jetson-orin-nx-16gb',
      'jetson-orin-nano-super',
      'apple-a17-pro-ane',
      'coral-edge-tpu',
      'esp32-s3',
      'nrf52840',
      'stm32h743'
    ]
    for (const id of accelerators) expect(getAccelerator(id).id).toBe(id)
    for (const id of [
      'llama3-8b',
      'llama3-70b',
      'gpt2-small',
      'gpt2-xl',
      'gpt3-175b',
      'bert-base',
      'resnet50',
      'resnet18',
      'mobilenetv2',
      'ds-cnn-kws'
    ]) {
      expect(getModel(id).id).toBe(id)
    }
    for (const id of ['eth-100g', 'eth-400g', 'ib-hdr', 'ib-ndr', 'nvlink3', 'nvlink4', 'nvlink5']) expect(getFabric(id).id).toBe(id)
    expect(loadCatalog().clusters.length).toBeGreaterThanOrEqual(3)
    expect(loadCatalog().grids.length).toBeGreaterThanOrEqual(3)
    expect(getCluster('dgx-h100-1').accelerator).toBe('h100-sxm')
    expect(getGrid('fr').carbonGramsPerKwh).toBeLessThan(getGrid('pl').carbonGramsPerKwh)
  })
  it('figures are in SI units (spot checks)', () => {
    const h100 = getAccelerator('h100-sxm')
    expect(h100.memoryBytes).toBe(80e9)
    expect(h100.memoryBandwidthBytesPerSecond).toBe(3.35e12)
    expect(h100.peakFlopsPerSecond.bf16).toBeCloseTo(989.4e12, -9)
    // TPU v4 has 32 GiB = 2^35 bytes, distinct from 32 GB
    expect(getAccelerator('tpu-v4').memoryBytes).toBe(32 * 2 ** 30)
    expect(getFabric('ib-ndr').bandwidthBytesPerSecond).toBe(50e9) // 400 Gb/s
    const mcu = getAccelerator('esp32-s3')
    expect(mcu.flashBytes).toBeGreaterThan(0)
    expect(getModel('llama3-8b').flopsPerToken).toBeCloseTo(2 * getModel('llama3-8b').params, -3)
  })
  it('getters throw listing the known ids', () => {
    expect(() => getAccelerator('x')).toThrow(CatalogError)
    expect(() => getAccelerator('x')).toThrow(/^unknown accelerator "x"; known: h100-sxm, /)
    expect(() => getModel('nope')).toThrow(/unknown model "nope"; known: .*llama3-8b/)
    expect(() => getFabric('nope')).toThrow(/unknown fabric "nope"/)
  })
  it('bad data names the file and entry', () => {
    const r1 = raw()
    ;(r1.accelerators[2] as { memoryBytes: unknown }).memoryBytes = -5
    expect(() => validateCatalog(r1)).toThrow(/catalog accelerators\.json: entry "b200" \(index 2\) is invalid: memoryBytes/)
    const r2 = raw()
    delete (r2.models[0] as { kvHeads?: unknown }).kvHeads
    expect(() => validateCatalog(r2)).toThrow(/models\.json: entry "llama3-8b".*kvHeads is required for an llm/)
    const r3 = raw()
    ;(r3.clusters[0] as { accelerator: string }).accelerator = 'h900'
    expect(() => validateCatalog(r3)).toThrow(/clusters\.json: entry "dgx-h100-1".*accelerator "h900" is not a known id/)
    const r4 = raw()
    r4.fabrics.push(structuredClone(r4.fabrics[0]))
    expect(() => validateCatalog(r4)).toThrow(/fabrics\.json: duplicate id "eth-100g"/)
    const r5 = raw()
    ;(r5.grids[0] as Record<string, unknown>).extra = 1
    expect(() => validateCatalog(r5)).toThrow(/grids\.json: entry "fr"/)
    expect(() => validateCatalog({ ...raw(), models: {} })).toThrow(/models\.json: expected a JSON array/)
  })
})
