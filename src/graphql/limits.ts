/** Limits of the read graph that resolvers enforce and the cost estimate prices. */

/** Descendant walks stop at this many tickets. */
export const DESCENDANT_NODE_CAP = 5000;
export const MAX_DESCENDANT_DEPTH = 20;
export const DEFAULT_DESCENDANT_DEPTH = 10;
