import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every temporary directory the tests make (repositories, outputs, git clones, the CLI's own)
 * goes under one root for the run, removed when the run ends, so `npm test` leaves nothing in
 * the system's temporary directory. `os.tmpdir()` reads TMPDIR at each call, and the test
 * workers and the CLI processes they start inherit it.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "packc-tests-"));
  chmodSync(root, 0o755); // the permission test runs the CLI as an unprivileged user, who must reach its directory
  process.env["TMPDIR"] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
