// "New task" can be asked for from anywhere (the palette, a page's button, the N shortcut); the app shell
// owns the one dialog and listens for this.
const EVENT = 'trucrm:new-task';

export function openNewTask(): void {
  window.dispatchEvent(new CustomEvent(EVENT));
}

export function onNewTask(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
