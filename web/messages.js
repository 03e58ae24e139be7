// Live updates for a conversation page (/me/messages/:id, /admin/messages/:id): listens to
// the page's Server-Sent Events stream and appends each new message. Text is inserted with
// textContent, never as HTML. External file, no inline script: the CSP allows none. The
// browser reconnects by itself and sends Last-Event-ID, so nothing is missed or repeated.

const list = document.querySelector('ol.thread[data-stream]');

function when(iso) {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

if (list && 'EventSource' in window) {
  const seen = new Set([...list.querySelectorAll('[data-message-id]')].map((item) => item.dataset.messageId));
  const source = new EventSource(list.dataset.stream);
  source.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (seen.has(message.id)) return;
    seen.add(message.id);
    const item = document.createElement('li');
    item.className = `message ${message.kind}${message.mine ? ' mine' : ''}`;
    item.dataset.messageId = message.id;
    const meta = document.createElement('p');
    meta.className = 'message-meta';
    const author = document.createElement('strong');
    author.textContent = message.authorName;
    const extra =
      message.kind === 'auto'
        ? ' · automatic reply'
        : message.kind === 'note'
          ? ' · internal note (the person does not see it)'
          : '';
    meta.append(author, ` · ${when(message.createdAt)}${extra}`);
    const text = document.createElement('p');
    text.className = 'message-text';
    text.textContent = message.text;
    item.append(meta, text);
    list.append(item);
  });
}
