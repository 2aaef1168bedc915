/** Entry of the sidebar bundle (dist/sidebar.html): mounts the app into #app. */
import { mountSidebar } from './app';

const root = document.getElementById('app');
if (root) mountSidebar(root, document.documentElement.lang === 'en' ? 'en' : 'ko');
