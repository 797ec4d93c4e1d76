/** Vitest global set-up: the shared demo database every route test file copies (test/demo-fixture.ts). */
import type { TestProject } from 'vitest/node';
import { dropDemoFixture, makeDemoFixture } from './demo-fixture.ts';

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const fixture = await makeDemoFixture(adminUrl);
  project.provide('demoFixture', fixture);
  return () => dropDemoFixture(adminUrl, fixture);
}
