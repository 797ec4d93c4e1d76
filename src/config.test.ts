import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('runs on a laptop with no settings at all', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.standards).toEqual({ blockWeeks: 2, minimumWeeks: 6, recommendedWeeks: 12, analysisWeeks: 4 });
  });

  it('refuses to start in production without real secrets, naming each one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /SESSION_SECRET.*DATABASE_URL.*NOTIFY_API_KEY.*NOTIFY_EMAIL_TEMPLATE_ID.*BASE_URL/,
    );
  });

  it('starts in production when everything is set', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'b'.repeat(64),
      DATABASE_URL: 'postgres://db/soundings',
      NOTIFY_API_KEY: 'key',
      NOTIFY_EMAIL_TEMPLATE_ID: 'template',
      BASE_URL: 'https://haveyoursay.example.gov.uk/',
    });
    expect(config.baseUrl).toBe('https://haveyoursay.example.gov.uk');
    expect(config.seedDemo).toBe(false);
  });

  it('rejects a number that is not a number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT must be a number');
  });
});
