#!/usr/bin/env node
// Tags a release of packc so the Action is consumable by tag: creates the annotated tag
// v<version> (package.json's version) at HEAD and moves the major tag v<major> to it, as
// GitHub's guidance for JavaScript actions asks (users write `uses: <owner>/packc@v1`).
//
//   node scripts/release-action.js            # tag locally, print the push commands
//   node scripts/release-action.js --push      # ... and push both tags to origin
//
// Refuses (exit 1, nothing tagged): a work tree with uncommitted changes (dist/ must be the
// committed build CI tested), a version that is not plain SemVer, a tag v<version> that exists
// already, and a major tag that would move backwards (to a commit that is not a descendant).
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const cwd = process.argv.includes("--cwd") ? process.argv[process.argv.indexOf("--cwd") + 1] : process.cwd();
const push = process.argv.includes("--push");
const git = (...args) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
const ok = (...args) => spawnSync("git", args, { cwd, encoding: "utf8" }).status === 0;
const fail = (message) => {
  process.stderr.write(`release-action: ${message}\n`);
  process.exit(1);
};

const { version } = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
if (!/^\d+\.\d+\.\d+$/.test(version)) fail(`package.json's version ${JSON.stringify(version)} is not MAJOR.MINOR.PATCH (a pre-release is not tagged for the Action)`);
const tag = `v${version}`;
const major = `v${version.split(".")[0]}`;
if (git("status", "--porcelain") !== "") fail("the work tree has uncommitted changes: commit them (dist/ included, as `npm run build` wrote it) first");
const head = git("rev-parse", "HEAD");
if (ok("rev-parse", "--verify", "--quiet", `refs/tags/${tag}`)) fail(`${tag} exists already: bump the version in package.json`);
if (ok("rev-parse", "--verify", "--quiet", `refs/tags/${major}`)) {
  const previous = git("rev-parse", `refs/tags/${major}^{commit}`);
  if (!ok("merge-base", "--is-ancestor", previous, head)) fail(`${major} points at ${previous.slice(0, 12)}, which HEAD does not descend from: release from the branch ${major} was released from`);
}
git("tag", "--annotate", tag, "--message", `packc ${version}`);
git("tag", "--force", "--annotate", major, "--message", `packc ${version} (the latest ${major}.x)`);
process.stdout.write(`tagged ${tag} and moved ${major} to ${head.slice(0, 12)}\n`);
if (push) {
  git("push", "origin", `refs/tags/${tag}`);
  git("push", "--force", "origin", `refs/tags/${major}`);
  process.stdout.write(`pushed ${tag} and ${major} to origin\n`);
} else {
  process.stdout.write(`push them with: git push origin ${tag} && git push --force origin ${major}\n`);
}
