import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `stack` (an Error's stack) with each frame in one of packc's bundles rewritten to where the
 * code is in `src/`, e.g. `at readRepo (src/load/repo.ts:40:3)`, using the source map that
 * esbuild writes beside the bundle (`dist/cli.js.map`, `dist/action.js.map`; Node.js's own
 * `SourceMap` reads it). The map is read only here, for an internal error, so a normal run
 * pays nothing for it (`--enable-source-maps` would parse it on every start). A frame with no
 * map beside its file, or no mapping, is left as it is; a map that cannot be read leaves the
 * stack unchanged. Never throws.
 */
export function sourceMappedStack(stack: string): string {
  const maps = new Map<string, { map: SourceMap; dir: string; top: string } | null>();
  const mapFor = (file: string) => {
    if (!maps.has(file)) {
      try {
        const dir = dirname(file);
        maps.set(file, { map: new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))), dir, top: dirname(dir) });
      } catch {
        maps.set(file, null);
      }
    }
    return maps.get(file)!;
  };
  try {
    return stack.replace(/(file:\/\/\/[^\s():]+|\/[^\s():]+)\.js:(\d+):(\d+)/g, (frame: string, base: string, line: string, column: string) => {
      const file = `${base.startsWith("file:") ? fileURLToPath(base) : base}.js`;
      const found = mapFor(file);
      if (!found) return frame;
      const entry = found.map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
      if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return frame;
      const source = entry.originalSource.startsWith("file:") ? fileURLToPath(entry.originalSource) : entry.originalSource;
      const abs = isAbsolute(source) ? source : resolve(found.dir, source);
      return `${relative(found.top, abs).split("\\").join("/")}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    });
  } catch {
    return stack;
  }
}
