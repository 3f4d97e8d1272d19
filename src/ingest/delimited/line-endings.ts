import { Transform, type TransformCallback } from 'node:stream';

/**
 * Folds any run of carriage returns before a line feed (`\r\n`, `\r\r\n`) into one `\n`, so files
 * that went through a double CRLF conversion parse like clean ones. Lone `\r` inside a field is kept.
 */
export class LineEndingNormaliser extends Transform {
  private pendingCR = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const out = Buffer.allocUnsafe(chunk.length + this.pendingCR);
    let n = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0d) {
        this.pendingCR++;
        continue;
      }
      if (b !== 0x0a) for (; this.pendingCR > 0; this.pendingCR--) out[n++] = 0x0d;
      this.pendingCR = 0;
      out[n++] = b;
    }
    done(null, out.subarray(0, n));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.pendingCR ? Buffer.alloc(this.pendingCR, 0x0d) : null);
  }
}
