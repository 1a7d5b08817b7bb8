/**
 * The audit catalogue (platform/audit-catalogue.ts): every action a module writes is declared once, labelled in
 * both languages, and checked at run time. Which actions are written is proven by the type system: appendAudit
 * takes only a declared name (the @ts-expect-error below fails `tsc` the day a typo compiles).
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  type AuditAction,
  AuditCatalogue,
  auditMismatch,
  checkAuditInput,
  defineAuditActions,
} from '../../src/platform/audit-catalogue.js';
import { loadConfig } from '../../src/platform/config.js';
import type { Services } from '../../src/platform/context.js';
import { catalogs } from '../../src/platform/i18n/index.js';
import { auditCatalogue } from '../../src/server.js';

// @ts-expect-error a misspelt action is no action: appendAudit would not compile with it.
const typo: AuditAction = 'cases.craete';
const declared: AuditAction = 'cases.create';

describe('the audit catalogue', () => {
  const specs = auditCatalogue.list();

  it('declares every action the modules write, a hundred and more, each once', () => {
    expect(specs.length).toBeGreaterThan(100);
    expect(new Set(specs.map((s) => s.action)).size).toBe(specs.length);
    expect(auditCatalogue.get(declared)?.entityType).toBe('case');
    expect(auditCatalogue.get(typo)).toBeUndefined();
  });

  it('gives every action a name the audit filter accepts, an entity type and a zod schema of its details', () => {
    for (const spec of specs) {
      expect(spec.action, spec.action).toMatch(/^[a-zA-Z]+(\.[a-zA-Z]+)+$/);
      expect(spec.entityType === null || /^[a-z_]+$/.test(spec.entityType), spec.action).toBe(true);
      expect(spec.details, spec.action).toBeInstanceOf(z.ZodType);
    }
  });

  it('labels every action in Indonesian and English, and labels nothing undeclared', () => {
    for (const spec of specs) {
      for (const locale of ['id', 'en'] as const) {
        const label = catalogs[locale][`audit.action.${spec.action}`];
        expect(label, `${locale} audit.action.${spec.action}`).toBeTruthy();
      }
    }
    const labelled = Object.keys(catalogs.id)
      .filter((k) => k.startsWith('audit.action.'))
      .map((k) => k.slice('audit.action.'.length));
    expect(labelled.filter((a) => !auditCatalogue.get(a))).toEqual([]);
  });

  it('refuses an action declared twice', () => {
    const a = defineAuditActions({ x: { action: 'test.twice', entityType: null, details: z.strictObject({}) } });
    expect(() => new AuditCatalogue([a, a])).toThrow(/test.twice is declared twice/);
  });

  it('names a mismatch by path and issue code, never by value', () => {
    const why = auditMismatch(auditCatalogue, {
      action: 'cases.members.add',
      entityType: 'case',
      details: { userId: 'u1', role: 'lead', nik: '5301234567890001' },
    });
    expect(why).toMatch(/cases.members.add/);
    expect(why).toMatch(/unrecognized_keys/);
    expect(why).not.toContain('5301234567890001');
    expect(auditMismatch(auditCatalogue, { action: 'cases.members.add', details: { userId: 'u1' } })).toMatch(
      /role: invalid_type/,
    );
    expect(auditMismatch(auditCatalogue, { action: 'cases.members.add', entityType: 'person', details: {} })).toMatch(
      /about case, not person/,
    );
    expect(auditMismatch(auditCatalogue, { action: 'cases.nothing' })).toMatch(/not declared/);
    expect(
      auditMismatch(auditCatalogue, {
        action: 'cases.members.add',
        entityType: 'case',
        details: { userId: 'u1', role: 'lead' },
      }),
    ).toBeNull();
  });

  it('throws in strict mode and, in warn mode (production), logs and lets the event be written', () => {
    const warn = vi.fn();
    const services = (mode: 'strict' | 'warn') =>
      ({ auditCatalogue, config: { auditDetails: mode }, log: { warn } }) as unknown as Services;
    const bad = { action: 'tasks.create', entityType: 'case', details: { taskTitle: 'visit her mother' } };
    expect(() => checkAuditInput(services('strict'), bad)).toThrow(/tasks.create/);
    expect(warn).not.toHaveBeenCalled();
    expect(() => checkAuditInput(services('warn'), bad)).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warn.mock.calls[0])).not.toContain('visit her mother');
    expect(() =>
      checkAuditInput(services('strict'), { action: 'tasks.create', entityType: 'case', details: { taskId: 't1' } }),
    ).not.toThrow();
  });

  it('refuses an undeclared action or the wrong record type in every mode (a programming error)', () => {
    const warn = vi.fn();
    for (const mode of ['strict', 'warn'] as const) {
      const services = { auditCatalogue, config: { auditDetails: mode }, log: { warn } } as unknown as Services;
      expect(() => checkAuditInput(services, { action: 'cases.nothing', entityType: 'case', details: {} })).toThrow(
        /cases.nothing is not declared/,
      );
      expect(() =>
        checkAuditInput(services, { action: 'tasks.create', entityType: 'person', details: { taskId: 't1' } }),
      ).toThrow(/about case, not person/);
    }
    expect(warn).not.toHaveBeenCalled();
  });

  it('is strict by default: a mismatch fails unless the operator asks for warn', () => {
    expect(loadConfig({}).auditDetails).toBe('strict');
    expect(loadConfig({ PULIH_AUDIT_DETAILS: 'warn' }).auditDetails).toBe('warn');
  });
});
