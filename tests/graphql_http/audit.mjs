// Runs the GraphQL over HTTP audits against GRAPHQL_URL and prints one JSON
// line per audit: {"id", "name", "status", "reason"}. Exits 0 when every audit
// ran; the caller decides which statuses fail the build.
import { auditServer } from "graphql-http";

const url = process.env.GRAPHQL_URL;
if (!url) {
  console.error("Set GRAPHQL_URL to the endpoint to audit.");
  process.exit(2);
}

const results = await auditServer({ url });
for (const result of results) {
  const line = { id: result.id, name: result.name, status: result.status };
  if (result.status !== "ok") {
    line.reason = result.reason;
    line.response = {
      status: result.response.status,
      contentType: result.response.headers.get("content-type"),
      body: await result.response.text().catch(() => ""),
    };
  }
  console.log(JSON.stringify(line));
}
