/** The inspector's default port: the listener's (4665) plus one. */
export const DEFAULT_INSPECT_PORT = 4666;
