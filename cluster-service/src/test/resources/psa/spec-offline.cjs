// Loaded with `node --require` before the compliance suite: the suite downloads the Pinning Service API spec from
// raw.githubusercontent.com, which this machine may not reach (only the npm registry). Requests for that host are
// answered with the copy the test serves at PSA_SPEC_URL (the same v1.0.0 file); every other request is untouched.
const http = require('http');
const https = require('https');
const specUrl = process.env.PSA_SPEC_URL;
const SPEC_HOST = 'raw.githubusercontent.com';

function namesSpecHost(target) {
  if (!target) return false;
  if (typeof target === 'string') return target.includes(SPEC_HOST);
  if (target instanceof URL) return target.hostname === SPEC_HOST;
  if (typeof target === 'object') return [target.hostname, target.host, target.href, target.url]
      .some((v) => typeof v === 'string' && v.includes(SPEC_HOST));
  return false;
}

for (const method of ['get', 'request']) {
  const original = https[method];
  https[method] = function (url, options, callback) {
    if (namesSpecHost(url) || namesSpecHost(options)) {
      const cb = typeof options === 'function' ? options : callback;
      return http[method](specUrl, cb);
    }
    return original.apply(this, arguments);
  };
}

if (typeof globalThis.fetch === 'function') {
  const originalFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => namesSpecHost(input) ? originalFetch(specUrl) : originalFetch(input, init);
}
