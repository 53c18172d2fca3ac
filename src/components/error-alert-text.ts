/** The plain sentence for an error: Keyfob's own message, which already says what to do. */
export function errorSentence(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
