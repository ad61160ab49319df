/** A problem in words, announced to screen readers; nothing when there is none. */
export function ErrorText({ text }: { text: string | undefined }) {
  return text ? (
    <p className="error" role="alert">
      {text}
    </p>
  ) : null;
}

/** The outcome of an action: good news as a status, a failure as an alert. */
export function Outcome({ note }: { note: { text: string; bad: boolean } | undefined }) {
  return note ? (
    <p className={note.bad ? 'error' : 'ok'} role={note.bad ? 'alert' : 'status'}>
      {note.text}
    </p>
  ) : null;
}
