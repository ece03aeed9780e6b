// `npm run package:api`: builds the SDK (src/api) into packages/api as its own npm package
// (lib/ with .d.ts, swagger.json beside it). `npm pack` in packages/api makes the tarball.
const cp = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const pkg = path.join(root, "packages", "api");
fs.rmSync(path.join(pkg, "src"), { recursive: true, force: true });
fs.rmSync(path.join(pkg, "lib"), { recursive: true, force: true });
fs.cpSync(path.join(root, "src", "api"), path.join(pkg, "src"), { recursive: true });
cp.execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(pkg, "tsconfig.json")], {
  stdio: "inherit",
  cwd: pkg,
});
fs.rmSync(path.join(pkg, "src"), { recursive: true, force: true });
console.log(`SDK package built in ${path.relative(root, pkg)}/lib`);
