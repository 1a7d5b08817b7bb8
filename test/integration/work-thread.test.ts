import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateSynthetic } from '../../src/cli/synthetic.js';
import { type RunningWorkThread, startWorkThread } from '../../src/cli/work-thread.js';
import { BACKGROUND_NICE } from '../../src/cli/worker-boot.js';
import { AppError } from '../../src/platform/errors.js';
import type { OffloadCaller } from '../../src/platform/offload.js';
import { type Client, describeEachDatabase } from '../support/harness.js';
import { allFacts, consent, createCase } from '../support/htcds.js';
import { SCHED_IDLE, threadNiceValues, threadPolicies } from '../support/threads.js';

/** Everything a response carries that the caller sees: status, the headers that matter, the body. */
async function seen(c: Client, url: string) {
  const res = await c.get(url);
  const pick = (name: string) => res.headers[name];
  return {
    status: res.statusCode,
    type: pick('content-type'),
    disposition: pick('content-disposition'),
    release: ['k', 'achieved-k', 'rows', 'suppressed-share', 'information-loss'].map((h) =>
      pick(`x-pulih-release-${h}`),
    ),
    candidates: pick('x-pulih-export-candidates'),
    body: res.body,
  };
}

describeEachDatabase('the work thread (long work a request asks for, off the API event loop)', (h) => {
  let thread: RunningWorkThread;
  let dpo: Client;
  let sup: Client;
  const auditCount = async (action: string) =>
    (await dpo.get(`/api/audit?action=${action}&limit=200`)).json().items.length as number;
  /** The same request in process and through the thread: both answers. */
  const both = async (c: Client, url: string) => {
    const here = await seen(c, url);
    h().services.workThread = thread;
    try {
      return { here, there: await seen(c, url) };
    } finally {
      delete h().services.workThread;
    }
  };

  beforeAll(async () => {
    await generateSynthetic(h().operator(), { cases: 600, seed: 21 });
    dpo = await h().login('dpo');
    sup = await h().login('supervisor.ntt');
    // Cases the HTCDS export may carry: statistics, and one international sharing with identity.
    for (let i = 0; i < 3; i++) {
      const id = await createCase(sup, `Ursula Thread ${i}`);
      await consent(sup, id, i === 0 ? 'international_sharing' : 'statistics', [
        ...allFacts,
        ...(i === 0 ? ['identity_name'] : []),
      ]);
    }
    thread = startWorkThread(h().config, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    delete h().services.workThread;
    await thread.stop();
  });

  it('gives the CTDC release the same bytes and headers as in process, and audits it once each time', async () => {
    const before = await auditCount('publication.ctdc.export');
    const { here, there } = await both(dpo, '/api/publication/ctdc?k=3');
    expect(here.status).toBe(200);
    expect(there).toEqual(here);
    expect(there.body.split('\n').length).toBeGreaterThan(100);
    expect(await auditCount('publication.ctdc.export')).toBe(before + 2);
    const preview = await both(dpo, '/api/publication/ctdc/preview?k=3');
    expect(preview.there).toEqual(preview.here);
    expect(JSON.parse(preview.there.body).released).toBe(Number(here.release[2]));
  });

  it('gives the HTCDS export (CSV, JSON with identity) the same bytes as in process, audited by the thread', async () => {
    const before = await auditCount('exchange.htcds.export');
    for (const q of ['format=csv', 'format=json&includeIdentity=true']) {
      const { here, there } = await both(sup, `/api/exchange/htcds/export?${q}`);
      expect(here.status).toBe(200);
      expect(there).toEqual(here);
    }
    const { there } = await both(sup, '/api/exchange/htcds/export?format=json&includeIdentity=true');
    // The identity the consent covers, decided and decrypted on the thread.
    expect(there.body).toContain('Ursula');
    expect(await auditCount('exchange.htcds.export')).toBe(before + 6);
  });

  it('answers what the task refuses as the same problem, in the caller’s language', async () => {
    const cw = await h().login('caseworker.ntt');
    for (const locale of ['id', 'en']) {
      cw.locale = locale;
      const { here, there } = await both(cw, '/api/exchange/htcds/export');
      expect(here.status).toBe(403);
      expect(there).toEqual(here);
    }
    // An agency outside the caller's scope looks like a missing one, on the thread as in process.
    const { here, there } = await both(sup, '/api/exchange/htcds/export?agencyId=00000000-0000-4000-8000-000000000000');
    expect(here.status).toBe(404);
    expect(there).toEqual(here);
  });

  it('runs at a lower CPU priority than the API', async () => {
    if (threadNiceValues().length === 0) return; // not Linux: nothing to look at
    const caller: OffloadCaller = { actor: null, locale: 'en', ip: null, requestId: 'test' };
    // Any call starts the thread; an unknown task is an internal error that crosses as one.
    await expect(thread.run('no.such.task', {}, caller)).rejects.toThrow(/no offload task/);
    expect(threadNiceValues()).toContain(BACKGROUND_NICE);
    expect(threadNiceValues()).toContain(0);
    // And it runs only when no other thread wants the core (util-linux's chrt, on every Linux this runs on).
    expect(threadPolicies()).toContain(SCHED_IDLE);
    expect(threadPolicies()).toContain(0);
  });

  /** The caller a request of this client sends to the thread (its actor as the session resolved it). */
  const callerOf = async (c: Client, url: string): Promise<OffloadCaller> => {
    const callers: OffloadCaller[] = [];
    h().services.workThread = {
      run: (task, args, caller) => {
        callers.push(caller);
        return thread.run(task, args, caller);
      },
    };
    try {
      expect((await c.get(url)).statusCode).toBe(200);
    } finally {
      delete h().services.workThread;
    }
    expect(callers).toHaveLength(1);
    return callers[0]!;
  };

  it('stops the work when the reader goes away, and keeps serving', async () => {
    const caller = await callerOf(sup, '/api/exchange/htcds/export?format=csv');
    expect(caller.actor?.username).toBe('supervisor.ntt');
    const first = await thread.run('exchange.htcdsExport', { format: 'json', includeIdentity: 'false' }, caller);
    const reader = first.body[Symbol.asyncIterator]();
    expect((await reader.next()).done).toBe(false);
    await reader.return?.();
    const second = await thread.run('exchange.htcdsExport', { format: 'csv', includeIdentity: 'false' }, caller);
    let bytes = 0;
    for await (const chunk of second.body) bytes += chunk.length;
    expect(bytes).toBeGreaterThan(100);
  });

  it('fails the calls in progress when the thread ends, instead of leaving them waiting', async () => {
    const caller = await callerOf(dpo, '/api/publication/ctdc/preview?k=3');
    const own = startWorkThread(h().config, pino({ level: 'silent' }));
    const pending = own.run('publication.ctdcRelease', { query: {}, rows: true }, caller);
    await own.stop(0);
    await expect(pending).rejects.toBeInstanceOf(Error);
    await expect(pending).rejects.not.toBeInstanceOf(AppError);
  });
});
