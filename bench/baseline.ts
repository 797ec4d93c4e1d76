/**
 * Child process for hub.bench.ts: the bare baseline. One Fastify route, no plugins, rendering a
 * page that extends govuk-frontend's "govuk/template.njk" with a heading and a paragraph, through
 * a plain Nunjucks environment over node_modules/govuk-frontend/dist. Same Node, same machine,
 * same run as the hub; the hub's figures are reported as ratios to this.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import Fastify from 'fastify';
import nunjucks from 'nunjucks';
import { answerParent } from './child-ipc.ts';

const govukDist = path.join(
  path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(govukDist), { autoescape: true });
const page = nunjucks.compile(
  `{% extends "govuk/template.njk" %}
{% block pageTitle %}Baseline – Soundings bench{% endblock %}
{% block content %}
  <h1 class="govuk-heading-xl">Have your say on the library service</h1>
  <p class="govuk-body">{{ paragraph }}</p>
{% endblock %}`,
  env,
);
const paragraph =
  'We want to hear from everyone who lives, works or studies in the borough about the library service. ' +
  'No decision has been made yet, and we will consider every response before the decision maker decides.';

const app = Fastify({ logger: false });
app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page.render({ paragraph })));
await app.listen({ port: 0, host: '127.0.0.1' });
answerParent(app, () => app.close());
