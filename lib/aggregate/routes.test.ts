import { describe, expect, it } from 'vitest';
import { collapsePath, collapseSegment, routeOf } from './routes';

describe('collapseSegment', () => {
  it('collapses numbers, UUIDs, hex ids and long tokens to :id', () => {
    for (const id of [
      '0',
      '12345',
      '28475d93-ba00-4115-9662-5d6797cdd981',
      '5f3c2a1b',
      '507f1f77bcf86cd799439011',
      'deadbeefdeadbeef',
      '01HZX3K4Q9R7T2V5W8Y0ABCDEF',
    ]) {
      expect(collapseSegment(id), id).toBe(':id');
    }
  });

  it('keeps words, including short hex-looking ones and versions', () => {
    for (const word of ['reviews', 'cafe', 'deadbeef', 'v1', 'api', 'productpage', '']) {
      expect(collapseSegment(word), word).toBe(word);
    }
  });
});

describe('routeOf', () => {
  it('builds METHOD + collapsed path', () => {
    expect(routeOf('GET', 'http://reviews:9080/reviews/0')).toBe('GET /reviews/:id');
    expect(routeOf('get', 'http://x/users/42/orders/7f9c2ba4e88f827d')).toBe(
      'GET /users/:id/orders/:id',
    );
    expect(routeOf('', '/')).toBe('- /');
    expect(collapsePath('/a//b/1/')).toBe('/a//b/:id/');
  });
});
