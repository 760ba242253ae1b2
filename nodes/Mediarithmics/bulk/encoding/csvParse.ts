/**
 * Fields of one CSV record, RFC 4180: fields separated by commas; a field
 * that holds a comma, a quote, CR or LF is enclosed in double quotes, and a
 * quote inside it is doubled. The record's own line ending is already gone.
 *
 * Strict on purpose: a stray quote inside an unquoted field is what makes a
 * splitter think a record never ends, so it is reported, not guessed at.
 */

export type CsvFieldsResult = { fields: string[] } | { problem: string };

const QUOTE = 0x22;
const COMMA = 0x2c;

export function parseCsvFields(text: string): CsvFieldsResult {
	const fields: string[] = [];
	let index = 0;
	for (;;) {
		const fieldNumber = fields.length + 1;
		if (text.charCodeAt(index) === QUOTE) {
			let value = '';
			let position = index + 1;
			for (;;) {
				const quote = text.indexOf('"', position);
				if (quote === -1) return { problem: `field ${fieldNumber} opens a quote that is never closed` };
				value += text.slice(position, quote);
				if (text.charCodeAt(quote + 1) === QUOTE) {
					value += '"';
					position = quote + 2;
					continue;
				}
				index = quote + 1;
				break;
			}
			fields.push(value);
			if (index === text.length) return { fields };
			if (text.charCodeAt(index) !== COMMA) {
				return {
					problem: `field ${fieldNumber} has text after its closing quote: quote the whole field and double any quote inside it`,
				};
			}
			index++;
		} else {
			const comma = text.indexOf(',', index);
			const end = comma === -1 ? text.length : comma;
			const value = text.slice(index, end);
			if (value.indexOf('"') !== -1) {
				return {
					problem: `field ${fieldNumber} holds a quote but is not quoted: enclose it in quotes and double the quote ("")`,
				};
			}
			if (value.indexOf('\r') !== -1) {
				return { problem: `field ${fieldNumber} holds a carriage return but is not quoted` };
			}
			fields.push(value);
			if (comma === -1) return { fields };
			index = comma + 1;
		}
	}
}
