/**
 * The total a pager shows beside one page of a list. A page that is not full is the end of the
 * list, so the total is known without counting (offset + rows on it): a search or filter that fits
 * on one page — the common case — costs one statement, and the total can never be wrong there.
 * Only a full page (or a page past the end) asks `count()`, the list's own count statement.
 */
export async function pageTotal(
  page: { limit: number; offset: number },
  rowsOnPage: number,
  count: () => Promise<number>,
): Promise<number> {
  if (rowsOnPage < page.limit && (rowsOnPage > 0 || page.offset === 0)) return page.offset + rowsOnPage
  return count()
}
