import { createHmac } from 'node:crypto';
import { answerableChallenge, changeMessageOf, eventKey, readDelivery } from '../../src/events/deliveries';

const SECRET = 'f'.repeat(64);
const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');

describe('readDelivery', () => {
  it('knows the handshake by its body and needs its challenge', () => {
    const body = Buffer.from('{"requestType":"WebHook secret verification"}');
    expect(readDelivery(body, { challenge: 'abc' }, [SECRET])).toEqual({ kind: 'verification', challenge: 'abc' });
    expect(readDelivery(body, {}, [SECRET])).toMatchObject({ kind: 'refused' });
  });

  it('takes a delivery only with X-Hook-Signature = HMAC-SHA256(secret, raw body), in either case of hex', () => {
    const text = '[{"taskId":"IEAGAABKKQAAAAB6","eventType":"TaskCreated"}]';
    const events = [{ taskId: 'IEAGAABKKQAAAAB6', eventType: 'TaskCreated' }];
    expect(readDelivery(Buffer.from(text), { signature: sign(text) }, [SECRET])).toEqual({ kind: 'events', events, secret: SECRET });
    expect(readDelivery(Buffer.from(text), { signature: sign(text).toUpperCase() }, [SECRET])).toEqual({ kind: 'events', events, secret: SECRET });
    expect(readDelivery(Buffer.from(text), {}, [SECRET])).toMatchObject({ kind: 'refused', reason: 'unsigned' });
    expect(readDelivery(Buffer.from(`${text} `), { signature: sign(text) }, [SECRET])).toMatchObject({ kind: 'refused' });
    // X-Hook-Secret alone (one source's reading) is a challenge, never a signature.
    expect(readDelivery(Buffer.from(text), { challenge: sign(text) }, [SECRET])).toMatchObject({ kind: 'refused' });
  });

  it('takes a delivery signed with any of the hook\'s secrets, and says which one signed it', () => {
    const previous = 'e'.repeat(64);
    const text = '[{"taskId":"T","eventType":"TaskCreated"}]';
    const old = createHmac('sha256', previous).update(text).digest('hex');
    expect(readDelivery(Buffer.from(text), { signature: old }, [SECRET, previous])).toMatchObject({ kind: 'events', secret: previous });
    expect(readDelivery(Buffer.from(text), { signature: old }, [SECRET])).toMatchObject({ kind: 'refused', reason: 'signature mismatch' });
  });

  it('refuses what is not an array of events, even when signed', () => {
    for (const text of ['{"eventType":"TaskCreated"}', '[1,2]', 'not json']) {
      expect(readDelivery(Buffer.from(text), { signature: sign(text) }, [SECRET])).toMatchObject({ kind: 'refused' });
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

describe('answerableChallenge', () => {
  it('signs opaque tokens, never text that could be posted back as a delivery body', () => {
    expect(answerableChallenge('c0ffee')).toBe(true);
    expect(answerableChallenge('0123456789abcdef0123456789abcdef')).toBe(true);
    expect(answerableChallenge('12345')).toBe(true);
    for (const forged of ['[{"taskId":"T","eventType":"TaskDeleted"}]', ' [ ] ', '{"a":1}', undefined, '', 'x'.repeat(1025)]) {
      expect(answerableChallenge(forged)).toBe(false);
    }
  });
});
