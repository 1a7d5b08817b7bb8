/** Modules declare themselves (platform/modules.ts) and server.ts composes one list of their manifests. */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeHooks, HookRegistry, ModuleCompositionError } from '../../src/platform/modules.js';
import { auditCatalogue, encryptedColumns, glue, jobs, modules } from '../../src/server.js';

const folders = readdirSync(resolve(import.meta.dirname, '../../src/modules'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('module manifests', () => {
  it('lists every module folder once, by its name', () => {
    expect(modules.map((m) => m.name).sort()).toEqual(folders);
  });

  it('composes jobs, encrypted columns and audit actions from the manifests alone', () => {
    expect(jobs.length).toBe(modules.reduce((n, m) => n + (m.jobs?.length ?? 0), 0));
    expect(new Set(jobs.map((j) => j.name)).size).toBe(jobs.length);
    for (const m of modules) {
      for (const set of m.encryptedColumns ?? []) expect(encryptedColumns, m.name).toContain(set);
      for (const spec of Object.values(m.auditActions ?? {})) expect(auditCatalogue.get(spec.action)).toBe(spec);
    }
  });

  it('provides every hook a module needs', () => {
    const hooks = composeHooks(modules, glue);
    for (const m of modules) {
      for (const need of m.needs ?? []) expect(hooks.all(need), `${m.name}: ${need}`).toHaveLength(1);
      for (const need of m.needsOneOrMore ?? []) expect(hooks.has(need), `${m.name}: ${need}`).toBe(true);
    }
    expect(hooks.all('cases.closeGuard').length).toBeGreaterThan(0);
    expect(hooks.all('consent.withdrawal').length).toBeGreaterThan(0);
    expect(hooks.all('cases.summarySection').length).toBe(3);
    expect(hooks.all('privacy.recordHold').length).toBe(2);
    expect(hooks.all('privacy.retentionTarget').map((t) => t.recordType)).toEqual(['closed_cases', 'attachments']);
    expect(hooks.all('privacy.retentionSweep').map((t) => t.recordType)).toEqual(['audit']);
    expect(hooks.all('access.resource').map((r) => r.type)).toEqual(['person', 'case']);
    // The case list's name postings follow a person's name tokens (issue 8): exactly one follower, the cases module.
    expect(hooks.all('persons.nameTokensChanged')).toHaveLength(1);
  });

  it('keys each keyed hook once (a record type, an alert target, a home-page section)', () => {
    const hooks = composeHooks(modules, glue);
    const keys = [
      hooks.all('access.resource').map((r) => r.type),
      hooks.all('alerts.audience').map((a) => a.entityType),
      hooks.all('privacy.retentionTarget').map((t) => t.recordType),
      hooks.all('privacy.retentionSweep').map((t) => t.recordType),
      hooks.all('privacy.subjectData').map((s) => s.name),
      hooks.all('workspace.todaySection').map((s) => s.key),
    ];
    for (const list of keys) expect(new Set(list).size).toBe(list.length);
  });

  it('stops start-up naming the module and the hook when a needed hook has no provider', () => {
    const withoutAttachments = modules.filter((m) => m.name !== 'attachments');
    expect(() => composeHooks(withoutAttachments, glue)).toThrow(ModuleCompositionError);
    expect(() => composeHooks(withoutAttachments, glue)).toThrow(
      'module consent needs the hook consent.evidence, which no module provides',
    );
    const withoutServicesOrConsent = modules.filter((m) => m.name !== 'services' && m.name !== 'consent');
    expect(() => composeHooks(withoutServicesOrConsent, glue)).toThrow(
      'module cases needs the hook cases.nextDeadlines, which no module provides; ' +
        'module cases needs the hook cases.transferConsent, which no module provides',
    );
    expect(() => composeHooks([...modules, modules[0]!], glue)).toThrow(/listed twice/);
    // server.ts's own wiring counts as a provider: without it the vault has no holders, break-the-glass no records.
    expect(() => composeHooks(modules)).toThrow(
      'module access needs one or more providers of the hook access.resource, but no module provides it; ' +
        'module persons needs one or more providers of the hook persons.holders, but no module provides it; ' +
        'module persons needs one or more providers of the hook persons.erasure, but no module provides it',
    );
  });

  it('stops start-up when a safety fan-out hook has no provider, instead of skipping its rule', () => {
    const without = (...names: string[]) => modules.filter((m) => !names.includes(m.name));
    // An alert about a case could reach someone who may not open it (the cases module provides its audience).
    expect(() => composeHooks(without('cases'), glue)).toThrow(
      'module alerts needs one or more providers of the hook alerts.audience, but no module provides it',
    );
    // Closure would pass open services, and "reintegrated" without follow-up scores.
    expect(() => composeHooks(without('services'), glue)).toThrow(
      /module cases needs one or more providers of the hook cases\.closeGuard, but no module provides it/,
    );
    expect(() => composeHooks(without('assessments'), glue)).toThrow(
      'module cases needs one or more providers of the hook cases.closureReasonGuard, but no module provides it',
    );
    // A withdrawn consent would leave referrals sharing.
    expect(() => composeHooks(without('referrals'), glue)).toThrow(
      'module consent needs one or more providers of the hook consent.withdrawal, but no module provides it',
    );
    // Erasure would leave her files; a record under an open proceeding could be erased.
    const { 'persons.erasure': _erasure, ...noErasure } = glue;
    expect(() => composeHooks(modules, noErasure)).toThrow(
      'module persons needs one or more providers of the hook persons.erasure, but no module provides it',
    );
    const { 'privacy.recordHold': _hold, ...noHold } = glue;
    expect(() => composeHooks(without('legal'), noHold)).toThrow(
      'module privacy needs one or more providers of the hook privacy.recordHold, but no module provides it',
    );
    // One provider of two is enough for a fan-out hook.
    expect(() => composeHooks(without('legal'), glue)).not.toThrow();
  });

  it('stops start-up when a hook needed once has two providers', () => {
    const twice = {
      name: 'twice',
      provides: { 'consent.evidence': modules.find((m) => m.name === 'attachments')!.provides!['consent.evidence']! },
    };
    expect(() => composeHooks([...modules, twice], glue)).toThrow(
      'module consent needs exactly one provider of the hook consent.evidence, but 2 provide it',
    );
  });

  it('keeps hooks per service set, not in module-global state', () => {
    const a = composeHooks(modules, glue);
    const b = new HookRegistry();
    b.provide('cases.closeGuard', async () => 7);
    expect(b.all('cases.closeGuard')).toHaveLength(1);
    expect(a.all('cases.closeGuard')).not.toContain(b.all('cases.closeGuard')[0]);
    expect(() => b.one('cases.nextDeadlines')).toThrow(/0 providers/);
  });
});
