/**
 * Test helper: reads a Server-Sent Events Response and parses its events, with a time bound on every
 * wait (house rule: no unbounded loops in tests).
 */
export interface ParsedEvent {
  event: string;
  id: string | null;
  data: unknown;
  /** ms since the reader started. */
  atMs: number;
}

export class SseReader {
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  private decoder = new TextDecoder();
  private buf = '';
  private readonly started = Date.now();
  readonly events: ParsedEvent[] = [];
  comments = 0;

  constructor(res: Response) {
    this.reader = res.body!.getReader();
  }

  /** Reads until `until(events)` holds or `timeoutMs` passes; returns all events so far. */
  async readUntil(
    until: (events: ParsedEvent[]) => boolean,
    timeoutMs: number,
  ): Promise<ParsedEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!until(this.events) && Date.now() < deadline) {
      const timeout = new Promise<null>(resolve =>
        setTimeout(() => resolve(null), Math.max(1, deadline - Date.now())),
      );
      const r = await Promise.race([this.reader.read(), timeout]);
      if (r === null || r.done) break;
      this.buf += this.decoder.decode(r.value, { stream: true });
      this.parse();
    }
    return this.events;
  }

  /** Reads for `ms` regardless of content. */
  readFor(ms: number): Promise<ParsedEvent[]> {
    return this.readUntil(() => false, ms);
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }

  private parse(): void {
    let end: number;
    while ((end = this.buf.indexOf('\n\n')) >= 0) {
      const block = this.buf.slice(0, end);
      this.buf = this.buf.slice(end + 2);
      let event = 'message';
      let id: string | null = null;
      let data: string | null = null;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments++;
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: '))
          data = (data === null ? '' : data + '\n') + line.slice(6);
      }
      if (data !== null)
        this.events.push({ event, id, data: JSON.parse(data), atMs: Date.now() - this.started });
    }
  }
}
