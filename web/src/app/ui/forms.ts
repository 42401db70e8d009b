/** Client-side checks: they speak the user's language before the server is asked. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isEmail = (value: string) => EMAIL.test(value.trim());

/** Puts the caret in the first field that has an error (WCAG 3.3.1). */
export function focusFirstError(form: HTMLFormElement | null): void {
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  invalid?.focus();
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export const hasErrors = (errors: Record<string, string | undefined>) =>
  Object.values(errors).some((v) => Boolean(v));

/**
 * A row removed with its own button takes that button with it, and the focus would fall to the
 * page's start (WCAG 2.4.3): it goes instead to the "Add" button of the row's list, the element
 * `[data-list=name]` around the row holding a `[data-list-add=name]` button. Call it from the
 * remove button's click, before the row goes.
 */
export function focusAfterRemoval(button: HTMLElement, name: string): void {
  const list = button.closest<HTMLElement>(`[data-list="${name}"]`);
  setTimeout(() => {
    if (button.isConnected && document.activeElement === button) return;
    list?.querySelector<HTMLElement>(`[data-list-add="${name}"]`)?.focus();
  }, 0);
}
