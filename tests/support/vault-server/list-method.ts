/**
 * Vault clients send the non-standard HTTP method LIST, which Node's HTTP parser rejects (400 before any handler
 * runs). Connections therefore pass through this rewriter first: each request line "LIST /v1/x HTTP/1.1" becomes
 * "GET /v1/x?list=true HTTP/1.1", which Vault itself treats identically. It follows request framing (headers, then
 * Content-Length bytes of body) so only request lines are touched; a chunked request body switches the connection
 * to pass-through.
 */
import { Transform, type TransformCallback } from 'node:stream';

const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 64 * 1024;

export class ListMethodRewriter extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private state: 'head' | 'body' | 'passthrough' = 'head';
  private bodyRemaining = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.state === 'passthrough') {
      callback(null, chunk);
      return;
    }
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      if (this.state === 'body') {
        const take = Math.min(this.bodyRemaining, this.pending.length);
        if (take > 0) this.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.bodyRemaining -= take;
        if (this.bodyRemaining > 0) break;
        this.state = 'head';
        continue;
      }
      if (this.state === 'passthrough') {
        if (this.pending.length) this.push(this.pending);
        this.pending = Buffer.alloc(0);
        break;
      }
      const end = this.pending.indexOf(HEAD_END);
      if (end < 0) {
        if (this.pending.length > MAX_HEAD_BYTES) this.state = 'passthrough';
        else break;
        continue;
      }
      const head = this.pending.subarray(0, end + HEAD_END.length).toString('latin1');
      this.pending = this.pending.subarray(end + HEAD_END.length);
      this.push(Buffer.from(rewriteRequestLine(head), 'latin1'));
      const framing = bodyFraming(head);
      if (framing === 'chunked') this.state = 'passthrough';
      else if (framing > 0) {
        this.state = 'body';
        this.bodyRemaining = framing;
      }
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.pending.length ? this.pending : undefined);
  }
}

function rewriteRequestLine(head: string): string {
  const lineEnd = head.indexOf('\r\n');
  const line = head.slice(0, lineEnd);
  if (!line.startsWith('LIST ')) return head;
  const [, target, version] = line.split(' ');
  const url = `${target}${target.includes('?') ? '&' : '?'}list=true`;
  return `GET ${url} ${version}${head.slice(lineEnd)}`;
}

/** Content-Length of the request body, or "chunked". */
function bodyFraming(head: string): number | 'chunked' {
  let length = 0;
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'transfer-encoding' && value.toLowerCase().includes('chunked')) return 'chunked';
    if (name === 'content-length') length = Number(value) || 0;
  }
  return length;
}
