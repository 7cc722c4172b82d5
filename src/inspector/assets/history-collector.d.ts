// Types for the page's plain-JS module, so that tests in TypeScript can call it.
export interface HistoryPage {
  entries: { id: string; receivedAt: string; replayOf?: string }[];
  complete: boolean;
  [key: string]: unknown;
}
export function historyCollector<T extends HistoryPage>(
  done: (history: T) => void,
): { start(first: T): void; page(page: HistoryPage): void };
