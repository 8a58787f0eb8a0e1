/**
 * Consistent Overhead Byte Stuffing: re-codes a frame so it holds no 0x00 byte, which then marks where
 * a frame ends. Overhead: one byte per 254 bytes, plus one.
 */

/** Largest encoded size of `n` bytes (without the 0x00 delimiter). */
export function cobsMaxEncodedLength(n: number): number {
  return n + Math.ceil(n / 254) + 1
}

export function cobsEncode(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxEncodedLength(data.length))
  let codeAt = 0
  let code = 1
  let o = 1
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]!
    if (byte === 0) {
      out[codeAt] = code
      codeAt = o++
      code = 1
      continue
    }
    out[o++] = byte
    code++
    if (code === 0xff) {
      out[codeAt] = code
      code = 1
      // Canonical COBS: a full block at the very end is not followed by an empty one.
      codeAt = i + 1 < data.length ? o++ : -1
    }
  }
  if (codeAt >= 0) out[codeAt] = code
  return out.slice(0, o)
}

/** Decodes one frame (without its delimiter); null when it is not valid COBS (a zero inside, or cut short). */
export function cobsDecode(encoded: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(encoded.length)
  let o = 0
  let i = 0
  while (i < encoded.length) {
    const code = encoded[i++]!
    if (code === 0) return null
    for (let k = 1; k < code; k++) {
      if (i >= encoded.length) return null
      const byte = encoded[i++]!
      if (byte === 0) return null
      out[o++] = byte
    }
    if (code !== 0xff && i < encoded.length) out[o++] = 0
  }
  return out.slice(0, o)
}
