/**
 * Where Wrike delivers webhooks: PUBLIC_URL when it is set; otherwise, with the Wrike sandbox running in this
 * process, this server's own address on loopback (the sandbox delivers from the same machine, and it takes plain
 * http to loopback only); otherwise nowhere, and no hook is registered. Pure: the listening address in, a base URL out.
 */
export interface ReceiverAddressInput {
  /** PUBLIC_URL, if set: it always wins. */
  publicUrl: string | undefined;
  /** WRIKE_WEBHOOKS: false registers no hook at all. */
  webhooks: boolean;
  /** Whether the connections talk to the sandbox started in this process (not a Wrike elsewhere). */
  inProcessSandbox: boolean;
  /** The address the HTTP server listens on (`server.address()`), once it does. */
  listening: { address: string; port: number } | undefined;
}

export type ReceiverAddress =
  | { base: string; why: 'PUBLIC_URL' | 'loopback' }
  | { base: undefined; why: 'disabled' | 'no PUBLIC_URL' | 'not on loopback' };

/** The loopback URL a local sender reaches a server bound to `address` on, if there is one the sandbox accepts. */
export function loopbackBase(address: string, port: number): string | undefined {
  // Every interface (IPv4, or IPv6 with IPv4 mapped in) includes 127.0.0.1.
  if (address === '0.0.0.0' || address === '::' || address === '127.0.0.1' || address === '::ffff:127.0.0.1') return `http://127.0.0.1:${port}`;
  if (address === '::1') return `http://[::1]:${port}`;
  // A server bound to one other interface is not on loopback (and the sandbox refuses plain http elsewhere).
  return undefined;
}

export function receiverAddress(input: ReceiverAddressInput): ReceiverAddress {
  if (!input.webhooks) return { base: undefined, why: 'disabled' };
  if (input.publicUrl) return { base: input.publicUrl.replace(/\/+$/, ''), why: 'PUBLIC_URL' };
  if (!input.inProcessSandbox || !input.listening) return { base: undefined, why: 'no PUBLIC_URL' };
  const base = loopbackBase(input.listening.address, input.listening.port);
  return base ? { base, why: 'loopback' } : { base: undefined, why: 'not on loopback' };
}

/** The start-up line that says where hooks are delivered, or why none are registered. */
export function receiverNote(receiver: ReceiverAddress): string {
  const noHooks = 'no Wrike webhooks are registered (ticketChanges still reads Wrike\'s updatedDate filter)';
  switch (receiver.why) {
    case 'PUBLIC_URL': return `Wrike webhooks are delivered to ${receiver.base}/webhooks/wrike/<connection> (PUBLIC_URL)`;
    case 'loopback': return `Wrike webhooks: the in-process sandbox delivers to ${receiver.base}/webhooks/wrike/<connection>, so ticketEvents subscriptions get live events (set PUBLIC_URL for a real Wrike)`;
    case 'disabled': return `WRIKE_WEBHOOKS is false: ${noHooks}`;
    case 'no PUBLIC_URL': return `PUBLIC_URL is not set: ${noHooks}`;
    case 'not on loopback': return `HOST is not an address the sandbox reaches on loopback and PUBLIC_URL is not set: ${noHooks}`;
  }
}
