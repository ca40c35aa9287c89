/**
 * The one Content-Security-Policy, sent as a header by both hosts (Electron's app:// protocol and
 * the loopback test host) and mirrored by the <meta> tag in src/index.html. No remote content, no
 * eval; Element Plus needs inline styles.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
