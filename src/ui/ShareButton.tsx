import { useId, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useLab } from '../state/LabProvider';
import { linkForState } from '../state/url';

/** Writes text to the clipboard; false where the page may not (no Clipboard API, insecure page, no permission). */
async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The old copy command on the selected text: the fallback where the Clipboard API is refused. */
function copySelection(): boolean {
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/**
 * A button that copies `link`, then shows it in a read-only field. Where the clipboard is unavailable the
 * field's text is selected so the person can copy it by hand. The feedback is announced (aria-live) and lasts
 * while the shown link is the one copied.
 */
export function CopyLinkButton({
  link,
  label,
  testId,
  fieldTestId,
  fieldLabel,
  note,
}: {
  /** the current link: the field always shows it once the button was pressed */
  link: string;
  label: string;
  testId: string;
  fieldTestId: string;
  fieldLabel: string;
  /** shown under the link once it is shown: what the link does not carry */
  note?: string;
}) {
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const fieldId = useId();

  const copy = async () => {
    // Render the field first, so the fallback has something to select.
    flushSync(() => {
      setShown(true);
      setFailed(false);
      setCopied(null);
    });
    let ok = await writeClipboard(link);
    if (!ok) {
      field.current?.focus();
      field.current?.select();
      ok = copySelection();
    }
    setCopied(ok ? link : null);
    setFailed(!ok);
  };

  const feedback =
    copied === link ? 'Link copied' : failed ? 'Press Ctrl+C (⌘C on a Mac) to copy the selected link' : '';
  return (
    <div className="copy-link">
      <button type="button" data-testid={testId} onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy-feedback" role="status" aria-live="polite" data-testid={`${testId}-feedback`}>
        {feedback}
      </span>
      {shown ? (
        <span className="copy-field">
          <label htmlFor={fieldId} className="visually-hidden">
            {fieldLabel}
          </label>
          <input
            id={fieldId}
            ref={field}
            type="text"
            readOnly
            value={link}
            data-testid={fieldTestId}
            onFocus={(event) => event.currentTarget.select()}
          />
        </span>
      ) : null}
      {shown && note ? (
        <span className="copy-note" data-testid={`${testId}-note`}>
          {note}
        </span>
      ) : null}
    </div>
  );
}

/** What the share field says while the lab trains on the person's own sentences. */
const MINE_NOT_IN_LINK =
  'This link does not carry your sentences: they stay in this browser. Whoever opens it elsewhere gets the default data set, with a warning.';

/** Copies the link of the current experiment and view (`hide=` included, so classroom links keep it). */
export function ShareButton() {
  const config = useLab((s) => s.config);
  const view = useLab((s) => s.view);
  if (view.hide.includes('share')) return null;
  return (
    <CopyLinkButton
      link={linkForState(window.location.href, { config, view })}
      label="Share link"
      testId="share"
      fieldTestId="share-link"
      fieldLabel="Link to this experiment"
      note={config.dataset === 'mine' ? MINE_NOT_IN_LINK : undefined}
    />
  );
}
