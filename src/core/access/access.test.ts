import { describe, expect, it } from 'vitest';
import { ACCESS, callerViewFor, endOfShares, mayGetAttachment, relationOf, type ShareLike } from './index.ts';

const share = (id: string, unitPath: string, status: ShareLike['status'], parentId: string | null = null): ShareLike => ({ id, unitPath, status, parentId });
const street = { isCenter: false, unitPath: '/c/d/s/' };

describe('relation of a unit to a ticket', () => {
  it('holds it while a share in its subtree runs; ended once all of them ended; none if it never held one', () => {
    expect(relationOf(street, 'handling', [share('a', '/c/d/s/', 'handling')])).toBe('holder');
    expect(relationOf(street, 'handling', [share('a', '/c/d/s/x/', 'dispatched')])).toBe('holder'); // passed down
    expect(relationOf({ isCenter: false, unitPath: '/c/d/' }, 'handling', [share('a', '/c/d/s/', 'handling')])).toBe('holder'); // above
    expect(relationOf(street, 'registered', [share('a', '/c/d/s/', 'returned')])).toBe('ended');
    expect(relationOf(street, 'handling', [share('a', '/c/d/s/', 'returned'), share('b', '/c/e/', 'handling')])).toBe('ended'); // re-dispatched elsewhere
    expect(relationOf(street, 'handling', [share('a', '/c/d/s/', 'returned'), share('b', '/c/d/s/', 'dispatched')])).toBe('holder'); // sent back to it
    expect(relationOf(street, 'merged', [share('a', '/c/d/s/', 'handling')])).toBe('ended');
    expect(relationOf(street, 'handling', [share('a', '/c/e/', 'handling')])).toBe('none');
    expect(relationOf({ isCenter: true, unitPath: '/c/' }, 'handling', [])).toBe('center');
  });

  it('a share ends with the approval of its own return or of the share above it', () => {
    const parent = share('p', '/c/d/s/', 'returned');
    const child = share('k', '/c/d/s/x/', 'returned', 'p');
    const events = [
      { id: 1, action: 'dispatch', assignmentId: 'p' },
      { id: 2, action: 'subdispatch', assignmentId: 'k' },
      { id: 3, action: 'approve-return', assignmentId: 'p' },
      { id: 4, action: 'dispatch', assignmentId: 'z' },
    ];
    expect([...endOfShares([parent, child], [parent, child], events)]).toEqual([['p', 3], ['k', 3]]);
  });
});

describe('what each relation may do', () => {
  it('an ended unit sees no caller and may take no action', () => {
    expect(callerViewFor('ended', { anonymous: false, confidential: false }, false)).toBe('hidden');
    expect(callerViewFor('holder', { anonymous: false, confidential: false }, false)).toBe('masked');
    expect(callerViewFor('holder', { anonymous: false, confidential: false }, true)).toBe('hidden');
    expect(ACCESS.ended.act).toBe(false);
    expect(ACCESS.holder.act).toBe(true);
  });

  it('the caller’s files go to a unit only where it may see the caller; an ended unit keeps its own uploads', () => {
    expect(mayGetAttachment('holder', 'masked', { origin: 'caller', uploadedByViewerUnit: false })).toBe(true);
    expect(mayGetAttachment('holder', 'hidden', { origin: 'caller', uploadedByViewerUnit: false })).toBe(false);
    expect(mayGetAttachment('holder', 'hidden', { origin: 'unit', uploadedByViewerUnit: false })).toBe(true);
    expect(mayGetAttachment('ended', 'hidden', { origin: 'unit', uploadedByViewerUnit: true })).toBe(true);
    expect(mayGetAttachment('ended', 'hidden', { origin: 'unit', uploadedByViewerUnit: false })).toBe(false);
    expect(mayGetAttachment('none', 'hidden', { origin: 'unit', uploadedByViewerUnit: true })).toBe(false);
  });
});
