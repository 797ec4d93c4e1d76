import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Placeholder: the builder pages are being built. */
export function builderRoutes(_app: FastifyInstance, _deps: Deps) {}
