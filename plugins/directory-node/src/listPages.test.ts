import {
  customObjectPage,
  LIST_PAGE_SIZE,
  listAllPages,
  ListTooLongError,
  MAX_LIST_PAGES,
} from './listPages';
import { ResponseTooLargeError } from './responseLimits';

/** A server holding `count` items of `size` bytes, answering at most `maxBytes`. */
function server(count: number, size: number, maxBytes: number) {
  const limits: number[] = [];
  const page = async (request: { limit: number; _continue?: string }) => {
    limits.push(request.limit);
    const start = Number(request._continue ?? 0);
    const end = Math.min(count, start + request.limit);
    if ((end - start) * size > maxBytes) {
      throw new ResponseTooLargeError(maxBytes);
    }
    const items = Array.from({ length: end - start }, (_, i) => start + i);
    return {
      items,
      metadata: { _continue: end < count ? String(end) : undefined },
    };
  };
  return { page, limits };
}

describe('listAllPages', () => {
  it('reads every page', async () => {
    const count = 2 * LIST_PAGE_SIZE + 10;
    const { page, limits } = server(count, 1, 1_000);
    const items = await listAllPages('thing', page);
    expect(items).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(limits).toEqual([LIST_PAGE_SIZE, LIST_PAGE_SIZE, LIST_PAGE_SIZE]);
  });

  it('asks for half as many while a page is past the byte limit', async () => {
    const { page, limits } = server(120, 10, 150);
    expect(await listAllPages('thing', page)).toHaveLength(120);
    expect(limits.slice(0, 4)).toEqual([40, 20, 10, 10]);
    expect(Math.max(...limits.slice(2))).toBe(10);
  });

  it('gives up when one item is past the byte limit', async () => {
    const { page, limits } = server(3, 500, 300);
    await expect(listAllPages('thing', page)).rejects.toThrow(
      'response too large: more than 300 bytes',
    );
    expect(limits).toEqual([40, 20, 10, 5, 3, 2, 1]);
  });

  it('refuses a list longer than the most pages', async () => {
    const endless = async () => ({ items: [1], metadata: { _continue: 'x' } });
    const error = await listAllPages('thing', endless).catch(e => e);
    expect(error).toBeInstanceOf(ListTooLongError);
    expect(error.message).toBe(
      `response too large: the thing list has more than ${MAX_LIST_PAGES} items`,
    );
  });

  it('reads the continue token of an untyped list', () => {
    expect(
      customObjectPage({ items: [1], metadata: { continue: 'abc' } }),
    ).toEqual({ items: [1], metadata: { _continue: 'abc' } });
    expect(customObjectPage({})).toEqual({
      items: [],
      metadata: { _continue: undefined },
    });
  });
});
