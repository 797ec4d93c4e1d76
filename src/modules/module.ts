/**
 * Every domain module exports one manifest from its index.ts. The app mounts routes and views,
 * the seeder runs seeds in module order, and the job runner registers jobs: adding a module is
 * adding it to the list in modules/index.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';

export interface NavigationEntry {
  text: string;
  href: string;
  area: 'public' | 'staff';
  /** Staff roles that see the entry; all staff when omitted. */
  roles?: string[];
}

export interface JobDefinition {
  name: string;
  everyMinute?: boolean;
  run: (deps: Deps, data: Record<string, unknown>) => Promise<void>;
}

/** Which of a consultation's pages is being drawn: providers do only that page's work (ADR 0008). */
export type ConsultationArea = 'public' | 'staff';

/** What every provider is told about the consultation, so none has to load it again. */
export interface ConsultationRef {
  id: string;
  slug: string;
  state: string;
  opensAt: Date | null;
  closesAt: Date | null;
}

/** A link another module adds to a consultation's pages, e.g. "Respond online" or "Questionnaire". */
export interface ConsultationLink {
  area: ConsultationArea;
  text: string;
  href: string;
  /** The page's main call to action (a start button), rather than a plain link. */
  primary?: boolean;
}

/**
 * Lets modules that hang off a consultation (questionnaires, feedback, events) add links to its
 * pages without the consultations module importing them, which would make the imports circular.
 */
export type ConsultationLinkProvider = (
  deps: Deps,
  consultation: ConsultationRef,
  area: ConsultationArea,
) => Promise<ConsultationLink[]>;

/**
 * A section another module renders on a consultation's public or staff page (the "you said, we
 * did" timeline, linked events, groups to liaise with). The template is the module's own view; it
 * reads its data from `panel.context`.
 */
export interface ConsultationPanel {
  area: ConsultationArea;
  template: string;
  context: Record<string, unknown>;
}

export type ConsultationPanelProvider = (
  deps: Deps,
  consultation: ConsultationRef,
  area: ConsultationArea,
) => Promise<ConsultationPanel[]>;

export interface ModuleManifest {
  name: string;
  /** Absolute path of this module's views/ folder. */
  viewsDir?: string;
  routes?: (app: FastifyInstance, deps: Deps) => Promise<void> | void;
  navigation?: NavigationEntry[];
  /** Idempotent demo data; runs in manifest order, never in production. */
  seed?: (deps: Deps) => Promise<void>;
  jobs?: JobDefinition[];
  consultationLinks?: ConsultationLinkProvider;
  consultationPanels?: ConsultationPanelProvider;
}
