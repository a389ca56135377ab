/** A room through a NATS server's WebSocket listener: how a page (its worker) joins one (./nats.ts). */
import { wsconnect } from '@nats-io/nats-core';
import { natsRoom, type NatsRoom } from './nats';

export async function natsLink(url: string, room: string, onError: (e: Error, fatal: boolean) => void): Promise<NatsRoom> {
  // Once in, a lost server is waited for: the room pauses and its panel says so, until the server is back or the run is cancelled.
  const nc = await wsconnect({ servers: url, timeout: 5000, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  return natsRoom(nc, room, onError);
}
