import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { ArchiveEntry } from './Store';

/**
 * One archive entry as bytes, for a store that keeps entries as opaque values (a Redis
 * list): `at`, the author's presence as JSON (empty when unknown), the update.
 */
export function encodeArchiveEntry({ at, by, update }: ArchiveEntry): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeFloat64(encoder, at);
  encoding.writeVarString(encoder, by ? JSON.stringify(by) : '');
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The entry, or undefined for bytes that are not one (written by hand, or by another version). */
export function decodeArchiveEntry(bytes: Uint8Array): ArchiveEntry | undefined {
  try {
    const decoder = decoding.createDecoder(bytes);
    const at = decoding.readFloat64(decoder);
    const by = authorOf(decoding.readVarString(decoder));
    const update = decoding.readVarUint8Array(decoder);
    return { at, by, update };
  } catch {
    return undefined;
  }
}

/** An author as stored (JSON `{name, color}`, or empty): null when there is none, or it does not read as one. */
export function authorOf(text: string | null): ArchiveEntry['by'] {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as { name?: unknown; color?: unknown };
    return typeof value.name === 'string' && typeof value.color === 'string'
      ? { name: value.name, color: value.color }
      : null;
  } catch {
    return null;
  }
}
