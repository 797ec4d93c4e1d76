/**
 * Other modules may hear that a response was sent online, without the questionnaires module
 * importing them (channels records which share link a response started from). A listener runs
 * after the response is committed; its failure never undoes or blocks the response.
 */
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';

export interface ResponseSubmitted {
  responseId: string;
  consultationSlug: string;
  request: FastifyRequest;
}

export type ResponseSubmittedListener = (deps: Deps, event: ResponseSubmitted) => Promise<void>;

const listeners = new Set<ResponseSubmittedListener>();

/** Registers a listener (once: the same function twice is one listener). */
export function onResponseSubmitted(listener: ResponseSubmittedListener): void {
  listeners.add(listener);
}

export async function responseSubmitted(deps: Deps, event: ResponseSubmitted): Promise<void> {
  for (const listener of listeners) {
    try {
      await listener(deps, event);
    } catch (error) {
      event.request.log.error({ err: error }, 'response listener failed');
    }
  }
}
