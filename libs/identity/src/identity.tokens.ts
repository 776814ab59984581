/** Injection token of the {@link IdentitySettings} (from the environment; override in tests). */
export const IDENTITY_SETTINGS = 'IDENTITY_SETTINGS';
