/**
 * The file name a Content-Disposition header gives (RFC 6266): `filename*` (RFC 5987, UTF-8 percent-encoded)
 * before `filename`, whose value may be quoted and, as Wrike's own downloads have it, percent-encoded too.
 */
export function fileNameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i.exec(header);
  if (extended && extended[1]!.toLowerCase() === 'utf-8') {
    const name = decodeSafely(extended[2]!.trim());
    if (name) return name;
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  const value = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
  return value ? decodeSafely(value) : undefined;
}

/** `attachment` with the name as RFC 6266 says: an ASCII fallback, and the real name in UTF-8. */
export function attachmentDisposition(name: string | undefined): string {
  if (!name) return 'attachment';
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
