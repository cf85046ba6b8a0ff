import type { WrikeClient } from './client';
import type { WrikeContact } from './types';

/** One typed function per Wrike endpoint. */

/** GET /contacts?me=true: the user the token acts as. */
export async function getMe(client: WrikeClient): Promise<WrikeContact | undefined> {
  const envelope = await client.get<WrikeContact>('/contacts', { me: true });
  return envelope.data[0];
}
