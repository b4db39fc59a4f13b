export { DirectoryDeploymentCard } from './DirectoryDeploymentCard';
