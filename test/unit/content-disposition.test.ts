import { attachmentDisposition, fileNameOf } from '../../src/http/content-disposition';

describe('fileNameOf', () => {
  it('prefers filename* (UTF-8) over the ASCII fallback', () => {
    expect(fileNameOf(`attachment; filename="R_sum_.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9.txt`)).toBe('Résumé.txt');
  });

  it('reads a quoted or bare filename, percent-encoded as Wrike sends it', () => {
    expect(fileNameOf('attachment; filename="plan%20v2.pdf"')).toBe('plan v2.pdf');
    expect(fileNameOf('attachment; filename=notes.txt')).toBe('notes.txt');
    expect(fileNameOf('attachment; filename="a \\"quoted\\" name"')).toBe('a "quoted" name');
  });

  it('gives undefined without a name, and keeps a name that is not valid percent-encoding', () => {
    expect(fileNameOf(undefined)).toBeUndefined();
    expect(fileNameOf('inline')).toBeUndefined();
    expect(fileNameOf('attachment; filename="100%.txt"')).toBe('100%.txt');
  });
});

describe('attachmentDisposition', () => {
  it('always says attachment, with an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition(undefined)).toBe('attachment');
    const header = attachmentDisposition('東京 "x" (1).txt');
    expect(header).toBe(`attachment; filename="__ _x_ (1).txt"; filename*=UTF-8''%E6%9D%B1%E4%BA%AC%20%22x%22%20%281%29.txt`);
    expect(fileNameOf(header)).toBe('東京 "x" (1).txt');
  });
});
