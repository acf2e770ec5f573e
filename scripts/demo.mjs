// `npm run demo`: builds if the sources changed since the last build, then serves the dashboard wired
// to the built-in simulated cluster (a loopback gRPC server speaking the Hubble Relay API, dialled by
// the same client code as a real Relay).
import { buildIfStale } from './build.mjs';
import { serve } from './serve.mjs';

if (!buildIfStale()) {
  console.error('flowscope: build failed (see above).');
  process.exit(1);
}
serve({ FLOWSCOPE_SOURCE: process.env.FLOWSCOPE_SOURCE || 'sim' });
