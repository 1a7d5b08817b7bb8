import type { Executor } from '../../platform/db/index.js';
import type { PersonAgeHook } from './persons.age.js';
import type { PersonErasureHook } from './persons.dsr.js';
import type { PersonCaseHoldersSource, PersonHolderSource } from './persons.policy.js';

/**
 * A person's keyed name tokens were just written (every token, replacing the previous ones), in the transaction
 * `tx`: the cases module keeps its case-keyed copy, the case list's name postings, in step (migration 0144).
 */
export type PersonNameTokensHook = (tx: Executor, personId: string, tokens: readonly string[]) => Promise<void>;

/** The hooks the persons module calls; other modules provide them in their manifests (platform/modules.ts). */
declare module '../../platform/modules.js' {
  interface Hooks {
    /** Who holds a person, for the one vault decision: cases (lead agency, team), consented referrals. */
    'persons.holders': PersonHolderSource;
    /** The case paths of many persons at once (person id → holders): the duplicate check's matches in a few queries. */
    'persons.caseHolders': PersonCaseHoldersSource;
    /** Follows a corrected age in the same transaction (cases recompute their child flag, Law 35/2014). */
    'persons.ageChanged': PersonAgeHook;
    /** Destroys what another module holds of a person in her erasure transaction (attachments: her files). */
    'persons.erasure': PersonErasureHook;
    /** Follows her name tokens in the same transaction (the case list's name postings). */
    'persons.nameTokensChanged': PersonNameTokensHook;
  }
}
