import { describe, expect, it } from 'vitest';
import { urlPath } from './url-path';

describe('urlPath', () => {
  it.each([
    ['http://reviews:9080/reviews/0', '/reviews/0'],
    ['https://api.example.com/v1/items?limit=5#top', '/v1/items'],
    ['http://ratings:9080', '/'],
    ['/health?full=1', '/health'],
    ['reviews:9080/reviews/0', '/reviews/0'],
    ['', '/'],
  ])('%s -> %s', (url, path) => expect(urlPath(url)).toBe(path));
});
