// `npm start`: the built dashboard against the configured source (default: Hubble Relay at
// HUBBLE_RELAY_ADDR, localhost:4245). See docs/configuration.md.
import { serve } from './serve.mjs';

serve();
