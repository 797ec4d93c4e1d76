/** The parent/child protocol of the bench's server processes (IPC channel from child_process.fork). */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export type ToParent =
  { type: 'listening'; port: number } | { type: 'memory'; rss: number; heapUsed: number; external: number };

export function answerParent(app: FastifyInstance, close: () => Promise<unknown>) {
  if (!process.send) throw new Error('Start this file with child_process.fork (it reports over IPC)');
  const send = (message: ToParent) => process.send!(message);
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'memory') {
      const m = process.memoryUsage();
      send({ type: 'memory', rss: m.rss, heapUsed: m.heapUsed, external: m.external });
    }
  });
  // The parent going away (or closing the channel) stops the child: no orphans.
  process.on('disconnect', () => {
    void close().finally(() => process.exit(0));
  });
  send({ type: 'listening', port: (app.server.address() as AddressInfo).port });
}
