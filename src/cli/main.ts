import { Command, CommanderError, Option } from "commander";
import { PACKC_VERSION } from "../version.js";
import { runCheck, runCompile, runDiff, runLock, runLs, runMerge, type CheckOptions, type CompileCliOptions, type DiffOptions, type LockOptions, type LsOptions, type MergeOptions } from "./commands.js";
import { runExplain, type ExplainOptions } from "./explain.js";
import { runBundle, runVerify, type BundleOptions, type VerifyOptions } from "./release.js";
import { EXIT, environmentProblem, UsageError } from "./exit.js";
import { OutputRefusedError } from "../emit/out-guard.js";
import { OutputBusyError } from "../emit/write.js";
import { CompiledOutputError } from "../emit/compiled-read.js";
import { NoRepositoryError } from "../repo/root.js";
import { escapeControls } from "../util/controls.js";
import { sourceMappedStack } from "../util/stack-map.js";

/**
 * Runs the packc CLI on `argv` (without node and script) and returns the exit code (DESIGN.md):
 * 0 no errors, 1 the input has errors, 2 bad invocation or a problem of the environment (no
 * packs repository, an output packc may not replace, a file-system error such as EACCES, one
 * line each), 3 internal failure. Writes to stdout/stderr; never throws.
 */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command("packc")
    .description("Compile and validate a GitOps repository of versioned configuration packs.")
    .version(PACKC_VERSION)
    .exitOverride()
    .showHelpAfterError("(run packc --help for usage)")
    .addHelpText("after", "\nThe packs repository is --repo DIR (default: the working directory) or the nearest directory\nabove it holding packc.yaml, or packs/ and tenants/.\n\nExit codes: 0 no errors, 1 the input has errors, 2 bad invocation or environment (no repository,\nan output packc may not replace, a file-system error), 3 internal failure.\nDiagnostics catalogue: docs/diagnostics.md");

  const common = (cmd: Command) =>
    cmd
      .option("--repo <dir>", "the packs repository, or a directory inside it", ".")
      .addOption(new Option("--format <format>", "report format (github: workflow-command annotations; sarif: SARIF 2.1.0)").choices(["text", "json", "github", "sarif"]).default("text"))
      .option("-q, --quiet", "no progress line and no informational lines on stderr (the progress line is shown only on a terminal, never when CI=true)");

  common(program.command("check").description("validate packs and tenants, resolve against the lockfiles, compose and simulate; writes nothing"))
    .option("--tenant <id>", "only this tenant and the packs it uses (repeatable)", (id: string, ids: string[] = []) => [...ids, id])
    .option("--changed-since <ref>", "only the packs and tenants the working tree's change since <ref> can reach (a pre-commit hook: --changed-since HEAD)")
    .option("--shard <I/N>", "only the tenants of shard I of N (by a hash of the tenant id), the pack versions they use, and about 1/N of all pack versions (by a hash of the version) so that the shards together check everything")
    .option("--cache <dir>", "keep what a whole check computed, by the sha256 of what it read, and reuse it next time (default: .packc/cache in the repository, which git ignores)")
    .option("--no-cache", "compute everything, and read and write no cache")
    .option("--verbose", "say how much of the check came from the cache")
    .addHelpText("after", "\nExamples:\n  packc check --repo . --format json\n  packc check --changed-since origin/main\n  packc check --tenant acme --tenant globex\n  packc check --shard 2/4\n  packc check --no-cache")
    .action(async (o: CheckOptions) => { code = await runCheck(o); });
  common(program.command("compile").description("check, then write compiled/ (atomically; nothing on errors)"))
    .option("--out <dir>", "output directory, relative to the repository; replaced only when packc wrote it, never the repository, a directory above it or an input", "compiled")
    .option("--shard <I/N>", "only the tenants of shard I of N and the packs they use, into an output marked as that shard's (join all N with merge-compiled)")
    .option("--tenant <id>", "only this tenant and the packs it uses, into an output whose index.json names the tenants (repeatable)", (id: string, ids: string[] = []) => [...ids, id])
    .option("--cache <dir>", "with --shard or --tenant: reuse what earlier runs computed from unchanged files, such as pack versions' loads (default: .packc/cache, as check)")
    .option("--no-cache", "with --shard or --tenant: read and write no cache")
    .addHelpText("after", "\nExamples:\n  packc compile --out compiled\n  packc compile --shard 1/4 --out compiled-1\n  packc compile --tenant acme --out /tmp/acme\n\nAn interrupted compile is completed or undone by the next one; Ctrl-C never stops the swap half-way.")
    .action(async (o: CompileCliOptions) => { code = await runCompile(o); });
  program
    .command("merge-compiled")
    .description("join the outputs of compile --shard I/N (every I) into one compiled output, byte-identical to an unsharded compile")
    .argument("<dirs...>", "the shard outputs, relative to the working directory")
    .option("--repo <dir>", "the packs repository, or a directory inside it (the output is refused inside its inputs)", ".")
    .option("--out <dir>", "output directory, relative to the repository; replaced only when packc wrote it", "compiled")
    .option("-q, --quiet", "no informational line on stderr")
    .addHelpText("after", "\nExample:\n  packc merge-compiled shard-1 shard-2 shard-3 shard-4 --out compiled\n\nShards that overlap, are missing, disagree or were edited after packc wrote them are refused (exit 2).")
    .action(async (dirs: string[], o: MergeOptions) => { code = await runMerge(dirs, o); });
  common(program.command("lock").description("re-resolve tenants' pack requests and rewrite their packs.lock.json"))
    .option("--tenant <id>", "only this tenant")
    .option("--upgrade [pack]", "move to the newest compatible versions (all packs, or only PACK); otherwise locked versions are kept while they still qualify")
    .option("--verbose", "list every lockfile written (by default one summary line)")
    .option("--allow-edited-release", "re-pin a locked version whose content changed (only for a version that never left this branch; released versions are immutable)")
    .option("--exit-code", "exit 1 when a lockfile was written (they were stale), as git diff --exit-code does: a pre-commit hook then stops the commit so that you stage them")
    .addHelpText("after", "\nExamples:\n  packc lock\n  packc lock --tenant acme --upgrade base.approvals\n  packc lock --exit-code   # the packc-lock pre-commit hook")
    .action(async (o: LockOptions) => { code = await runLock(o); });

  program
    .command("ls")
    .description("list pack versions and tenant packs with their status (DRAFT, ACTIVE, DEPRECATED) and digest")
    .option("--repo <dir>", "the packs repository, or a directory inside it", ".")
    .addOption(new Option("--format <format>", "listing format").choices(["text", "json"]).default("text"))
    .option("--domain <name>", "only domain packs and tenant packs of this domain")
    .option("--tenant <id>", "only this tenant's tenant packs")
    .addOption(new Option("--dialect <dialect>", "only pack versions of this dialect").choices(["cordum", "domain", "platform", "portarium"]))
    .option("--status <status>", "only versions with this status: ACTIVE, DEPRECATED or DRAFT (any case)")
    .addHelpText("after", "\nExamples:\n  packc ls --domain Finance --status active\n  packc ls --status DEPRECATED --format json")
    .action(async (o: LsOptions) => { code = await runLs(o); });

  program
    .command("explain")
    .description("explain, for one tenant, the kernel's decision for a request (--topic), where a config value comes from (--config), why a pack version was resolved (--pack), or a PALM operation's gates (--operation)")
    .requiredOption("--tenant <id>", "the tenant")
    .option("--topic <topic>", "explain the decision for a request on this topic, rule by rule")
    .option("--capability <name>", "with --topic: the request's capability (default: the topic's declared capability)")
    .option("--risk-tags <a,b>", "with --topic: the request's risk tags (default: the topic's declared ones)")
    .option("--requires <a,b>", "with --topic: what the request requires (default: the topic's declared requires)")
    .option("--labels <k=v>", "with --topic: a request label (repeatable)", (l: string, ls: string[] = []) => [...ls, l])
    .option("--pack-id <id>", "with --topic: the pack the request runs as (default: the pack that declares the topic)")
    .option("--config <pointer>", "explain a value of the tenant's merged config: an RFC 6901 pointer such as /pools/topics/job.x.y")
    .option("--pack <id>", "explain why this pack's version was resolved: the ranges, who asked, each version's verdict")
    .option("--operation <op>", "explain the tenant's platform pack's gates (limits, safety holds, approvals) for a PALM operation such as scale_up")
    .option("--instances <n>", "with --operation: how many instances (default 1)")
    .option("--environment <env>", "with --operation: the environment (default production)")
    .option("--actor <type>", "with --operation: human, system or service (default human)")
    .option("--ref <ref>", "explain the repository as this commit has it (a branch, tag or commit), not the working tree")
    .option("--repo <dir>", "the packs repository, or a directory inside it", ".")
    .addOption(new Option("--format <format>", "report format").choices(["text", "json"]).default("text"))
    .addHelpText("after", "\nExamples:\n  packc explain --tenant acme --topic job.incident-enricher.post\n  packc explain --tenant acme --config /timeouts/topics/job.ticket-triage.write\n  packc explain --tenant initech --pack base.approvals --format json\n  packc explain --tenant ledger-bank --operation scale_up --instances 12")
    .action(async (o: ExplainOptions) => { code = await runExplain(o); });

  program
    .command("diff")
    .description("compile the base commit and the head, and show what changes for each tenant (decision flips first)")
    .requiredOption("--base <ref>", "the base: a branch, tag or commit (resolved once to a commit id)")
    .option("--head <ref>", "the head commit (default: the working tree)")
    .option("--repo <dir>", "the packs repository in a git work tree, or a directory inside it", ".")
    .addOption(new Option("--format <format>", "report format (markdown: the pull-request comment; sarif and github: the head's diagnostics)").choices(["markdown", "text", "json", "sarif", "github"]).default("text"))
    .option("--cache <dir>", "the cache check keeps (default: .packc/cache): the head's diagnostics come from it, and only what the change reaches is compiled on either side")
    .option("--no-cache", "read and write no cache: compile the head whole")
    .option("--out-dir <dir>", "with --format markdown: also write the comment's parts, each at most 65,536 characters, as comment-1.md, comment-2.md, … into this directory (relative to the repository; replaced on every run, and only if packc wrote it)")
    .addHelpText("after", "\nExamples:\n  packc diff --base origin/main\n  packc diff --base $BASE_SHA --format markdown > comment.md\n  packc diff --base $BASE_SHA --format markdown --out-dir .packc/comment   # then: gh pr comment --body-file .packc/comment/comment-1.md\n\nIn a shallow clone, fetch the base first: git fetch --no-tags --depth=1 origin <base>")
    .action(async (o: DiffOptions) => { code = await runDiff(o); });

  program
    .command("bundle")
    .description("write a reproducible .tgz of a pack version or of a compiled output, with its .sha256 (byte-identical on any machine, time zone and umask)")
    .argument("[packdirs...]", "pack version directories, packs/<id>/<version> (relative to the working directory); each gets its own bundle")
    .option("--compiled <dir>", "bundle this compiled output instead (a whole one, checked against its SHA256SUMS first)")
    .option("--out <dir>", "where to write the bundle and its .sha256 (created when missing; never inside packs/ or tenants/)", ".")
    .option("-q, --quiet", "no informational line on stderr")
    .addHelpText("after", "\nExamples:\n  packc compile && packc bundle --compiled compiled --out release      # release/compiled.tgz, release/compiled.tgz.sha256\n  packc bundle packs/base.approvals/1.1.0 packs/ticket-triage/1.1.0 --out release   # one .tgz each\n\nA bundle holds bundle.json (kind, packc version, source commit and tree) and the files under compiled/ or pack/.\nA pack bundle's files give the integrity digest a lockfile pins. Check one with packc verify.")
    .action(async (packDirs: string[], o: BundleOptions) => { code = await runBundle(packDirs, o); });

  program
    .command("verify")
    .description("rebuild a bundle from the commit it names and fail unless it is byte-identical; or check a compiled output against its SHA256SUMS and index.json")
    .argument("[bundle]", "a .tgz packc bundle wrote")
    .option("--ref <ref>", "the bundle must come from this commit (a tag, branch or commit id)")
    .option("--compiled <dir>", "check this compiled output's files against its SHA256SUMS and index.json instead")
    .option("--repo <dir>", "the packs repository (a git clone holding the bundle's commit), or a directory inside it", ".")
    .option("-q, --quiet", "no informational line on stderr")
    .addHelpText("after", "\nExamples:\n  packc verify release/compiled.tgz --ref v1.4.0\n  packc verify --compiled compiled\n\nExit 0 verified, 1 not (the reason on stderr), 2 a bad invocation or a commit this clone does not have (fetch it).")
    .action(async (bundle: string | undefined, o: VerifyOptions) => { code = await runVerify(bundle, o); });

  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof UsageError || e instanceof NoRepositoryError || e instanceof OutputRefusedError || e instanceof OutputBusyError || e instanceof CompiledOutputError) {
      process.stderr.write(`packc: ${escapeControls(e.message)}\n`);
      return EXIT.usage;
    }
    const environment = environmentProblem(e);
    if (environment) {
      process.stderr.write(`packc: ${escapeControls(environment)}\n`);
      return EXIT.usage;
    }
    const detail = e instanceof Error ? sourceMappedStack(e.stack ?? e.message) : String(e);
    process.stderr.write(`packc: internal error (a bug in packc ${PACKC_VERSION}, not in your input).\nPlease report it with this message and the command you ran:\n  ${detail.split("\n").slice(0, 6).join("\n  ")}\n`);
    return EXIT.internal;
  }
}
