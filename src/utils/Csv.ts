/** RFC 4180 CSV: a header line, then one line per row, CRLF after each. */
export namespace Csv {
  export const cell = (v: string | number | null): string => {
    const s = v === null ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  export const of = (header: string[], rows: (string | number | null)[][]): string =>
    [header.join(","), ...rows.map((r) => r.map(cell).join(","))].join("\r\n") + "\r\n";
}
