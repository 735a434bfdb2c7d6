import { describe, expect, it } from 'vitest';

import { filenameOf } from './save-file';

const answer = (disposition?: string) =>
  new Response('x', disposition ? { headers: { 'Content-Disposition': disposition } } : {});

describe('filenameOf', () => {
  it("takes the server's UTF-8 name over the plain one", () => {
    const header = `attachment; filename="students.xlsx"; filename*=UTF-8''%E5%AD%A6%E5%91%98.xlsx`;
    expect(filenameOf(answer(header), 'fallback.xlsx')).toBe('学员.xlsx');
  });

  it('takes the plain name when there is no UTF-8 one, or it is not valid', () => {
    expect(filenameOf(answer('attachment; filename="receipt-KTR1.pdf"'), 'r.pdf')).toBe(
      'receipt-KTR1.pdf',
    );
    const broken = `attachment; filename="records.xlsx"; filename*=UTF-8''%E5%AD`;
    expect(filenameOf(answer(broken), 'fallback.xlsx')).toBe('records.xlsx');
  });

  it('falls back when the server names no file', () => {
    expect(filenameOf(answer(), 'certificate.pdf')).toBe('certificate.pdf');
    expect(filenameOf(answer('attachment'), 'certificate.pdf')).toBe('certificate.pdf');
  });
});
