/**
 * grpc-js service definitions for `observer.Observer`, built from the protobuf-es descriptors in
 * proto/gen (no @grpc/proto-loader: it decodes timestamps, wrappers and oneofs differently from the
 * generated types, see hubble-api.md §10).
 *
 * Two definitions exist because the two sides want different things from GetFlows:
 * - the server (lib/sim) writes `GetFlowsResponse` messages, or bytes it already encoded;
 * - the client keeps each response's exact wire bytes (decoded by the wire decoder on the hot path,
 *   by protobuf-es only on demand), so the raw tier can export `hubble observe -o jsonpb` output
 *   without re-encoding (and without losing unknown fields).
 */
import * as grpc from '@grpc/grpc-js';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMessage, DescMethod, MessageShape } from '@bufbuild/protobuf';
import {
  GetFlowsResponseSchema,
  Observer,
  type GetFlowsRequest,
  type GetFlowsResponse,
  type GetNamespacesRequest,
  type GetNamespacesResponse,
  type GetNodesRequest,
  type GetNodesResponse,
  type ServerStatusRequest,
  type ServerStatusResponse,
} from '@/proto/gen/observer/observer_pb';

/**
 * A GetFlows response as the client receives it: its exact wire bytes, plus the protobuf-es message
 * decoded lazily on first access of `msg` (then cached). The hot path never touches `msg`: it decodes
 * `bytes` with lib/hubble/wire-decode.ts, ~8x cheaper than fromBinary (bench/decode.ts).
 */
export interface RawGetFlowsResponse {
  /** `fromBinary(GetFlowsResponseSchema, bytes)`, computed on first access. */
  readonly msg: GetFlowsResponse;
  /**
   * The received message, byte for byte: a private copy, not a view into grpc-js's read buffer. It
   * shares its ArrayBuffer with neighbouring responses (16 KB slabs, see copyToSlab): treat it as
   * read-only, and copy it (`bytes.slice()`) to keep a sparse selection of responses for long.
   */
  bytes: Uint8Array;
}

/** Full gRPC method paths, e.g. for interceptors, logs and tests. */
export const OBSERVER_PATHS = {
  GetFlows: methodPath(Observer.method.getFlows),
  GetNodes: methodPath(Observer.method.getNodes),
  GetNamespaces: methodPath(Observer.method.getNamespaces),
  ServerStatus: methodPath(Observer.method.serverStatus),
} as const;

/** Handlers a server passes to `server.addService(observerServerDefinition, impl)`. */
export interface ObserverServer extends grpc.UntypedServiceImplementation {
  /** May write pre-encoded `GetFlowsResponse` bytes instead of a message (written as-is). */
  GetFlows: grpc.handleServerStreamingCall<GetFlowsRequest, GetFlowsResponse | Uint8Array>;
  GetNodes: grpc.handleUnaryCall<GetNodesRequest, GetNodesResponse>;
  GetNamespaces: grpc.handleUnaryCall<GetNamespacesRequest, GetNamespacesResponse>;
  ServerStatus: grpc.handleUnaryCall<ServerStatusRequest, ServerStatusResponse>;
}

/** Server-side definition: `new grpc.Server().addService(observerServerDefinition, impl)`. */
export const observerServerDefinition: grpc.ServiceDefinition<ObserverServer> = {
  GetFlows: {
    ...methodDefinition(Observer.method.getFlows),
    responseSerialize: (value: GetFlowsResponse | Uint8Array) =>
      value instanceof Uint8Array
        ? asBuffer(value)
        : asBuffer(toBinary(GetFlowsResponseSchema, value)),
  },
  GetNodes: methodDefinition(Observer.method.getNodes),
  GetNamespaces: methodDefinition(Observer.method.getNamespaces),
  ServerStatus: methodDefinition(Observer.method.serverStatus),
};

/** Client-side definition; GetFlows yields {@link RawGetFlowsResponse}. */
export const observerClientDefinition: grpc.ServiceDefinition = {
  GetFlows: {
    ...methodDefinition(Observer.method.getFlows),
    responseDeserialize: decodeRawGetFlowsResponse,
  },
  GetNodes: methodDefinition(Observer.method.getNodes),
  GetNamespaces: methodDefinition(Observer.method.getNamespaces),
  ServerStatus: methodDefinition(Observer.method.serverStatus),
};

type UnaryMethod<Req, Res> = {
  (
    request: Req,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (err: grpc.ServiceError | null, res?: Res) => void,
  ): grpc.ClientUnaryCall;
  (
    request: Req,
    options: Partial<grpc.CallOptions>,
    callback: (err: grpc.ServiceError | null, res?: Res) => void,
  ): grpc.ClientUnaryCall;
  (
    request: Req,
    callback: (err: grpc.ServiceError | null, res?: Res) => void,
  ): grpc.ClientUnaryCall;
};

/** Typed view of a client built from {@link observerClientDefinition}. */
export interface ObserverClient extends grpc.Client {
  GetFlows(
    request: GetFlowsRequest,
    options?: Partial<grpc.CallOptions>,
  ): grpc.ClientReadableStream<RawGetFlowsResponse>;
  GetFlows(
    request: GetFlowsRequest,
    metadata?: grpc.Metadata,
    options?: Partial<grpc.CallOptions>,
  ): grpc.ClientReadableStream<RawGetFlowsResponse>;
  GetNodes: UnaryMethod<GetNodesRequest, GetNodesResponse>;
  GetNamespaces: UnaryMethod<GetNamespacesRequest, GetNamespacesResponse>;
  ServerStatus: UnaryMethod<ServerStatusRequest, ServerStatusResponse>;
}

export type ObserverClientConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: Partial<grpc.ChannelOptions>,
) => ObserverClient;

/** `new ObserverClientCtor('127.0.0.1:4245', grpc.credentials.createInsecure(), opts)`. */
export const ObserverClientCtor = grpc.makeGenericClientConstructor(
  observerClientDefinition,
  Observer.typeName,
) as unknown as ObserverClientConstructor;

/**
 * The client's GetFlows deserializer, exported for tests and for sources that replay raw bytes. It
 * only copies the bytes; protobuf decoding is left to whoever needs it (see RawGetFlowsResponse).
 */
export function decodeRawGetFlowsResponse(buf: Uint8Array): RawGetFlowsResponse {
  // Copy: grpc-js may hand us a slice of a larger read buffer, which the raw tier would otherwise
  // keep alive for as long as it retains the flow.
  return new LazyGetFlowsResponse(copyToSlab(buf));
}

const SLAB_SIZE = 16 * 1024;
let slab = new Uint8Array(0);
let slabUsed = 0;

/**
 * Copies `buf` into a shared slab. One ArrayBuffer per ~1 KB response measured ~2-4 us of CPU per
 * response (allocation, then GC of the backing stores), as much as decoding it; a slab copy costs
 * ~0.5 us (bench/decode.ts, client path). The raw tier keeps responses first in, first out, so a slab
 * is released soon after its newest response; 16 KB (~16 flows) measured as fast as 64 KB and bounds
 * what one long-kept response can pin.
 */
function copyToSlab(buf: Uint8Array): Uint8Array {
  const n = buf.length;
  if (n > SLAB_SIZE / 4) return new Uint8Array(buf);
  if (slabUsed + n > slab.length) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  out.set(buf);
  slabUsed += n;
  return out;
}

class LazyGetFlowsResponse implements RawGetFlowsResponse {
  private decoded: GetFlowsResponse | undefined;

  constructor(public bytes: Uint8Array) {}

  get msg(): GetFlowsResponse {
    return (this.decoded ??= fromBinary(GetFlowsResponseSchema, this.bytes));
  }
}

function methodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

function methodDefinition<I extends DescMessage, O extends DescMessage>(
  method: DescMethod & { input: I; output: O },
): grpc.MethodDefinition<MessageShape<I>, MessageShape<O>> {
  const { input, output } = method;
  return {
    path: methodPath(method),
    requestStream:
      method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
    responseStream:
      method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
    requestSerialize: (value: MessageShape<I>) => asBuffer(toBinary(input, value)),
    requestDeserialize: (buf: Buffer) => fromBinary(input, buf),
    responseSerialize: (value: MessageShape<O>) => asBuffer(toBinary(output, value)),
    responseDeserialize: (buf: Buffer) => fromBinary(output, buf),
    originalName: method.localName,
  };
}

/** grpc-js wants a Buffer; wrap the encoder's Uint8Array without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
