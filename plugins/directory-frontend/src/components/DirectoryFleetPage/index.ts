export {
  DirectoryFleetContent,
  DirectoryFleetLegacyPage,
} from './DirectoryFleetPage';
