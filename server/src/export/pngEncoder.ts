import { constants, crc32, createDeflate } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Writes an 8-bit RGBA PNG from rows that arrive strip by strip, so a picture of hundreds
 * of megapixels never sits in memory whole. Each row comes with its filter byte (0, none:
 * a diagram is mostly flat colour, which deflate packs well without filtering); deflate
 * runs on libuv's thread pool, off the event loop. Hand-written because the PNG encoders
 * on npm want the whole image at once; the format part is four chunk types.
 */
export class PngWriter {
  private readonly deflate = createDeflate({ level: 1, chunkSize: 1 << 20, strategy: constants.Z_DEFAULT_STRATEGY });
  private readonly parts: Buffer[] = [];
  private readonly done: Promise<void>;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.deflate.on('data', (data: Buffer) => this.parts.push(data));
    this.done = new Promise((resolve, reject) => {
      this.deflate.once('end', resolve);
      this.deflate.once('error', reject);
    });
  }

  /** Adds rows, each `1 + 4 × width` bytes: a filter byte, then the pixels. */
  write(rows: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.deflate.write(rows, (e) => (e ? reject(e) : resolve())));
  }

  async finish(): Promise<Buffer> {
    this.deflate.end();
    await this.done;
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, adaptive filtering, no interlace
    return Buffer.concat([
      SIGNATURE,
      chunk('IHDR', header),
      ...this.parts.map((part) => chunk('IDAT', part)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}
