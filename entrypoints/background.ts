export default defineBackground(() => {
  // Filled by the sessions engine (utils/background/).
});
