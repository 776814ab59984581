import { parseTokenArgs, TokenArgsError } from './dev-token.cli';

describe('npm run token arguments', () => {
  it('reads role, regions, branches, subject and expiry', () => {
    expect(parseTokenArgs(['--role', 'branch-manager', '--branch', 'SH-01'])).toEqual({
      claims: { role: 'branch-manager', branches: ['SH-01'] },
      expiresIn: '12h',
    });
    expect(parseTokenArgs(['--role', 'region-manager', '--region', 'EAST', '--region', 'NORTH,WEST', '--expires', '1h'])).toEqual({
      claims: { role: 'region-manager', regions: ['EAST', 'NORTH', 'WEST'] },
      expiresIn: '1h',
    });
    expect(parseTokenArgs(['--role', 'head-office'])).toEqual({ claims: { role: 'head-office' }, expiresIn: '12h' });
    expect(parseTokenArgs(['--role', 'analyst', '--branch', 'X', '--subject', 'ana'])).toEqual({
      claims: { role: 'analyst', branches: ['X'], subject: 'ana' },
      expiresIn: '12h',
    });
    expect(parseTokenArgs(['--help'])).toBe('help');
  });

  it('links the token to an employee with --employee (claim employee_id)', () => {
    expect(parseTokenArgs(['--role', 'sales-staff', '--branch', 'SH-01', '--subject', 'u-1', '--employee', 'E-1001'])).toEqual({
      claims: { role: 'sales-staff', branches: ['SH-01'], subject: 'u-1', employeeId: 'E-1001' },
      expiresIn: '12h',
    });
  });

  it('keeps within AUTH_MAX_TOKEN_LIFETIME: the default 12h is shortened to it, a longer --expires refused', () => {
    expect(parseTokenArgs(['--role', 'head-office'], 3600)).toEqual({ claims: { role: 'head-office' }, expiresIn: '3600s' });
    expect(parseTokenArgs(['--role', 'head-office', '--expires', '24h'])).toMatchObject({ expiresIn: '24h' });
    expect(parseTokenArgs(['--role', 'head-office', '--expires', '7d'], 7 * 86400)).toMatchObject({ expiresIn: '7d' });
    expect(() => parseTokenArgs(['--role', 'head-office', '--expires', '2h'], 3600)).toThrow('--expires 2h is longer than AUTH_MAX_TOKEN_LIFETIME (3600 s)');
  });

  it.each([
    [[], /--role must be one of/],
    [['--role', 'admin'], /--role must be one of/],
    [['--role', 'region-manager'], /needs --region/],
    [['--role', 'branch-manager', '--region', 'EAST'], /needs --branch/],
    [['--role', 'head-office', '--expires', 'soon'], /--expires must be a span/],
    [['--role', 'head-office', '--bogus'], /Unknown option '--bogus'/],
    [['--role', 'head-office', '--expires', '7d'], /--expires 7d is longer than AUTH_MAX_TOKEN_LIFETIME \(86400 s\)/],
    [['--role', 'head-office', '--expires', '0h'], /--expires must be a span/],
    [['--role', 'sales-staff', '--branch', 'SH-01', '--employee', 'E 1'], /--employee must be an employee id/],
    [['--role', 'integration', '--branch', 'SH-01', '--context', 'sales', '--employee', 'E-1'], /an integration token has no --employee/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseTokenArgs(argv)).toThrow(TokenArgsError);
    expect(() => parseTokenArgs(argv)).toThrow(message);
  });
});
