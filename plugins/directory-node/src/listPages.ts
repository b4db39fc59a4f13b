/**
 * Items asked for per page of a list call: 40 pods of about 6 KB (with
 * `managedFields`) fit under the default response byte limit of 256 KiB. A
 * page past the limit (larger objects) is asked for again with half as many.
 * @public
 */
export const LIST_PAGE_SIZE = 40;

/**
 * The most pages one list may take; a longer list is refused with a
 * {@link ListTooLongError}.
 * @public
 */
export const MAX_LIST_PAGES = 500;

/**
 * A list that carried more than {@link MAX_LIST_PAGES} pages.
 * @public
 */
export class ListTooLongError extends Error {
  constructor(what: string, items: number) {
    super(`response too large: the ${what} list has more than ${items} items`);
    this.name = 'ListTooLongError';
  }
}

/**
 * One page of a list answer, as client-node's typed clients return it
 * (`metadata._continue`).
 * @public
 */
export interface ListPage<T> {
  items: T[];
  metadata?: { _continue?: string };
}

/** The answer was past the response byte limit and was not read further. */
function isResponseTooLarge(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResponseTooLargeError';
}

/**
 * Every page of a list, {@link LIST_PAGE_SIZE} items at a time, or half as
 * many (down to one) while a page is past the response byte limit, so that
 * no single answer is large and large objects do not make the list fail.
 * `what` names the list in errors.
 * @public
 */
export async function listAllPages<T>(
  what: string,
  page: (request: {
    limit: number;
    _continue?: string;
  }) => Promise<ListPage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  let limit = LIST_PAGE_SIZE;
  for (let pages = 0; pages < MAX_LIST_PAGES; ) {
    let answer: ListPage<T>;
    try {
      answer = await page({ limit, _continue: next });
    } catch (error) {
      if (limit > 1 && isResponseTooLarge(error)) {
        limit = Math.ceil(limit / 2);
        continue;
      }
      throw error;
    }
    pages++;
    items.push(...answer.items);
    next = answer.metadata?._continue;
    if (!next) {
      return items;
    }
  }
  throw new ListTooLongError(what, items.length);
}

/**
 * A page of an untyped list (custom objects), whose `continue` keeps its
 * wire name, as a {@link ListPage}.
 * @public
 */
export function customObjectPage<T = unknown>(list: {
  items?: T[];
  metadata?: { continue?: string };
}): ListPage<T> {
  return {
    items: list.items ?? [],
    metadata: { _continue: list.metadata?.continue },
  };
}
