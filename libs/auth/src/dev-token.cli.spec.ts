import { parseTokenArgs, TokenArgsError } from './dev-token.cli';

describe('npm run token arguments', () => {
  it('reads role, regions, branches, subject and expiry', () => {
    expect(parseTokenArgs(['--role', 'branch-manager', '--branch', 'SH-01'])).toEqual({ claims: { role: 'branch-manager', branches: ['SH-01'] }, expiresIn: '12h' });
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

  it.each([
    [[], /--role must be one of/],
    [['--role', 'admin'], /--role must be one of/],
    [['--role', 'region-manager'], /needs --region/],
    [['--role', 'branch-manager', '--region', 'EAST'], /needs --branch/],
    [['--role', 'head-office', '--expires', 'soon'], /--expires must be a span/],
    [['--role', 'head-office', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseTokenArgs(argv)).toThrow(TokenArgsError);
    expect(() => parseTokenArgs(argv)).toThrow(message);
  });
});
