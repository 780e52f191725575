import type { LinksChange } from '../bus/Bus';

/**
 * The frames a board's channel carries. A header of newline-separated text fields, then
 * the payload bytes:
 *
 *   u\n<instance>\n<previous log id>\n<log id>\n<Yjs update>   (published by the append script)
 *   a\n<instance>\n<awareness update>
 *   l\n<instance>\n<new link generation, or "deleted">\n   (links reset, board deleted)
 *
 * The previous id lets a receiver see a gap; the instance id lets it skip its own frames.
 */
export type ChannelFrame =
  | { type: 'update'; instance: string; prev: string; id: string; update: Uint8Array }
  | { type: 'awareness'; instance: string; update: Uint8Array }
  | { type: 'links'; instance: string; change: LinksChange };

const NL = 0x0a;

function fields(buf: Buffer, count: number): { parts: string[]; rest: Uint8Array } | undefined {
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const end = buf.indexOf(NL, at);
    if (end < 0) return undefined;
    parts.push(buf.toString('latin1', at, end));
    at = end + 1;
  }
  return { parts, rest: new Uint8Array(buf.buffer, buf.byteOffset + at, buf.byteLength - at) };
}

/** Parses a channel frame; undefined when it is not one of ours. */
export function decodeFrame(buf: Buffer): ChannelFrame | undefined {
  if (buf[0] === 0x75 /* u */) {
    const f = fields(buf, 4);
    if (!f) return undefined;
    const [, instance = '', prev = '', id = ''] = f.parts;
    return { type: 'update', instance, prev, id, update: f.rest };
  }
  if (buf[0] === 0x61 /* a */) {
    const f = fields(buf, 2);
    if (!f) return undefined;
    return { type: 'awareness', instance: f.parts[1] ?? '', update: f.rest };
  }
  if (buf[0] === 0x6c /* l */) {
    const f = fields(buf, 3);
    const change = f && linksChangeOf(f.parts[2] ?? '');
    return change ? { type: 'links', instance: f.parts[1] ?? '', change } : undefined;
  }
  return undefined;
}

/** A links change as written in a frame (and in the board's links key): a generation, or `deleted`. */
export function linksChangeOf(value: string): LinksChange | undefined {
  if (value === 'deleted') return { type: 'deleted' };
  return /^[0-9]{1,15}$/.test(value) ? { type: 'reset', generation: Number(value) } : undefined;
}

export function encodeLinksFrame(instance: string, change: LinksChange): Buffer {
  const value = change.type === 'deleted' ? 'deleted' : String(change.generation);
  return Buffer.from(`l\n${instance}\n${value}\n`, 'latin1');
}

export function encodeAwarenessFrame(instance: string, update: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`a\n${instance}\n`, 'latin1'), update]);
}
