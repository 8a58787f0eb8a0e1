/**
 * The renderer's Content-Security-Policy, sent as a header by both the app:// protocol and the local
 * web host (index.html carries the same policy in a meta tag). Nothing may load from outside the app;
 * the only connection allowed beyond 'self' is the web host's WebSocket on loopback.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Monaco injects style elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

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
