/**
 * Whether the screen is a phone's (the 40rem breakpoint the style sheet stacks tables at), kept up
 * to date as the screen turns or the window is resized.
 */
import { useEffect, useState } from 'preact/hooks';

const NARROW = '(max-width: 40rem)';

/** True on a screen 40rem (640 px) wide or narrower. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => matchMedia(NARROW).matches);
  useEffect(() => {
    const media = matchMedia(NARROW);
    const update = () => setNarrow(media.matches);
    media.addEventListener('change', update);
    update();
    return () => media.removeEventListener('change', update);
  }, []);
  return narrow;
}
