/**
 * Whether a comment Wrike holds is the text a client sent. Wrike's editor rewrites HTML (tag names, line breaks,
 * white space, escaping), so HTML is never compared byte for byte: both sides are reduced to their words, the
 * stored one as Wrike's `plainText=true` gives it, the sent one by the same rules.
 */
export function sameCommentText(wrikePlainText: string, sentHtml: string): boolean {
  return words(wrikePlainText) === words(plainTextOf(sentHtml));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML reduced to its text: line breaks and block ends as white space, tags gone, entities decoded. */
export function plainTextOf(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    });
}

function words(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
