/**
 * Why a request is not authenticated. The guard answers 401 `UNAUTHENTICATED` with the message;
 * the message says what is wrong with the token, never what the key or secret is.
 */
export class AuthenticationError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/**
 * The token could not be checked because the key set of the identity provider is unreachable or
 * unusable: the server's problem, not the client's (503 `AUTH_UNAVAILABLE`).
 */
export class AuthUnavailableError extends Error {
  readonly code = 'AUTH_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'AuthUnavailableError';
  }
}
