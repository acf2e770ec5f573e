/**
 * A loopback Kubernetes API server for tests: serves recorded objects over plain HTTP on
 * 127.0.0.1:0, answers the exec WebSocket handshake (v4.channel.k8s.io framing, written here so no
 * WebSocket server package is needed), and can be told to answer a path with 403/404, garbage, or
 * nothing at all. Every hanging socket is destroyed on close(), so tests stay bounded.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ClusterObjects } from '../cluster-objects';

export type FakeResponse =
  { status: number; body: unknown } | { status: number; raw: string } | { hang: true };

export interface ExecReply {
  forbidden?: boolean;
  hang?: boolean;
  stdout?: string;
  stderr?: string;
  /** The exec Status sent on channel 3. */
  status?: Record<string, unknown>;
}

export type ExecScript = (pod: string, command: string[]) => ExecReply;

export interface FakeApiServer {
  url: string;
  port: number;
  /** Request paths seen (without query), in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A `kind: Status` body as the API server sends it. */
export function statusBody(code: number, reason: string, message: string): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

/** A realistic 403 for `verb` on `resource`. */
export function forbidden(
  verb: string,
  resource: string,
  group = '',
  namespace?: string,
): FakeResponse {
  const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
  const msg = `${resource} is forbidden: User "system:serviceaccount:flowscope:flowscope" cannot ${verb} resource "${resource}" in API group "${group}"${where}`;
  return { status: 403, body: statusBody(403, 'Forbidden', msg) };
}

export const EXEC_SUCCESS = { metadata: {}, status: 'Success' };

/** Exec status for a non-zero exit, as the kubelet reports it. */
export function execExit(code: number): Record<string, unknown> {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

function list(kind: string, apiVersion: string, items: unknown[]): unknown {
  return { apiVersion, kind: `${kind}List`, metadata: { resourceVersion: '1' }, items };
}

function routeObjects(objs: ClusterObjects, path: string): FakeResponse {
  const notFound = (what: string) => ({
    status: 404,
    body: statusBody(404, 'NotFound', `${what} not found`),
  });
  const name = (o: unknown) => (o as { metadata?: { name?: string } }).metadata?.name;
  const nsOf = (o: unknown) => (o as { metadata?: { namespace?: string } }).metadata?.namespace;
  let m: RegExpExecArray | null;
  if (path === '/apis/cilium.io/v2/ciliumnodes')
    return { status: 200, body: list('CiliumNode', 'cilium.io/v2', objs.ciliumNodes) };
  if (path === '/apis/cilium.io/v2/ciliumendpoints')
    return { status: 200, body: list('CiliumEndpoint', 'cilium.io/v2', objs.ciliumEndpoints) };
  if (path === '/api/v1/pods') return { status: 200, body: list('Pod', 'v1', objs.pods) };
  if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(path)))
    return {
      status: 200,
      body: list(
        'Pod',
        'v1',
        objs.pods.filter(p => nsOf(p) === m![1]),
      ),
    };
  if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/([^/]+)$/.exec(path))) {
    const cm = objs.configMap;
    return cm && name(cm) === m[2] && nsOf(cm) === m[1]
      ? { status: 200, body: cm }
      : notFound(`configmaps "${m[2]}"`);
  }
  if (
    (m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(daemonsets|deployments)\/([^/]+)$/.exec(path))
  ) {
    const pool = m[2] === 'daemonsets' ? objs.daemonSets : objs.deployments;
    const o = pool.find(x => name(x) === m![3] && nsOf(x) === m![1]);
    return o ? { status: 200, body: o } : notFound(`${m[2]}.apps "${m[3]}"`);
  }
  return notFound(path);
}

function wsFrame(payload: Buffer, opcode: number): Buffer {
  const len = payload.length;
  let header: Buffer;
  if (len < 126) header = Buffer.from([0x80 | opcode, len]);
  else if (len < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([header, payload]);
}

function channel(n: number, data: string): Buffer {
  return wsFrame(Buffer.concat([Buffer.from([n]), Buffer.from(data, 'utf8')]), 0x2);
}

/** Starts the server. `overrides` map a path (no query) to a fixed answer, taking precedence. */
export async function startFakeApiServer(opts: {
  objects: ClusterObjects;
  overrides?: Record<string, FakeResponse>;
  exec?: ExecScript;
}): Promise<FakeApiServer> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push(path);
    const r = opts.overrides?.[path] ?? routeObjects(opts.objects, path);
    if ('hang' in r) return;
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end('raw' in r ? r.raw : JSON.stringify(r.body));
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket: Socket) => {
    sockets.add(socket);
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    const pod = /\/pods\/([^/]+)\/exec$/.exec(url.pathname)?.[1] ?? '';
    const reply: ExecReply = opts.exec?.(pod, url.searchParams.getAll('command')) ?? {
      status: EXEC_SUCCESS,
    };
    if (reply.forbidden) {
      const body = JSON.stringify(
        statusBody(403, 'Forbidden', 'pods "x" is forbidden: cannot create resource "pods/exec"'),
      );
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n`,
    );
    socket.on('error', () => {});
    if (reply.hang) return;
    if (reply.stdout) socket.write(channel(1, reply.stdout));
    if (reply.stderr) socket.write(channel(2, reply.stderr));
    socket.write(channel(3, JSON.stringify(reply.status ?? EXEC_SUCCESS)));
    socket.end(wsFrame(Buffer.from([0x03, 0xe8]), 0x8));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A kubeconfig for `server`. Plain http needs `insecure-skip-tls-verify: true` with client-node 1.x. */
export function kubeconfigYaml(server: string, opts: { skipTlsVerify?: boolean } = {}): string {
  const skip = opts.skipTlsVerify ?? true;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${server}`,
    ...(skip ? ['    insecure-skip-tls-verify: true'] : []),
    'users:',
    '- name: flowscope',
    '  user:',
    '    token: test-token',
    'contexts:',
    '- name: fake',
    '  context:',
    '    cluster: fake',
    '    user: flowscope',
    'current-context: fake',
    '',
  ].join('\n');
}
