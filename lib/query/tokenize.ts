/**
 * Shell-like word splitting for `q`, so a `hubble observe ...` command line can be pasted as is:
 * whitespace separates words, '...' is literal, "..." allows \" and \\ escapes, and a backslash
 * outside quotes escapes the next character. Quotes may appear inside a word (`--label='a b'`).
 */
import { QueryParseError } from './flow-query';

/** Splits `input` into words; throws QueryParseError on an unterminated quote or trailing `\`. */
export function tokenize(input: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = input.length;
  while (i < n) {
    const c = input[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) throw unterminated(input, i);
      word += input.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= n) throw unterminated(input, i);
        const d = input[j]!;
        if (d === '"') break;
        if (d === '\\' && (input[j + 1] === '"' || input[j + 1] === '\\')) {
          word += input[j + 1];
          j += 2;
        } else {
          word += d;
          j++;
        }
      }
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 >= n) throw new QueryParseError('q ends with a lone backslash "\\"', '\\');
      word += input[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function unterminated(input: string, at: number): QueryParseError {
  const quote = input[at]!;
  const fragment = input.slice(at, at + 24);
  return new QueryParseError(
    `unterminated ${quote} quote at ${JSON.stringify(fragment)}`,
    fragment,
  );
}
