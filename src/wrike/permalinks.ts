/**
 * The API v2 id in what a user pastes: a Wrike link (`https://www.wrike.com/open.htm?id=800000413`, any Wrike data
 * center) or the bare number. Anything else is not a Wrike link. Pure; unit-tested.
 */
export function legacyIdOf(input: string): string | undefined {
  const text = input.trim();
  if (/^\d{1,18}$/.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || !/^([a-z0-9-]+\.)*wrike\.com$/i.test(url.hostname) || url.pathname !== '/open.htm') return undefined;
  const id = url.searchParams.get('id');
  return id && /^\d{1,18}$/.test(id) ? id : undefined;
}

/** Wrike's names of the API v2 id types `GET /ids` converts. */
export const LEGACY_ID_TYPES = {
  ACCOUNT: 'ApiV2Account', USER: 'ApiV2User', FOLDER: 'ApiV2Folder', TASK: 'ApiV2Task', COMMENT: 'ApiV2Comment',
  ATTACHMENT: 'ApiV2Attachment', TIMELOG: 'ApiV2Timelog',
} as const;
