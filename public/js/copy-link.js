// Copy buttons for read-only link fields. Progressive enhancement: without JavaScript (or without
// the Clipboard API, e.g. on plain http) the button stays hidden and the field can be copied by hand.
for (const field of document.querySelectorAll('[data-select-on-focus]')) {
  field.addEventListener('focus', () => field.select());
}

for (const button of document.querySelectorAll('[data-copy]')) {
  const id = button.getAttribute('data-copy');
  const field = document.getElementById(id);
  const status = document.querySelector(`[data-copy-status="${id}"]`);
  if (!field || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = button.getAttribute('data-copied');
    } catch {
      field.focus();
      field.select();
      if (status) status.textContent = button.getAttribute('data-failed');
    }
  });
}
