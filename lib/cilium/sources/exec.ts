/**
 * The opt-in `exec` source (cilium-status.md §1.2): runs `cilium-dbg status -o json` in the
 * `cilium-agent` container of each agent pod, falling back to `cilium status -o json` (the binary was
 * renamed in 1.15), and optionally `cilium-health status -o json` for reachability. The binaries run
 * directly, never through a shell (images are dropping the shell, cilium#46446).
 *
 * Exec is root on the node (privileged host-network container) and costs a WebSocket per call, so it
 * is off unless configured, runs a few pods at a time, and gives each node its own deadline and error.
 */
import { Readable, Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import type { AgentStatus, ClusterProblem } from '@/lib/model/cluster';
import { decodeStatusText } from '../decode-status';
import { decodeHealthStatus, withClusterHealth } from '../decode-health';
import { parseJsonDocument } from '../json-doc';
import { describePermission, httpStatusOf } from './k8s-errors';

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit code from the exec Status (0 on Success); null when unknown. */
  exitCode: number | null;
  /** Failure text (exec Status message or connection error); null on success or plain non-zero exit. */
  error: string | null;
  /** HTTP status of a rejected exec handshake (403 = RBAC), else null. */
  httpStatus: number | null;
  timedOut: boolean;
}

/** Runs one command in one container. Implementations must resolve (never reject) within timeoutMs. */
export type ExecRunner = (
  target: { namespace: string; pod: string; container: string },
  command: string[],
  timeoutMs: number,
) => Promise<ExecResult>;

export interface ExecOptions {
  runner: ExecRunner;
  namespace: string;
  /** Default `cilium-agent`. */
  container?: string;
  /** Deadline per command per node. Default 15 s. */
  timeoutMs?: number;
  /** Pods exec'd at once (cilium-cli uses 5). */
  concurrency?: number;
  /** Also run `cilium-health status -o json`. Default true. */
  withHealth?: boolean;
}

interface MinimalSocket {
  on(event: 'close' | 'error', cb: (arg?: unknown) => void): void;
  close(): void;
  terminate?(): void;
}

function exitCodeOf(st: V1Status): { exitCode: number | null; error: string | null } {
  if (st.status === 'Success') return { exitCode: 0, error: null };
  const cause = st.details?.causes?.find(c => c.reason === 'ExitCode');
  if (st.reason === 'NonZeroExitCode' && cause?.message)
    return { exitCode: Number(cause.message), error: null };
  return { exitCode: null, error: st.message ?? 'exec failed' };
}

/**
 * ExecRunner over client-node's WebSocket Exec. Each call gets its own stream set: the shared default
 * WebSocketHandler would end process.stdout when a v5 server closes a stream.
 */
export function kubeExecRunner(kc: KubeConfig): ExecRunner {
  return (target, command, timeoutMs) =>
    new Promise<ExecResult>(resolve => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const sink = (into: Buffer[]) =>
        new Writable({ write: (chunk, _enc, cb) => (into.push(Buffer.from(chunk)), cb()) });
      const stdout = sink(out);
      const stderr = sink(err);
      const handler = new WebSocketHandler(kc, undefined, {
        stdin: Readable.from([]),
        stdout,
        stderr,
      });
      let status: V1Status | null = null;
      let socket: MinimalSocket | null = null;
      let done = false;
      const finish = (extra: Partial<ExecResult>) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const codes = status ? exitCodeOf(status) : { exitCode: null, error: null };
        resolve({
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          exitCode: codes.exitCode,
          error: codes.error,
          httpStatus: null,
          timedOut: false,
          ...extra,
        });
      };
      const timer = setTimeout(() => {
        if (socket) (socket.terminate ?? socket.close).call(socket);
        finish({ timedOut: true, error: `timed out after ${timeoutMs} ms` });
      }, timeoutMs);
      new Exec(kc, handler)
        .exec(
          target.namespace,
          target.pod,
          target.container,
          command,
          stdout,
          stderr,
          null,
          false,
          st => {
            status = st;
          },
        )
        .then(ws => {
          socket = ws as unknown as MinimalSocket;
          if (done) return socket.close();
          socket.on('close', () => finish({}));
          socket.on('error', e => finish({ error: String((e as Error)?.message ?? e) }));
        })
        .catch((e: unknown) => {
          const msg = String((e as Error)?.message ?? e);
          finish({ error: msg, httpStatus: httpStatusOf(e) });
        });
    });
}

const MISSING_BINARY = /executable file not found|no such file or directory|not found in \$PATH/i;

export interface AgentStatusesResult {
  agents: { node: string; status: AgentStatus }[];
  nodeErrors: { node: string; message: string }[];
  problems: ClusterProblem[];
}

async function statusFromPod(
  pod: { name: string; node: string },
  o: Required<Omit<ExecOptions, 'runner'>> & { runner: ExecRunner },
): Promise<{ status: AgentStatus | null; error: string | null; result: ExecResult | null }> {
  const target = { namespace: o.namespace, pod: pod.name, container: o.container };
  let last: ExecResult | null = null;
  for (const bin of ['cilium-dbg', 'cilium']) {
    const r = await o.runner(target, [bin, 'status', '-o', 'json'], o.timeoutMs);
    last = r;
    if (r.timedOut || r.httpStatus !== null) return { status: null, error: r.error, result: r };
    // cilium-dbg exits 1 when the agent is unhealthy but still prints the document: use it.
    if (r.stdout.trim() !== '') {
      try {
        return {
          status: decodeStatusText(r.stdout, `${bin} status output`),
          error: null,
          result: r,
        };
      } catch (e) {
        return { status: null, error: (e as Error).message, result: r };
      }
    }
    const why = `${r.error ?? ''} ${r.stderr}`;
    if (!MISSING_BINARY.test(why)) break;
  }
  const why =
    (last?.error ?? last?.stderr.trim()) || `exit code ${last?.exitCode ?? 'unknown'}, no output`;
  return { status: null, error: `cilium status failed: ${why}`, result: last };
}

/**
 * Execs into each agent pod and decodes its status. A node that fails or times out gets a node error
 * and a problem; the others are unaffected. A 403 on the handshake is reported once, with the rule.
 */
export async function collectAgentStatuses(
  pods: { name: string; node: string }[],
  opts: ExecOptions,
): Promise<AgentStatusesResult> {
  const o = {
    container: 'cilium-agent',
    timeoutMs: 15_000,
    concurrency: 5,
    withHealth: true,
    ...opts,
  };
  const res: AgentStatusesResult = { agents: [], nodeErrors: [], problems: [] };
  let forbidden = false;
  const queue = [...pods];
  const worker = async () => {
    for (let pod = queue.shift(); pod; pod = queue.shift()) {
      const r = await statusFromPod(pod, o);
      if (r.result?.httpStatus === 403) {
        forbidden = true;
        res.nodeErrors.push({ node: pod.node, message: 'exec forbidden' });
        continue;
      }
      if (!r.status) {
        const message = r.result?.timedOut
          ? `exec into ${pod.name} timed out after ${o.timeoutMs} ms`
          : `exec into ${pod.name} failed: ${r.error ?? 'unknown error'}`;
        res.nodeErrors.push({ node: pod.node, message });
        const kind = r.result?.timedOut
          ? 'timeout'
          : r.status === null && r.result?.stdout
            ? 'malformed'
            : 'error';
        res.problems.push({ source: `exec:${pod.node}`, kind, message, node: pod.node });
        continue;
      }
      let status = r.status;
      if (o.withHealth) {
        const h = await o.runner(
          { namespace: o.namespace, pod: pod.name, container: o.container },
          ['cilium-health', 'status', '-o', 'json'],
          o.timeoutMs,
        );
        try {
          status = withClusterHealth(
            status,
            decodeHealthStatus(parseJsonDocument(h.stdout, 'cilium-health output')),
          );
        } catch (e) {
          status = {
            ...status,
            decodeWarnings: [
              ...status.decodeWarnings,
              `cilium-health status unavailable: ${h.error ?? (e as Error).message}`,
            ],
          };
        }
      }
      res.agents.push({ node: pod.node, status });
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(o.concurrency, pods.length)) }, worker),
  );
  if (forbidden) {
    const call = {
      source: 'exec',
      verb: 'create',
      resource: 'pods/exec',
      apiGroup: '',
      namespace: o.namespace,
      scope: 'namespaced' as const,
    };
    res.problems.push({
      source: 'exec',
      kind: 'forbidden',
      message: `forbidden: ${describePermission(call)} (and \`get\`, for WebSocket exec)`,
      permission: { verb: 'create', resource: 'pods/exec', apiGroup: '', namespace: o.namespace },
    });
  }
  res.agents.sort((a, b) => a.node.localeCompare(b.node));
  res.nodeErrors.sort((a, b) => a.node.localeCompare(b.node));
  return res;
}
