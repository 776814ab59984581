export * from './org.module';
export * from './domain/branch.aggregate';
export * from './event-store-branch-directory';
