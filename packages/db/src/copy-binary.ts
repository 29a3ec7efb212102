/**
 * A reader of PostgreSQL's binary COPY format (COPY … TO STDOUT WITH (FORMAT binary); "Binary Format" in the
 * COPY reference page): a signature, a header, then per tuple a field count and per field a length and that many
 * bytes. No copies: `bytes(i)` is a view into the buffer the server's bytes arrived in.
 *
 * Why not node-postgres rows: its text protocol sends bytea as hex, which the client decodes into a fresh Buffer
 * per value (and its "binary" result mode decodes every value as UTF-8 text, which corrupts bytea). For bulk
 * reads of hashes and payloads that decoding costs more than hashing them.
 */

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // "PGCOPY\n\377\r\n\0"
/** Header flag bit 16: each tuple carries an OID first (WITH OIDS, gone since PostgreSQL 12). */
const HAS_OIDS = 1 << 16;

export class CopyFormatError extends Error {
  override name = "CopyFormatError";
}

export class BinaryCopyReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #pos: number;
  #fields = 0;
  #ended = false;
  #start = new Int32Array(16);
  #length = new Int32Array(16);
  readonly #text = new TextDecoder("utf-8", { fatal: true });

  constructor(bytes: Uint8Array) {
    // A plain Uint8Array view even of a Buffer: its subarrays cost less to make than Buffer slices.
    this.#bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 19 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new CopyFormatError("not binary COPY data (no PGCOPY signature)");
    const flags = this.#view.getInt32(11);
    if (flags & HAS_OIDS) throw new CopyFormatError("binary COPY data with OIDs is not supported");
    if (flags & 0xffff) throw new CopyFormatError(`binary COPY header has unknown critical flags ${(flags & 0xffff).toString(16)}`);
    const extension = this.#view.getInt32(15);
    this.#pos = 19 + extension;
    if (extension < 0 || this.#pos > bytes.length) throw new CopyFormatError("binary COPY header extension runs past the data");
  }

  /** Move to the next tuple; false after the last one (the trailer). Throws on data cut short. */
  next(): boolean {
    if (this.#ended) return false;
    const bytes = this.#bytes;
    if (this.#pos + 2 > bytes.length) throw new CopyFormatError("binary COPY data ends without its trailer");
    const count = this.#view.getInt16(this.#pos);
    this.#pos += 2;
    if (count === -1) {
      this.#ended = true;
      this.#fields = 0;
      return false;
    }
    if (count < 0) throw new CopyFormatError(`bad field count ${count}`);
    if (count > this.#start.length) {
      this.#start = new Int32Array(count);
      this.#length = new Int32Array(count);
    }
    let pos = this.#pos;
    for (let i = 0; i < count; i++) {
      if (pos + 4 > bytes.length) throw new CopyFormatError("binary COPY tuple cut short");
      const length = this.#view.getInt32(pos);
      pos += 4;
      if (length < -1 || pos + Math.max(length, 0) > bytes.length) throw new CopyFormatError("binary COPY field runs past the data");
      this.#start[i] = pos;
      this.#length[i] = length;
      if (length > 0) pos += length;
    }
    this.#pos = pos;
    this.#fields = count;
    return true;
  }

  /** Fields in the current tuple. */
  get fields(): number {
    return this.#fields;
  }

  isNull(i: number): boolean {
    return this.#at(i) === -1;
  }

  /** The field's bytes (bytea, or any type's binary send format), as a view; null for SQL NULL. */
  bytes(i: number): Uint8Array | null {
    const length = this.#at(i);
    if (length === -1) return null;
    const start = this.#start[i]!;
    return this.#bytes.subarray(start, start + length);
  }

  /** A text (or varchar) field. */
  text(i: number): string | null {
    const b = this.bytes(i);
    return b === null ? null : this.#text.decode(b);
  }

  /** A smallint, integer or bigint field as a number; a bigint beyond 2^53 throws rather than round. */
  int(i: number): number | null {
    const length = this.#at(i);
    if (length === -1) return null;
    const at = this.#start[i]!;
    if (length === 2) return this.#view.getInt16(at);
    if (length === 4) return this.#view.getInt32(at);
    if (length === 8) {
      const n = this.#view.getBigInt64(at);
      if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) throw new CopyFormatError(`bigint ${n} is not a safe integer`);
      return Number(n);
    }
    throw new CopyFormatError(`field ${i} is ${length} bytes, not an integer`);
  }

  #at(i: number): number {
    if (!(i >= 0 && i < this.#fields)) throw new RangeError(`field ${i} of a ${this.#fields}-field tuple`);
    return this.#length[i]!;
  }
}
