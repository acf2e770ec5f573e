/**
 * Test support for the simulated Relay's gRPC tests (server*.test.ts): a plain grpc-js client built
 * from the adapter's client definition, and small bounded-time helpers. Not used by production code.
 */
import * as grpc from '@grpc/grpc-js';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { GetFlowsRequestSchema, type GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import {
  ObserverClientCtor,
  type ObserverClient,
  type RawGetFlowsResponse,
} from '@/lib/hubble/grpc-adapter';
import type { SimRelay } from '@/lib/sim/server';

/** A fixed test epoch. */
export const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
/** `number` meaning "all" (CLI --all). */
export const ALL = 2n ** 64n - 1n;

/** A GetFlowsRequest init object. */
export type Req = MessageInitShape<typeof GetFlowsRequestSchema>;

/** A clock tests move by hand (`clock.t += ms`). */
export function manualClock(start = T0) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

/** A plain Observer client for a simulated Relay. */
export function client(
  relay: SimRelay,
  creds = grpc.credentials.createInsecure(),
  opts = {},
): ObserverClient {
  return new ObserverClientCtor(relay.address, creds, opts);
}

/** Runs GetFlows until the server ends it (or `stop` says so, then cancels). Bounded in time. */
export function getFlows(
  c: ObserverClient,
  req: Req,
  stop?: (got: GetFlowsResponse[]) => boolean,
  timeoutMs = 10_000,
): Promise<GetFlowsResponse[]> {
  const call = c.GetFlows(create(GetFlowsRequestSchema, req));
  const got: GetFlowsResponse[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      call.cancel();
      reject(new Error(`GetFlows timed out after ${got.length} responses`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(got);
    };
    call.on('data', (r: RawGetFlowsResponse) => {
      got.push(r.msg);
      if (stop?.(got)) {
        call.cancel();
        done();
      }
    });
    call.on('end', done);
    call.on('error', (err: grpc.ServiceError) => {
      clearTimeout(timer);
      if (err.code === grpc.status.CANCELLED) resolve(got);
      else reject(err);
    });
  });
}

/** Promisifies a unary call. */
export function unary<T>(
  fn: (cb: (err: grpc.ServiceError | null, res?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((err, res) =>
      err ? reject(err) : res === undefined ? reject(new Error('empty')) : resolve(res),
    ),
  );
}

/** The flows among responses. */
export const flowsOf = (rs: GetFlowsResponse[]): Flow[] =>
  rs.flatMap(r => (r.responseTypes.case === 'flow' ? [r.responseTypes.value] : []));
/** The node_status events among responses. */
export const statusOf = (rs: GetFlowsResponse[]) =>
  rs.flatMap(r => (r.responseTypes.case === 'nodeStatus' ? [r.responseTypes.value] : []));
/** A Timestamp init from epoch ms. */
export const ts = (ms: number) => ({
  seconds: BigInt(Math.floor(ms / 1000)),
  nanos: (ms % 1000) * 1_000_000,
});
/** A flow's time in epoch ms. */
export const msOf = (f: Flow) => Number(f.time!.seconds) * 1000 + f.time!.nanos / 1e6;

/** Polls `cond` every 10 ms; throws after `timeoutMs`. */
export async function until(cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 10));
  }
}
