// Two tiers with one shape: unit specs next to the code (*.spec.ts), integration specs against
// the real Postgres, Kafka broker and ClickHouse engine (*.int-spec.ts). See README "Tests".
const fs = require('node:fs');
const path = require('node:path');

const swcConfig = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcConfig.$schema;

const libs = fs.readdirSync(path.join(__dirname, 'libs'));
const moduleNameMapper = {
  ...Object.fromEntries(libs.map((lib) => [`^@app/${lib}$`, `<rootDir>/libs/${lib}/src`])),
  // Spec helpers beside the contracts (the decider given/when/then): specs only, never built.
  '^@app/contracts/testing$': '<rootDir>/libs/contracts/testing',
  '^@app/projections/testing$': '<rootDir>/libs/projections/testing',
  '^@app/reporting/testing$': '<rootDir>/libs/reporting/testing',
};

const shared = {
  rootDir: __dirname,
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcConfig],
    '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', swcConfig],
    // The dashboard's ES modules that the server imports too (the shared formats, docs/adr/0028-checked-page-code.md).
    '^.+/libs/reporting/web/assets/.+\\.js$': ['@swc/jest', swcConfig],
  },
  // jose 6 ships ES modules only (Node's require(esm) loads it at run time; jest needs it compiled).
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/', '<rootDir>/.cache/'],
  testTimeout: 60000,
  setupFiles: ['<rootDir>/libs/testing/src/jest-logging.ts'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,test,bench}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test,bench}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
