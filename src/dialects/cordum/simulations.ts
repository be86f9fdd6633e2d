import { makeDiagnostic } from "../../diagnostics/types.js";
import type { PackVersion, Simulation } from "../../model/pack.js";
import { pointer } from "../../util/json-pointer.js";
import { expectedDecision } from "../../simulate/decisions.js";
import { isRecord, str, strings } from "../pack-files.js";
import type { PackContext } from "../types.js";

/**
 * Reads `tests.policySimulations[]` into the model. The request is built as `cordumctl pack
 * verify` builds it (shared research §1.8): an empty tenant is `default`, an empty pack id is the
 * pack's own; manifest topic metadata is not injected. An `expectDecision` that is no kernel
 * decision is PK507. Running them is the simulate stage's job.
 */
export function loadSimulations(ctx: PackContext, pack: PackVersion, list: unknown): void {
  (Array.isArray(list) ? list : []).forEach((s, i) => {
    if (!isRecord(s) || !isRecord(s.request) || typeof s.expectDecision !== "string") return;
    const p = pointer(["tests", "policySimulations", i]);
    const r = s.request;
    const expect = expectedDecision(s.expectDecision);
    if (!expect.known) {
      ctx.report(makeDiagnostic("PK507", ctx.manifest.locate(`${p}/expectDecision`), `expectDecision "${s.expectDecision}" is not a kernel decision and can never match`, "use ALLOW, DENY, REQUIRE_APPROVAL, ALLOW_WITH_CONSTRAINTS or THROTTLE"));
    }
    const labels = isRecord(r.labels) ? Object.fromEntries(Object.entries(r.labels).filter(([, v]) => typeof v === "string")) as Record<string, string> : {};
    const sim: Simulation = {
      name: str(s.name) || `simulation ${i + 1}`,
      file: ctx.manifest.file,
      pointer: p,
      request: {
        tenant: str(r.tenantId).trim() || "default",
        topic: str(r.topic),
        capability: str(r.capability),
        riskTags: strings(r.riskTags),
        requires: strings(r.requires),
        packId: str(r.packId).trim() || pack.id,
        actorId: str(r.actorId),
        actorType: str(r.actorType),
        labels,
      },
      expect: s.expectDecision,
    };
    pack.simulations.push(sim);
  });
}
