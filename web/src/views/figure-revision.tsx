/**
 * A published figure's release, in words, under its definition in the Border view's returns tables
 * (as listed and by month): which figure it revises and which revises it (the API's `revises` and
 * `revised_by`).
 */
import { revisionText } from './border-data.ts';

/**
 * Which release a figure is, under its definition, when one publisher gave the same measure, period
 * and place in two reports (the API's `revises` and `revised_by`): both are shown, each naming the other.
 */
export function Revision({
  f,
  byId,
}: {
  f: { revises: string | null; revised_by: string | null };
  byId: Parameters<typeof revisionText>[1];
}) {
  const text = revisionText(f, byId);
  if (text === null) return null;
  return (
    <div
      class="small"
      data-testid="revision"
      data-revises={f.revises ?? undefined}
      data-revised-by={f.revised_by ?? undefined}
    >
      {text}
    </div>
  );
}
