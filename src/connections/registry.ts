import type { WrikeClient } from '../wrike/client';

/** A linked Wrike account, ready to call. */
export interface LiveConnection {
  id: string;
  client: WrikeClient;
}

/** The connections this server can use, by id. */
export class ConnectionRegistry {
  private readonly connections = new Map<string, LiveConnection>();

  add(connection: LiveConnection): void {
    this.connections.set(connection.id, connection);
  }

  get(id: string): LiveConnection | undefined {
    return this.connections.get(id);
  }

  list(): LiveConnection[] {
    return [...this.connections.values()];
  }
}
