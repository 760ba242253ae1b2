/**
 * UTF-8 checks. The platform reads files as UTF-8; a line saved in another
 * encoding (Windows-1252 exports are the usual culprit) must be reported,
 * not silently turned into U+FFFD by Buffer#toString.
 */
// A fatal TextDecoder rather than buffer.isUtf8: community nodes may import
// no Node module but crypto (n8n's no-restricted-imports rule). It is only
// reached for lines whose decoding produced U+FFFD, so its speed hardly matters.
const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

export function isUtf8(input: Uint8Array): boolean {
	try {
		fatalDecoder.decode(input);
		return true;
	} catch {
		return false;
	}
}

/**
 * Decode `bytes[from, to)` as UTF-8, or return undefined when it is not
 * valid UTF-8. Buffer#toString replaces invalid bytes with U+FFFD, so the
 * strict check is needed only when that character shows up: the common case
 * stays a single pass over the bytes.
 */
export function decodeUtf8(bytes: Buffer, from: number, to: number): string | undefined {
	const text = bytes.toString('utf8', from, to);
	if (text.indexOf('\uFFFD') === -1) return text;
	return isUtf8(bytes.subarray(from, to)) ? text : undefined;
}

/**
 * The offset of the first byte that breaks UTF-8, or -1. Sequence by sequence:
 * only called to explain a line already known to be invalid.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
	let index = 0;
	while (index < bytes.length) {
		if (bytes[index] < 0x80) {
			index++;
			continue;
		}
		const next = readUtf8(bytes, index, bytes.length);
		if (next === -1) return index;
		index = next;
	}
	return -1;
}

let lastCodePoint = 0;

/** The code point of the sequence readUtf8 read last. */
export const utf8CodePoint = (): number => lastCodePoint;

/**
 * Validates the UTF-8 sequence starting at `index` (a byte >= 0x80) as a fatal decoder does: overlong
 * forms, UTF-16 surrogates and values past U+10FFFF are invalid. The index after it, or -1.
 */
export function readUtf8(bytes: Uint8Array, index: number, to: number): number {
	const lead = bytes[index];
	let length: number;
	let min: number;
	if (lead >= 0xc2 && lead <= 0xdf) {
		length = 2;
		min = 0x80;
	} else if (lead >= 0xe0 && lead <= 0xef) {
		length = 3;
		min = 0x800;
	} else if (lead >= 0xf0 && lead <= 0xf4) {
		length = 4;
		min = 0x10000;
	} else {
		return -1;
	}
	if (index + length > to) return -1;
	let codePoint = lead & (0xff >> (length + 1));
	for (let k = 1; k < length; k++) {
		const next = bytes[index + k];
		if ((next & 0xc0) !== 0x80) return -1;
		codePoint = (codePoint << 6) | (next & 0x3f);
	}
	if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return -1;
	lastCodePoint = codePoint;
	return index + length;
}

/** "invalid UTF-8 at byte 17 of the line (0xE9)…" for a line known to be invalid. */
export function describeInvalidUtf8(bytes: Uint8Array, what = 'line'): string {
	const offset = firstInvalidUtf8Offset(bytes);
	const at =
		offset === -1
			? ''
			: ` at byte ${offset + 1} of the ${what} (0x${bytes[offset].toString(16).toUpperCase().padStart(2, '0')})`;
	return `invalid UTF-8${at}: the file must be saved as UTF-8 (exports in Latin-1 or Windows-1252 are a common cause)`;
}
