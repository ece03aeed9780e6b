// Written by `npm run build`: what /monitors/system reports as the running build.
const { execSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
let commit = "unknown";
try {
  commit = execSync("git rev-parse HEAD", { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
} catch {
  // not a git checkout (a copied build): the commit stays unknown
}
const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
fs.writeFileSync(path.join(root, "lib", "build.json"), JSON.stringify({ version, commit, built_at: new Date().toISOString() }, null, 2) + "\n");
