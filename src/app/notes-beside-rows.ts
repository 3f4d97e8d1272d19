// Kept apart from render-answer.ts (CSV writing): the CLI's light output module imports it.

/**
 * An answer's notes as a body of rows alone (CSV, NDJSON) gives them: a note that points to the
 * `imprecise` band says that the band is in the JSON answer, since those rows hold the periods only.
 */
export function notesBesideRows(notes: readonly string[]): string[] {
  return notes.map((n) =>
    /\b(is|are) in `imprecise`/.test(n)
      ? `${n} (\`imprecise\` is a field of the JSON answer: CSV and NDJSON rows hold the periods only)`
      : n,
  );
}
