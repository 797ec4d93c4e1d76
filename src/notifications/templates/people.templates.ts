import type { MessageTemplate } from '../templates.ts';

/** The residents' panel (issue 6). */
export const peopleTemplates = {} satisfies Record<string, MessageTemplate>;
