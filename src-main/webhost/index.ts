export { startWebHost, WS_PATH, type WebHost, type WebHostOptions, type ClientMessage, type ServerMessage } from './server'
