declare const CODES: {
	readonly PK101: {
		readonly severity: "error";
		readonly title: "File does not parse";
		readonly doc: "YAML 1.2 or JSON syntax error. The position is the parser's.";
	};
	readonly PK102: {
		readonly severity: "error";
		readonly title: "Duplicate key";
		readonly doc: "A mapping repeats a key. YAML parsers disagree on which value wins, so packc rejects it.";
	};
	readonly PK103: {
		readonly severity: "error";
		readonly title: "Too many aliases";
		readonly doc: "The document expands more than 100 aliases (a 'billion laughs' resource attack).";
	};
	readonly PK104: {
		readonly severity: "error";
		readonly title: "Forbidden key";
		readonly doc: "`__proto__`, `constructor` and `prototype` are rejected as keys: they poison JavaScript objects and merge-patch libraries drop them silently.";
	};
	readonly PK105: {
		readonly severity: "error";
		readonly title: "File too large";
		readonly doc: "Files over the size cap (1 MiB) are not read. Packs are configuration, not data.";
	};
	readonly PK106: {
		readonly severity: "error";
		readonly title: "Path escapes its root";
		readonly doc: "A path is absolute or climbs out of the repository or pack with `..`. Cordum's installer and Portarium's publish gate reject the same.";
	};
	readonly PK107: {
		readonly severity: "error";
		readonly title: "Symbolic link";
		readonly doc: "Symbolic links are not followed: a pack's bytes must be in the pack, and a link could point outside the repository.";
	};
	readonly PK108: {
		readonly severity: "error";
		readonly title: "YAML 1.1 directive";
		readonly doc: "`%YAML 1.1` changes how `yes`, `no` and `017` read. packc reads YAML 1.2 only; remove the directive.";
	};
	readonly PK109: {
		readonly severity: "error";
		readonly title: "Referenced file missing";
		readonly doc: "A manifest names a file that does not exist inside the pack.";
	};
	readonly PK110: {
		readonly severity: "error";
		readonly title: "Schema violation";
		readonly doc: "The document does not match its JSON Schema (draft 2020-12) in `schemas/`.";
	};
	readonly PK111: {
		readonly severity: "error";
		readonly title: "Unknown key";
		readonly doc: "A key the schema does not allow. The hint names the nearest allowed key.";
	};
	readonly PK112: {
		readonly severity: "error";
		readonly title: "Missing required key";
		readonly doc: "The schema requires a key that is absent. The position is the enclosing mapping.";
	};
	readonly PK113: {
		readonly severity: "error";
		readonly title: "Document is not a mapping";
		readonly doc: "The top level of this document must be a mapping (object).";
	};
	readonly PK114: {
		readonly severity: "error";
		readonly title: "File unreadable";
		readonly doc: "The file could not be read or is not UTF-8 text.";
	};
	readonly PK116: {
		readonly severity: "warning";
		readonly title: "Unknown key ignored by the runtime";
		readonly doc: "A key the real runtime's lenient parser drops silently (Cordum's YAML and JSON decoding, Portarium's manifest parser). Usually a typo; the hint names the nearest known key.";
	};
	readonly PK117: {
		readonly severity: "error";
		readonly title: "No core version";
		readonly doc: "A tenant requests packs but neither `tenant.yaml` `core` nor `packc.yaml` `core.version` says which core it runs, so `requiresCore` cannot be checked.";
	};
	readonly PK118: {
		readonly severity: "error";
		readonly title: "Number is not finite";
		readonly doc: "A number reads as Infinity or NaN (`1e999` in JSON, `.inf` or `.nan` in YAML, `inf` or `nan` in TOML). JSON, and so every lockfile and active config, cannot hold it; write a finite number, or quote the value if it is text.";
	};
	readonly PK115: {
		readonly severity: "error";
		readonly title: "Resource schema does not compile";
		readonly doc: "A pack's JSON Schema resource is not a valid draft 2020-12 schema.";
	};
	readonly PK201: {
		readonly severity: "error";
		readonly title: "Directory does not match manifest";
		readonly doc: "`packs/<id>/<version>/` must equal the id and version declared in the manifest.";
	};
	readonly PK202: {
		readonly severity: "error";
		readonly title: "Topic outside the pack namespace";
		readonly doc: "Cordum topics must start with `job.<pack-id>.` (cordum `validatePackManifest`).";
	};
	readonly PK203: {
		readonly severity: "error";
		readonly title: "Schema id outside the pack namespace";
		readonly doc: "Cordum schema ids must start with `<pack-id>/`.";
	};
	readonly PK204: {
		readonly severity: "error";
		readonly title: "Workflow id outside the pack namespace";
		readonly doc: "Cordum workflow ids must start with `<pack-id>.`.";
	};
	readonly PK205: {
		readonly severity: "error";
		readonly title: "Pool name outside the pack namespace";
		readonly doc: "Pools a Cordum pack declares must start with `<pack-id>` (unless the base config already has the pool).";
	};
	readonly PK206: {
		readonly severity: "error";
		readonly title: "Unsupported protocol version";
		readonly doc: "`compatibility.protocolVersion` must be 1, the CAP protocol version.";
	};
	readonly PK207: {
		readonly severity: "error";
		readonly title: "Invalid core version bound";
		readonly doc: "`minCoreVersion`/`maxCoreVersion` must be SemVer and min must not exceed max.";
	};
	readonly PK208: {
		readonly severity: "error";
		readonly title: "Pack version is not SemVer";
		readonly doc: "packc resolves by SemVer, so a pack version must be a strict SemVer 2.0 version (no leading `v`).";
	};
	readonly PK209: {
		readonly severity: "error";
		readonly title: "Duplicate declaration";
		readonly doc: "The same topic, resource id, step or overlay name is declared twice in one pack.";
	};
	readonly PK210: {
		readonly severity: "error";
		readonly title: "Step topic not declared";
		readonly doc: "A workflow step dispatches to a topic the pack does not declare in `topics`.";
	};
	readonly PK211: {
		readonly severity: "warning";
		readonly title: "Step meta disagrees with the topic";
		readonly doc: "Only step `meta` reaches the safety kernel and the scheduler; the manifest's topic declaration is not injected. A mismatch makes policy decide on other facts than the manifest shows.";
	};
	readonly PK212: {
		readonly severity: "error";
		readonly title: "Unknown step dependency";
		readonly doc: "`depends_on` names a step that does not exist.";
	};
	readonly PK213: {
		readonly severity: "error";
		readonly title: "Dependency cycle between steps";
		readonly doc: "`depends_on` forms a cycle; the run can never start those steps.";
	};
	readonly PK214: {
		readonly severity: "error";
		readonly title: "Template names a step that is not upstream";
		readonly doc: "`${steps.X...}` must name a step this step (transitively) depends on; otherwise its output is not there yet.";
	};
	readonly PK215: {
		readonly severity: "error";
		readonly title: "Unresolved schema id";
		readonly doc: "A schema id referenced by a step or topic is not declared by the pack.";
	};
	readonly PK216: {
		readonly severity: "error";
		readonly title: "Seed-style `after`";
		readonly doc: "The workflow engine has no `after` field and drops it silently, losing the ordering. Use `depends_on`.";
	};
	readonly PK217: {
		readonly severity: "error";
		readonly title: "Schema id given where an inline schema belongs";
		readonly doc: "`input_schema`/`output_schema` are inline JSON Schema objects in the engine; a string fails to decode. Use `input_schema_id`/`output_schema_id`.";
	};
	readonly PK218: {
		readonly severity: "error";
		readonly title: "Malformed template";
		readonly doc: "A `${` template is not terminated or is empty; the engine fails the step.";
	};
	readonly PK219: {
		readonly severity: "warning";
		readonly title: "Workflow id overwritten";
		readonly doc: "The installer replaces the workflow file's `id` with the resource id; the two should agree.";
	};
	readonly PK220: {
		readonly severity: "error";
		readonly title: "Unsupported config overlay";
		readonly doc: "Config overlays may target only the keys `pools` and `timeouts` with strategy `json_merge_patch`.";
	};
	readonly PK221: {
		readonly severity: "error";
		readonly title: "Overlay touches a key it may not";
		readonly doc: "A `pools` patch may hold only `topics` and `pools`; a `timeouts` patch only `topics` and `workflows`.";
	};
	readonly PK222: {
		readonly severity: "error";
		readonly title: "Overlay key outside the pack namespace";
		readonly doc: "Topic keys in overlays must start with `job.<pack-id>.`, workflow keys with `<pack-id>.`.";
	};
	readonly PK223: {
		readonly severity: "warning";
		readonly title: "Glob topic key in pools";
		readonly doc: "The scheduler looks topics up by exact key; a glob such as `job.x.*` never routes anything.";
	};
	readonly PK224: {
		readonly severity: "error";
		readonly title: "Unsupported policy overlay";
		readonly doc: "Policy overlays must use strategy `bundle_fragment`.";
	};
	readonly PK225: {
		readonly severity: "warning";
		readonly title: "Workflow without steps";
		readonly doc: "The workflow has no `steps` (absent, null or empty). The engine's loader needs only an object, so it installs, but a run of it does nothing. Add its steps, or remove it from `resources.workflows`.";
	};
	readonly PK240: {
		readonly severity: "error";
		readonly title: "Asset matches no file";
		readonly doc: "Every Portarium asset path or glob must match at least one file inside the pack.";
	};
	readonly PK241: {
		readonly severity: "error";
		readonly title: "Asset packId mismatch";
		readonly doc: "An asset document's `packId` must equal the manifest id.";
	};
	readonly PK242: {
		readonly severity: "error";
		readonly title: "Unknown dependency";
		readonly doc: "A dependency names a pack id that no pack version in the registry has.";
	};
	readonly PK243: {
		readonly severity: "error";
		readonly title: "Invalid SemVer range";
		readonly doc: "`requiresCore`, dependency and request ranges must be valid SemVer ranges.";
	};
	readonly PK244: {
		readonly severity: "error";
		readonly title: "Asset glob too complex";
		readonly doc: "A Portarium asset glob has more than two `*` wildcards (`**` counts as one), or the glob library cannot read it. Such globs are not run: their matching cost grows as the path length to the power of the wildcards. List the files, or use a glob such as `schema/*.json` or `schema/**/*.json`. Entries are at most 256 characters (the manifest schema).";
	};
	readonly PK245: {
		readonly severity: "error";
		readonly title: "Range outside Portarium's grammar";
		readonly doc: "Portarium's own range parser reads a manifest's `requiresCore` and `dependencies` as whitespace-separated comparators (`>=`, `<=`, `>`, `<`, `=`) written directly before a full version, or a bare version, or `*`. npm's `^`, `~`, `1.x`, hyphen ranges, `||` and `>= 1.0.0` (a space after the operator) are parse errors there, so the manifest cannot be registered. The hint gives the equivalent Portarium range. Tenant requests are packc's own format and keep npm ranges.";
	};
	readonly PK246: {
		readonly severity: "warning";
		readonly title: "Asset glob (packc's extension)";
		readonly doc: "The seeds write Portarium asset entries as globs (`schema/*.json`), and packc expands them; Portarium itself resolves each entry as a literal path, so its publish gate reports \"Missing declared asset\" for a glob. The hint lists the files to write instead.";
	};
	readonly PK250: {
		readonly severity: "error";
		readonly title: "No pack manifest";
		readonly doc: "A pack version directory holds no manifest packc knows (pack.yaml, pack.manifest.json).";
	};
	readonly PK251: {
		readonly severity: "error";
		readonly title: "Several pack manifests";
		readonly doc: "A pack version directory holds manifests of more than one dialect.";
	};
	readonly PK252: {
		readonly severity: "error";
		readonly title: "Unexpected file in packs/ or tenant-packs/";
		readonly doc: "`packs/` holds only `<pack-id>/<version>/` directories and each pack's `lifecycle.yaml`; `tenants/<id>/tenant-packs/` holds only `<vMAJOR.MINOR>.json` (or `.yaml`) tenant packs and `lifecycle.yaml`.";
	};
	readonly PK253: {
		readonly severity: "error";
		readonly title: "Lifecycle names an unknown version";
		readonly doc: "A `lifecycle.yaml` deprecates a version that has no directory (or tenant-pack file). Deprecation must name a released version.";
	};
	readonly PK260: {
		readonly severity: "error";
		readonly title: "Version is not vMAJOR.MINOR";
		readonly doc: "Domain and tenant packs are versioned `v1.0`, `v1.1`, `v2.0` (seed 000); the directory or file name and any `version` field must have that form. packc orders them by their numbers, so `v10.0` is newer than `v2.0`.";
	};
	readonly PK261: {
		readonly severity: "error";
		readonly title: "Domain pack has no exception types";
		readonly doc: "A domain pack must declare at least one exception type; the import rejects an empty `exceptionTypes`.";
	};
	readonly PK262: {
		readonly severity: "error";
		readonly title: "Unknown severity";
		readonly doc: "Severities are LOW, MEDIUM, HIGH or CRITICAL in any case; the runtime upper-cases the value and fails on anything else, although the import does not check it.";
	};
	readonly PK263: {
		readonly severity: "error";
		readonly title: "Name differs from its key";
		readonly doc: "A tool's or exception type's `name` must equal the key it is declared under; the runtime looks it up by key.";
	};
	readonly PK264: {
		readonly severity: "error";
		readonly title: "Playbook names an unknown exception type";
		readonly doc: "Every playbook (domain or tenant custom) must name an exception type of the domain pack.";
	};
	readonly PK265: {
		readonly severity: "error";
		readonly title: "Step names an unknown tool";
		readonly doc: "A playbook step's action (or its `tool`/`toolName` parameter, or a quoted name in an action that says tool, invoke or call) must name a tool of the domain pack.";
	};
	readonly PK266: {
		readonly severity: "warning";
		readonly title: "Step action is free text";
		readonly doc: "The action names no tool packc can check (free text with spaces or calls). The runtime accepts it unchecked; write the tool name as `action` and the prose in `description`.";
	};
	readonly PK267: {
		readonly severity: "error";
		readonly title: "Malformed placeholder";
		readonly doc: "A `{{param}}` placeholder in step parameters is unterminated, empty, or not an identifier path such as `{{paymentId}}` or `{{payment.id}}`.";
	};
	readonly PK268: {
		readonly severity: "error";
		readonly title: "Item both allowed and blocked";
		readonly doc: "An item appears in a guardrail's `allowLists` and `blockLists` at once (the runtime loader rejects it).";
	};
	readonly PK269: {
		readonly severity: "error";
		readonly title: "Key spelled twice";
		readonly doc: "A key is given in camelCase and in snake_case (`domainName` and `domain_name`); both name the same field, so one would be lost. Keep the camelCase spelling.";
	};
	readonly PK270: {
		readonly severity: "error";
		readonly title: "Tenant pack for another tenant";
		readonly doc: "`tenantId` must equal the tenant directory the tenant pack lives in.";
	};
	readonly PK271: {
		readonly severity: "error";
		readonly title: "Tenant pack for another domain";
		readonly doc: "A tenant pack's `domainName` must equal the domain pack it is activated with (exactly, case-sensitive), and name a domain under `packs/`.";
	};
	readonly PK272: {
		readonly severity: "error";
		readonly title: "Approved tool does not exist";
		readonly doc: "Every `approvedTools` entry must be a tool of the domain pack.";
	};
	readonly PK273: {
		readonly severity: "error";
		readonly title: "Custom playbook uses an unapproved tool";
		readonly doc: "A tenant's custom playbook may only use tools the tenant approves (seed 000 \"Playbook tools must be approved in tenant pack\"; the real import path skips this check).";
	};
	readonly PK274: {
		readonly severity: "error";
		readonly title: "Severity override for an unknown exception type";
		readonly doc: "`customSeverityOverrides[].exceptionType` must be an exception type of the domain pack.";
	};
	readonly PK275: {
		readonly severity: "error";
		readonly title: "Tenant blocks what the domain allows";
		readonly doc: "`customGuardrails.blockLists` must not contain an item of the domain's `guardrails.allowLists` (runtime loader rule).";
	};
	readonly PK276: {
		readonly severity: "error";
		readonly title: "Tenant allows an unknown item";
		readonly doc: "A `customGuardrails.allowLists` entry that the domain does not allow must be a tool of the domain pack (runtime loader rule).";
	};
	readonly PK277: {
		readonly severity: "error";
		readonly title: "Tool override for a tool the tenant cannot use";
		readonly doc: "`toolOverrides[].toolName` must be a tool of the domain pack that the tenant approves.";
	};
	readonly PK278: {
		readonly severity: "warning";
		readonly title: "Approval rule has no effect on CRITICAL";
		readonly doc: "CRITICAL always requires human approval at runtime; a rule with `requireApproval: false` for it changes nothing.";
	};
	readonly PK279: {
		readonly severity: "warning";
		readonly title: "Tenant guardrails drop a domain block";
		readonly doc: "`customGuardrails` replaces the domain's guardrails wholesale (the runtime does not merge them), so an item the domain blocks and the tenant's lists omit is no longer blocked.";
	};
	readonly PK280: {
		readonly severity: "warning";
		readonly title: "Domain playbook uses a tool the tenant has not approved";
		readonly doc: "The tenant's effective tools are its approved ones; a domain playbook for one of its exception types calls a tool outside them.";
	};
	readonly PK281: {
		readonly severity: "warning";
		readonly title: "Number written as a string";
		readonly doc: "A domain or tenant pack field that holds a number is written as a string (`\"3\"`, `\"0.5\"`). The exception platform's pydantic models run in lax mode and read it as the number, and so does packc; write the number itself.";
	};
	readonly PK282: {
		readonly severity: "warning";
		readonly title: "Key the platform's import rejects";
		readonly doc: "The guide's domain pack example has three keys the exception platform's `DomainPack` model lacks: the top-level `version`, an exception type's `severity` and a tool's `name`. The models forbid extra keys, so the platform's import rejects such a pack. packc still reads them (the guide documents them); remove them: the version is the directory (and the import request's), a severity belongs in `severityRules`, a tool's name is its key.";
	};
	readonly PK301: {
		readonly severity: "error";
		readonly title: "No version satisfies the constraints";
		readonly doc: "No version of the pack satisfies every range requested for it (Portarium `PackNoSatisfyingVersionError`).";
	};
	readonly PK302: {
		readonly severity: "error";
		readonly title: "Core version incompatible";
		readonly doc: "Versions satisfy the range but none supports the tenant's core version (Portarium `PackCoreCompatibilityError`).";
	};
	readonly PK303: {
		readonly severity: "error";
		readonly title: "Dependency conflict";
		readonly doc: "A dependency was already resolved to a version a later constraint excludes. The resolver is greedy and does not backtrack (Portarium `PackDependencyConflictError`).";
	};
	readonly PK304: {
		readonly severity: "error";
		readonly title: "Dependency cycle";
		readonly doc: "The resolved packs depend on each other in a cycle.";
	};
	readonly PK305: {
		readonly severity: "error";
		readonly title: "Unknown pack";
		readonly doc: "A request or dependency names a pack id the registry does not have (Portarium `PackNotFoundError`).";
	};
	readonly PK306: {
		readonly severity: "error";
		readonly title: "Lockfile missing";
		readonly doc: "The tenant has pack requests but no `packs.lock.json`. Run `packc lock --tenant <id>`.";
	};
	readonly PK307: {
		readonly severity: "error";
		readonly title: "Lockfile stale";
		readonly doc: "The lockfile no longer matches what the requests resolve to (like `npm ci`). Run `packc lock --tenant <id>`.";
	};
	readonly PK308: {
		readonly severity: "error";
		readonly title: "Integrity mismatch";
		readonly doc: "A locked pack version's content changed after release. Released versions are immutable: restore it, or release a new version and re-lock.";
	};
	readonly PK309: {
		readonly severity: "error";
		readonly title: "Tenant id does not match its directory";
		readonly doc: "`tenants/<id>/tenant.yaml` must declare `id: <id>`.";
	};
	readonly PK310: {
		readonly severity: "error";
		readonly title: "Activated domain pack not found";
		readonly doc: "`tenant.yaml` `domain.name`/`domain.version` must name a domain pack version under `packs/<domainName>/<version>/`.";
	};
	readonly PK311: {
		readonly severity: "error";
		readonly title: "Activated tenant pack not found";
		readonly doc: "`tenant.yaml` `domain.tenantPack` must name a file `tenants/<id>/tenant-packs/<version>.json`.";
	};
	readonly PK312: {
		readonly severity: "error";
		readonly title: "Deprecated version activated";
		readonly doc: "A version its `lifecycle.yaml` deprecates cannot be activated (seed 000: status must be ACTIVE or DRAFT).";
	};
	readonly PK313: {
		readonly severity: "error";
		readonly title: "Inactive tenant activates packs";
		readonly doc: "Only an ACTIVE tenant may activate a domain and tenant pack (seed 000 \"Tenant must be ACTIVE\"; the real activation endpoint does not check it).";
	};
	readonly PK314: {
		readonly severity: "warning";
		readonly title: "Lockfile pins a deprecated version";
		readonly doc: "The tenant's lockfile pins a pack version its `lifecycle.yaml` deprecates. It still resolves (as with `npm deprecate`); move to a supported version.";
	};
	readonly PK315: {
		readonly severity: "error";
		readonly title: "Released version edited";
		readonly doc: "`packc diff` (and the Action): the change adds, changes or removes a file under a `packs/<id>/<version>/` directory that the base commit already has. Released versions are immutable: restore the directory and release the change as a new version. (Deleting a whole version is not an edit.)";
	};
	readonly PK401: {
		readonly severity: "error";
		readonly title: "Merged pools document invalid";
		readonly doc: "After all overlays the scheduler's pools document fails its schema; the scheduler would ignore the whole document.";
	};
	readonly PK402: {
		readonly severity: "error";
		readonly title: "Merged timeouts document invalid";
		readonly doc: "After all overlays the scheduler's timeouts document fails its schema (the real hello-pack writes scalar workflow timeouts); the scheduler would ignore the whole document.";
	};
	readonly PK403: {
		readonly severity: "warning";
		readonly title: "Topic has no pool";
		readonly doc: "A declared topic that no workflow step dispatches is routed to no pool, so a job on it would never be dispatched. A step that dispatches such a topic is an error (PK406).";
	};
	readonly PK404: {
		readonly severity: "error";
		readonly title: "Pool cannot run the topic";
		readonly doc: "A pool is eligible only if its `requires` contains every `requires` of the topic (case-insensitive).";
	};
	readonly PK405: {
		readonly severity: "error";
		readonly title: "Route to an undefined pool";
		readonly doc: "A topic routes to a pool the merged pools document does not define.";
	};
	readonly PK406: {
		readonly severity: "error";
		readonly title: "Step dispatches a topic with no pool";
		readonly doc: "A workflow step dispatches to a topic the merged pools document routes to no pool: the scheduler finds no pool mapping, so every job of the step fails. A declared topic that no step dispatches is only a warning (PK403).";
	};
	readonly PK501: {
		readonly severity: "error";
		readonly title: "Seed-style `match.topic`";
		readonly doc: "The safety kernel's match key is the list `topics`; `topic` fails the schema (and before strict parsing it was dropped, so the rule matched everything).";
	};
	readonly PK502: {
		readonly severity: "error";
		readonly title: "Policy version is not a string";
		readonly doc: "The safety policy's `version` is a string. Quote it: `version: \"1\"`.";
	};
	readonly PK503: {
		readonly severity: "warning";
		readonly title: "Tenant topic lists are inert";
		readonly doc: "As soon as the merged policy has any rule, the kernel ignores tenants' `allow_topics`/`deny_topics` (legacy rules are synthesised only when there are none).";
	};
	readonly PK504: {
		readonly severity: "error";
		readonly title: "Simulation fails";
		readonly doc: "A policySimulation's expected decision differs from the kernel's decision for the pack on its own (base policy plus the pack's fragments).";
	};
	readonly PK505: {
		readonly severity: "error";
		readonly title: "Simulation shadowed by another pack";
		readonly doc: "The simulation passes for the pack alone but fails in a tenant's merged policy, because another bundle's rule matches first.";
	};
	readonly PK506: {
		readonly severity: "error";
		readonly title: "Decision not lowercase";
		readonly doc: "The kernel's schema accepts decisions in lowercase only (`require_approval`).";
	};
	readonly PK507: {
		readonly severity: "warning";
		readonly title: "Expected decision is not a kernel decision";
		readonly doc: "`expectDecision` is compared after trimming and upper-casing; values other than ALLOW, DENY, REQUIRE_APPROVAL (REQUIRE_HUMAN), ALLOW_WITH_CONSTRAINTS, THROTTLE never match.";
	};
	readonly PK508: {
		readonly severity: "warning";
		readonly title: "Empty policy fragment";
		readonly doc: "The fragment file is empty, or holds only whitespace or comments. The safety kernel skips such a fragment rather than rejecting it, so it contributes no rule: write the rules it should hold, or remove it from `overlays.policy`.";
	};
	readonly PK601: {
		readonly severity: "error";
		readonly title: "Platform name empty (INVALID_NAME)";
		readonly doc: "MAPLE `validate_pack`: `metadata.name` cannot be empty (critical in MAPLE).";
	};
	readonly PK602: {
		readonly severity: "error";
		readonly title: "Platform name characters (INVALID_NAME_CHARS)";
		readonly doc: "MAPLE `validate_pack`: `metadata.name` may hold only letters, digits, `_` and `-`.";
	};
	readonly PK603: {
		readonly severity: "error";
		readonly title: "Platform version empty (INVALID_VERSION)";
		readonly doc: "MAPLE `validate_pack`: `metadata.version` cannot be empty. (MAPLE's NON_SEMVER_VERSION warning is PK208, an error in packc, which resolves by SemVer.)";
	};
	readonly PK604: {
		readonly severity: "error";
		readonly title: "Zero deployment limit (INVALID_LIMIT)";
		readonly doc: "MAPLE `validate_pack`: `policy.limits.max_concurrent_deployments` must be greater than 0.";
	};
	readonly PK605: {
		readonly severity: "warning";
		readonly title: "Zero rate limit (ZERO_RATE_LIMIT)";
		readonly doc: "MAPLE `validate_pack`: a `rate_limit_per_minute` of 0 blocks every operation.";
	};
	readonly PK606: {
		readonly severity: "warning";
		readonly title: "Auto-approval next to always-required approvals";
		readonly doc: "MAPLE `validate_pack` suggestion: `allow_auto_approval` is on while some operations always require approval; consider turning it off for stricter control.";
	};
	readonly PK607: {
		readonly severity: "error";
		readonly title: "Zero health-check interval (INVALID_INTERVAL)";
		readonly doc: "MAPLE `validate_pack`: `health.check_interval_secs` must be greater than 0.";
	};
	readonly PK608: {
		readonly severity: "warning";
		readonly title: "Probe timeout not below its period (TIMEOUT_EXCEEDS_PERIOD)";
		readonly doc: "MAPLE `validate_pack`: the liveness probe's timeout should be less than its period, or probes overlap.";
	};
	readonly PK609: {
		readonly severity: "error";
		readonly title: "Attention threshold outside [0, 1] (INVALID_THRESHOLD)";
		readonly doc: "MAPLE `validate_pack`: `health.resonance.attention_exhaustion_threshold` must be between 0 and 1.";
	};
	readonly PK610: {
		readonly severity: "error";
		readonly title: "Zero checkpoint interval (INVALID_CHECKPOINT_INTERVAL)";
		readonly doc: "MAPLE `validate_pack`: with `auto_checkpoint` the interval must be greater than 0.";
	};
	readonly PK611: {
		readonly severity: "warning";
		readonly title: "Encryption without a key id (MISSING_ENCRYPTION_KEY)";
		readonly doc: "MAPLE `validate_pack`: `encrypt_at_rest` is on but `encryption_key_id` is not set; the key must then come from the runtime.";
	};
	readonly PK612: {
		readonly severity: "error";
		readonly title: "Resource default above its limit (DEFAULT_EXCEEDS_LIMIT)";
		readonly doc: "MAPLE `validate_pack`: default CPU or memory exceeds its maximum.";
	};
	readonly PK613: {
		readonly severity: "error";
		readonly title: "Scaling minimum above maximum (INVALID_SCALING_RANGE)";
		readonly doc: "MAPLE `validate_pack`: `min_instances` cannot exceed `max_instances`.";
	};
	readonly PK614: {
		readonly severity: "warning";
		readonly title: "Scaling thresholds overlap (OVERLAPPING_THRESHOLDS)";
		readonly doc: "MAPLE `validate_pack`: the scale-up threshold should be above the scale-down threshold, or scaling oscillates.";
	};
	readonly PK615: {
		readonly severity: "error";
		readonly title: "Zero recovery attempts (INVALID_RECOVERY_ATTEMPTS)";
		readonly doc: "MAPLE `validate_pack`: enabled auto-recovery needs `max_attempts` greater than 0.";
	};
	readonly PK616: {
		readonly severity: "error";
		readonly title: "Zero circuit-breaker threshold (INVALID_CIRCUIT_BREAKER)";
		readonly doc: "MAPLE `validate_pack`: an enabled circuit breaker needs failure and success thresholds greater than 0.";
	};
	readonly PK617: {
		readonly severity: "error";
		readonly title: "Capability mismatch (CAPABILITY_MISMATCH)";
		readonly doc: "MAPLE `validate_pack`: live migration, always-required approvals or auto checkpoints are configured but the matching `supports_*` capability is false.";
	};
	readonly PK618: {
		readonly severity: "error";
		readonly title: "Required feature unsupported (UNSUPPORTED_FEATURE)";
		readonly doc: "MAPLE `validate_runtime_compatibility` (critical): a `required_features` entry is neither a built-in capability the pack supports nor a key of `capabilities.custom`.";
	};
	readonly PK619: {
		readonly severity: "warning";
		readonly title: "Deployment limit above the capability (EXCEEDS_RUNTIME_LIMIT)";
		readonly doc: "MAPLE `validate_runtime_compatibility`: `max_concurrent_deployments` exceeds `capabilities.max_deployments`.";
	};
	readonly PK630: {
		readonly severity: "error";
		readonly title: "Conformance test failed";
		readonly doc: "A test of MAPLE's conformance runner failed for the pack's profile; the message names the test and gives MAPLE's reason. A pack is conformant when no test fails.";
	};
	readonly PK631: {
		readonly severity: "warning";
		readonly title: "Conformance warning";
		readonly doc: "A conformance test passed with a warning (profile name mismatch, Finalverse without checkpoint restore, validate_pack warnings).";
	};
	readonly PK640: {
		readonly severity: "warning";
		readonly title: "Operation string names no PALM operation";
		readonly doc: "A policy operation string maps to no PALM operation, so it has no effect on any decision. The hint names the nearest known strings (docs/platform.md lists the mapping).";
	};
	readonly PK641: {
		readonly severity: "error";
		readonly title: "Platform simulation fails";
		readonly doc: "A platform pack simulation's expected decision differs from the decision the pack's policy gives for the request.";
	};
	readonly PK642: {
		readonly severity: "warning";
		readonly title: "Blocked operations while safety holds are off";
		readonly doc: "`safety_holds.blocked_operations` has no effect while `safety_holds.enabled` is false.";
	};
	readonly PK643: {
		readonly severity: "error";
		readonly title: "Several platform packs";
		readonly doc: "A tenant may run one platform pack; its requests resolve to more than one.";
	};
};
type Code = keyof typeof CODES;
type Severity = "error" | "warning";
/**
 * One finding, as data. `file` is relative to the repository root with `/` separators,
 * `line`/`column` are 1-based and point at the offending key or value, `pointer` is an
 * RFC 6901 JSON pointer into that file (DESIGN.md "Contracts").
 */
export interface Diagnostic {
	code: Code;
	severity: Severity;
	message: string;
	file: string;
	line: number;
	column: number;
	pointer: string;
	hint?: string;
}
/** Counts shown at the end of every report. */
export interface Summary {
	errors: number;
	warnings: number;
	packs: number;
	tenants: number;
	/** Wall time of the run in milliseconds; only when the progress line was shown (a terminal), so piped output stays reproducible. */
	elapsedMs?: number;
	/** A scoped run (`check --tenant`, `--changed-since`): the pack versions and tenants it did not look at. */
	skipped?: {
		packs: number;
		tenants: number;
	};
}
type TestStatus = "passed" | "failed" | "skipped";
interface ConformanceResult {
	test: string;
	category: "core" | "behavioral" | "platform_specific";
	status: TestStatus;
	/** Why it failed or was skipped; what it checked when it passed. */
	reason: string;
	warnings: string[];
	/** Pointer into the manifest of the value that decided a failure or warning ("" otherwise). */
	pointer: string;
}
/** One platform pack's conformance outcome, as the reports show it. */
export interface ConformanceReport {
	pack: string;
	version: string;
	profile: string;
	conformant: boolean;
	passed: number;
	failed: number;
	skipped: number;
	tests: Omit<ConformanceResult, "pointer">[];
}
type FlipDirection = "loosened" | "tightened" | "changed";
interface ValueChange {
	pointer: string;
	old: unknown;
	new: unknown;
	/** The pack overlay that set the new value (`pack@version`), for merged config keys. */
	setBy?: string;
}
interface DecisionSide {
	decision: string;
	rule: string | null;
}
interface DecisionFlip {
	kind: "topic" | "operation";
	name: string;
	old: DecisionSide | null;
	new: DecisionSide | null;
	/** Whether the new decision keeps less control than the old (`diff/direction.ts`). */
	direction: FlipDirection;
}
interface PackChange {
	id: string;
	dialect: string;
	change: "added" | "removed" | "upgraded" | "downgraded" | "changed";
	from?: string;
	to?: string;
	/** For upgrades and downgrades: the normalized pack's sections that differ between the versions. */
	sections?: string[];
}
interface TenantChanges {
	tenant: string;
	status: "added" | "removed" | "changed" | "unchanged";
	/** Whether the tenant compiles on each side. Its config is still compared when composition ran. */
	compiles: {
		base: boolean;
		head: boolean;
	};
	packs: PackChange[];
	config: ValueChange[];
	/** Ids of the merged policy's rules added, removed or changed (by their content), in code-point order. */
	rules: string[];
	/** Names of the workflows added, removed or changed, in code-point order. */
	workflows: string[];
	flips: DecisionFlip[];
	domain: ValueChange[];
	platform: ValueChange[];
	/** Simulations that fail on head and did not on base (from PK504/PK505/PK641). */
	failingSimulations: Diagnostic[];
	diagnostics: {
		added: Diagnostic[];
		resolved: Diagnostic[];
	};
	/** Unified diff of the active config's review view (YAML without digests, `diff/review-view.ts`), or null when unchanged. */
	diff: string | null;
	/** True when the diff was too large to compute within its bounds (`diff` holds a summary). */
	diffTruncated: boolean;
	/**
	 * The side whose config could not be composed (the tenant fails to resolve or lock there), when
	 * the other side's could: the configs are not compared (no config changes, rules, workflows or
	 * diff), since the whole config would show as added or removed.
	 */
	uncomposed?: "base" | "head";
}
/** The change set of a pull request: per tenant, plus diagnostics not tied to a tenant. */
export interface ChangeSet {
	base: string;
	head: string;
	tenants: TenantChanges[];
	repo: {
		added: Diagnostic[];
		resolved: Diagnostic[];
	};
	headErrors: number;
	/** The head's first {@link PROBLEMS_KEPT} errors, in the order the head reports them (the comment lists them under the verdict). */
	headProblems: Diagnostic[];
}
/** The version of packc, as `packc --version` prints it. */
export declare const version: string;
/** What `packc check --format json` prints: `{diagnostics, summary, conformance}` (DESIGN.md). */
export interface Report {
	/** Sorted by file, line and column; `file` relative to the repository root with `/`. */
	diagnostics: Diagnostic[];
	/** Errors and warnings counted, with the pack versions and tenants checked (and skipped by a scoped run). */
	summary: Summary;
	/** Each platform pack's conformance outcome. */
	conformance: ConformanceReport[];
	/** What the CLI would have said on stderr: the repository found above the directory given, a cache problem, a run that reaches everything. */
	notes: string[];
}
/** Options of {@link check}; each is the CLI option of the same name. */
export interface CheckOptions {
	/** The packs repository, or a directory inside it (default: the working directory). */
	repo?: string;
	/** Only these tenants and the packs they use (`--tenant`). */
	tenants?: string[];
	/** Only what the working tree's change since this ref can reach (`--changed-since`). */
	changedSince?: string;
	/** Only shard `I/N` (`--shard`). */
	shard?: string;
	/** The cache directory (`--cache`), or false for none (`--no-cache`); default `.packc/cache`. */
	cache?: string | false;
}
/** Options of {@link compile}. */
export interface CompileOptions {
	/** The packs repository, or a directory inside it (default: the working directory). */
	repo?: string;
	/** The output directory, relative to the repository (default `compiled`); replaced only when packc wrote it. */
	out?: string;
	/** Only these tenants and the packs they use (`--tenant`). */
	tenants?: string[];
	/** Only shard `I/N` (`--shard`). */
	shard?: string;
	/** With `tenants` or `shard`: the cache directory, or false for none. */
	cache?: string | false;
}
/** What {@link compile} did: the report, and how many files it wrote (null: nothing, because of errors; the old output is untouched). */
export interface CompileReport extends Report {
	written: number | null;
}
/** Options of {@link diff}. */
export interface DiffOptions {
	/** The packs repository in a git work tree (default: the working directory). */
	repo?: string;
	/** The base: a branch, tag or commit. */
	base: string;
	/** The head commit (default: the working tree). */
	head?: string;
	/** The cache directory, or false for none; default `.packc/cache`. */
	cache?: string | false;
}
/** What {@link diff} found: the change set `packc diff --format json` prints, and the head's diagnostics. */
export interface DiffReport {
	changes: ChangeSet;
	head: {
		diagnostics: Diagnostic[];
		summary: Summary;
	};
	notes: string[];
}
/** Validates the repository as `packc check` does; writes nothing but the cache. */
export declare function check(options?: CheckOptions): Promise<Report>;
/** Checks, then writes the compiled output as `packc compile` does (atomically; nothing on errors). */
export declare function compile(options?: CompileOptions): Promise<CompileReport>;
/** Compiles the base commit and the head, and returns what changes for each tenant, as `packc diff` does. */
export declare function diff(options: DiffOptions): Promise<DiffReport>;

export {};
