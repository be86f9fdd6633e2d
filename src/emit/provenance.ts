import { sourceOf, sourceOfLater, type Source } from "../repo/git.js";
import { repositoryInputs } from "./out-guard.js";

/**
 * The {@link Source} of a compile of the packs repository at `root` whose `packc.yaml` names
 * `baseDocuments`: HEAD, the repository directory's tree in it, and whether any input
 * (`packc.yaml`, the base documents, `packs/`, `tenants/`) differs from it. Reads git.
 */
export function repositorySource(root: string, baseDocuments: readonly string[]): Source {
  return sourceOf(root, "", repositoryInputs(baseDocuments));
}

/** {@link repositorySource}, read by git in child processes while the caller goes on working. */
export function repositorySourceLater(root: string, baseDocuments: readonly string[]): Promise<Source> {
  return sourceOfLater(root, "", repositoryInputs(baseDocuments));
}
