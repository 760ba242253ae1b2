// RFC 4180 fields of one CSV record (a record may span several lines when a
// quoted field holds a newline; the caller joins them first).

export type CsvFieldsResult = { fields: string[] } | { error: string };

export function csvFields(record: string): CsvFieldsResult {
  const fields: string[] = [];
  let position = 0;
  for (;;) {
    let value: string;
    if (record[position] === '"') {
      // Quoted field: runs until a quote that is not doubled.
      value = '';
      position += 1;
      for (;;) {
        if (position >= record.length) return { error: 'Unterminated quoted field (missing closing quote)' };
        const quote = record.indexOf('"', position);
        if (quote === -1) return { error: 'Unterminated quoted field (missing closing quote)' };
        value += record.slice(position, quote);
        if (record[quote + 1] === '"') {
          value += '"';
          position = quote + 2;
          continue;
        }
        position = quote + 1;
        break;
      }
      if (position < record.length && record[position] !== ',') {
        return { error: `Unexpected character '${record[position]}' after a closing quote in field ${fields.length + 1}` };
      }
    } else {
      const comma = record.indexOf(',', position);
      const end = comma === -1 ? record.length : comma;
      value = record.slice(position, end);
      if (value.includes('"')) {
        return { error: `A quote inside an unquoted field ${fields.length + 1}: quote the whole field and double inner quotes` };
      }
      position = end;
    }
    fields.push(value);
    if (position >= record.length) return { fields };
    position += 1; // skip the comma; a comma at the very end means one more, empty, field
    if (position === record.length) {
      fields.push('');
      return { fields };
    }
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * Whether a record is still inside a quoted field at the end of this line
 * (so the next line continues it). Follows RFC 4180: only a quote that starts
 * a field opens a quoted field, "" inside one is an escaped quote; a stray
 * quote in an unquoted field is just a character here (csvFields reports it).
 */
export function endsInsideQuotes(line: Buffer, startsInsideQuotes: boolean): boolean {
  if (!startsInsideQuotes && line.indexOf(QUOTE) === -1) return false; // the common case, without a byte loop
  let insideQuotes = startsInsideQuotes;
  let atFieldStart = !startsInsideQuotes;
  for (let index = 0; index < line.length; index++) {
    const byte = line[index];
    if (insideQuotes) {
      if (byte !== QUOTE) continue;
      if (line[index + 1] === QUOTE) index += 1;
      else insideQuotes = false;
    } else if (byte === COMMA) {
      atFieldStart = true;
    } else {
      if (byte === QUOTE && atFieldStart) insideQuotes = true;
      atFieldStart = false;
    }
  }
  return insideQuotes;
}
