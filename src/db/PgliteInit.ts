import { PGlite } from "@electric-sql/pglite";

/**
 * `node PgliteInit.js DIR`: create an embedded database folder, then exit. Database.open runs
 * it as a child process for a folder that does not exist yet: PGlite's first start (initdb)
 * leaves about 450 MB of WebAssembly memory behind in the process that ran it, which a
 * short-lived child gives back to the system; the server then opens the folder as on any
 * later start.
 */
const dir = process.argv[2];
if (dir === undefined) {
  console.error("usage: node PgliteInit.js DIR");
  process.exit(2);
}
PGlite.create(dir)
  .then((db) => db.close())
  .then(
    () => process.exit(0),
    (exp: unknown) => {
      console.error(exp);
      process.exit(1);
    },
  );
