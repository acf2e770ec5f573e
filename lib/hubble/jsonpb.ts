/**
 * The `hubble observe -o jsonpb` line format (hubble-api.md §9): one GetFlowsResponse per line,
 * protojson with proto field names. Export must print what the CLI prints for the same message, and
 * import must accept both the current `{"flow":…}` shape and the legacy bare-Flow shape.
 */
import { create, fromBinary, fromJson, toJson } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import type { JsonObject, JsonValue, Registry } from '@bufbuild/protobuf';
import { FlowSchema } from '@/proto/gen/flow/flow_pb';
import { GetFlowsResponseSchema, type GetFlowsResponse } from '@/proto/gen/observer/observer_pb';

/** A jsonpb line that could not be turned into a GetFlowsResponse. */
export class JsonpbParseError extends Error {
  override name = 'JsonpbParseError';
  constructor(
    /** 1-based line number in the input. */
    readonly lineNumber: number,
    /** What is wrong, without the line prefix. */
    readonly problem: string,
  ) {
    super(`jsonpb line ${lineNumber}: ${problem}`);
  }
}

export interface ToJsonpbOptions {
  /** Needed only to print `extensions` (google.protobuf.Any) payloads of vendor types. */
  registry?: Registry;
}

/**
 * One jsonpb line (no trailing newline) for a GetFlowsResponse, exactly as `hubble observe -o jsonpb`
 * prints it: proto field names, enum names (unknown numbers as numbers), 64-bit integers as strings,
 * RFC 3339 timestamps with 0/3/6/9 fractional digits, wrappers unwrapped, zero values omitted, keys in
 * declaration order. Pass the raw wire bytes when available: fields unknown to our transcription are
 * dropped from JSON either way, as the CLI's own (older or newer) proto would do for its unknowns.
 */
export function toJsonpbLine(
  bytesOrMsg: Uint8Array | GetFlowsResponse,
  opts?: ToJsonpbOptions,
): string {
  const msg =
    bytesOrMsg instanceof Uint8Array ? fromBinary(GetFlowsResponseSchema, bytesOrMsg) : bytesOrMsg;
  const json = toJson(GetFlowsResponseSchema, msg, {
    useProtoFieldName: true,
    registry: opts?.registry,
  });
  return JSON.stringify(json);
}

export interface ParseJsonpbOptions {
  /** 1-based line number used in error messages. Default 1. */
  lineNumber?: number;
  /**
   * Reject keys our transcription does not know. Off by default: exports from a newer hubble may
   * carry fields we have not transcribed yet, and losing those beats refusing the whole file.
   */
  strict?: boolean;
}

// Keys that only a GetFlowsResponse has; a line with none of them is a legacy bare Flow.
const RESPONSE_ONEOF_KEYS = ['flow', 'node_status', 'lost_events', 'nodeStatus', 'lostEvents'];

/**
 * Parses one jsonpb line into a GetFlowsResponse. Accepts the current shape
 * (`{"flow":{…},"node_name":…,"time":…}`, also node_status / lost_events) and the legacy bare-Flow
 * shape printed before hubble CLI 0.11 (`{"time":…,"verdict":…,…}`), which is wrapped into a response
 * with the flow's own node_name and time. Throws {@link JsonpbParseError} naming the line.
 */
export function parseJsonpbLine(line: string, opts?: ParseJsonpbOptions): GetFlowsResponse {
  const lineNumber = opts?.lineNumber ?? 1;
  const ignoreUnknownFields = !opts?.strict;
  let value: JsonValue;
  try {
    value = JSON.parse(line) as JsonValue;
  } catch (err) {
    throw new JsonpbParseError(lineNumber, `invalid JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new JsonpbParseError(lineNumber, 'expected a JSON object');
  }
  try {
    if (isResponseShape(value)) {
      return fromJson(GetFlowsResponseSchema, value, { ignoreUnknownFields });
    }
    const flow = fromJson(FlowSchema, value, { ignoreUnknownFields });
    // The CLI stamps a response with the flow's node and time; mirror that for legacy lines.
    return create(GetFlowsResponseSchema, {
      responseTypes: { case: 'flow', value: flow },
      nodeName: flow.nodeName,
      time:
        flow.time &&
        create(TimestampSchema, { seconds: flow.time.seconds, nanos: flow.time.nanos }),
    });
  } catch (err) {
    throw new JsonpbParseError(lineNumber, (err as Error).message);
  }
}

/**
 * Parses a whole jsonpb document (one response per line; blank lines skipped). Line numbers in errors
 * are those of the input text.
 */
export function parseJsonpbText(
  text: string,
  opts?: Omit<ParseJsonpbOptions, 'lineNumber'>,
): GetFlowsResponse[] {
  const out: GetFlowsResponse[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    out.push(parseJsonpbLine(line, { ...opts, lineNumber: i + 1 }));
  }
  return out;
}

function isResponseShape(obj: JsonObject): boolean {
  for (const k of RESPONSE_ONEOF_KEYS) if (k in obj) return true;
  // `{}` or only node_name/time: an empty response (no payload), not a flow.
  for (const k in obj) if (k !== 'node_name' && k !== 'nodeName' && k !== 'time') return false;
  return true;
}
