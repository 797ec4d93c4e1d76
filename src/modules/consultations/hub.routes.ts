/** Placeholder: the public hub engineer replaces this file with the hub's routes. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export function hubRoutes(_app: FastifyInstance, _deps: Deps): void {}
