export { classicTokenLink, fineGrainedTokenLink, tokenSettingsLink } from '../github/links';
