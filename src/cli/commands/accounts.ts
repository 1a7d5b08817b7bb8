import type { Command } from 'commander';
import { createAgency } from '../../modules/agencies/index.js';
import { agencyTypeKeys } from '../../modules/reference/index.js';
import {
  builtinRoleKeys,
  createUser,
  findUserByUsername,
  resetPassword,
  resetTotp,
  setUserStatus,
} from '../../modules/users/index.js';
import { agencyTypeArg, explain, fail, out, resolveAgencyId, roleArg, withServices } from '../support.js';

/** `pulih agency …` and `pulih user …`: bootstrap agencies and manage accounts. */
export function addAccountsCommands(program: Command): void {
  const agency = program.command('agency').description('manage agencies (bootstrap a fresh instance)');
  agency
    .command('create')
    .description('create an agency')
    .requiredOption('--name <name>', 'agency name')
    .requiredOption('--type <type>', `agency type: ${agencyTypeKeys.join(', ')}`, agencyTypeArg)
    .option('--region <code>', 'Kemendagri province or regency code, e.g. 53 or 53.71 (Indonesian agencies)')
    .option('--country <code>', 'ISO 3166-1 alpha-2 country code', 'ID')
    .action((opts: { name: string; type: string; region?: string; country: string }) =>
      withServices(async (_s, ctx) => {
        const a = await createAgency(ctx, {
          name: opts.name,
          type: opts.type as never,
          regionCode: opts.region ?? null,
          countryCode: opts.country.toUpperCase(),
        }).catch(explain);
        out(`Agency created: ${a.id} ${a.name}`);
      }),
    );

  const user = program.command('user').description('manage user accounts');
  user
    .command('create')
    .description('create a user with a temporary password (changed at first login)')
    .requiredOption('--username <username>', 'login name')
    .requiredOption('--name <displayName>', 'display name')
    .requiredOption('--agency <agency>', 'agency id or exact name')
    .requiredOption('--role <role>', `role (repeatable): ${builtinRoleKeys.join(', ')}`, roleArg)
    .option('--locale <locale>', 'id or en', 'id')
    .action((opts: { username: string; name: string; agency: string; role: string[]; locale: string }) =>
      withServices(async (_s, ctx) => {
        if (opts.locale !== 'id' && opts.locale !== 'en') fail('--locale must be id or en', 2);
        const agencyId = await resolveAgencyId(ctx, opts.agency);
        const { user: u, temporaryPassword } = await createUser(ctx, {
          username: opts.username.toLowerCase(),
          displayName: opts.name,
          agencyId,
          roles: opts.role,
          locale: opts.locale as 'id' | 'en',
          timeZone: 'Asia/Jakarta',
        }).catch(explain);
        out(`User created: ${u.username} (${u.roles.join(', ')})`);
        out(`Temporary password (shown once): ${temporaryPassword}`);
      }),
    );
  user
    .command('reset-password')
    .description('issue a temporary password; the user must change it at next login')
    .argument('<username>', 'login name')
    .action((username: string) =>
      withServices(async (s, ctx) => {
        const u = await findUserByUsername(s.database.db, username);
        if (!u) fail(`no user "${username}"`, 2);
        const { temporaryPassword } = await resetPassword(ctx, u!.id).catch(explain);
        out(`Temporary password for ${u!.username} (shown once): ${temporaryPassword}`);
      }),
    );
  user
    .command('reset-totp')
    .description("clear a user's authenticator (TOTP) and end their sessions; they enrol again at next login")
    .argument('<username>', 'login name')
    .action((username: string) =>
      withServices(async (s, ctx) => {
        const u = await findUserByUsername(s.database.db, username);
        if (!u) fail(`no user "${username}"`, 2);
        await resetTotp(ctx, u!.id).catch(explain);
        out(`Authenticator cleared for ${u!.username}; a new one is enrolled at the next login.`);
      }),
    );
  user
    .command('disable')
    .description('disable an account and end its sessions')
    .argument('<username>', 'login name')
    .action((username: string) =>
      withServices(async (s, ctx) => {
        const u = await findUserByUsername(s.database.db, username);
        if (!u) fail(`no user "${username}"`, 2);
        await setUserStatus(ctx, u!.id, 'disabled').catch(explain);
        out(`Disabled ${u!.username}.`);
      }),
    );
}
