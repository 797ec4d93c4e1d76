/** Static and error pages: axe at WCAG 2.2 A/AA, no sideways scrolling at 320px, JavaScript on and off. */
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll } from './axe.ts';
import { startSite } from './harness.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const site = await startSite();

const pages = [
  { path: '/cookies', status: 200, heading: /cookies/i },
  { path: '/accessibility', status: 200, heading: /accessibility/i },
  { path: '/sign-in', status: 200, heading: /sign in/i },
  { path: '/no-such-page', status: 404, heading: /page not found/i },
];

for (const javaScript of [true, false]) {
  describe(`static pages with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    for (const { path, status, heading } of pages) {
      it(`${path} answers ${status}, is accessible and fits 320px`, async () => {
        const page = await site.newPage({ javaScript, width: 320, height: 640 });
        const response = await page.goto(path);
        expect(response?.status()).toBe(status);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(heading);
        // Page – Service – Council (issue 18).
        expect(await page.title()).toMatch(/^.+ – Have your say – .+ Council$/);
        await expectAccessible(page, path);
        await expectNoHorizontalScroll(page);
        // The footer reaches the other static pages from anywhere.
        expect(await page.getByRole('link', { name: 'Accessibility statement' }).getAttribute('href')).toBe('/accessibility');
        await page.context().close();
      });
    }
  });
}

describe('sign-in errors', () => {
  it('an empty sign-in shows a focused error summary linking to the field, and is accessible', async () => {
    const page = await site.newPage({ width: 320, height: 640 });
    const signIn = new SignInPage(page);
    await signIn.open();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    expect(await page.title()).toMatch(/^Error: /);
    const summary = page.getByRole('alert');
    expect(await summary.textContent()).toContain('There is a problem');
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'));
    const link = summary.getByRole('link').first();
    expect(await link.getAttribute('href')).toBe('#email');
    await expectAccessible(page, 'sign-in error');
    await expectNoHorizontalScroll(page);
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
  });

  it('a wrong password keeps the email address and says what to do', async () => {
    const page = await site.newPage({ javaScript: false });
    const signIn = new SignInPage(page);
    await signIn.open();
    await signIn.submit('housing@council.example', 'not the password');
    expect(await page.getByRole('alert').textContent()).toContain('Enter a correct email address and password');
    expect(await page.getByLabel('Email address').inputValue()).toBe('housing@council.example');
    await expectAccessible(page, 'sign-in wrong password');
  });

  it('a correct sign-in keeps the session and sign-out ends it', async () => {
    const page = await site.newPage();
    const signIn = new SignInPage(page);
    await signIn.signInAs('housing@council.example');
    await expectAccessible(page, 'after sign-in');
    await signIn.signOut();
    await expectAccessible(page, 'signed out');
  });
});
