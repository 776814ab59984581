export * from './command-context';
export * from './command-route';
export * from './command-dispatcher';
export * from './batch.controller';
export * from './commands.module';
export * from './command.controller';
export * from './command-docs';
