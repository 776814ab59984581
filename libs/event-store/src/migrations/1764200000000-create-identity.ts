import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, their sign-in sessions, integration accounts and the audit log of head office's changes
 * to them (libs/identity). In the event store's database so that every service that can reach the
 * store can also check a sign-in session. Roles and scopes are checked here as well as in the
 * API: a branch role needs branches, a region manager regions; `integration` is not a user role.
 */
export class CreateIdentity1764200000000 implements MigrationInterface {
  name = 'CreateIdentity1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('head-office', 'region-manager', 'analyst', 'branch-manager', 'sales-staff', 'service-staff', 'parts-staff')),
        regions text[] NOT NULL DEFAULT '{}',
        branches text[] NOT NULL DEFAULT '{}',
        disabled boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        CHECK (role <> 'region-manager' OR cardinality(regions) > 0),
        CHECK (role NOT IN ('branch-manager', 'sales-staff', 'service-staff', 'parts-staff') OR cardinality(branches) > 0)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`);
    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_seen_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE integration_accounts (
        client_id text PRIMARY KEY CHECK (client_id ~ '^[A-Za-z0-9._-]{3,64}$'),
        name text NOT NULL,
        secret_hash text NOT NULL,
        token_sid uuid NOT NULL,
        branches text[] NOT NULL CHECK (cardinality(branches) > 0),
        contexts text[] NOT NULL CHECK (cardinality(contexts) > 0 AND contexts <@ ARRAY['sales', 'workshop', 'parts']),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE identity_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        target text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE identity_audit`);
    await queryRunner.query(`DROP TABLE integration_accounts`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(`DROP TABLE users`);
  }
}
