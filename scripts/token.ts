// Prints a development bearer token (HS256, the platform's shared-secret mode) and nothing else:
//
//   TOKEN=$(npm run -s token -- --role branch-manager --branch SH-01)
//   curl -H "Authorization: Bearer $TOKEN" 'http://127.0.0.1:3000/api/v1/kpis/revenue_new_vehicles?from=2026-01&to=2026-12&groupBy=branch'
//
// Other roles: --role region-manager --region EAST | --role head-office | --role analyst [--branch X];
// --expires 1h (default 12h, at most AUTH_MAX_TOKEN_LIFETIME). Signed with AUTH_JWT_SECRET if set, else the development secret.
import { parseTokenArgs, signDevToken, TOKEN_USAGE, TokenArgsError } from '@app/auth';
import { loadPlatformConfig, maxTokenLifetimeSeconds } from '@app/platform-kit';

async function main(): Promise<void> {
  // The configuration the platform checks at boot: the same secret rules and the same maximum lifetime.
  const parsed = parseTokenArgs(process.argv.slice(2), maxTokenLifetimeSeconds(loadPlatformConfig()));
  if (parsed === 'help') {
    process.stdout.write(`${TOKEN_USAGE}\n`);
    return;
  }
  process.stdout.write(`${await signDevToken(parsed.claims, { expiresIn: parsed.expiresIn })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof TokenArgsError ? `${error.message}\n${TOKEN_USAGE}` : String(error)}\n`);
  process.exitCode = 2;
});
