// Validates Kubernetes manifests (a YAML stream on stdin, e.g. `kubectl kustomize`'s output)
// against the API's own schemas, as kubernetes-models generates them from Kubernetes'
// OpenAPI document: unknown fields, wrong types and missing required fields are errors.
// No cluster is needed. Prints one line per object, exits 1 when any is invalid.
//   kubectl kustomize k8s/overlays/local | node k8s/validate/validate.mjs
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const docs = yaml.loadAll(readFileSync(0, "utf8")).filter((doc) => doc);
let failures = 0;
for (const doc of docs) {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["", doc.apiVersion];
  const name = `${doc.kind}/${doc.metadata?.name} (${doc.apiVersion})`;
  let Model;
  try {
    ({ [doc.kind]: Model } = await import(`kubernetes-models/${group ? group + "/" : ""}${version}/${doc.kind}`));
  } catch (e) {
    // A kind without a schema must not pass unchecked.
    console.log(`invalid ${name}: no schema for this kind (${e.message})`);
    failures++;
    continue;
  }
  try {
    new Model(doc).validate();
    console.log(`valid ${name}`);
  } catch (e) {
    console.log(`invalid ${name}: ${e.message}`);
    failures++;
  }
}
if (docs.length === 0) {
  console.log("invalid: no objects on stdin");
  failures++;
}
process.exit(failures ? 1 : 0);
