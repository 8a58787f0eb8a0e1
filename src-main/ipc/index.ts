export { dispatch } from './dispatch'
export { handlers, type Handlers, type Handler } from './handlers/index'
export { EventHub, deviceEventSink } from './events'
export type { HandlerContext } from './context'
