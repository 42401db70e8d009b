import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/core/actor.ts';
import { participantInput, peerInput } from '../src/modules/people/people.schemas.ts';
import { buildApp } from '../src/app.ts';
import { ensureWebBuild } from '../scripts/ensure-web-build.ts';
import { addUser, createOrgWithUser, createTestApp, signIn, type TestApp } from './harness/app.ts';

/**
 * A signed-in peer's page arrives with their day in it (issue 17: My day usable under 5 s on slow
 * 3G): the caseload as HTML with working links, and /me and /my-day as the API answers them for
 * the app to start from. Nobody else's page changes, and the page is never cached.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const bootOf = (html: string) => JSON.parse(/<script type="application\/json" id="pb-boot">(.*?)<\/script>/s.exec(html)![1]!) as { me: { id: string; csrfToken: string }; myDay: { caseload: unknown[] } };

describe('first view of My day', () => {
  it("sends a peer's day with the page, in their language, uncached; others get the plain shell", { timeout: 300_000 }, async () => {
    ensureWebBuild();
    const app = await buildApp({ services: t.services });
    try {
      const sup = await createOrgWithUser(t, 'supervisor', 'Northside Peers');
      const peerUser = await addUser(t, sup.orgId, 'peer');
      const sys = systemActor('test', sup.orgId);
      const peer = await t.services.people.createPeer(sys, peerInput.parse({ displayName: 'Rosa Delgado', userId: peerUser.userId }));
      const ana = await t.services.people.createParticipant(sys, participantInput.parse({ givenName: 'Ana', familyName: 'Reyes', birthDate: '1985-04-02' }));
      await t.services.people.assign(sys, ana.id, { peerId: peer.id, consent: { given: true, method: 'verbal' } });

      const session = await signIn(app, peerUser.email);
      for (const url of ['/', '/caseload']) {
        const res = await app.inject({ url, headers: { cookie: session.cookie, 'accept-encoding': 'br' } });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-encoding'], url).toBe('br');
        expect(res.headers['cache-control'], url).toBe('no-store');
        expect(res.headers.vary, url).toMatch(/cookie/i);
        expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
      }
      const res = await app.inject({ url: '/', headers: { cookie: session.cookie } });
      expect(res.body).toContain('<ul aria-labelledby="day-caseload">');
      expect(res.body).toContain(`href="/caseload/log?participantId=${ana.id}"`);
      expect(res.body).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/MyDayPage-[\w-]+\.js">/);
      const boot = bootOf(res.body);
      expect(boot.me).toMatchObject({ id: peerUser.userId, csrfToken: session.csrf });
      expect(boot.myDay).toEqual((await app.inject({ url: '/api/v1/my-day', headers: { cookie: session.cookie } })).json());

      const es = await app.inject({ url: '/caseload', headers: { cookie: `${session.cookie}; pb_lang=es`, 'accept-language': 'en-US' } });
      expect(es.body).toContain('<html lang="es">');
      expect(es.body).toContain('<h1>Mi día</h1>');

      // Signed out, another role, or a session that ended: the shell as before.
      const supSession = await signIn(app, sup.email);
      for (const cookie of [undefined, supSession.cookie, 'pb_session=not-a-session']) {
        const plain = await app.inject({ url: '/', headers: cookie ? { cookie } : {} });
        expect(plain.statusCode).toBe(200);
        expect(plain.headers['cache-control']).toBe('no-cache');
        expect(plain.body).not.toContain('data-first-view');
        expect(plain.body).not.toContain('pb-boot');
      }
    } finally {
      await app.close();
    }
  });
});
