/**
 * Every value the web app offers in a picklist has a label in Indonesian and in English. The values themselves
 * are the server's (src/contract/, imported by the server's zod schemas and by the web), so they cannot drift from
 * the API; what a renamed or added value can still miss is its label, checked here without a browser or a server.
 * (Formerly step 0 of the case-management and referrals journeys, which compared copies of the lists with the
 * OpenAPI document in Chromium.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseStages, closureReasons, referralSources } from '../../src/contract/cases.js';
import { consentGivers, consentPurposes, fieldGroups, guardianRelationships } from '../../src/contract/consent.js';
import { htcds } from '../../src/contract/htcds.js';
import { referralReasons, referralStatuses, urgencies } from '../../src/contract/referrals.js';
import { serviceTypes } from '../../src/contract/services.js';

const i18n = resolve(import.meta.dirname, '../../src/web/i18n');
type Tree = { [key: string]: string | Tree };

/** A language's labels as the app gets them: the main file and each feature's file (its own top-level keys). */
function labels(language: 'id' | 'en'): Tree {
  const tree = JSON.parse(readFileSync(join(i18n, `${language}.json`), 'utf8')) as Tree;
  for (const file of readdirSync(join(i18n, language)))
    Object.assign(tree, JSON.parse(readFileSync(join(i18n, language, file), 'utf8')) as Tree);
  return tree;
}
const labelAt = (tree: Tree, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);

/** The HTCDS picklists the case pages offer (the contract holds more fields than the web shows). */
const htcdsShown = [
  'prs_Gender',
  'prs_HighestLevelOfEducation',
  'prs_MaritalStatus',
  'vic_TypeOfExploitation',
  'vic_MethodsOfControl',
  'vic_MethodOfRecruitment',
  'vic_RecruitmentWebsitesAndApps',
  'vic_ExploitationWebsitesAndApps',
  'vic_TypeOfSexExploitation',
  'vic_Vulnerabilities',
  'vic_RelationshipToTrafficker',
  'vic_ForcedLabourIndustry',
  'hte_Type',
] as const;

const lists: [prefix: string, values: readonly string[]][] = [
  ...htcdsShown.map((field): [string, readonly string[]] => [`htcds.${field}`, htcds[field]]),
  ['cases.stage', caseStages],
  ['cases.services.types', serviceTypes],
  ['cases.referralSource', referralSources],
  ['cases.closureReason', closureReasons],
  ['consents.purposes', consentPurposes],
  ['consents.groups', fieldGroups],
  ['consents.givers', consentGivers],
  ['consents.relationships', guardianRelationships],
  ['referrals.urgencies', urgencies],
  ['referrals.reasons', referralReasons],
  ['referrals.status', referralStatuses],
];

describe('picklist labels', () => {
  it.each(['id', 'en'] as const)('labels every picklist value the web offers in %s', (language) => {
    const tree = labels(language);
    const missing = lists.flatMap(([prefix, values]) =>
      values.map((v) => `${prefix}.${v}`).filter((key) => typeof labelAt(tree, key) !== 'string'),
    );
    expect(lists.reduce((n, [, values]) => n + values.length, 0)).toBeGreaterThan(150);
    expect(missing).toEqual([]);
  });

  it('notices a value without a label', () => {
    const tree = labels('en');
    expect(typeof labelAt(tree, 'cases.stage.identified')).toBe('string');
    expect(labelAt(tree, 'cases.stage.renamed_stage')).toBeUndefined();
  });
});
