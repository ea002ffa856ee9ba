// Security headers on every response (helmet). The CSP is what the Vite build needs and no more: its
// index.html loads one module script and one stylesheet from /assets, the favicon and a select arrow are
// data: images, React sets inline styles through the CSSOM (which style-src does not govern), and the
// client talks only to its own origin. Nothing inline may run, and no other site may frame the app.
import helmet from 'helmet';

export function securityHeaders(publicUrl: string) {
  const https = new URL(publicUrl).protocol === 'https:';
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'none'"],
        'connect-src': ["'self'"],
        'font-src': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'img-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'"],
        // Over plain http (a trial on localhost) it would send the browser to an https that is not there.
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // For browsers that predate frame-ancestors.
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Only a site served over https may promise to stay there.
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 60 * 60, includeSubDomains: true } : false,
  });
}
