/**
 * Configuration from environment variables, parsed and validated in one place (house style §4: no
 * `process.env` reads anywhere else in lib). `parseConfig` reports every problem at once, so a user
 * fixes their deployment in one round instead of one variable per restart. docs/configuration.md
 * documents each variable; keep the two in step.
 */
import { existsSync } from 'node:fs';
import { MAX_SIM_SCALE, MIN_SIM_SCALE } from '@/lib/sim/topology-scale';
import { parseCluster, type ClusterConfig } from './env-cluster';

export type Env = Readonly<Record<string, string | undefined>>;

export interface TlsConfig {
  caFile: string | null;
  certFile: string | null;
  keyFile: string | null;
  /** Name checked against Relay's certificate (its SAN is `*.hubble-relay.cilium.io`). */
  serverName: string;
}

export type SourceConfig = { kind: 'relay' } | { kind: 'sim' } | { kind: 'fixture'; path: string };

export interface AuthConfig {
  /** `auto` (on unless bound to loopback), forced `on`, or explicitly `off` (unsafe when exposed). */
  mode: 'auto' | 'on' | 'off';
  /** Whether requests must authenticate, after applying `auto`. */
  required: boolean;
  user: string;
  /** null when not configured: if `required`, every request is refused with 503 (safe default). */
  password: string | null;
}

export interface FlowscopeConfig {
  source: SourceConfig;
  relay: {
    /** `host:port` as dialled (a `tls://` prefix is stripped and turns TLS on). */
    addr: string;
    tls: TlsConfig | null;
  };
  /** Exact-bytes tier capacity (flows). */
  retainRaw: number;
  /** Compact tier capacity (flows). */
  retainFlows: number;
  /** Flows asked from Relay on start (`number`, per node through Relay). */
  backfill: number;
  /** `scale`: total workloads of a scaled-up built-in cluster, null for the demo shop. */
  sim: { rate: number; seed: number; scale: number | null };
  server: { port: number; hostname: string; loopback: boolean };
  auth: AuthConfig;
  cluster: ClusterConfig;
  /** Non-fatal remarks to print at start (e.g. auth required but no password). */
  warnings: string[];
}

/** Invalid configuration; `problems` has one line per variable at fault. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map(p => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

export const DEFAULT_RELAY_ADDR = 'localhost:4245';
export const DEFAULT_TLS_SERVER_NAME = 'ui.hubble-relay.cilium.io';

const LOOPBACK_NAMES = new Set(['localhost', '::1', '[::1]']);

/** True when `host` binds only the loopback interface (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export interface ParseOptions {
  /** File check for fixture and TLS paths; injectable for tests. */
  fileExists?: (path: string) => boolean;
}

/** Parses and validates `env`; throws ConfigError listing every problem. */
export function parseConfig(env: Env, opts: ParseOptions = {}): FlowscopeConfig {
  const fileExists = opts.fileExists ?? existsSync;
  const problems: string[] = [];
  const warnings: string[] = [];
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return def;
    const v = raw.replace(/_/g, '');
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      problems.push(
        `${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`,
      );
      return def;
    }
    return Number(v);
  };
  const bool = (name: string): boolean | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    const v = raw.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
    return undefined;
  };
  const file = (name: string): string | null => {
    const p = get(name);
    if (p === undefined) return null;
    if (!fileExists(p)) problems.push(`${name}=${JSON.stringify(p)}: file not found`);
    return p;
  };

  const source = parseSource(get('FLOWSCOPE_SOURCE'), problems, fileExists);
  const relay = parseRelay(get, bool, file, problems);

  const retainFlows = int('FLOWSCOPE_RETAIN_FLOWS', 200_000, 1_000, 10_000_000);
  const retainRaw = int('FLOWSCOPE_RETAIN_RAW', 20_000, 100, 1_000_000);
  if (retainRaw > retainFlows) {
    problems.push(
      `FLOWSCOPE_RETAIN_RAW (${retainRaw}) must not exceed FLOWSCOPE_RETAIN_FLOWS (${retainFlows}): the exact tier holds the newest part of the compact window`,
    );
  }
  const backfill = int('FLOWSCOPE_BACKFILL', retainFlows, 0, 10_000_000);

  let rate: number | null = null;
  const rawRate = get('FLOWSCOPE_SIM_RATE');
  if (rawRate !== undefined) {
    const r = Number(rawRate);
    if (!Number.isFinite(r) || r <= 0 || r > 1_000_000) {
      problems.push(
        `FLOWSCOPE_SIM_RATE=${JSON.stringify(rawRate)}: expected flows per second, more than 0 and at most 1000000`,
      );
    } else rate = r;
  }
  const seed = int('FLOWSCOPE_SIM_SEED', 1, 0, 2 ** 32 - 1);
  let scale: number | null = null;
  const rawScale = get('FLOWSCOPE_SIM_SCALE');
  if (rawScale !== undefined) {
    const v = rawScale.replace(/_/g, '');
    if (!/^\d+$/.test(v) || Number(v) < MIN_SIM_SCALE || Number(v) > MAX_SIM_SCALE) {
      problems.push(
        `FLOWSCOPE_SIM_SCALE=${JSON.stringify(rawScale)}: expected the built-in cluster's number of workloads, a whole number from ${MIN_SIM_SCALE} to ${MAX_SIM_SCALE}`,
      );
    } else scale = Number(v);
  }

  const cluster = parseCluster(env, get, source, problems, fileExists);

  const port = int('PORT', 3000, 1, 65535);
  const authResult = resolveAuth(env);
  problems.push(...authResult.problems);
  warnings.push(...authResult.warnings);
  const { hostname, loopback } = authResult;
  const auth = authResult.auth;

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    source,
    relay,
    retainRaw,
    retainFlows,
    backfill,
    sim: { rate: rate ?? defaultSimRate(scale), seed, scale },
    server: { port, hostname, loopback },
    auth,
    cluster,
    warnings,
  };
}

function parseSource(
  raw: string | undefined,
  problems: string[],
  fileExists: (p: string) => boolean,
): SourceConfig {
  if (raw === undefined || raw === 'relay') return { kind: 'relay' };
  if (raw === 'sim') return { kind: 'sim' };
  if (raw.startsWith('fixture:')) {
    const path = raw.slice('fixture:'.length).trim();
    if (path === '')
      problems.push(
        'FLOWSCOPE_SOURCE=fixture: needs a file, e.g. fixture:e2e/fixtures/bookinfo.ndjson',
      );
    else if (!fileExists(path))
      problems.push(
        `FLOWSCOPE_SOURCE=${JSON.stringify(raw)}: file ${JSON.stringify(path)} not found`,
      );
    return { kind: 'fixture', path };
  }
  problems.push(
    `FLOWSCOPE_SOURCE=${JSON.stringify(raw)}: expected relay, sim or fixture:<path to a hubble observe -o jsonpb file>`,
  );
  return { kind: 'relay' };
}

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

function parseRelay(
  get: (n: string) => string | undefined,
  bool: (n: string) => boolean | undefined,
  file: (n: string) => string | null,
  problems: string[],
): FlowscopeConfig['relay'] {
  const raw = get('HUBBLE_RELAY_ADDR') ?? DEFAULT_RELAY_ADDR;
  let addr = raw;
  let tlsFromScheme = false;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (scheme) {
    if (scheme[1]!.toLowerCase() === 'tls') tlsFromScheme = true;
    else {
      problems.push(
        `HUBBLE_RELAY_ADDR=${JSON.stringify(raw)}: unsupported scheme "${scheme[1]}://" (use host:port, or tls://host:port for TLS)`,
      );
    }
    addr = raw.slice(scheme[0].length);
  }
  const m = HOST_PORT.exec(addr);
  if (!scheme || tlsFromScheme) {
    if (!m) {
      problems.push(
        `HUBBLE_RELAY_ADDR=${JSON.stringify(raw)}: expected host:port (e.g. localhost:4245 or hubble-relay.kube-system.svc:80), optionally prefixed with tls://`,
      );
    } else if (Number(m[3]) < 1 || Number(m[3]) > 65535) {
      problems.push(
        `HUBBLE_RELAY_ADDR=${JSON.stringify(raw)}: port ${m[3]} is out of range 1-65535`,
      );
    }
  }
  const tlsFlag = bool('HUBBLE_TLS');
  if (tlsFlag === false && tlsFromScheme) {
    problems.push(
      `HUBBLE_TLS=false contradicts HUBBLE_RELAY_ADDR=${JSON.stringify(raw)} (tls:// turns TLS on); drop one of them`,
    );
  }
  const tls = tlsFlag === true || tlsFromScheme;
  const caFile = file('HUBBLE_TLS_CA_FILE');
  const certFile = file('HUBBLE_TLS_CERT_FILE');
  const keyFile = file('HUBBLE_TLS_KEY_FILE');
  const serverName = get('HUBBLE_TLS_SERVER_NAME');
  if (!tls) {
    for (const [name, v] of [
      ['HUBBLE_TLS_CA_FILE', caFile],
      ['HUBBLE_TLS_CERT_FILE', certFile],
      ['HUBBLE_TLS_KEY_FILE', keyFile],
      ['HUBBLE_TLS_SERVER_NAME', serverName],
    ] as const) {
      if (v)
        problems.push(
          `${name} is set but TLS is off: set HUBBLE_TLS=true (or use tls://host:port in HUBBLE_RELAY_ADDR)`,
        );
    }
  }
  if ((certFile === null) !== (keyFile === null)) {
    problems.push(
      'HUBBLE_TLS_CERT_FILE and HUBBLE_TLS_KEY_FILE go together (mTLS client certificate and its key): set both or neither',
    );
  }
  if (serverName !== undefined && !/^[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(serverName)) {
    problems.push(
      `HUBBLE_TLS_SERVER_NAME=${JSON.stringify(serverName)}: expected a DNS name such as ${DEFAULT_TLS_SERVER_NAME}`,
    );
  }
  return {
    addr,
    tls: tls
      ? { caFile, certFile, keyFile, serverName: serverName ?? DEFAULT_TLS_SERVER_NAME }
      : null,
  };
}

/**
 * The authentication part of the configuration alone, for proxy.ts (which runs per request and must
 * not fail on unrelated variables). Problems and warnings are returned, not thrown.
 */
export function resolveAuth(env: Env): {
  auth: AuthConfig;
  hostname: string;
  loopback: boolean;
  problems: string[];
  warnings: string[];
} {
  const problems: string[] = [];
  const warnings: string[] = [];
  const get = (name: string): string | undefined => env[name]?.trim() || undefined;
  const hostname = get('HOSTNAME') ?? '';
  const loopback = hostname !== '' && isLoopbackHost(hostname);
  const raw = get('FLOWSCOPE_AUTH');
  let mode: AuthConfig['mode'] = 'auto';
  if (raw !== undefined) {
    const v = raw.toLowerCase();
    if (v === 'auto') mode = 'auto';
    else if (['on', 'basic', 'true', '1'].includes(v)) mode = 'on';
    else if (['off', 'false', '0', 'none'].includes(v)) mode = 'off';
    else problems.push(`FLOWSCOPE_AUTH=${JSON.stringify(raw)}: expected auto, on or off`);
  }
  const user = get('FLOWSCOPE_AUTH_USER') ?? 'flowscope';
  if (user.includes(':')) {
    problems.push(
      'FLOWSCOPE_AUTH_USER must not contain ":" (HTTP Basic separates user and password with it)',
    );
  }
  // Not trimmed: spaces may be part of a password.
  const password = env['FLOWSCOPE_AUTH_PASSWORD'] || null;
  const required = mode === 'on' || (mode === 'auto' && !loopback);
  const bind = hostname === '' ? 'all interfaces (HOSTNAME is not set)' : `HOSTNAME=${hostname}`;
  if (required && password === null) {
    warnings.push(
      `authentication is required (bound to ${bind}) but FLOWSCOPE_AUTH_PASSWORD is not set: every request except /healthz and /readyz gets 503 until it is set`,
    );
  }
  if (mode === 'off' && !loopback) {
    warnings.push(
      `FLOWSCOPE_AUTH=off while bound to ${bind}: anyone who can reach this port can read every flow`,
    );
  }
  return { auth: { mode, required, user, password }, hostname, loopback, problems, warnings };
}

/**
 * Default flows per second of the built-in cluster: 50 for the demo shop; with FLOWSCOPE_SIM_SCALE,
 * 5 per workload (at most 10,000), so that a scaled-up cluster's thousands of edges all carry
 * traffic within about a minute (at 50 flows/s, 2,000 workloads' ~10,000 edges would take hours).
 * Higher rates cost the server (which also runs the simulated Relay) more than one of this
 * machine's two cores at 20,000 flows/s, and that core is taken from the browser.
 */
export function defaultSimRate(scale: number | null): number {
  return scale === null ? 50 : Math.min(10_000, Math.max(50, scale * 5));
}
