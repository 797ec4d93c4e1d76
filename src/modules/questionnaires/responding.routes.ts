import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Placeholder: the responding pages are being built. */
export function respondingRoutes(_app: FastifyInstance, _deps: Deps) {}
