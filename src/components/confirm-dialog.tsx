import './confirm-dialog.css';
import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal question on the native `<dialog>` (`showModal`), so the browser traps focus, makes the
 * page behind it inert and closes it on Escape. Escape, the Cancel button and closing it any other
 * way all call `onCancel`; only the confirm button calls `onConfirm` (or submits `confirmForm`).
 */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  confirmForm,
  busy = false,
  onConfirm,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  /** The id of a form the confirm button submits (a router action), instead of `onConfirm`. */
  confirmForm?: string;
  busy?: boolean;
  onConfirm?: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The safe answer has focus: Enter alone never destroys anything.
      cancelRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onClose={() => {
        if (open) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      <div className="row">
        <button
          type={confirmForm ? 'submit' : 'button'}
          form={confirmForm}
          className="danger"
          onClick={onConfirm}
          disabled={busy}
        >
          {confirmLabel}
        </button>
        <button type="button" ref={cancelRef} onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
