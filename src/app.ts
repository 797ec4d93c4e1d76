/**
 * Composition root: buildApp(deps) sets up the web layer and mounts every module's manifest.
 * Route tests build the same app in-process with their own deps.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Deps } from './deps.ts';
import { modules as allModules } from './modules/index.ts';
import type { ModuleManifest } from './modules/module.ts';
import { loadCurrentUser } from './modules/accounts/index.ts';
import { currentBrand, ssoRequiredGuard } from './modules/council/index.ts';
import { govukAssetPath, setUpAssets } from './web/assets.ts';
import { setUpAuthentication } from './web/auth.ts';
import { setUpBodyParsing } from './web/body-parsing.ts';
import { setUpErrorPages } from './web/error-pages.ts';
import { setUpPageCache } from './web/page-cache.ts';
import { createViewEnvironment } from './web/nunjucks.ts';
import { setUpRendering } from './web/render.ts';
import { setUpSecurity } from './web/security.ts';
import { setUpSession } from './web/session.ts';

export interface BuildOptions {
  logger?: boolean | Record<string, unknown>;
  modules?: ModuleManifest[];
}

export async function buildApp(baseDeps: Deps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const modules = options.modules ?? allModules;
  const deps: Deps = {
    ...baseDeps,
    extensions: {
      consultationLinks: modules.flatMap((m) => (m.consultationLinks ? [m.consultationLinks] : [])),
      consultationPanels: modules.flatMap((m) => (m.consultationPanels ? [m.consultationPanels] : [])),
    },
  };
  const app = Fastify({
    logger: options.logger ?? { level: deps.config.logLevel },
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    trustProxy: deps.config.env === 'production',
    bodyLimit: 1024 * 1024,
  });

  await setUpSecurity(app);
  await setUpBodyParsing(app);
  await setUpSession(app, deps.config);
  const { assetUrl } = await setUpAssets(app);

  const views = createViewEnvironment(
    Object.fromEntries(modules.filter((m) => m.viewsDir).map((m) => [m.name, m.viewsDir!])),
    { watch: deps.config.watchTemplates },
  );
  views.addGlobal('assetUrl', assetUrl);
  views.addGlobal('govukAssetPath', govukAssetPath);
  setUpRendering(
    app,
    views,
    modules.flatMap((m) => m.navigation ?? []),
  );
  // Before any route: Fastify binds a scope's error handler when the scope is created, so pages
  // registered earlier would keep Fastify's JSON error answers.
  setUpErrorPages(app);
  setUpAuthentication(app, (id, version, sessionId) => loadCurrentUser(deps, id, version, sessionId));
  // Every page, error pages too, is drawn in the council's brand.
  app.addHook('onRequest', async (request) => {
    request.brand = await currentBrand(deps);
  });
  // An organisation that requires single sign-on refuses its staff's passwords (council module).
  app.addHook('preHandler', ssoRequiredGuard(deps));
  setUpPageCache(app, deps, { enabled: deps.config.pageCache });

  app.get('/health', { config: { csrf: false } }, async (_request, reply) => {
    try {
      await deps.database.query('SELECT 1');
      return { status: 'ok', database: deps.database.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: deps.database.kind });
    }
  });

  for (const module of modules) {
    if (module.routes) await app.register(async (scope) => module.routes!(scope, deps));
  }
  return app;
}
