/**
 * The renderer's Content-Security-Policy, the one home of it: sent as a header by the app:// protocol
 * (Electron) and by the local web host. Nothing may load from outside the app; the web host's page may
 * also open its WebSocket on loopback, which the Electron window has no use for.
 */
export function rendererCsp(transport: 'electron' | 'websocket'): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Monaco injects style elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    transport === 'websocket' ? "connect-src 'self' ws://127.0.0.1:* ws://localhost:*" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8'
}

export function contentTypeFor(path: string): string {
  const dot = path.lastIndexOf('.')
  return contentTypes[dot >= 0 ? path.slice(dot).toLowerCase() : ''] ?? 'application/octet-stream'
}
