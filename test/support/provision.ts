import type { Client, Harness } from './harness.js';

// Users created once per harness (database), on first use, so any test that asks for them can run alone
// and in any order; later calls log the same user in again (a fresh session, whatever the clock did).
const provisioned = new WeakMap<Harness, Map<string, Promise<Client>>>();

export async function provisionOnce(
  h: Harness,
  username: string,
  agencyName: string,
  roles: string[],
  remoteAddress?: string,
): Promise<Client> {
  let users = provisioned.get(h);
  if (!users) {
    users = new Map();
    provisioned.set(h, users);
  }
  const ready = users.get(username);
  if (!ready) {
    const created = h.provision(username, agencyName, roles, remoteAddress);
    users.set(username, created);
    return created;
  }
  await ready;
  return h.login(username, undefined, remoteAddress);
}
