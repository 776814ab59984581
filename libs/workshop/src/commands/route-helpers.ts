/** The causes of a 400 every workshop command shares, besides invalid fields and headers. */
export const WORKSHOP_BAD_REQUEST = 'An unknown or closed branch, money not in the branch currency, or a rule on the request itself';

/** A client instant as the store keeps it (UTC, milliseconds). */
export const utc = (instant: string): string => new Date(instant).toISOString();
