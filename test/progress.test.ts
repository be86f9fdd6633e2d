import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inCi, progressLine } from "../src/cli/progress.js";
import { cli, ownRepo, tempRepo } from "./helpers.js";

/** A fake terminal stream and clock. */
function terminal(isTTY = true, columns = 80) {
  const writes: string[] = [];
  let t = 0;
  return { stream: { isTTY, columns, write: (s: string) => writes.push(s) }, writes, advance: (ms: number) => (t += ms), now: () => t };
}

describe("progress line", () => {
  it("draws nothing in the first second, then the phase and count in place, and erases itself when done", () => {
    const term = terminal();
    const p = progressLine({ stream: term.stream, quiet: false, env: {}, now: term.now });
    p.phase("compiling tenants", 10000);
    p.tick(10);
    expect(term.writes).toEqual([]);
    term.advance(1500);
    p.tick(4200);
    expect(term.writes).toEqual(["\r\x1b[Kpackc: compiling tenants 4,200/10,000 (2 s)"]);
    term.advance(50);
    p.tick(4300); // within 100 ms of the last draw: not redrawn
    expect(term.writes).toHaveLength(1);
    term.advance(100);
    p.tick(4400);
    expect(term.writes).toHaveLength(2);
    expect(p.done()).toBe(1650);
    expect(term.writes.at(-1)).toBe("\r\x1b[K");
  });

  it("cuts the line to the terminal's width", () => {
    const term = terminal(true, 40);
    const p = progressLine({ stream: term.stream, quiet: false, env: {}, now: term.now, delayMs: 0 });
    p.phase("validating pack versions with a very long phase name", 2500);
    expect(term.writes[0]!.replace("\r\x1b[K", "")).toHaveLength(39);
  });

  it("draws nothing when the stream is not a terminal, in CI, or with --quiet, and still measures time", () => {
    for (const [isTTY, quiet, env] of [[false, false, {}], [true, false, { CI: "true" }], [true, true, {}]] as const) {
      const term = terminal(isTTY);
      const p = progressLine({ stream: term.stream, quiet, env, now: term.now, delayMs: 0 });
      p.phase("compiling tenants", 3);
      term.advance(5000);
      p.tick(3);
      expect(p.shown).toBe(false);
      expect(p.done()).toBe(5000);
      expect(term.writes).toEqual([]);
    }
  });

  it("reads CI the way CI services set it", () => {
    expect([{ CI: "true" }, { CI: "1" }, { CI: "woodpecker" }, {}, { CI: "" }, { CI: "false" }, { CI: "0" }].map(inCi)).toEqual([true, true, true, false, false, false, false]);
  });
});

describe("progress in the CLI", () => {
  const repo = tempRepo(ownRepo());

  it("writes no carriage return or escape to a pipe", () => {
    const r = cli(["check", "--repo", repo], { env: { CI: "", PACKC_TEST_PROGRESS_DELAY_MS: "0" } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(/ in \d+\.\d s/);
  });

  // `script` (util-linux) runs the CLI on a pseudo-terminal, as a user's shell does.
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  it.runIf(hasScript)("on a terminal, shows the phases on one erased line and the elapsed time in the summary; nothing with --quiet", () => {
    const bin = join(import.meta.dirname, "..", "bin", "packc.js");
    const run = (extra: string) =>
      spawnSync("script", ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} check --repo ${JSON.stringify(repo)} ${extra}`, "/dev/null"], {
        encoding: "utf8",
        env: { ...process.env, CI: "", PACKC_TEST_PROGRESS_DELAY_MS: "0" },
      }).stdout;
    const shown = run("--no-cache"); // every phase has work to show
    expect(shown).toMatch(/\r\x1b\[Kpackc: reading files/);
    expect(shown).toMatch(/\r\x1b\[Kpackc: validating pack versions \d+\/\d+/);
    expect(shown).toMatch(/\r\x1b\[Kpackc: compiling tenants \d+\/\d+/);
    expect(shown.slice(shown.lastIndexOf("\x1b[K") + 3)).not.toMatch(/^packc:/); // the last line drawn was erased
    expect(shown).toMatch(/\nno problems \(\d+ pack versions, \d+ tenants\) in \d+\.\d s\r?\n$/);
    const quiet = run("--quiet");
    expect(quiet).not.toMatch(/\x1b\[K/);
    expect(quiet).toMatch(/no problems \(\d+ pack versions, \d+ tenants\)\r?\n/);
  });
});
