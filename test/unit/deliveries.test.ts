import { createHmac } from 'node:crypto';
import { changeMessageOf, eventKey, readDelivery } from '../../src/events/deliveries';

const SECRET = 'f'.repeat(64);
const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');

describe('readDelivery', () => {
  it('knows the handshake by its body and needs its challenge', () => {
    const body = Buffer.from('{"requestType":"WebHook secret verification"}');
    expect(readDelivery(body, { challenge: 'abc' }, SECRET)).toEqual({ kind: 'verification', challenge: 'abc' });
    expect(readDelivery(body, {}, SECRET)).toMatchObject({ kind: 'refused', status: 400 });
  });

  it('takes a delivery only with X-Hook-Signature = HMAC-SHA256(secret, raw body), in either case of hex', () => {
    const text = '[{"taskId":"IEAGAABKKQAAAAB6","eventType":"TaskCreated"}]';
    const events = [{ taskId: 'IEAGAABKKQAAAAB6', eventType: 'TaskCreated' }];
    expect(readDelivery(Buffer.from(text), { signature: sign(text) }, SECRET)).toEqual({ kind: 'events', events });
    expect(readDelivery(Buffer.from(text), { signature: sign(text).toUpperCase() }, SECRET)).toEqual({ kind: 'events', events });
    expect(readDelivery(Buffer.from(text), {}, SECRET)).toMatchObject({ kind: 'refused', status: 401, reason: 'unsigned' });
    expect(readDelivery(Buffer.from(`${text} `), { signature: sign(text) }, SECRET)).toMatchObject({ kind: 'refused', status: 401 });
    // X-Hook-Secret alone (one source's reading) is a challenge, never a signature.
    expect(readDelivery(Buffer.from(text), { challenge: sign(text) }, SECRET)).toMatchObject({ kind: 'refused', status: 401 });
  });

  it('refuses what is not an array of events, even when signed', () => {
    for (const text of ['{"eventType":"TaskCreated"}', '[1,2]', 'not json']) {
      expect(readDelivery(Buffer.from(text), { signature: sign(text) }, SECRET)).toMatchObject({ kind: 'refused', status: 400 });
    }
  });
});

describe('events', () => {
  it('have one key however their fields are ordered, and another per connection', () => {
    const a = { eventType: 'TaskCreated', taskId: 'X', lastUpdatedDate: '2026-11-30T00:00:00Z' };
    const b = { lastUpdatedDate: '2026-11-30T00:00:00Z', taskId: 'X', eventType: 'TaskCreated' };
    expect(eventKey('conn_a', a)).toBe(eventKey('conn_a', b));
    expect(eventKey('conn_a', a)).not.toBe(eventKey('conn_b', a));
  });

  it('map to ticket events, with the fields they change; unknown ones kept as OTHER', () => {
    expect(changeMessageOf('default', 'local', { eventType: 'TaskResponsiblesAdded', taskId: 'T', eventAuthorId: 'U', lastUpdatedDate: 'D' }))
      .toMatchObject({ type: 'UPDATED', changedFields: ['assignees'], ticketId: 'T', authorId: 'U', occurredAt: 'D' });
    expect(changeMessageOf('default', 'local', { eventType: 'TaskDeleted', taskId: 'T' })).toMatchObject({ type: 'DELETED', changedFields: [] });
    expect(changeMessageOf('default', 'local', { eventType: 'TimelogChanged', taskId: 'T', timeTrackerId: 'L', type: 'Added', hours: 1 }))
      .toMatchObject({ type: 'TIME_LOG_CHANGED', changedFields: ['timeLogs'], ticketId: 'T', raw: { timeTrackerId: 'L' } });
    expect(changeMessageOf('default', 'local', { eventType: 'FolderCreated', folderId: 'F' }))
      .toMatchObject({ type: 'OTHER', ticketId: null, folderId: 'F', raw: { eventType: 'FolderCreated', folderId: 'F' } });
  });
});
