/** A key found by {@link scanJsonKeys}: its decoded text and the offset of its opening quote. */
export interface JsonKey {
  name: string;
  offset: number;
}

/**
 * The keys of valid JSON `text` that `JSON.parse` would let pass silently: every key repeated
 * in its object (JSON.parse keeps the last one), and every key in `flagged`. One linear pass
 * with a set per object and no recursion, so neither 30,000 keys nor deep nesting cost more
 * than reading the text. `text` must already have parsed with `JSON.parse`; keys compare as
 * decoded strings (`"a"` and `"\u0061"` are the same key).
 */
export function scanJsonKeys(text: string, flagged: ReadonlySet<string>): { duplicates: JsonKey[]; flagged: JsonKey[] } {
  const duplicates: JsonKey[] = [];
  const hits: JsonKey[] = [];
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      let escaped = false;
      i++;
      for (;;) {
        const d = text.charCodeAt(i);
        if (d === 0x22) break;
        if (d === 0x5c) {
          escaped = true;
          i += 2;
        } else i++;
      }
      i++;
      const keys = stack[stack.length - 1];
      if (keys && expectKey) {
        const name = escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
        if (keys.has(name)) duplicates.push({ name, offset: start });
        else keys.add(name);
        if (flagged.has(name)) hits.push({ name, offset: start });
        expectKey = false;
      }
      continue;
    }
    if (c === 0x7b) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) {
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      expectKey = top !== undefined && top !== null;
    }
    i++;
  }
  return { duplicates, flagged: hits };
}

/** 1-based line and column of `offset` in `text`, counting lines at `\n` as the `yaml` library's LineCounter does. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
