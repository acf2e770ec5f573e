import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, equals, fromJson, toBinary } from '@bufbuild/protobuf';
import {
  GetFlowsRequestSchema,
  GetFlowsResponseSchema,
  GetNamespacesResponseSchema,
  GetNodesResponseSchema,
  ServerStatusResponseSchema,
  type GetFlowsRequest,
  type GetNamespacesResponse,
  type GetNodesResponse,
  type ServerStatusResponse,
} from '@/proto/gen/observer/observer_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import {
  OBSERVER_PATHS,
  ObserverClientCtor,
  observerServerDefinition,
  type ObserverClient,
  type ObserverServer,
  type RawGetFlowsResponse,
} from '@/lib/hubble/grpc-adapter';
import { readSampleLines } from '@/lib/hubble/sample-files';

const lines = readSampleLines('400-tcp').slice(0, 50);
const messages = lines.map(l => fromJson(GetFlowsResponseSchema, JSON.parse(l)));
// Every third response goes out pre-encoded, the way a replaying source would send it.
const preEncoded = new Set([0, 3, 6]);

let server: grpc.Server;
let client: ObserverClient;
let lastRequest: GetFlowsRequest | null = null;

const impl: ObserverServer = {
  GetFlows(call) {
    lastRequest = call.request;
    messages.forEach((m, i) =>
      call.write(preEncoded.has(i) ? toBinary(GetFlowsResponseSchema, m) : m),
    );
    call.end();
  },
  GetNodes(_call, cb) {
    cb(
      null,
      create(GetNodesResponseSchema, {
        nodes: [{ name: 'kind-kind/kind-worker', state: NodeState.NODE_CONNECTED, numFlows: 42n }],
      }),
    );
  },
  GetNamespaces(_call, cb) {
    cb(null, create(GetNamespacesResponseSchema, { namespaces: [{ namespace: 'bookinfo' }] }));
  },
  ServerStatus(_call, cb) {
    cb(null, create(ServerStatusResponseSchema, { numFlows: 7n, maxFlows: 4095n, flowsRate: 1.5 }));
  },
};

beforeAll(async () => {
  server = new grpc.Server();
  server.addService(observerServerDefinition, impl);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  client = new ObserverClientCtor(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  await new Promise<void>(resolve => server.tryShutdown(() => resolve()));
});

function unary<T>(fn: (cb: (err: grpc.ServiceError | null, res?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((err, res) =>
      err ? reject(err) : res === undefined ? reject(new Error('empty')) : resolve(res),
    ),
  );
}

describe('observer grpc adapter over a real loopback server', () => {
  it('uses the upstream method paths', () => {
    expect(OBSERVER_PATHS).toEqual({
      GetFlows: '/observer.Observer/GetFlows',
      GetNodes: '/observer.Observer/GetNodes',
      GetNamespaces: '/observer.Observer/GetNamespaces',
      ServerStatus: '/observer.Observer/ServerStatus',
    });
  });

  it('streams GetFlows as {msg, bytes} with the exact wire bytes', async () => {
    const req = create(GetFlowsRequestSchema, {
      number: 50n,
      follow: false,
      whitelist: [{ verdict: [2] }],
    });
    const got: RawGetFlowsResponse[] = [];
    const call = client.GetFlows(req, { deadline: Date.now() + 10_000 });
    await new Promise<void>((resolve, reject) => {
      call.on('data', (r: RawGetFlowsResponse) => got.push(r));
      call.on('error', reject);
      call.on('end', resolve);
    });
    expect(lastRequest && equals(GetFlowsRequestSchema, lastRequest, req)).toBe(true);
    expect(got).toHaveLength(messages.length);
    got.forEach((r, i) => {
      expect(equals(GetFlowsResponseSchema, r.msg, messages[i]!)).toBe(true);
      expect(r.bytes).toBeInstanceOf(Uint8Array);
      expect(
        Buffer.from(r.bytes).equals(Buffer.from(toBinary(GetFlowsResponseSchema, messages[i]!))),
      ).toBe(true);
    });
    expect(got[0]!.msg.responseTypes.case).toBe('flow');
  });

  it('serves the unary RPCs', async () => {
    const nodes = await unary<GetNodesResponse>(cb =>
      client.GetNodes({ $typeName: 'observer.GetNodesRequest' }, cb),
    );
    expect(nodes.nodes[0]?.name).toBe('kind-kind/kind-worker');
    expect(nodes.nodes[0]?.state).toBe(NodeState.NODE_CONNECTED);
    expect(nodes.nodes[0]?.numFlows).toBe(42n);
    const status = await unary<ServerStatusResponse>(cb =>
      client.ServerStatus({ $typeName: 'observer.ServerStatusRequest' }, cb),
    );
    expect(status.maxFlows).toBe(4095n);
    expect(status.flowsRate).toBe(1.5);
    const ns = await unary<GetNamespacesResponse>(cb =>
      client.GetNamespaces({ $typeName: 'observer.GetNamespacesRequest' }, cb),
    );
    expect(ns.namespaces.map(n => n.namespace)).toEqual(['bookinfo']);
  });
});
