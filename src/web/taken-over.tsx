import { useEffect } from 'react';

/**
 * Marks the document once the page in front of the user runs (`<html data-app="ready">`): a page
 * rendered on the server is shown before its scripts have taken it over (src/web/main.tsx), and
 * until then its buttons do nothing. boot.ts holds back forms submitted before; the browser tests
 * wait for the mark before they act, as a user waits for the page to respond.
 */
export function TakenOver() {
  useEffect(() => {
    document.documentElement.dataset.app = 'ready';
  }, []);
  return null;
}
