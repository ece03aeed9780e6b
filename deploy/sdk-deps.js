// CI: the packed SDK (packages/api) depends on the very versions the server runs, so that what
// a client installs verifies and decrypts exactly as the server signs and encrypts.
const root = require("../package.json");
const sdk = require("../packages/api/package.json");
let wrong = 0;
for (const [name, version] of Object.entries(sdk.dependencies)) {
  const server = root.dependencies[name] ?? root.devDependencies[name];
  if (server !== version) {
    console.error(`packages/api depends on ${name} ${version}, the server on ${server}`);
    ++wrong;
  }
}
if (wrong !== 0) process.exit(1);
console.log(`the packed SDK depends on the server's versions (${Object.keys(sdk.dependencies).join(", ")})`);
