export default defineContentScript({
  matches: ['https://github.com/*'],
  runAt: 'document_idle',
  main() {},
});
