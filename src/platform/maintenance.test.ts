import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.js';
import { NAME_KEYS_VERSION } from '../modules/persons/index.js';
import { runStepOnce, stepDone } from './maintenance.js';

/**
 * Issue 8: start-up maintenance scans whole tables to learn there is nothing left to do; at 1,000,000 cases that
 * held a start for minutes. A step that ran to its end is recorded and skipped at later starts.
 */
describeEachDatabase(
  'start-up maintenance remembers it is done',
  (h) => {
    const db = () => h().services.database.db;
    const now = () => h().clock.now();

    it('records each start-up step once the server has run it', async () => {
      for (const step of ['free-text-sealed', 'identities-under-person-keys', `name-keys-v${NAME_KEYS_VERSION}`])
        expect(await stepDone(db(), step), step).toBe(true);
      // A new version of the name keys is a step of its own: it runs once more.
      expect(await stepDone(db(), `name-keys-v${NAME_KEYS_VERSION + 1}`)).toBe(false);
    });

    it('runs a step until it is recorded, then never again', async () => {
      let runs = 0;
      const run = async () => {
        runs++;
        return 7;
      };
      expect(await runStepOnce(db(), 'test-step', now, run)).toBe(7);
      expect(await runStepOnce(db(), 'test-step', now, run)).toBeNull();
      expect(runs).toBe(1);
      expect(await runStepOnce(db(), 'other-step', now, run)).toBe(7);
      expect(runs).toBe(2);
    });

    it('does not record a step that failed: the next start runs it again', async () => {
      await expect(
        runStepOnce(db(), 'failing-step', now, async () => {
          throw new Error('disk full');
        }),
      ).rejects.toThrow('disk full');
      expect(await stepDone(db(), 'failing-step')).toBe(false);
    });
  },
  { seed: false },
);
