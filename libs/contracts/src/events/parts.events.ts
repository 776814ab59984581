/** The current version of every parts event. */
export const PARTS_EVENTS = [] as const;
