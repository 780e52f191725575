import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/** The most a piece's headers add to its structs: the run count, and a run's length, client and clock. */
const PIECE_HEADER_BYTES = 5;
const RUN_HEADER_BYTES = 15;

type Struct = Y.Item | Y.GC;

/** The origin of the transaction that cuts items for the pieces (it changes nothing). */
const PIECES_ORIGIN = Symbol('updateInPieces');

/** A client's structs in clock order, the first written from `offset` into it. */
interface Run {
  client: number;
  clock: number;
  structs: { struct: Struct; offset: number }[];
}

/**
 * What `doc` holds that a peer with `targetStateVector` lacks — the sync step 2 answering
 * its step 1 — as updates of at most `maxBytes` each, to be applied in order. One update
 * when the whole fits; else the new structs cut at struct boundaries, each piece a valid
 * update of whole runs, then one update with the delete set. A struct larger than
 * `maxBytes` on its own goes alone, over the limit. The pieces together are exactly the
 * whole: a peer that applies them all holds what `Y.encodeStateAsUpdate` would have given it.
 *
 * Yjs has no public way to cut an update (`diffUpdate` gives suffixes only), so the runs
 * are written with its own struct encoders, as `writeStructs` writes them.
 */
export function updateInPieces(doc: Y.Doc, targetStateVector: Uint8Array, maxBytes: number): Uint8Array[] {
  const whole = Y.encodeStateAsUpdate(doc, targetStateVector);
  if (whole.byteLength <= maxBytes) return [whole];
  const target = Y.decodeStateVector(targetStateVector);
  const pieces: Uint8Array[] = [];
  // Items too large for a piece are split as Yjs splits them to insert inside one. The
  // pieces are written before the transaction ends: its clean-up merges the items again.
  doc.transact((transaction) => {
    let piece = new PieceWriter();
    // Higher client ids first, as Yjs writes them.
    const clients = [...doc.store.clients.keys()].sort((a, b) => b - a);
    for (const client of clients) {
      const structs = doc.store.clients.get(client)!;
      const from = target.get(client) ?? 0;
      if (Y.getState(doc.store, client) <= from) continue;
      let index = Y.findIndexSS(structs, from);
      let offset = from - structs[index]!.id.clock;
      while (index < structs.length) {
        const struct = structs[index]!;
        const bytes = encodedBytes(struct, offset);
        if (bytes > maxBytes && splitItem(transaction, struct, offset, Math.ceil((2 * bytes) / maxBytes))) continue;
        if (!piece.fits(client, bytes, maxBytes)) {
          pieces.push(piece.finish());
          piece = new PieceWriter();
        }
        piece.add(client, struct, offset, bytes);
        index++;
        offset = 0;
      }
    }
    if (!piece.empty) pieces.push(piece.finish());
  }, PIECES_ORIGIN);
  // No new structs, only the delete set (and anything the doc holds pending).
  pieces.push(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)));
  return pieces;
}

/**
 * Splits `struct` from `offset` on into about `parts` items; false when it cannot be split
 * (a struct of one clock, or not an item). A string is never cut inside a surrogate pair
 * (Yjs would replace both halves with U+FFFD).
 */
function splitItem(transaction: Y.Transaction, struct: Struct, offset: number, parts: number): boolean {
  const length = struct.length - offset;
  if (!(struct instanceof Y.Item) || length < 2) return false;
  const { client, clock } = struct.id;
  const text = struct.content instanceof Y.ContentString ? struct.content.str : undefined;
  const cuts = new Set<number>();
  for (let part = 1; part < parts; part++) {
    let cut = offset + Math.max(1, Math.floor((length * part) / parts));
    if (text !== undefined && isHighSurrogate(text.charCodeAt(cut - 1))) cut++;
    if (cut < struct.length) cuts.add(cut);
  }
  if (cuts.size === 0) return false;
  for (const cut of cuts) Y.getItemCleanStart(transaction, Y.createID(client, clock + cut));
  return true;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

function encodedBytes(struct: Struct, offset: number): number {
  const encoder = new Y.UpdateEncoderV1();
  struct.write(encoder, offset);
  return encoder.toUint8Array().byteLength;
}

class PieceWriter {
  private readonly runs = new Map<number, Run>();
  private bytes = PIECE_HEADER_BYTES + 1; // and the empty delete set's count

  get empty(): boolean {
    return this.runs.size === 0;
  }

  /** Whether a struct of `bytes` fits; an empty piece takes any one struct. */
  fits(client: number, bytes: number, maxBytes: number): boolean {
    const header = this.runs.has(client) ? 0 : RUN_HEADER_BYTES;
    return this.empty || this.bytes + header + bytes <= maxBytes;
  }

  add(client: number, struct: Struct, offset: number, bytes: number): void {
    let run = this.runs.get(client);
    if (!run) {
      run = { client, clock: struct.id.clock + offset, structs: [] };
      this.runs.set(client, run);
      this.bytes += RUN_HEADER_BYTES;
    }
    run.structs.push({ struct, offset });
    this.bytes += bytes;
  }

  finish(): Uint8Array {
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, this.runs.size);
    for (const run of this.runs.values()) {
      encoding.writeVarUint(encoder.restEncoder, run.structs.length);
      encoder.writeClient(run.client);
      encoding.writeVarUint(encoder.restEncoder, run.clock);
      for (const { struct, offset } of run.structs) struct.write(encoder, offset);
    }
    encoding.writeVarUint(encoder.restEncoder, 0); // an empty delete set
    return encoder.toUint8Array();
  }
}
