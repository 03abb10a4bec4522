import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CardViewProps } from '../lib/page/card';
import { ClaimCard } from './ClaimCard';

/** The props come from the card controller (lib/page/card.ts). */
export type CardLayerProps = CardViewProps;

const GAP = 6;
const MARGIN = 8;

/** Places the hover card next to its claim: below the line, or above when there is no room below. */
export function CardLayer({ claim, anchor, pinned, position, onClose, onStep, onPointerInside, onReportWrong, reported }: CardLayerProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !anchor) return setPlace(null);
    const { width, height } = el.getBoundingClientRect();
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const below = anchor.bottom + GAP;
    const top = below + height <= vh - MARGIN || anchor.top - GAP - height < MARGIN ? below : anchor.top - GAP - height;
    const left = Math.max(MARGIN, Math.min(anchor.left, vw - width - MARGIN));
    setPlace({ top: Math.max(MARGIN, top), left });
  }, [claim?.index, anchor?.top, anchor?.left, anchor?.bottom]);

  // Focus once the card is placed: an element with `visibility: hidden` (before placing) cannot take focus.
  const placed = place !== null;
  useLayoutEffect(() => {
    if (pinned && placed) ref.current?.querySelector<HTMLElement>('.cc-focus')?.focus({ preventScroll: true });
  }, [pinned, claim?.index, placed]);

  if (!claim || !anchor) return null;
  return (
    <div
      ref={ref}
      class="cc-layer"
      style={{ top: `${place?.top ?? anchor.bottom + GAP}px`, left: `${place?.left ?? anchor.left}px`, visibility: place ? 'visible' : 'hidden' }}
      onMouseEnter={() => onPointerInside(true)}
      onMouseLeave={() => onPointerInside(false)}
      onKeyDown={(e) => {
        // Keys typed in the card's own controls (links, buttons) keep their meaning; Esc always closes.
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
        else if (e.key === 'ArrowRight' || e.key === 'n') onStep(1);
        else if (e.key === 'ArrowLeft' || e.key === 'p') onStep(-1);
      }}
    >
      <div tabIndex={-1} class="cc-focus">
        <ClaimCard
          claim={claim}
          onClose={onClose}
          onStep={onStep}
          position={position}
          onReportWrong={onReportWrong}
          reported={reported}
        />
      </div>
    </div>
  );
}
