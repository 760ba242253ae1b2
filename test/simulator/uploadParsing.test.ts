// The streaming pieces of an upload: line splitting across chunks, CSV
// record boundaries and fields (no HTTP).

import { csvFields, endsInsideQuotes } from './upload/csvFields';
import { LineSplitter, type RawLine } from './upload/lineSplitter';

function split(chunks: string[], maxLineBytes = 1000): RawLine[] {
  const lines: RawLine[] = [];
  const splitter = new LineSplitter(maxLineBytes, (line) => lines.push(line));
  for (const chunk of chunks) splitter.write(Buffer.from(chunk));
  splitter.end();
  return lines;
}
const texts = (lines: RawLine[]) => lines.map((line) => line.bytes.toString('utf8'));

describe('LineSplitter', () => {
  it('joins lines cut across chunks and numbers them from 1', () => {
    const lines = split(['ab', 'c\nde', 'f\n', '\ng']);
    expect(texts(lines)).toEqual(['abc', 'def', '', 'g']);
    expect(lines.map((line) => line.lineNumber)).toEqual([1, 2, 3, 4]);
  });

  it('strips the \\r of CRLF, even when \\r and \\n arrive in different chunks', () => {
    expect(texts(split(['a\r', '\nb\r\n']))).toEqual(['a', 'b']);
  });

  it('emits no extra line after a final newline', () => {
    expect(texts(split(['a\nb\n']))).toEqual(['a', 'b']);
    expect(split([''])).toEqual([]);
  });

  it('keeps a multi-byte character cut across chunks intact', () => {
    const bytes = Buffer.from('Zoë\n');
    const lines: RawLine[] = [];
    const splitter = new LineSplitter(100, (line) => lines.push(line));
    splitter.write(bytes.subarray(0, 3));
    splitter.write(bytes.subarray(3));
    splitter.end();
    expect(texts(lines)).toEqual(['Zoë']);
  });

  it('marks a line over the limit as too long and keeps only its beginning', () => {
    const lines = split(['0123456789', 'abcdef\nok\n'], 8);
    expect(lines[0]).toEqual(expect.objectContaining({ tooLong: true, lineNumber: 1 }));
    expect(lines[0].bytes.toString()).toBe('01234567');
    expect(lines[1]).toEqual(expect.objectContaining({ tooLong: false, lineNumber: 2 }));
    expect(lines[1].bytes.toString()).toBe('ok');
  });
});

describe('endsInsideQuotes', () => {
  const inside = (line: string, startsInside = false) => endsInsideQuotes(Buffer.from(line), startsInside);
  it('follows RFC 4180 quoting', () => {
    expect(inside('a,b,c')).toBe(false);
    expect(inside('a,"b')).toBe(true);
    expect(inside('a,"b ""quoted"" c"')).toBe(false);
    expect(inside('a,"b ""')).toBe(true);
    expect(inside('end of field",x')).toBe(false);
    expect(inside('still ""inside', true)).toBe(true);
  });

  it('treats a quote inside an unquoted field as a plain character', () => {
    expect(inside('a,b"c,d')).toBe(false);
  });
});

describe('csvFields', () => {
  it('splits plain, quoted and empty fields', () => {
    expect(csvFields('a,"b,c","d ""e""",,f')).toEqual({ fields: ['a', 'b,c', 'd "e"', '', 'f'] });
    expect(csvFields('"multi\nline",x')).toEqual({ fields: ['multi\nline', 'x'] });
    expect(csvFields('a,')).toEqual({ fields: ['a', ''] });
    expect(csvFields('')).toEqual({ fields: [''] });
  });

  it('reports broken quoting', () => {
    expect(csvFields('a,"b')).toEqual({ error: expect.stringContaining('Unterminated quoted field') });
    expect(csvFields('a,"b"c')).toEqual({ error: expect.stringContaining("Unexpected character 'c' after a closing quote") });
    expect(csvFields('a,b"c')).toEqual({ error: expect.stringContaining('A quote inside an unquoted field 2') });
  });
});
