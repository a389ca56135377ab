/** A room through a NATS server's WebSocket listener: how a page (its worker) joins one (./nats.ts). */
import { wsconnect } from '@nats-io/nats-core';
import { natsRoom, type NatsRoom } from './nats';

export async function natsLink(url: string, room: string, onError: (e: Error, fatal: boolean) => void): Promise<NatsRoom> {
  const nc = await wsconnect({ servers: url, timeout: 5000, maxReconnectAttempts: 0 });
  return natsRoom(nc, room, onError);
}
