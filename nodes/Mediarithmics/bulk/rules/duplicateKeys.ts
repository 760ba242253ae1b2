/**
 * A key written twice in one JSON object (`{"operation":"UPDATE", …,
 * "operation":"DELETE"}`). JSON.parse keeps the last one; other readers may
 * keep the first, so such a line is ambiguous and is refused. `text` must be
 * valid JSON (it was parsed). Strings are stepped over with indexOf, so the
 * cost is mostly native.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether `text` (parsed as `value`) may hold a key twice, told cheaply: each
 * key written is followed by a colon, so with no more colons in the text than
 * properties in the value (the common case, no colon inside a string), no key
 * was written twice. Otherwise: a line written as JSON.stringify writes it
 * lost no key either; only the rest is scanned.
 */
export function mayRepeatAKey(text: string, value: unknown): boolean {
	let colons = 0;
	for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) colons++;
	if (colons <= propertyCount(value)) return false;
	try {
		return JSON.stringify(value) !== text;
	} catch {
		return true; // nested too deep for JSON.stringify: let the scan tell
	}
}

/** The properties of every object in `value`, counted without recursion: a line may nest deeper than the stack. */
function propertyCount(value: unknown): number {
	let count = 0;
	const pending: unknown[] = [value];
	while (pending.length > 0) {
		const next = pending.pop();
		if (typeof next !== 'object' || next === null) continue;
		if (Array.isArray(next)) {
			for (const item of next) pending.push(item);
			continue;
		}
		for (const key in next) {
			count++;
			pending.push((next as Record<string, unknown>)[key]);
		}
	}
	return count;
}

/** The first key that appears twice in one object, with the path of that object ("" for the line itself), or undefined. */
export function duplicateKeyOf(text: string): { key: string; path: string } | undefined {
	// One frame per open object or array: the keys seen so far (undefined for an array), and the frame's path.
	const frames: Array<{ keys: string[] | undefined; path: string; lastKey: string }> = [];
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === QUOTE) {
			const end = closingQuote(text, index + 1);
			const frame = frames[frames.length - 1];
			let next = end + 1;
			while (next < text.length && isBlank(text.charCodeAt(next))) next++;
			if (frame?.keys !== undefined && text.charCodeAt(next) === 0x3a /* : */) {
				const raw = text.slice(index + 1, end);
				const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
				if (frame.keys.includes(key)) return { key, path: frame.path };
				frame.keys.push(key);
				frame.lastKey = key;
			}
			index = end;
		} else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
			const parent = frames[frames.length - 1];
			const path = parent === undefined ? '' : parent.keys === undefined ? `${parent.path}[]` : parent.path ? `${parent.path}.${parent.lastKey}` : parent.lastKey;
			frames.push({ keys: code === 0x7b ? [] : undefined, path, lastKey: '' });
		} else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
			frames.pop();
		}
	}
	return undefined;
}

/** The index of the quote that closes the string whose first character is at `from`. */
function closingQuote(text: string, from: number): number {
	for (let quote = text.indexOf('"', from); ; quote = text.indexOf('"', quote + 1)) {
		let backslashes = 0;
		while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
		if (backslashes % 2 === 0) return quote;
	}
}

function isBlank(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
