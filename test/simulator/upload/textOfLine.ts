// Strict UTF-8 decoding of one line: the platform reads files as utf-8 (the
// only encoding the simulator accepts), so bytes that are not UTF-8 make the
// line fail instead of being silently replaced.

import { TextDecoder } from 'util';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_BOM = '\uFEFF';

/** The line's text, or undefined when its bytes are not valid UTF-8. */
export function strictUtf8Text(bytes: Buffer, isFirstLine: boolean): string | undefined {
  try {
    const text = strictUtf8.decode(bytes);
    // A byte order mark at the very start of a file is tolerated, as editors add one.
    return isFirstLine && text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/** Text for the error file, where a person must still recognise the line. */
export function lenientText(bytes: Buffer): string {
  return bytes.toString('utf8');
}

export function isBlank(text: string): boolean {
  return text.trim() === '';
}
