import { loopbackBase, receiverAddress, receiverNote } from '../../src/events/receiver-address';

const listening = (address: string) => ({ address, port: 4000 });
const sandbox = { publicUrl: undefined, webhooks: true, inProcessSandbox: true };

describe('where Wrike delivers webhooks', () => {
  it('is this server on loopback with the in-process sandbox and no PUBLIC_URL, whatever interface it binds that includes loopback', () => {
    expect(receiverAddress({ ...sandbox, listening: listening('::') })).toEqual({ base: 'http://127.0.0.1:4000', why: 'loopback' });
    expect(receiverAddress({ ...sandbox, listening: listening('0.0.0.0') }).base).toBe('http://127.0.0.1:4000');
    expect(receiverAddress({ ...sandbox, listening: listening('127.0.0.1') }).base).toBe('http://127.0.0.1:4000');
    expect(receiverAddress({ ...sandbox, listening: listening('::ffff:127.0.0.1') }).base).toBe('http://127.0.0.1:4000');
    expect(receiverAddress({ ...sandbox, listening: listening('::1') }).base).toBe('http://[::1]:4000');
  });

  it('is nowhere before the server listens, or when it binds one interface the sandbox cannot reach on loopback', () => {
    expect(receiverAddress({ ...sandbox, listening: undefined })).toEqual({ base: undefined, why: 'no PUBLIC_URL' });
    expect(receiverAddress({ ...sandbox, listening: listening('192.168.1.20') })).toEqual({ base: undefined, why: 'not on loopback' });
    // 127.0.0.2 is loopback, but the sandbox takes plain http for localhost, 127.0.0.1 and [::1] only.
    expect(loopbackBase('127.0.0.2', 4000)).toBeUndefined();
  });

  it('is PUBLIC_URL whenever it is set, sandbox or not (trailing slashes dropped)', () => {
    expect(receiverAddress({ ...sandbox, publicUrl: 'https://wsg.example.com/', listening: listening('::') })).toEqual({ base: 'https://wsg.example.com', why: 'PUBLIC_URL' });
    expect(receiverAddress({ publicUrl: 'https://wsg.example.com', webhooks: true, inProcessSandbox: false, listening: undefined }).base).toBe('https://wsg.example.com');
  });

  it('is nowhere for a real Wrike without PUBLIC_URL (it cannot reach loopback), and nowhere at all with WRIKE_WEBHOOKS=false', () => {
    expect(receiverAddress({ publicUrl: undefined, webhooks: true, inProcessSandbox: false, listening: listening('::') })).toEqual({ base: undefined, why: 'no PUBLIC_URL' });
    expect(receiverAddress({ ...sandbox, webhooks: false, listening: listening('::') })).toEqual({ base: undefined, why: 'disabled' });
    expect(receiverAddress({ ...sandbox, publicUrl: 'https://wsg.example.com', webhooks: false, listening: listening('::') })).toEqual({ base: undefined, why: 'disabled' });
  });

  it('is said in one start-up line that names the address or the reason', () => {
    expect(receiverNote({ base: 'http://127.0.0.1:4000', why: 'loopback' })).toContain('http://127.0.0.1:4000/webhooks/wrike/<connection>');
    expect(receiverNote({ base: 'https://wsg.example.com', why: 'PUBLIC_URL' })).toContain('(PUBLIC_URL)');
    expect(receiverNote({ base: undefined, why: 'no PUBLIC_URL' })).toMatch(/^PUBLIC_URL is not set: no Wrike webhooks are registered/);
    expect(receiverNote({ base: undefined, why: 'disabled' })).toMatch(/^WRIKE_WEBHOOKS is false/);
    expect(receiverNote({ base: undefined, why: 'not on loopback' })).toMatch(/^HOST is not/);
  });
});
