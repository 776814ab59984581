import { AUTH_SETTINGS, AuthSettings } from '@app/auth';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { IDENTITY_SETTINGS } from './identity.tokens';
import { IdentitySettings } from './identity.settings';
import { UsersService } from './users.service';

export type FirstAccountOutcome =
  /** An OIDC provider signs users in: no password account is made. */
  | { readonly status: 'oidc' }
  /** There are users already: nothing was made (and nothing is said). */
  | { readonly status: 'exists' }
  /** The first head-office account was made now; `password` only when it was generated. */
  | { readonly status: 'created'; readonly username: string; readonly generatedPassword?: string };

/**
 * The first head-office account: made when the users table is empty, with AUTH_ADMIN_USERNAME
 * (default `admin`) and AUTH_ADMIN_PASSWORD, or a generated password that the caller prints once.
 * There is no second chance to see a generated password: the next start finds a user and says
 * nothing; a lost one is reset by another head-office user, or by deleting the users (docs/security.md).
 */
@Injectable()
export class FirstAccount {
  constructor(
    private readonly users: UsersService,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
    @Inject(AUTH_SETTINGS) private readonly auth: AuthSettings,
  ) {}

  async ensure(): Promise<FirstAccountOutcome> {
    if (this.auth.mode === 'oidc') return { status: 'oidc' };
    if ((await this.users.count()) > 0) return { status: 'exists' };
    const generatedPassword = this.settings.adminPassword === undefined ? randomBytes(18).toString('base64url') : undefined;
    const created = await this.users.createFirstAccount(this.settings.adminUsername, this.settings.adminPassword ?? generatedPassword!);
    if (!created) return { status: 'exists' };
    return { status: 'created', username: created.username, ...(generatedPassword ? { generatedPassword } : {}) };
  }
}

/** The one block that says how to sign in with the first account (the generated password included, this once). */
export function firstAccountBlock(outcome: FirstAccountOutcome & { status: 'created' }, url: string): string {
  return [
    '',
    '================================================================',
    ' First start: created the head-office account',
    `   sign in at ${url}/`,
    `   username   ${outcome.username}`,
    outcome.generatedPassword ? `   password   ${outcome.generatedPassword}` : '   password   the one in AUTH_ADMIN_PASSWORD',
    outcome.generatedPassword ? ' This password is shown this once: keep it, or reset it after signing in.' : '',
    ' Create the other users under Users (head office), or POST /api/v1/users.',
    '================================================================',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === 0 || i === all.length - 1)
    .join('\n');
}

/**
 * For the distributed form (org-service): makes the first account at boot and logs the block once.
 */
@Injectable()
export class FirstAccountAtBoot implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(private readonly first: FirstAccount) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.first.ensure();
    if (outcome.status !== 'created') return;
    const host = process.env.PUBLIC_URL ?? `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? '3000'}`;
    this.logger.warn(firstAccountBlock(outcome, host.replace(/\/$/, '')));
  }
}
