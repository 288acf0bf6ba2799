// Validates every manifest of the rendered chart against the Kubernetes OpenAPI schemas, offline, with the npm
// package kubernetes-models (its validate() checks types, required fields and enums; it does not reject unknown
// fields). Custom resources (Strimzi, CloudNativePG) have no schema here: the JUnit tests check their fields.
// Usage: node validate.mjs target/rendered/*.yaml   (run by Maven in the integration-test phase)
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// Kinds whose schemas are not in kubernetes-models: checked field by field in ChartRenderTest instead.
const CUSTOM = new Set([
  "kafka.strimzi.io/Kafka", "kafka.strimzi.io/KafkaNodePool", "kafka.strimzi.io/KafkaTopic",
  "postgresql.cnpg.io/Cluster", "postgresql.cnpg.io/Database",
]);

async function modelFor(apiVersion, kind) {
  const module = apiVersion.includes("/") ? apiVersion : `v1`;
  const mod = await import(`kubernetes-models/${module}/${kind}`).catch(() => null);
  return mod ? mod[kind] : null;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs <rendered.yaml>...");
  process.exit(2);
}
let passed = 0, failed = 0, custom = 0;
for (const file of files) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) {
      console.error(`FAIL ${file}: YAML error ${doc.errors[0].message}`);
      failed++;
      continue;
    }
    const obj = doc.toJS();
    if (obj == null) continue;
    const id = `${file}: ${obj.apiVersion} ${obj.kind} ${obj.metadata?.name}`;
    const group = String(obj.apiVersion).split("/")[0];
    if (CUSTOM.has(`${group}/${obj.kind}`)) {
      custom++;
      continue;
    }
    const Model = await modelFor(obj.apiVersion, obj.kind);
    if (!Model) {
      console.error(`FAIL ${id}: no schema for this apiVersion/kind`);
      failed++;
      continue;
    }
    try {
      new Model(obj).validate();
      passed++;
    } catch (e) {
      console.error(`FAIL ${id}: ${e.message}`);
      failed++;
    }
  }
}
console.log(`Kubernetes schema validation: ${passed + failed} manifests checked, ${custom} custom resources left to the JUnit field checks`);
console.log(`schemas: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
