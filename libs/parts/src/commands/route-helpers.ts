/** The causes of a 400 every parts command shares, besides invalid fields and headers. */
export const PARTS_BAD_REQUEST = 'An unknown or closed branch, or money not in the branch currency';

/** The stream most parts commands append to: its version is their ETag and If-Match. */
export const PARTS_STOCK_LEDGER = "the branch's parts stock ledger";
