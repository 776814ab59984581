/** Thrown when consolidated money has no exchange rate for a branch currency and month. */
export class MissingExchangeRateError extends Error {}
