/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUser } from '../harness/server.ts';
import { useServerAndBrowser, expectHeading, expectNoHorizontalScroll, newPage, openPage, signIn } from './browser.ts';

/**
 * WCAG 2.2 2.4.7 Focus Visible, measured the way 2.4.13 Focus Appearance does: a form field that
 * has the keyboard focus carries a ring of at least 2 CSS px whose colour has 3:1 or more against
 * the background it is drawn on. Mantine alone only recolours the field's 1 px border (and not at
 * all on a field showing an error), so this reads the computed style of the field reached by Tab.
 */

const env = useServerAndBrowser();
let admin: Awaited<ReturnType<typeof createOrgWithUser>>;

beforeAll(async () => {
  admin = await createOrgWithUser(env.server, { role: 'admin', displayName: 'Morgan Admin' });
});

interface Ring {
  /** What has the focus: tag and type, e.g. `input:email`, `textarea`, `select`. */
  kind: string;
  name: string;
  width: number;
  contrast: number;
  ring: string;
  background: string;
}

/**
 * The focus ring of the focused form field, or null when the focus is not on one. The ring is
 * read from the field's box (a password field's box wraps its input): its outline, else the widest
 * spread of its box-shadows. Its contrast is taken against the first opaque background behind the
 * box (translucent ones blended in), where an outside ring is painted.
 */
const focusedFieldRing = (page: Page): Promise<Ring | null> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || !el.matches('input, textarea, select')) return null;
    const box = (el.closest('.mantine-Input-input') as HTMLElement | null) ?? el;
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    /** Any CSS colour as [r, g, b, a] (0–255, a 0–1), as the canvas paints it. */
    const rgba = (color: string): [number, number, number, number] => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000';
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!, a! / 255];
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const over = (top: [number, number, number, number], under: number[]) => under.map((c, i) => (i < 3 ? top[i]! * top[3] + c * (1 - top[3]) : 1));

    const s = getComputedStyle(box);
    let width = 0;
    let ring = 'none';
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) {
      width = parseFloat(s.outlineWidth);
      ring = s.outlineColor;
    }
    if (s.boxShadow && s.boxShadow !== 'none') {
      // "rgb(…) 0px 0px 0px 3px, …": the fourth length is the spread.
      for (const shadow of s.boxShadow.split(/,(?![^(]*\))/)) {
        const color = shadow.match(/(rgba?|color|oklch|oklab|lab|lch|hsla?)\([^)]*\)/)?.[0] ?? 'transparent';
        const lengths = shadow.replace(color, '').match(/-?[\d.]+px/g)?.map(parseFloat) ?? [];
        const spread = lengths[3] ?? 0;
        if (!shadow.includes('inset') && spread > width && rgba(color)[3] > 0) {
          width = spread;
          ring = color;
        }
      }
    }

    const layers: Array<[number, number, number, number]> = [];
    for (let n = box.parentElement; n; n = n.parentElement) {
      const bg = rgba(getComputedStyle(n).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] === 1) break;
    }
    let background: number[] = [255, 255, 255, 1];
    for (const layer of layers.reverse()) background = over(layer, background);
    const ringColor = over(rgba(ring), background);
    const [hi, lo] = [luminance(ringColor), luminance(background)].sort((a, b) => b - a);
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null;
    return {
      kind: el.tagName === 'INPUT' ? `input:${(el as HTMLInputElement).type}` : el.tagName.toLowerCase(),
      name: (label ?? el.getAttribute('aria-label') ?? el.getAttribute('name') ?? '').trim(),
      width,
      contrast: ring === 'none' ? 1 : Math.round(((hi! + 0.05) / (lo! + 0.05)) * 100) / 100,
      ring,
      background: `rgb(${background.slice(0, 3).map(Math.round).join(', ')})`,
    };
  });

/** Tabs through the page from its top (at most `presses` times), measuring each form field reached. */
const tabThroughFields = async (page: Page, presses = 60): Promise<Ring[]> => {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const seen: Ring[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const ring = await focusedFieldRing(page);
    if (ring) seen.push(ring);
  }
  return seen;
};

const expectVisibleRings = (rings: Ring[], where: string) => {
  expect(rings.length, `no form field reached by Tab at ${where}`).toBeGreaterThan(0);
  const weak = rings.filter((r) => r.width < 2 || r.contrast < 3).map((r) => `${r.kind} “${r.name}”: ${r.width}px ${r.ring} on ${r.background}, ${r.contrast}:1`);
  expect(weak, `weak focus indicators at ${where}`).toEqual([]);
};

describe('the keyboard focus on form fields', () => {
  it('draws a ring of 2 px or more at 3:1 or more on text, password, number, select and textarea fields', async () => {
    const { context, page } = await newPage(env.browser, env.server.baseUrl);
    await page.goto('/sign-in');
    await expectHeading(page, 'Sign in');
    const signInRings = await tabThroughFields(page, 15);
    expectVisibleRings(signInRings, 'sign-in');
    expect(signInRings.map((r) => r.kind)).toEqual(expect.arrayContaining(['input:email', 'input:password']));

    // A field showing an error keeps the ring (Mantine's own cue, the border, stays red focused or not).
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByLabel(/^Email/).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel(/^Email/).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const errored = await focusedFieldRing(page);
    expect(errored?.kind).toBe('input:email');
    expectVisibleRings([errored!], 'sign-in after an empty submit');

    await signIn(page, admin.email, admin.password);
    const kinds = new Set(signInRings.map((r) => r.kind));
    for (const path of ['/admin/users', '/admin/matching', '/caseload/log']) {
      await openPage(page, path);
      const rings = await tabThroughFields(page);
      expectVisibleRings(rings, path);
      for (const r of rings) kinds.add(r.kind);
    }
    expect([...kinds]).toEqual(expect.arrayContaining(['input:text', 'input:email', 'input:password', 'select', 'textarea']));

    await context.close();
  });

  it('keeps the ring on a 360 px phone without sideways scrolling, and in the dark colour scheme', async () => {
    const phone = await newPage(env.browser, env.server.baseUrl, { viewport: { width: 360, height: 740 } });
    await phone.page.goto('/sign-in');
    await expectHeading(phone.page, 'Sign in');
    const rings = await tabThroughFields(phone.page, 15);
    expectVisibleRings(rings, 'sign-in at 360 px');
    await expectNoHorizontalScroll(phone.page, 'sign-in at 360 px with a field focused');
    await phone.context.close();

    // The app starts light and offers no switch, but Mantine honours a stored scheme: the ring
    // follows the scheme's primary colour rather than a light-only one.
    const dark = await newPage(env.browser, env.server.baseUrl);
    await dark.context.addInitScript(() => window.localStorage.setItem('mantine-color-scheme-value', 'dark'));
    await dark.page.goto('/sign-in');
    await expectHeading(dark.page, 'Sign in');
    expect(await dark.page.evaluate(() => document.documentElement.dataset.mantineColorScheme)).toBe('dark');
    expectVisibleRings(await tabThroughFields(dark.page, 15), 'sign-in (dark)');
    await dark.context.close();
  });
});
