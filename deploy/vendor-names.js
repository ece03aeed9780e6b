// CI: no provider, controller or generic gateway file (src/pg's own, not its vendor folders)
// names a vendor in its code. The vendors are read from the one
// place that declares them (IPaymentVendor.Code), so a gateway added there is checked too: its
// code in quotes, and each word of it (a PG's name) in an identifier or a string. Comments may
// name PGs (the API documentation does); the registry (src/pg/PgRegistry.ts) is where gateways
// are named, once.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const declared = fs.readFileSync(path.join(root, "src/api/structures/IPaymentVendor.ts"), "utf8");
const union = /export type Code\s*=\s*([^;]+);/.exec(declared);
if (union === null) throw new Error("IPaymentVendor.Code not found");
const codes = [...union[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
const words = [...new Set(codes.flatMap((c) => c.split(/[^A-Za-z0-9]+/)).filter((w) => w.length >= 4 && w !== "payments"))];
const patterns = [
  ...codes.map((c) => new RegExp(`["'\`]${c.replace(/\./g, "\\.")}["'\`]`)),
  ...words.map((w) => new RegExp(`\\b${w}`, "i")),
];
const found = [];
const walk = (dir, deep = true) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) deep && walk(full);
    else if (entry.name.endsWith(".ts") && full !== path.join(root, "src/pg/PgRegistry.ts"))
      fs.readFileSync(full, "utf8")
        .split("\n")
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, "").replace(/^\s*(\/\*\*?|\*).*$/, "");
          if (patterns.some((p) => p.test(code))) found.push(`${path.relative(root, full)}:${i + 1}: ${line.trim()}`);
        });
  }
};
for (const dir of ["src/providers", "src/controllers"]) walk(path.join(root, dir));
walk(path.join(root, "src/pg"), false);
if (found.length !== 0) {
  console.error(`a vendor (${codes.join(", ")}) is named outside its folder under src/pg:\n${found.join("\n")}`);
  process.exit(1);
}
console.log(`no provider, controller or generic gateway file names a vendor (${codes.join(", ")})`);
