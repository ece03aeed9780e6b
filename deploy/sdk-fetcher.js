// After `nestia sdk`: the generated functions import nestia's EncryptedFetcher directly; point
// them at src/api/EncryptedFetcher, which checks the connection first (a missing or wrong-sized
// transport key is a ConnectionError that says what to set, not a TypeError from the cipher).
const fs = require("node:fs");
const path = require("node:path");

const api = path.resolve(__dirname, "..", "src", "api");
const FROM = 'import { EncryptedFetcher } from "@nestia/fetcher/lib/EncryptedFetcher";';
let changed = 0;
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (entry.name.endsWith(".ts")) {
      const text = fs.readFileSync(file, "utf8");
      if (!text.includes(FROM)) continue;
      let target = path.relative(path.dirname(file), path.join(api, "EncryptedFetcher")).split(path.sep).join("/");
      if (!target.startsWith(".")) target = `./${target}`;
      fs.writeFileSync(file, text.replace(FROM, `import { EncryptedFetcher } from "${target}";`));
      ++changed;
    }
  }
};
walk(path.join(api, "functional"));
console.log(`sdk-fetcher: ${changed} generated files use the checked EncryptedFetcher`);
