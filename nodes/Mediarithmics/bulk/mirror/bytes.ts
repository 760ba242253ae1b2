/** A growable byte buffer and the varint (unsigned LEB128) of the mirror's binary formats. */

export class ByteWriter {
	private bytes: Uint8Array;
	length = 0;

	constructor(initial = 1024) {
		this.bytes = new Uint8Array(initial);
	}

	private room(extra: number): void {
		if (this.length + extra <= this.bytes.length) return;
		let size = this.bytes.length * 2;
		while (size < this.length + extra) size *= 2;
		const grown = new Uint8Array(size);
		grown.set(this.bytes.subarray(0, this.length));
		this.bytes = grown;
	}

	byte(value: number): void {
		this.room(1);
		this.bytes[this.length++] = value;
	}

	varint(value: number): void {
		if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint out of range: ${value}`);
		let rest = value;
		while (rest >= 0x80) {
			this.byte((rest % 0x80) | 0x80);
			rest = Math.floor(rest / 0x80);
		}
		this.byte(rest);
	}

	raw(bytes: Uint8Array): void {
		this.room(bytes.length);
		this.bytes.set(bytes, this.length);
		this.length += bytes.length;
	}

	text(value: string): void {
		const encoded = Buffer.from(value, 'utf8');
		this.varint(encoded.length);
		this.raw(encoded);
	}

	float64(value: number): void {
		this.room(8);
		new DataView(this.bytes.buffer, this.bytes.byteOffset).setFloat64(this.length, value);
		this.length += 8;
	}

	/** The bytes written so far (a view: copy it before writing more). */
	view(): Uint8Array {
		return this.bytes.subarray(0, this.length);
	}
}

/** Thrown by ByteReader when the bytes end or hold what the format cannot: the caller names the file. */
export class TruncatedError extends Error {}

export class ByteReader {
	offset = 0;
	private readonly data: DataView;

	constructor(readonly bytes: Uint8Array) {
		this.data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}

	need(count: number): void {
		if (this.offset + count > this.bytes.length) throw new TruncatedError(`needs ${count} bytes at offset ${this.offset}`);
	}

	byte(): number {
		this.need(1);
		return this.bytes[this.offset++];
	}

	varint(): number {
		let value = 0;
		let scale = 1;
		for (;;) {
			const next = this.byte();
			value += (next & 0x7f) * scale;
			if (next < 0x80) break;
			scale *= 0x80;
			if (scale > 2 ** 49) throw new TruncatedError(`varint too long at offset ${this.offset}`);
		}
		return value;
	}

	raw(count: number): Uint8Array {
		this.need(count);
		const slice = this.bytes.subarray(this.offset, this.offset + count);
		this.offset += count;
		return slice;
	}

	text(): string {
		const length = this.varint();
		return Buffer.from(this.raw(length)).toString('utf8');
	}

	float64(): number {
		this.need(8);
		const value = this.data.getFloat64(this.offset);
		this.offset += 8;
		return value;
	}
}
