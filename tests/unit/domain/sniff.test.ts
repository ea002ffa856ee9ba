import { describe, expect, it } from 'vitest';
import { columnNames, detectDelimiter, detectEncoding, headerProblem, sniffUpload } from '../../../server/domain/imports/sniff';

describe('detectEncoding', () => {
  it.each([
    [Buffer.from('\ufeffName,Email', 'utf8'), 'utf-8'],
    [Buffer.from('Zoë,Ærø', 'utf8'), 'utf-8'],
    [Buffer.from([0x4e, 0x65, 0x67, 0x6f, 0x63, 0x69, 0x61, 0x63, 0x69, 0xf3, 0x6e]), 'windows-1252'],
    [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name;Email', 'utf16le')]), 'utf-16le'],
    [Buffer.from('Name;Email\r\nA;b\r\n', 'utf16le'), 'utf-16le'],
    [Buffer.from([0xfe, 0xff, 0, 0x4e, 0, 0x61]), 'utf-16be'],
  ])('%#: %s', (head, expected) => {
    expect(detectEncoding(head)).toBe(expected);
  });

  it('accepts a UTF-8 character cut in two at the end of the sample', () => {
    const bytes = Buffer.from('Name\nZoë', 'utf8');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1))).toBe('utf-8');
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1,5;2;3\n', ';'],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['a|b\n1|2\n', '|'],
    ['"a,1";b;c\n"x,y";2;3\n', ';'],
    ['name\nAcme\n', ','],
  ])('%j -> %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe('headerProblem and columnNames', () => {
  it('refuses an empty or data-looking first row, accepts names', () => {
    expect(headerProblem(['', ' '])).toMatch(/empty/);
    expect(headerProblem(['12', '2024-01-01', 'bob@example.com'])).toMatch(/not column names/);
    expect(headerProblem(['Record ID', 'Company name'])).toBeNull();
  });

  it('names blanks by position and numbers repeats', () => {
    expect(columnNames([' Email ', '', 'email', 'Email'])).toEqual(['Email', 'Column 2', 'email (2)', 'Email (3)']);
  });
});

describe('sniffUpload', () => {
  it('knows xlsx only by its name on a zip, and refuses other formats by content', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
    expect(sniffUpload(zip, 'Export.XLSX')).toEqual({ ok: true, format: 'xlsx' });
    expect(sniffUpload(zip, 'export.docx')).toMatchObject({ ok: false });
    expect(sniffUpload(Buffer.from('<html>'), 'x.csv')).toMatchObject({ ok: false, message: expect.stringMatching(/HTML/) });
    expect(sniffUpload(Buffer.from('a,b'), 'notes.docx')).toMatchObject({ ok: false, message: expect.stringMatching(/\.docx/) });
    expect(sniffUpload(Buffer.from('a,b'), 'export')).toEqual({ ok: true, format: 'csv', encoding: 'utf-8' });
  });
});
