/**
 * Comment HTML as Wrike's editor stores it: what a client sends is not what it reads back. The sandbox normalises
 * the way Wrike visibly does (bold and italic tags renamed, line breaks self-closed, runs of white space collapsed,
 * a bare ampersand escaped), so that a client comparing HTML byte for byte fails here first.
 */
export function normaliseCommentHtml(html: string): string {
  return html
    .trim()
    .replace(/<(\/?)b>/gi, '<$1strong>')
    .replace(/<(\/?)i>/gi, '<$1em>')
    .replace(/<br\s*\/?>/gi, '<br />')
    .replace(/\s+/g, ' ')
    .replace(/&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)/gi, '&amp;');
}

/** Plain text as Wrike keeps it in HTML (`plainText=true` on a write): `&`, `<` and `>` escaped. */
export function escapePlainText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A comment's text with `plainText=true`: line breaks and block ends as new lines, tags gone, entities decoded. */
export function commentPlainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .trim();
}
