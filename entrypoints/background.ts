import { startBackground } from '../utils/background';

export default defineBackground(() => {
  startBackground({ clientId: import.meta.env.WXT_GITHUB_CLIENT_ID || null });
});
