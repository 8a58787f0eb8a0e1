/**
 * Devices: boards on serial ports, the TTM1 int8 model format and its interpreter, post-training
 * quantisation, the deploy protocol (host client and board side), the monitor, plotter and capture,
 * and the virtual board. Pure cores (codecs, interpreter, quantiser, protocol state machines) have no
 * I/O; the serial, file and process work sits in thin shells around them.
 */
export { crc32 } from './crc32'
export { cobsDecode, cobsEncode } from './cobs'
export * from './protocol'
export * from './requant'
export * from './ttm'
export { arenaBytes, denseInt8, macCount, runTtm } from './interpreter'
