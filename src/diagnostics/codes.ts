/**
 * The catalogue of every diagnostic code packc can emit. Codes are stable: a retired code is
 * never reused. Groups follow the pipeline stage: PK1xx load and schema, PK2xx pack rules and
 * cross-references, PK3xx resolution and lockfiles, PK4xx composition, PK5xx policy and
 * simulation, PK6xx MAPLE platform packs (MAPLE's `validate_pack` codes, conformance, operation
 * decisions). `docs/diagnostics.md` is generated from this table (`npm run docs`).
 */
export interface CodeInfo {
  /** Default severity; a rule may not change it. */
  readonly severity: "error" | "warning";
  /** One-line title used in the catalogue. */
  readonly title: string;
  /** Why it matters and how to fix it; the source of the semantics where there is one. */
  readonly doc: string;
}

/** Every code with its severity, title and documentation, in code order. */
export const CODES = {
  PK101: { severity: "error", title: "File does not parse", doc: "YAML 1.2 or JSON syntax error. The position is the parser's." },
  PK102: { severity: "error", title: "Duplicate key", doc: "A mapping repeats a key. YAML parsers disagree on which value wins, so packc rejects it." },
  PK103: { severity: "error", title: "Too many aliases", doc: "The document expands more than 100 aliases (a 'billion laughs' resource attack)." },
  PK104: { severity: "error", title: "Forbidden key", doc: "`__proto__`, `constructor` and `prototype` are rejected as keys: they poison JavaScript objects and merge-patch libraries drop them silently." },
  PK105: { severity: "error", title: "File too large", doc: "Files over the size cap (1 MiB) are not read. Packs are configuration, not data." },
  PK106: { severity: "error", title: "Path escapes its root", doc: "A path is absolute or climbs out of the repository or pack with `..`. Cordum's installer and Portarium's publish gate reject the same." },
  PK107: { severity: "error", title: "Symbolic link", doc: "Symbolic links are not followed: a pack's bytes must be in the pack, and a link could point outside the repository." },
  PK108: { severity: "error", title: "YAML 1.1 directive", doc: "`%YAML 1.1` changes how `yes`, `no` and `017` read. packc reads YAML 1.2 only; remove the directive." },
  PK109: { severity: "error", title: "Referenced file missing", doc: "A manifest names a file that does not exist inside the pack." },
  PK110: { severity: "error", title: "Schema violation", doc: "The document does not match its JSON Schema (draft 2020-12) in `schemas/`." },
  PK111: { severity: "error", title: "Unknown key", doc: "A key the schema does not allow. The hint names the nearest allowed key." },
  PK112: { severity: "error", title: "Missing required key", doc: "The schema requires a key that is absent. The position is the enclosing mapping." },
  PK113: { severity: "error", title: "Document is not a mapping", doc: "The top level of this document must be a mapping (object)." },
  PK114: { severity: "error", title: "File unreadable", doc: "The file could not be read or is not UTF-8 text." },
  PK116: { severity: "warning", title: "Unknown key ignored by the runtime", doc: "A key the real runtime's lenient parser drops silently (Cordum's YAML and JSON decoding, Portarium's manifest parser). Usually a typo; the hint names the nearest known key." },
  PK117: { severity: "error", title: "No core version", doc: "A tenant requests packs but neither `tenant.yaml` `core` nor `packc.yaml` `core.version` says which core it runs, so `requiresCore` cannot be checked." },
  PK118: { severity: "error", title: "Number is not finite", doc: "A number reads as Infinity or NaN (`1e999` in JSON, `.inf` or `.nan` in YAML, `inf` or `nan` in TOML). JSON, and so every lockfile and active config, cannot hold it; write a finite number, or quote the value if it is text." },
  PK115: { severity: "error", title: "Resource schema does not compile", doc: "A pack's JSON Schema resource is not a valid draft 2020-12 schema." },

  PK201: { severity: "error", title: "Directory does not match manifest", doc: "`packs/<id>/<version>/` must equal the id and version declared in the manifest." },
  PK202: { severity: "error", title: "Topic outside the pack namespace", doc: "Cordum topics must start with `job.<pack-id>.` (cordum `validatePackManifest`)." },
  PK203: { severity: "error", title: "Schema id outside the pack namespace", doc: "Cordum schema ids must start with `<pack-id>/`." },
  PK204: { severity: "error", title: "Workflow id outside the pack namespace", doc: "Cordum workflow ids must start with `<pack-id>.`." },
  PK205: { severity: "error", title: "Pool name outside the pack namespace", doc: "Pools a Cordum pack declares must start with `<pack-id>` (unless the base config already has the pool)." },
  PK206: { severity: "error", title: "Unsupported protocol version", doc: "`compatibility.protocolVersion` must be 1, the CAP protocol version." },
  PK207: { severity: "error", title: "Invalid core version bound", doc: "`minCoreVersion`/`maxCoreVersion` must be SemVer and min must not exceed max." },
  PK208: { severity: "error", title: "Pack version is not SemVer", doc: "packc resolves by SemVer, so a pack version must be a strict SemVer 2.0 version (no leading `v`)." },
  PK209: { severity: "error", title: "Duplicate declaration", doc: "The same topic, resource id, step or overlay name is declared twice in one pack." },
  PK210: { severity: "error", title: "Step topic not declared", doc: "A workflow step dispatches to a topic the pack does not declare in `topics`." },
  PK211: { severity: "warning", title: "Step meta disagrees with the topic", doc: "Only step `meta` reaches the safety kernel and the scheduler; the manifest's topic declaration is not injected. A mismatch makes policy decide on other facts than the manifest shows." },
  PK212: { severity: "error", title: "Unknown step dependency", doc: "`depends_on` names a step that does not exist." },
  PK213: { severity: "error", title: "Dependency cycle between steps", doc: "`depends_on` forms a cycle; the run can never start those steps." },
  PK214: { severity: "error", title: "Template names a step that is not upstream", doc: "`${steps.X...}` must name a step this step (transitively) depends on; otherwise its output is not there yet." },
  PK215: { severity: "error", title: "Unresolved schema id", doc: "A schema id referenced by a step or topic is not declared by the pack." },
  PK216: { severity: "error", title: "Seed-style `after`", doc: "The workflow engine has no `after` field and drops it silently, losing the ordering. Use `depends_on`." },
  PK217: { severity: "error", title: "Schema id given where an inline schema belongs", doc: "`input_schema`/`output_schema` are inline JSON Schema objects in the engine; a string fails to decode. Use `input_schema_id`/`output_schema_id`." },
  PK218: { severity: "error", title: "Malformed template", doc: "A `${` template is not terminated or is empty; the engine fails the step." },
  PK219: { severity: "warning", title: "Workflow id overwritten", doc: "The installer replaces the workflow file's `id` with the resource id; the two should agree." },
  PK220: { severity: "error", title: "Unsupported config overlay", doc: "Config overlays may target only the keys `pools` and `timeouts` with strategy `json_merge_patch`." },
  PK221: { severity: "error", title: "Overlay touches a key it may not", doc: "A `pools` patch may hold only `topics` and `pools`; a `timeouts` patch only `topics` and `workflows`." },
  PK222: { severity: "error", title: "Overlay key outside the pack namespace", doc: "Topic keys in overlays must start with `job.<pack-id>.`, workflow keys with `<pack-id>.`." },
  PK223: { severity: "warning", title: "Glob topic key in pools", doc: "The scheduler looks topics up by exact key; a glob such as `job.x.*` never routes anything." },
  PK224: { severity: "error", title: "Unsupported policy overlay", doc: "Policy overlays must use strategy `bundle_fragment`." },
  PK225: { severity: "warning", title: "Workflow without steps", doc: "The workflow has no `steps` (absent, null or empty). The engine's loader needs only an object, so it installs, but a run of it does nothing. Add its steps, or remove it from `resources.workflows`." },

  PK240: { severity: "error", title: "Asset matches no file", doc: "Every Portarium asset path or glob must match at least one file inside the pack." },
  PK241: { severity: "error", title: "Asset packId mismatch", doc: "An asset document's `packId` must equal the manifest id." },
  PK242: { severity: "error", title: "Unknown dependency", doc: "A dependency names a pack id that no pack version in the registry has." },
  PK243: { severity: "error", title: "Invalid SemVer range", doc: "`requiresCore`, dependency and request ranges must be valid SemVer ranges." },
  PK244: { severity: "error", title: "Asset glob too complex", doc: "A Portarium asset glob has more than two `*` wildcards (`**` counts as one), or the glob library cannot read it. Such globs are not run: their matching cost grows as the path length to the power of the wildcards. List the files, or use a glob such as `schema/*.json` or `schema/**/*.json`. Entries are at most 256 characters (the manifest schema)." },
  PK245: { severity: "error", title: "Range outside Portarium's grammar", doc: "Portarium's own range parser reads a manifest's `requiresCore` and `dependencies` as whitespace-separated comparators (`>=`, `<=`, `>`, `<`, `=`) written directly before a full version, or a bare version, or `*`. npm's `^`, `~`, `1.x`, hyphen ranges, `||` and `>= 1.0.0` (a space after the operator) are parse errors there, so the manifest cannot be registered. The hint gives the equivalent Portarium range. Tenant requests are packc's own format and keep npm ranges." },
  PK246: { severity: "warning", title: "Asset glob (packc's extension)", doc: "The seeds write Portarium asset entries as globs (`schema/*.json`), and packc expands them; Portarium itself resolves each entry as a literal path, so its publish gate reports \"Missing declared asset\" for a glob. The hint lists the files to write instead." },

  PK250: { severity: "error", title: "No pack manifest", doc: "A pack version directory holds no manifest packc knows (pack.yaml, pack.manifest.json)." },
  PK251: { severity: "error", title: "Several pack manifests", doc: "A pack version directory holds manifests of more than one dialect." },
  PK252: { severity: "error", title: "Unexpected file in packs/ or tenant-packs/", doc: "`packs/` holds only `<pack-id>/<version>/` directories and each pack's `lifecycle.yaml`; `tenants/<id>/tenant-packs/` holds only `<vMAJOR.MINOR>.json` (or `.yaml`) tenant packs and `lifecycle.yaml`." },
  PK253: { severity: "error", title: "Lifecycle names an unknown version", doc: "A `lifecycle.yaml` deprecates a version that has no directory (or tenant-pack file). Deprecation must name a released version." },

  PK260: { severity: "error", title: "Version is not vMAJOR.MINOR", doc: "Domain and tenant packs are versioned `v1.0`, `v1.1`, `v2.0` (seed 000); the directory or file name and any `version` field must have that form. packc orders them by their numbers, so `v10.0` is newer than `v2.0`." },
  PK261: { severity: "error", title: "Domain pack has no exception types", doc: "A domain pack must declare at least one exception type; the import rejects an empty `exceptionTypes`." },
  PK262: { severity: "error", title: "Unknown severity", doc: "Severities are LOW, MEDIUM, HIGH or CRITICAL in any case; the runtime upper-cases the value and fails on anything else, although the import does not check it." },
  PK263: { severity: "error", title: "Name differs from its key", doc: "A tool's or exception type's `name` must equal the key it is declared under; the runtime looks it up by key." },
  PK264: { severity: "error", title: "Playbook names an unknown exception type", doc: "Every playbook (domain or tenant custom) must name an exception type of the domain pack." },
  PK265: { severity: "error", title: "Step names an unknown tool", doc: "A playbook step's action (or its `tool`/`toolName` parameter, or a quoted name in an action that says tool, invoke or call) must name a tool of the domain pack." },
  PK266: { severity: "warning", title: "Step action is free text", doc: "The action names no tool packc can check (free text with spaces or calls). The runtime accepts it unchecked; write the tool name as `action` and the prose in `description`." },
  PK267: { severity: "error", title: "Malformed placeholder", doc: "A `{{param}}` placeholder in step parameters is unterminated, empty, or not an identifier path such as `{{paymentId}}` or `{{payment.id}}`." },
  PK268: { severity: "error", title: "Item both allowed and blocked", doc: "An item appears in a guardrail's `allowLists` and `blockLists` at once (the runtime loader rejects it)." },
  PK269: { severity: "error", title: "Key spelled twice", doc: "A key is given in camelCase and in snake_case (`domainName` and `domain_name`); both name the same field, so one would be lost. Keep the camelCase spelling." },

  PK270: { severity: "error", title: "Tenant pack for another tenant", doc: "`tenantId` must equal the tenant directory the tenant pack lives in." },
  PK271: { severity: "error", title: "Tenant pack for another domain", doc: "A tenant pack's `domainName` must equal the domain pack it is activated with (exactly, case-sensitive), and name a domain under `packs/`." },
  PK272: { severity: "error", title: "Approved tool does not exist", doc: "Every `approvedTools` entry must be a tool of the domain pack." },
  PK273: { severity: "error", title: "Custom playbook uses an unapproved tool", doc: "A tenant's custom playbook may only use tools the tenant approves (seed 000 \"Playbook tools must be approved in tenant pack\"; the real import path skips this check)." },
  PK274: { severity: "error", title: "Severity override for an unknown exception type", doc: "`customSeverityOverrides[].exceptionType` must be an exception type of the domain pack." },
  PK275: { severity: "error", title: "Tenant blocks what the domain allows", doc: "`customGuardrails.blockLists` must not contain an item of the domain's `guardrails.allowLists` (runtime loader rule)." },
  PK276: { severity: "error", title: "Tenant allows an unknown item", doc: "A `customGuardrails.allowLists` entry that the domain does not allow must be a tool of the domain pack (runtime loader rule)." },
  PK277: { severity: "error", title: "Tool override for a tool the tenant cannot use", doc: "`toolOverrides[].toolName` must be a tool of the domain pack that the tenant approves." },
  PK278: { severity: "warning", title: "Approval rule has no effect on CRITICAL", doc: "CRITICAL always requires human approval at runtime; a rule with `requireApproval: false` for it changes nothing." },
  PK279: { severity: "warning", title: "Tenant guardrails drop a domain block", doc: "`customGuardrails` replaces the domain's guardrails wholesale (the runtime does not merge them), so an item the domain blocks and the tenant's lists omit is no longer blocked." },
  PK280: { severity: "warning", title: "Domain playbook uses a tool the tenant has not approved", doc: "The tenant's effective tools are its approved ones; a domain playbook for one of its exception types calls a tool outside them." },
  PK281: { severity: "warning", title: "Number written as a string", doc: "A domain or tenant pack field that holds a number is written as a string (`\"3\"`, `\"0.5\"`). The exception platform's pydantic models run in lax mode and read it as the number, and so does packc; write the number itself." },
  PK282: { severity: "warning", title: "Key the platform's import rejects", doc: "The guide's domain pack example has three keys the exception platform's `DomainPack` model lacks: the top-level `version`, an exception type's `severity` and a tool's `name`. The models forbid extra keys, so the platform's import rejects such a pack. packc still reads them (the guide documents them); remove them: the version is the directory (and the import request's), a severity belongs in `severityRules`, a tool's name is its key." },

  PK301: { severity: "error", title: "No version satisfies the constraints", doc: "No version of the pack satisfies every range requested for it (Portarium `PackNoSatisfyingVersionError`)." },
  PK302: { severity: "error", title: "Core version incompatible", doc: "Versions satisfy the range but none supports the tenant's core version (Portarium `PackCoreCompatibilityError`)." },
  PK303: { severity: "error", title: "Dependency conflict", doc: "A dependency was already resolved to a version a later constraint excludes. The resolver is greedy and does not backtrack (Portarium `PackDependencyConflictError`)." },
  PK304: { severity: "error", title: "Dependency cycle", doc: "The resolved packs depend on each other in a cycle." },
  PK305: { severity: "error", title: "Unknown pack", doc: "A request or dependency names a pack id the registry does not have (Portarium `PackNotFoundError`)." },
  PK306: { severity: "error", title: "Lockfile missing", doc: "The tenant has pack requests but no `packs.lock.json`. Run `packc lock --tenant <id>`." },
  PK307: { severity: "error", title: "Lockfile stale", doc: "The lockfile no longer matches what the requests resolve to (like `npm ci`). Run `packc lock --tenant <id>`." },
  PK308: { severity: "error", title: "Integrity mismatch", doc: "A locked pack version's content changed after release. Released versions are immutable: restore it, or release a new version and re-lock." },
  PK309: { severity: "error", title: "Tenant id does not match its directory", doc: "`tenants/<id>/tenant.yaml` must declare `id: <id>`." },
  PK310: { severity: "error", title: "Activated domain pack not found", doc: "`tenant.yaml` `domain.name`/`domain.version` must name a domain pack version under `packs/<domainName>/<version>/`." },
  PK311: { severity: "error", title: "Activated tenant pack not found", doc: "`tenant.yaml` `domain.tenantPack` must name a file `tenants/<id>/tenant-packs/<version>.json`." },
  PK312: { severity: "error", title: "Deprecated version activated", doc: "A version its `lifecycle.yaml` deprecates cannot be activated (seed 000: status must be ACTIVE or DRAFT)." },
  PK313: { severity: "error", title: "Inactive tenant activates packs", doc: "Only an ACTIVE tenant may activate a domain and tenant pack (seed 000 \"Tenant must be ACTIVE\"; the real activation endpoint does not check it)." },
  PK314: { severity: "warning", title: "Lockfile pins a deprecated version", doc: "The tenant's lockfile pins a pack version its `lifecycle.yaml` deprecates. It still resolves (as with `npm deprecate`); move to a supported version." },

  PK315: { severity: "error", title: "Released version edited", doc: "`packc diff` (and the Action): the change adds, changes or removes a file under a `packs/<id>/<version>/` directory that the base commit already has. Released versions are immutable: restore the directory and release the change as a new version. (Deleting a whole version is not an edit.)" },

  PK401: { severity: "error", title: "Merged pools document invalid", doc: "After all overlays the scheduler's pools document fails its schema; the scheduler would ignore the whole document." },
  PK402: { severity: "error", title: "Merged timeouts document invalid", doc: "After all overlays the scheduler's timeouts document fails its schema (the real hello-pack writes scalar workflow timeouts); the scheduler would ignore the whole document." },
  PK403: { severity: "warning", title: "Topic has no pool", doc: "A declared topic that no workflow step dispatches is routed to no pool, so a job on it would never be dispatched. A step that dispatches such a topic is an error (PK406)." },
  PK404: { severity: "error", title: "Pool cannot run the topic", doc: "A pool is eligible only if its `requires` contains every `requires` of the topic (case-insensitive)." },
  PK405: { severity: "error", title: "Route to an undefined pool", doc: "A topic routes to a pool the merged pools document does not define." },
  PK406: { severity: "error", title: "Step dispatches a topic with no pool", doc: "A workflow step dispatches to a topic the merged pools document routes to no pool: the scheduler finds no pool mapping, so every job of the step fails. A declared topic that no step dispatches is only a warning (PK403)." },

  PK501: { severity: "error", title: "Seed-style `match.topic`", doc: "The safety kernel's match key is the list `topics`; `topic` fails the schema (and before strict parsing it was dropped, so the rule matched everything)." },
  PK502: { severity: "error", title: "Policy version is not a string", doc: "The safety policy's `version` is a string. Quote it: `version: \"1\"`." },
  PK503: { severity: "warning", title: "Tenant topic lists are inert", doc: "As soon as the merged policy has any rule, the kernel ignores tenants' `allow_topics`/`deny_topics` (legacy rules are synthesised only when there are none)." },
  PK504: { severity: "error", title: "Simulation fails", doc: "A policySimulation's expected decision differs from the kernel's decision for the pack on its own (base policy plus the pack's fragments)." },
  PK505: { severity: "error", title: "Simulation shadowed by another pack", doc: "The simulation passes for the pack alone but fails in a tenant's merged policy, because another bundle's rule matches first." },
  PK506: { severity: "error", title: "Decision not lowercase", doc: "The kernel's schema accepts decisions in lowercase only (`require_approval`)." },
  PK507: { severity: "warning", title: "Expected decision is not a kernel decision", doc: "`expectDecision` is compared after trimming and upper-casing; values other than ALLOW, DENY, REQUIRE_APPROVAL (REQUIRE_HUMAN), ALLOW_WITH_CONSTRAINTS, THROTTLE never match." },
  PK508: { severity: "warning", title: "Empty policy fragment", doc: "The fragment file is empty, or holds only whitespace or comments. The safety kernel skips such a fragment rather than rejecting it, so it contributes no rule: write the rules it should hold, or remove it from `overlays.policy`." },

  PK601: { severity: "error", title: "Platform name empty (INVALID_NAME)", doc: "MAPLE `validate_pack`: `metadata.name` cannot be empty (critical in MAPLE)." },
  PK602: { severity: "error", title: "Platform name characters (INVALID_NAME_CHARS)", doc: "MAPLE `validate_pack`: `metadata.name` may hold only letters, digits, `_` and `-`." },
  PK603: { severity: "error", title: "Platform version empty (INVALID_VERSION)", doc: "MAPLE `validate_pack`: `metadata.version` cannot be empty. (MAPLE's NON_SEMVER_VERSION warning is PK208, an error in packc, which resolves by SemVer.)" },
  PK604: { severity: "error", title: "Zero deployment limit (INVALID_LIMIT)", doc: "MAPLE `validate_pack`: `policy.limits.max_concurrent_deployments` must be greater than 0." },
  PK605: { severity: "warning", title: "Zero rate limit (ZERO_RATE_LIMIT)", doc: "MAPLE `validate_pack`: a `rate_limit_per_minute` of 0 blocks every operation." },
  PK606: { severity: "warning", title: "Auto-approval next to always-required approvals", doc: "MAPLE `validate_pack` suggestion: `allow_auto_approval` is on while some operations always require approval; consider turning it off for stricter control." },
  PK607: { severity: "error", title: "Zero health-check interval (INVALID_INTERVAL)", doc: "MAPLE `validate_pack`: `health.check_interval_secs` must be greater than 0." },
  PK608: { severity: "warning", title: "Probe timeout not below its period (TIMEOUT_EXCEEDS_PERIOD)", doc: "MAPLE `validate_pack`: the liveness probe's timeout should be less than its period, or probes overlap." },
  PK609: { severity: "error", title: "Attention threshold outside [0, 1] (INVALID_THRESHOLD)", doc: "MAPLE `validate_pack`: `health.resonance.attention_exhaustion_threshold` must be between 0 and 1." },
  PK610: { severity: "error", title: "Zero checkpoint interval (INVALID_CHECKPOINT_INTERVAL)", doc: "MAPLE `validate_pack`: with `auto_checkpoint` the interval must be greater than 0." },
  PK611: { severity: "warning", title: "Encryption without a key id (MISSING_ENCRYPTION_KEY)", doc: "MAPLE `validate_pack`: `encrypt_at_rest` is on but `encryption_key_id` is not set; the key must then come from the runtime." },
  PK612: { severity: "error", title: "Resource default above its limit (DEFAULT_EXCEEDS_LIMIT)", doc: "MAPLE `validate_pack`: default CPU or memory exceeds its maximum." },
  PK613: { severity: "error", title: "Scaling minimum above maximum (INVALID_SCALING_RANGE)", doc: "MAPLE `validate_pack`: `min_instances` cannot exceed `max_instances`." },
  PK614: { severity: "warning", title: "Scaling thresholds overlap (OVERLAPPING_THRESHOLDS)", doc: "MAPLE `validate_pack`: the scale-up threshold should be above the scale-down threshold, or scaling oscillates." },
  PK615: { severity: "error", title: "Zero recovery attempts (INVALID_RECOVERY_ATTEMPTS)", doc: "MAPLE `validate_pack`: enabled auto-recovery needs `max_attempts` greater than 0." },
  PK616: { severity: "error", title: "Zero circuit-breaker threshold (INVALID_CIRCUIT_BREAKER)", doc: "MAPLE `validate_pack`: an enabled circuit breaker needs failure and success thresholds greater than 0." },
  PK617: { severity: "error", title: "Capability mismatch (CAPABILITY_MISMATCH)", doc: "MAPLE `validate_pack`: live migration, always-required approvals or auto checkpoints are configured but the matching `supports_*` capability is false." },
  PK618: { severity: "error", title: "Required feature unsupported (UNSUPPORTED_FEATURE)", doc: "MAPLE `validate_runtime_compatibility` (critical): a `required_features` entry is neither a built-in capability the pack supports nor a key of `capabilities.custom`." },
  PK619: { severity: "warning", title: "Deployment limit above the capability (EXCEEDS_RUNTIME_LIMIT)", doc: "MAPLE `validate_runtime_compatibility`: `max_concurrent_deployments` exceeds `capabilities.max_deployments`." },
  PK630: { severity: "error", title: "Conformance test failed", doc: "A test of MAPLE's conformance runner failed for the pack's profile; the message names the test and gives MAPLE's reason. A pack is conformant when no test fails." },
  PK631: { severity: "warning", title: "Conformance warning", doc: "A conformance test passed with a warning (profile name mismatch, Finalverse without checkpoint restore, validate_pack warnings)." },
  PK640: { severity: "warning", title: "Operation string names no PALM operation", doc: "A policy operation string maps to no PALM operation, so it has no effect on any decision. The hint names the nearest known strings (docs/platform.md lists the mapping)." },
  PK641: { severity: "error", title: "Platform simulation fails", doc: "A platform pack simulation's expected decision differs from the decision the pack's policy gives for the request." },
  PK642: { severity: "warning", title: "Blocked operations while safety holds are off", doc: "`safety_holds.blocked_operations` has no effect while `safety_holds.enabled` is false." },
  PK643: { severity: "error", title: "Several platform packs", doc: "A tenant may run one platform pack; its requests resolve to more than one." },
} as const satisfies Record<string, CodeInfo>;

/** A diagnostic code: a key of the catalogue, checked at compile time. */
export type Code = keyof typeof CODES;
