export { DirectoryHomePage } from './DirectoryHomePage';
