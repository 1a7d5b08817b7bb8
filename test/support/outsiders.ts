import { expect } from 'vitest';
import type { Client, Harness } from './harness.js';

/**
 * Users who hold a case permission but not the scope of a case worked by caseworker.ntt (UPTD PPA NTT).
 * A cross-agency test whose "outsider" lacks the permission altogether would get its 404 from the
 * permission check and pass even if the scope filter were gone; these three can only be kept out by scope:
 * - a supervisor of another agency (scope `agency`, another agency),
 * - a case worker of another agency (scope `own`, another agency),
 * - a case worker of the same agency who is not on the case team (scope `own`, same agency).
 */
export interface ScopeOutsider {
  label: string;
  username: string;
  client: Client;
  userId: string;
}

const usernames = {
  otherAgencySupervisor: 'scope.supervisor.jabar',
  otherAgencyCaseWorker: 'scope.caseworker.jabar',
  sameAgencyOffTeam: 'scope.caseworker2.ntt',
} as const;
type Key = keyof typeof usernames;
const labels: Record<Key, string> = {
  otherAgencySupervisor: 'supervisor of another agency',
  otherAgencyCaseWorker: 'case worker of another agency',
  sameAgencyOffTeam: 'case worker of the same agency, not on the team',
};

// Created once per harness (database), on first use, so any test that asks for them can run alone.
const provisioned = new WeakMap<Harness, Promise<void>>();

function provisionOnce(h: Harness): Promise<void> {
  let ready = provisioned.get(h);
  if (!ready) {
    ready = (async () => {
      await h.provision(usernames.otherAgencySupervisor, 'UPTD PPA Provinsi Jawa Barat', ['supervisor']);
      await h.provision(usernames.otherAgencyCaseWorker, 'UPTD PPA Provinsi Jawa Barat', ['case_worker']);
      await h.provision(usernames.sameAgencyOffTeam, 'UPTD PPA Provinsi Nusa Tenggara Timur', ['case_worker']);
    })();
    provisioned.set(h, ready);
  }
  return ready;
}

/** Logs one outsider in (a fresh session, so a test that moved the clock far still gets one). */
export async function scopeOutsider(h: Harness, key: Key): Promise<ScopeOutsider> {
  await provisionOnce(h);
  const client = await h.login(usernames[key]);
  const me = (await client.get('/api/auth/me')).json() as { id: string };
  return { label: labels[key], username: usernames[key], client, userId: me.id };
}

/**
 * All three outsiders, each checked to hold every one of `permissions` (so only the scope can keep them out).
 */
export async function scopeOutsiders(h: Harness, permissions: string[]): Promise<ScopeOutsider[]> {
  const all: ScopeOutsider[] = [];
  for (const key of Object.keys(usernames) as Key[]) {
    const outsider = await scopeOutsider(h, key);
    const me = (await outsider.client.get('/api/auth/me')).json() as { permissions: string[] };
    for (const p of permissions) expect(me.permissions, `${outsider.label} holds ${p}`).toContain(p);
    all.push(outsider);
  }
  return all;
}
