/**
 * Devices: boards on serial ports, the TTM1 int8 model format and its interpreter, post-training
 * quantisation, the deploy protocol (host client and board side), the monitor, plotter and capture,
 * and the virtual board. Pure cores (codecs, interpreter, quantiser, protocol state machines, parsers,
 * diagnosis) have no I/O; serial ports, files and processes sit in thin shells around them.
 */
export { crc32 } from './crc32'
export { cobsDecode, cobsEncode } from './cobs'
export * from './protocol'
export * from './requant'
export * from './ttm'
export { arenaBytes, denseInt8, macCount, runTtm } from './interpreter'
export * from './quantize'
export * from './fit'
export { BoardProtocol, type BoardRuntime, type LoadedModel } from './board'
export { DeviceClient, DeviceError, type DeviceErrorCode, type DeployResult, type Link } from './client'
export * from './boards'
export { parsePlotLine, LineSplitter, type PlotSample } from './plotter'
export * from './datasets'
export { diagnose, type Diagnosis, type PortFacts } from './diagnose'
export * from './models'
export { evaluateOnDevice, type DeviceEvaluation } from './evaluate'
export { DeviceManager, type DeviceChange, type DeviceEvent, type DeviceManagerOptions, type PortView } from './manager'
export type { LineEnding, MonitorBatch, MonitorStatus, SampleGroup } from './monitor'
export { listSerialPorts, SerialConnection, type PortListing } from './serial'
export { ptyPair, type PtyPair } from './pty'
export { accelerometer, GESTURES, type Gesture, VirtualCore } from './virtual'
export { VirtualBoard } from './virtualBoard'
