import type { MessageTemplate } from '../templates.ts';

/** Event registrations and the engagement diary (issue 5). */
export const planTemplates = {} satisfies Record<string, MessageTemplate>;
